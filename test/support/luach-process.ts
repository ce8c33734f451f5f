import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CHROMIUM_ARGS } from './chromium.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface LuachProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Run the built `luach start --headless` on a free port, as the README's first command does; or,
 * with `runtime`, another installed app (`bin`) under another Node command (e.g. arm64 Node under qemu).
 */
export async function startLuach(
  dataDir: string,
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = {},
  startupMs = 15_000,
  runtime: { node: string[]; bin: string } = { node: [process.execPath], bin: path.join(ROOT, 'bin', 'luach.js') },
): Promise<LuachProcess> {
  if (!fs.existsSync(path.join(path.dirname(runtime.bin), '..', 'dist', 'luach-cli.mjs')))
    throw new Error('luach is not built: run `npm run build` first (npm test does)');
  return spawnLuach(['--headless', '--port', '0', '--data', dataDir, ...extraArgs], env, startupMs, runtime);
}

/**
 * Run the built `luach start` with a screen, as a Pi's kiosk runs it: the system Chromium shows
 * the wall (headless here, through the operator's `chromiumFlags`), its profile in the data directory.
 */
export function startLuachWithScreen(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<LuachProcess> {
  return spawnLuach(['--port', '0', '--data', dataDir], { ...SCREEN_ENV, ...env });
}

/** What makes `luach start` choose the Chromium shell here: a display is named, and its Chromium runs headless. */
export const SCREEN_ENV: NodeJS.ProcessEnv = { DISPLAY: ':0', LUACH_CHROMIUM_FLAGS: ['--headless', ...CHROMIUM_ARGS].join(' ') };

async function spawnLuach(
  startArgs: string[],
  env: NodeJS.ProcessEnv,
  startupMs = 15_000,
  runtime: { node: string[]; bin: string } = { node: [process.execPath], bin: path.join(ROOT, 'bin', 'luach.js') },
): Promise<LuachProcess> {
  const [node, ...nodeArgs] = runtime.node;
  const child = spawn(node!, [...nodeArgs, runtime.bin, 'start', ...startArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`luach did not print its URL within ${startupMs / 1000} s:\n${output}`)), startupMs);
    const look = () => {
      const match = /Luach display: (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`luach exited (${code}) before serving:\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
