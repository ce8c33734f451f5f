/**
 * Time as an input. Everything that needs "now" or a timer takes a Clock, so a test can run a
 * whole day in milliseconds with a VirtualClock and production uses the system clock.
 */
export interface Clock {
  now(): Date;
  /** Run `fire` once at `at` (immediately if `at` has passed). Returns a cancel function. */
  at(at: Date, fire: () => void): () => void;
  /** Run `fire` every `ms` milliseconds until cancelled. */
  every(ms: number, fire: () => void): () => void;
  /**
   * Tell `listener` when the wall clock jumps (NTP correcting a Pi that booted without a
   * real-time clock, an operator setting the time): timers armed before the jump are stale.
   */
  onJump(listener: (byMs: number) => void): () => void;
}

/** A jump smaller than this is ordinary drift correction, not worth a rebuild. */
const JUMP_THRESHOLD_MS = 2_000;
const JUMP_CHECK_MS = 10_000;

/** Node timers cap at about 24.8 days; longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => new Date(),
  at(at, fire) {
    let timer: NodeJS.Timeout;
    const arm = () => {
      const wait = at.getTime() - Date.now();
      timer = setTimeout(wait > MAX_TIMER_MS ? arm : fire, Math.max(0, Math.min(wait, MAX_TIMER_MS)));
      timer.unref?.();
    };
    arm();
    return () => clearTimeout(timer);
  },
  every(ms, fire) {
    const timer = setInterval(fire, ms);
    timer.unref?.();
    return () => clearInterval(timer);
  },
  onJump(listener) {
    // Wall time and monotonic time advance together unless someone sets the clock.
    let wall = Date.now();
    let mono = performance.now();
    const timer = setInterval(() => {
      const byMs = Date.now() - wall - (performance.now() - mono);
      wall = Date.now();
      mono = performance.now();
      if (Math.abs(byMs) > JUMP_THRESHOLD_MS) listener(byMs);
    }, JUMP_CHECK_MS);
    timer.unref?.();
    return () => clearInterval(timer);
  },
};

interface PendingTimer {
  due: number;
  seq: number;
  fire: () => void;
  repeatMs?: number;
}

/** A clock that moves only when told to; timers fire in due order as time is advanced. */
export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers = new Map<number, PendingTimer>();
  private jumpListeners = new Set<(byMs: number) => void>();

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  at(at: Date, fire: () => void): () => void {
    const id = ++this.seq;
    this.timers.set(id, { due: Math.max(at.getTime(), this.current), seq: id, fire });
    return () => this.timers.delete(id);
  }

  every(ms: number, fire: () => void): () => void {
    if (ms <= 0) throw new Error(`VirtualClock.every needs a positive interval, got ${ms}`);
    const id = ++this.seq;
    this.timers.set(id, { due: this.current + ms, seq: id, fire, repeatMs: ms });
    return () => this.timers.delete(id);
  }

  /** Advance to `target`, firing every timer due on the way, in order, at its own moment. */
  advanceTo(target: Date): void {
    const end = target.getTime();
    for (;;) {
      const next = [...this.timers.entries()].filter(([, t]) => t.due <= end).sort(([, a], [, b]) => a.due - b.due || a.seq - b.seq)[0];
      if (!next) break;
      const [id, timer] = next;
      this.current = timer.due;
      if (timer.repeatMs) timer.due += timer.repeatMs;
      else this.timers.delete(id);
      timer.fire();
    }
    this.current = Math.max(this.current, end);
  }

  onJump(listener: (byMs: number) => void): () => void {
    this.jumpListeners.add(listener);
    return () => this.jumpListeners.delete(listener);
  }

  /** Set the clock as NTP would: no timer fires on the way; those due by now fire after the listeners heard of the jump. */
  jumpTo(target: Date): void {
    const byMs = target.getTime() - this.current;
    this.current = target.getTime();
    for (const listener of this.jumpListeners) listener(byMs);
    this.advanceTo(target);
  }

  advanceBy(ms: number): void {
    this.advanceTo(new Date(this.current + ms));
  }

  /** Timers still waiting: a finished test expects none of its own left behind. */
  get pendingTimers(): number {
    return this.timers.size;
  }
}
