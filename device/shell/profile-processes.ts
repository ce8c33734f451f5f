import fs from 'node:fs';

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

/**
 * End every process still running for the profile. A browser killed hard (the OOM killer, a
 * SIGKILL) leaves its renderer and GPU processes behind, holding the profile and its memory;
 * they are the kiosk's own, so they go before the next Chromium starts. Returns how many.
 */
export function endProfileProcesses(dir: string): number {
  const pids = profileProcesses(dir);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  return pids.length;
}
