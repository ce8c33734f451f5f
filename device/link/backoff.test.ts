import { describe, expect, it } from 'vitest';
import { defaultBackoff, reconnectDelay } from './backoff.js';

describe('reconnectDelay', () => {
  it('doubles from one second and stops growing at the cap', () => {
    const highest = () => 0.999999;
    const delays = Array.from({ length: 10 }, (_, attempt) => reconnectDelay(attempt, defaultBackoff, highest));
    expect(delays.slice(0, 4)).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(Math.max(...delays)).toBe(60_000);
    expect(delays.at(-1)).toBe(60_000);
  });

  it('never waits less than half a step, so a retry is never instant', () => {
    expect(reconnectDelay(0, defaultBackoff, () => 0)).toBe(500);
    expect(reconnectDelay(20, defaultBackoff, () => 0)).toBe(30_000);
  });

  it('spreads a fleet that lost the broker together across the step', () => {
    const randoms = [0, 0.25, 0.5, 0.75];
    const delays = randoms.map((r) => reconnectDelay(3, defaultBackoff, () => r));
    expect(new Set(delays).size).toBe(4);
    expect(delays).toEqual([4_000, 5_000, 6_000, 7_000]);
  });

  it('survives absurd attempt counts without overflowing', () => {
    expect(reconnectDelay(10_000, defaultBackoff, () => 0.5)).toBe(45_000);
  });
});
