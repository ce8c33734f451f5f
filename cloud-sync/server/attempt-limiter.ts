/**
 * Attempts per key (a client address) in a fixed window, in bounded memory: when more keys
 * are tracked than `maxKeys`, the oldest entries go first (a Map iterates in insertion order).
 * Losing an entry under a flood only lets that key start a fresh window; memory never grows.
 */
export interface AttemptLimiterOptions {
  attempts: number;
  windowMs: number;
  maxKeys?: number;
}

export class AttemptLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();
  private readonly maxKeys: number;

  constructor(private readonly options: AttemptLimiterOptions) {
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Count an attempt; returns how many ms to wait when over the limit, or 0 when allowed. */
  take(key: string, nowMs: number): number {
    let window = this.windows.get(key);
    if (!window || nowMs - window.startedAt >= this.options.windowMs) {
      this.windows.delete(key);
      window = { startedAt: nowMs, count: 0 };
      this.windows.set(key, window);
      while (this.windows.size > this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
    }
    window.count += 1;
    return window.count > this.options.attempts ? window.startedAt + this.options.windowMs - nowMs : 0;
  }

  get trackedKeys(): number {
    return this.windows.size;
  }
}
