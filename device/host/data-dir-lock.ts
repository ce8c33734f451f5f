import fs from 'node:fs';
import path from 'node:path';

/** Another luach already runs on this data directory: said in one line, with its pid. */
export class DataDirInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`another luach (pid ${pid}) is already running on ${dataDir}; stop it first (one data directory, one running device)`);
    this.name = 'DataDirInUse';
  }
}

/** Whether `pid` is a live process (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Hold `<dataDir>/luach.lock` for as long as this process runs the device, so a second
 * `luach start` (or a kiosk and a stray manual start) cannot share the cache and fight the real
 * wall for its MQTT session. The lock is a file holding the owner's pid, created atomically
 * (link(2) fails if it exists); one left by a process that died is taken over.
 */
export function lockDataDir(dataDir: string, pid = process.pid): { release(): void } {
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = path.join(dataDir, 'luach.lock');
  const mine = `${lock}.${pid}`;
  fs.writeFileSync(mine, `${pid}\n`);
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.linkSync(mine, lock);
        return {
          release: () => {
            if (readOwner(lock) === pid) fs.rmSync(lock, { force: true });
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = readOwner(lock);
        if (owner !== null && owner !== pid && alive(owner)) throw new DataDirInUse(dataDir, owner);
        // Left behind by a process that is gone (a power cut, SIGKILL): take it over.
        fs.rmSync(lock, { force: true });
      }
    }
    throw new DataDirInUse(dataDir, readOwner(lock) ?? -1);
  } finally {
    fs.rmSync(mine, { force: true });
  }
}

function readOwner(lock: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(lock, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
