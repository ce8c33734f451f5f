import os from 'node:os';
import path from 'node:path';

/** The data directory by the XDG convention: $XDG_DATA_HOME/luach, else ~/.local/share/luach. */
export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  return path.join(env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share'), 'luach');
}

/** The data directory a start uses: the `--data` flag, else LUACH_DATA_DIR, else the XDG default (as loadConfig resolves it). */
export function dataDirOf(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return path.resolve(flag ?? env.LUACH_DATA_DIR ?? defaultDataDir(env));
}
