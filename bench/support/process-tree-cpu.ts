import fs from 'node:fs';

/**
 * Chromium's process kinds as its command lines name them (`--type=`; the browser has none).
 * "webui" is a renderer of headless Chromium's own (its omnibox popup, `--top-chrome-webui`): a
 * kiosk window has no omnibox, so it is counted apart.
 */
export type ChromiumProcessKind = 'browser' | 'renderer' | 'webui' | 'gpu' | 'utility' | 'zygote' | 'other';

const TICKS_PER_SECOND = 100;

interface ProcessSample {
  pid: number;
  kind: ChromiumProcessKind;
  /** user + system CPU time, in seconds */
  cpu: number;
}

function stat(pid: number): { ppid: number; cpu: number } | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

function kindOf(pid: number): ChromiumProcessKind {
  let args: string[];
  try {
    args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
  } catch {
    return 'other';
  }
  const type = args.find((a) => a.startsWith('--type='))?.slice('--type='.length);
  if (type === undefined) return args[0]?.includes('chrom') ? 'browser' : 'other';
  if (type === 'renderer') return args.includes('--top-chrome-webui') ? 'webui' : 'renderer';
  if (type === 'utility' || type === 'zygote') return type;
  if (type === 'gpu-process') return 'gpu';
  return 'other';
}

/**
 * Every Chromium process this process started (each browser, and everything below it: zygotes,
 * renderers, the GPU process, utilities), with its kind and CPU time so far. Other children
 * (esbuild's service, say) are left out.
 */
export function sampleChromiumTree(root = process.pid): ProcessSample[] {
  const parents = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (s) parents.set(pid, s.ppid);
  }
  const below = new Set([...parents].filter(([pid, ppid]) => ppid === root && kindOf(pid) === 'browser').map(([pid]) => pid));
  // Parents may have larger pids than their children after a pid wrap: repeat until nothing joins.
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (below.has(ppid) && !below.has(pid)) {
        below.add(pid);
        grew = true;
      }
    }
  }
  return [...below].flatMap((pid) => {
    const s = stat(pid);
    return s ? [{ pid, kind: kindOf(pid), cpu: s.cpu }] : [];
  });
}

/**
 * CPU spent by each kind of process between two samples, in seconds. A process that started in
 * between counts from zero; one that ended in between is lost, so measure a settled browser.
 */
export function cpuBetween(before: ProcessSample[], after: ProcessSample[]): Record<ChromiumProcessKind | 'total', number> {
  const start = new Map(before.map((p) => [p.pid, p.cpu]));
  const spent = { browser: 0, renderer: 0, webui: 0, gpu: 0, utility: 0, zygote: 0, other: 0, total: 0 };
  for (const p of after) {
    const seconds = p.cpu - (start.get(p.pid) ?? 0);
    spent[p.kind] += seconds;
    spent.total += seconds;
  }
  return spent;
}

/** CPU time the whole machine has spent busy (all cores, every process), in seconds. */
export function machineBusySeconds(): number {
  const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}
