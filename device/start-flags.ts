import { parseArgs } from 'node:util';

/** The display's port when neither flag, environment nor config.json names one. */
export const DEFAULT_PORT = 8737;

/** A usage problem: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The flags `luach start` takes, which the Electron main process takes too (cli.ts hands them on). */
export interface StartFlags {
  data?: string;
  config?: string;
  port?: string;
  headless: boolean;
  /** Run the gateway inside the device and serve the console on the local network. */
  standalone: boolean;
}

const OPTIONS = {
  data: { type: 'string' },
  config: { type: 'string' },
  port: { type: 'string' },
  headless: { type: 'boolean', default: false },
  standalone: { type: 'boolean', default: false },
} as const;

/**
 * Read the start flags. `strict` refuses unknown flags (the `luach` command); the Electron main
 * process is not strict, since Chromium and Electron add switches of their own to its argv.
 */
export function parseStartFlags(args: readonly string[], strict: boolean): StartFlags {
  const { values } = parseArgs({ args: [...args], options: OPTIONS, strict, allowPositionals: !strict });
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const flags: StartFlags = { headless: values.headless === true, standalone: values.standalone === true };
  for (const key of ['data', 'config', 'port'] as const) {
    const value = text(values[key]);
    if (value !== undefined) flags[key] = value;
  }
  return flags;
}

/** The same flags as argv, for the Electron process `luach start` hands the screen to. */
export function startFlagsArgv(flags: StartFlags): string[] {
  return (['data', 'config', 'port'] as const).flatMap((key) => (flags[key] === undefined ? [] : [`--${key}=${flags[key]}`]));
}
