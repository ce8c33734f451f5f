import fs from 'node:fs';
import { setTimeout } from 'node:timers/promises';

/**
 * The processes whose command line names `--user-data-dir=<dir>`: Chromium's browser and every
 * renderer, GPU and utility process it started for that profile (read from Linux's /proc; none
 * where there is no /proc).
 */
export function profileProcesses(dir: string): number[] {
  const flag = `--user-data-dir=${dir}`;
  let names: string[];
  try {
    names = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (namesFlag(fs.readFileSync(`/proc/${name}/cmdline`, 'utf8'), flag)) pids.push(Number(name));
    } catch {
      // Gone while we looked.
    }
  }
  return pids;
}

/**
 * Whether a /proc cmdline holds `flag` as one argument. Chromium's zygote children rewrite their
 * command line as one string, arguments separated by spaces rather than NULs.
 */
function namesFlag(cmdline: string, flag: string): boolean {
  for (let at = cmdline.indexOf(flag); at >= 0; at = cmdline.indexOf(flag, at + 1)) {
    const before = at === 0 ? ' ' : cmdline[at - 1]!;
    const after = cmdline[at + flag.length] ?? ' ';
    if ((before === ' ' || before === '\0') && (after === ' ' || after === '\0')) return true;
  }
  return false;
}

/** How often, and how many times, a profile is looked at again while its processes exit (3 s in all). */
const RECHECK_MS = 20;
const RECHECKS = 150;

/**
 * End every process still running for the profile, and return once none is left (or after 3 s).
 * A browser killed hard (the OOM killer, a SIGKILL) leaves its renderer and GPU processes behind,
 * holding the profile and its memory; they are the kiosk's own, so they go before the next
 * Chromium starts and before the profile is removed. A killed process stays in /proc for a moment
 * while it exits, longer on a loaded machine, and a zygote may fork one more on its way out: the
 * profile is looked at again until it is empty. Returns how many processes were ended.
 */
export async function endProfileProcesses(dir: string): Promise<number> {
  const ended = new Set<number>();
  for (let check = 0; check <= RECHECKS; check++) {
    const pids = profileProcesses(dir);
    if (pids.length === 0) break;
    for (const pid of pids) {
      ended.add(pid);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await setTimeout(RECHECK_MS);
  }
  return ended.size;
}
