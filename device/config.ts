import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { DEVICE_ID_PATTERN, httpUrl } from '../cloud-sync/protocol/primitives.js';
import { dataDirOf } from './data-dir.js';
import { DEFAULT_PORT, UsageError, type StartFlags } from './start-flags.js';

/** A Chromium command-line switch: `--name` or `--name=value`. */
const CHROMIUM_SWITCH = /^--[a-z0-9][a-z0-9-]*(=\S*)?$/;

/** What an operator may put in config.json. Unknown keys are errors: a typo must not pass silently. */
export const ConfigFile = z.strictObject({
  port: z.number().int().min(1).max(65535).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).optional(),
  /** Bytes the log file may grow to before it is rotated (one previous file is kept). */
  logMaxBytes: z
    .number()
    .int()
    .min(64 * 1024)
    .optional(),
  /** The command a `reboot` from the cloud runs, as argv (no shell). */
  rebootCommand: z.array(z.string().min(1)).min(1).optional(),
  /**
   * More switches for the system Chromium the browser shell shows the wall in, after its own
   * (a Pi's GPU: `--use-gl=egl`, `--enable-features=VaapiVideoDecoder`); the kiosk's own, which
   * pin it to the wall, cannot be changed. `LUACH_CHROMIUM_FLAGS` (space-separated) overrides it.
   */
  chromiumFlags: z.array(z.string().regex(CHROMIUM_SWITCH, 'expected a Chromium switch such as --use-gl=egl')).optional(),
  /**
   * Standalone: this device runs its own gateway and serves the console on the local network
   * (`true`, or where: `port`, default 8080, 0 for any free one; `announce` over mDNS, default true).
   */
  standalone: z.union([z.boolean(), z.strictObject({ port: z.number().int().min(0).max(65535).optional(), announce: z.boolean().optional() })]).optional(),
  cloud: z
    .strictObject({
      apiUrl: httpUrl,
      deviceId: z.string().regex(DEVICE_ID_PATTERN, 'expected 1-64 characters of A-Z a-z 0-9 _ - (the id pairing gave this device)'),
      token: z.string().min(1),
    })
    .optional(),
  mqtt: z
    .strictObject({
      url: z.string().regex(/^(mqtts?|wss?):\/\//, 'expected an mqtt://, mqtts://, ws:// or wss:// URL'),
      username: z.string().min(1),
      password: z.string().min(1),
      caFile: z.string().optional(),
    })
    .optional(),
  /** Self-update (device/update): how long a new release has to prove itself, and how it is downloaded. */
  update: z
    .strictObject({
      /** From each start of a new release to its health verdict; past it, the release is rolled back. */
      checkSeconds: z.number().int().min(5).max(3600).optional(),
      /** The download's pace, so the wall stays smooth while it runs; 0 is unlimited. */
      downloadBytesPerSecond: z.number().int().min(0).optional(),
      maxDownloadBytes: z
        .number()
        .int()
        .min(1024 * 1024)
        .optional(),
      downloadTimeoutSeconds: z.number().int().min(10).optional(),
      /** Room left free on the data directory's disk after a release is downloaded and unpacked (the cache and logs need it). */
      reserveBytes: z.number().int().min(0).optional(),
    })
    .optional(),
  /** The picture and video cache (device/assets): its room on disk and how files are fetched. */
  assets: z
    .strictObject({
      /** The most the cache holds; files no state shows are evicted first. */
      quotaBytes: z
        .number()
        .int()
        .min(16 * 1024 * 1024)
        .optional(),
      /** The pace of a download, so the wall stays smooth while it runs; 0 is unlimited. */
      downloadBytesPerSecond: z.number().int().min(0).optional(),
      downloadTimeoutSeconds: z.number().int().min(10).optional(),
    })
    .optional(),
});
export type ConfigFile = z.infer<typeof ConfigFile>;

export interface AssetSettings {
  quotaBytes: number;
  downloadBytesPerSecond: number;
  downloadTimeoutSeconds: number;
}

export interface UpdateSettings {
  checkSeconds: number;
  downloadBytesPerSecond: number;
  maxDownloadBytes: number;
  downloadTimeoutSeconds: number;
  reserveBytes: number;
}

const MiB = 1024 * 1024;
export const DEFAULT_ASSET_SETTINGS: AssetSettings = {
  quotaBytes: 1024 * MiB,
  downloadBytesPerSecond: 4 * MiB,
  downloadTimeoutSeconds: 1800,
};
export const DEFAULT_UPDATE_SETTINGS: UpdateSettings = {
  checkSeconds: 180,
  downloadBytesPerSecond: 2 * MiB,
  maxDownloadBytes: 512 * MiB,
  downloadTimeoutSeconds: 3600,
  reserveBytes: 64 * MiB,
};

export interface DeviceConfig {
  dataDir: string;
  configFile: string;
  cacheFile: string;
  logFile: string;
  port: number;
  logLevel: NonNullable<ConfigFile['logLevel']>;
  logMaxBytes: number;
  rebootCommand: string[];
  /** More switches for the browser shell's Chromium, after the kiosk's own. */
  chromiumFlags: string[];
  update: UpdateSettings;
  assets: AssetSettings;
  cloud?: NonNullable<ConfigFile['cloud']>;
  mqtt?: NonNullable<ConfigFile['mqtt']>;
  /** Present when config.json asks for standalone mode (`luach start --standalone` asks too). */
  standalone?: StandaloneConfig;
}

export interface StandaloneConfig {
  port: number;
  announce: boolean;
}

export const DEFAULT_CONSOLE_PORT = 8080;

