import { spawn, type ChildProcess } from 'node:child_process';

export interface Run {
  child: ChildProcess;
  output: string;
  /** The display's URL, once the run printed it. */
  url?: string;
  exit?: { code: number | null; signal: NodeJS.Signals | null };
}

/**
 * A process kept alive the way systemd keeps the kiosk (Restart=always): whatever way it ends,
 * it is started again after `restartMs`, until stop(). Each start is a Run with its own output.
 */
export class Supervisor {
  readonly runs: Run[] = [];
  private stopped = false;
  private readonly startListeners = new Set<(run: Run) => void>();

  constructor(
    private readonly argv: string[],
    private readonly env: NodeJS.ProcessEnv = {},
    private readonly restartMs = 200,
  ) {}

  start(): void {
    const [command, ...args] = this.argv;
    const child = spawn(command!, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...this.env } });
    const run: Run = { child, output: '' };
    this.runs.push(run);
    const take = (chunk: Buffer) => {
      run.output += chunk.toString();
      const match = run.url ? null : /Luach display: (http:\/\/\S+)/.exec(run.output);
      if (match) {
        run.url = match[1]!;
        this.startListeners.forEach((listener) => listener(run));
      }
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    child.once('exit', (code, signal) => {
      run.exit = { code, signal };
      if (!this.stopped) setTimeout(() => !this.stopped && this.start(), this.restartMs);
    });
  }

  /** Hear each run that came up (printed its URL): a kiosk shell opens its browser then. */
  onServing(listener: (run: Run) => void): () => void {
    this.startListeners.add(listener);
    return () => this.startListeners.delete(listener);
  }

  get current(): Run {
    const run = this.runs.at(-1);
    if (!run) throw new Error('the supervisor has not started anything');
    return run;
  }

  /** Everything every run printed, in order. */
  get output(): string {
    return this.runs.map((run, i) => `--- run ${i + 1}${run.exit ? ` (exit ${run.exit.code ?? run.exit.signal})` : ''}\n${run.output}`).join('\n');
  }

  /** Wait until some run from `fromRun` (1-based) prints a line matching `pattern`; resolves with that run. */
  async waitFor(pattern: RegExp, timeoutMs: number, fromRun = 1): Promise<Run> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const run = this.runs.slice(fromRun - 1).find((r) => pattern.test(r.output));
      if (run) return run;
      if (performance.now() > deadline) throw new Error(`no run printed ${pattern} within ${timeoutMs} ms:\n${this.output.slice(-6000)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** A place in the output: `printedSince` looks only at what came after it. */
  mark(): { run: number; offset: number } {
    return { run: this.runs.length - 1, offset: this.current.output.length };
  }

  /** Whether any run printed a line matching `pattern` after `mark`. */
  printedSince(mark: { run: number; offset: number }, pattern: RegExp): boolean {
    return this.runs.slice(mark.run).some((run, i) => pattern.test(i === 0 ? run.output.slice(mark.offset) : run.output));
  }

  /** Signal the running process (SIGKILL: a power cut, as far as the process can tell). */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.current.child.kill(signal);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const run = this.runs.at(-1);
    if (!run || run.exit) return;
    const exited = new Promise<void>((resolve) => run.child.once('exit', () => resolve()));
    run.child.kill('SIGTERM');
    const timer = setTimeout(() => run.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
