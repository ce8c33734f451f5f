import { describe, expect, it } from 'vitest';
import { AttemptLimiter } from './attempt-limiter.js';

describe('AttemptLimiter', () => {
  it('allows the set number of attempts per window, then says how long to wait', () => {
    const limiter = new AttemptLimiter({ attempts: 3, windowMs: 60_000 });
    expect([0, 1, 2].map((t) => limiter.take('10.0.0.1', t))).toEqual([0, 0, 0]);
    expect(limiter.take('10.0.0.1', 10_000)).toBe(50_000);
    expect(limiter.take('10.0.0.2', 10_000)).toBe(0);
    expect(limiter.take('10.0.0.1', 60_000)).toBe(0);
  });

  it('never tracks more keys than allowed, however many addresses try', () => {
    const limiter = new AttemptLimiter({ attempts: 1, windowMs: 60_000, maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) limiter.take(`ip-${i}`, i);
    expect(limiter.trackedKeys).toBe(100);
  });
});