/** The standalone settings `luach start --standalone` uses when config.json says nothing of them. */
export function standaloneConfig(value: ConfigFile['standalone'] | true): StandaloneConfig | undefined {
  if (value === undefined || value === false) return undefined;
  const given = value === true ? {} : value;
  return { port: given.port ?? DEFAULT_CONSOLE_PORT, announce: given.announce ?? true };
}

/** A config problem, said in one line: which file, which field, what was expected. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}: ${field}: ${problem}`);
    this.name = 'ConfigError';
  }
}

export interface ConfigSources {
  dataDir?: string;
  configFile?: string;
  port?: number;
  env: NodeJS.ProcessEnv;
}

/** Resolve the device config from flags, environment and the config file (flags win, then env, then file). */
export function loadConfig(sources: ConfigSources): DeviceConfig {
  const { env } = sources;
  const dataDir = dataDirOf(sources.dataDir, env);
  const configFile = path.resolve(sources.configFile ?? env.LUACH_CONFIG ?? path.join(dataDir, 'config.json'));
  const file = readConfigFile(configFile);
  const envPort = env.LUACH_PORT === undefined ? undefined : Number(env.LUACH_PORT);
  if (envPort !== undefined && !(Number.isInteger(envPort) && envPort > 0 && envPort < 65536)) {
    throw new ConfigError('environment', 'LUACH_PORT', `expected a port number 1-65535, got "${env.LUACH_PORT}"`);
  }
  const logLevel = env.LUACH_LOG_LEVEL ?? file.logLevel ?? 'info';
  const level = ConfigFile.shape.logLevel.safeParse(logLevel);
  if (!level.success || !level.data)
    throw new ConfigError('environment', 'LUACH_LOG_LEVEL', `expected one of fatal, error, warn, info, debug, trace, got "${logLevel}"`);
  return {
    dataDir,
    configFile,
    cacheFile: path.join(dataDir, 'cache.sqlite'),
    logFile: path.join(dataDir, 'logs', 'luach.log'),
    port: sources.port ?? envPort ?? file.port ?? DEFAULT_PORT,
    logLevel: level.data,
    logMaxBytes: file.logMaxBytes ?? 5 * 1024 * 1024,
    rebootCommand: file.rebootCommand ?? ['systemctl', 'reboot'],
    chromiumFlags: chromiumFlagsOf(env, configFile, file.chromiumFlags ?? []),
    update: { ...DEFAULT_UPDATE_SETTINGS, ...file.update },
    assets: { ...DEFAULT_ASSET_SETTINGS, ...file.assets },
    ...(file.cloud ? { cloud: file.cloud } : {}),
    ...(file.standalone ? { standalone: standaloneConfig(file.standalone)! } : {}),
    // A relative CA file is read beside the config file that names it, wherever luach was started.
    ...(file.mqtt ? { mqtt: { ...file.mqtt, ...(file.mqtt.caFile ? { caFile: path.resolve(path.dirname(configFile), file.mqtt.caFile) } : {}) } } : {}),
  };
}

/**
 * The switches that make the kiosk a kiosk of this wall (device/shell/launcher.ts), and those that
 * would lower the page's guard (the same-origin policy, extensions, a debugging port reachable
 * from elsewhere): no flag may give them.
 */
const KIOSK_OWN_SWITCHES = [
  '--kiosk',
  '--app',
  '--user-data-dir',
  '--remote-debugging-pipe',
  '--remote-debugging-port',
  '--remote-debugging-address',
  '--remote-allow-origins',
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--load-extension',
];

/** The environment's switches, else the file's (already checked by its schema); never the kiosk's own. */
function chromiumFlagsOf(env: NodeJS.ProcessEnv, configFile: string, fromFile: string[]): string[] {
  const fromEnv = env.LUACH_CHROMIUM_FLAGS?.trim();
  const flags = fromEnv ? fromEnv.split(/\s+/) : fromFile;
  const [file, field] = fromEnv ? ['environment', 'LUACH_CHROMIUM_FLAGS'] : [configFile, 'chromiumFlags'];
  for (const flag of flags) {
    if (!CHROMIUM_SWITCH.test(flag)) throw new ConfigError(file, field, `expected Chromium switches such as --use-gl=egl, got "${flag.slice(0, 80)}"`);
    const name = flag.split('=')[0]!;
    if (KIOSK_OWN_SWITCHES.includes(name)) throw new ConfigError(file, field, `${name} would unpin or unguard the kiosk and cannot be given`);
  }
  return flags;
}

function readConfigFile(file: string): ConfigFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(file, '(file)', `cannot be read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, '(file)', `is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = ConfigFile.safeParse(json);
  if (parsed.success) {
    const caFile = parsed.data.mqtt?.caFile;
    if (caFile) {
      try {
        fs.accessSync(path.resolve(path.dirname(file), caFile), fs.constants.R_OK);
      } catch (error) {
        throw new ConfigError(file, 'mqtt.caFile', `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (${caFile})`);
      }
    }
    return parsed.data;
  }
  const issue = parsed.error.issues[0]!;
  const field = issue.code === 'unrecognized_keys' ? [...issue.path, ...issue.keys].join('.') : issue.path.join('.') || '(root)';
  const problem = issue.code === 'unrecognized_keys' ? 'is not a known setting' : issue.message;
  throw new ConfigError(file, field, problem);
}

/** The device config from flags, environment and config file (flags win, then env, then file). */
export function configFromFlags(flags: Pick<StartFlags, 'data' | 'config' | 'port'>, env: NodeJS.ProcessEnv): DeviceConfig {
  let port: number | undefined;
  if (flags.port !== undefined) {
    port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a port number 0-65535, got "${flags.port}"`);
  }
  return loadConfig({ dataDir: flags.data, configFile: flags.config, port, env });
}
