import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundInstant, roundMinutes } from './time-spec.js';
import { formatLocalIso, zonedInstant } from './local-date.js';

describe('rounding', () => {
  it('rounds down, up and to the nearest 1, 5, 10 or 15 minutes', () => {
    expect(roundMinutes(18 * 60 + 57, { mode: 'down', step: 5 })).toBe(18 * 60 + 55);
    expect(roundMinutes(18 * 60 + 57, { mode: 'up', step: 5 })).toBe(19 * 60);
    expect(roundMinutes(18 * 60 + 57, { mode: 'nearest', step: 15 })).toBe(19 * 60);
    expect(roundMinutes(18 * 60 + 52, { mode: 'nearest', step: 15 })).toBe(18 * 60 + 45);
    expect(roundMinutes(18 * 60 + 57, { mode: 'down', step: 1 })).toBe(18 * 60 + 57);
    expect(roundMinutes(18 * 60 + 57, undefined)).toBe(18 * 60 + 57);
  });

  it('never rounds down later or up earlier, lands on a multiple of the step, and moves less than a step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1439 }), fc.constantFrom(1 as const, 5 as const, 10 as const, 15 as const), (m, step) => {
        const down = roundMinutes(m, { mode: 'down', step });
        const up = roundMinutes(m, { mode: 'up', step });
        const nearest = roundMinutes(m, { mode: 'nearest', step });
        expect(down).toBeLessThanOrEqual(m);
        expect(up).toBeGreaterThanOrEqual(m);
        for (const r of [down, up, nearest]) expect(r % step).toBe(0);
        expect(m - down).toBeLessThan(step);
        expect(Math.abs(nearest - m)).toBeLessThanOrEqual(step / 2);
      }),
    );
  });

  it('rounds on the wall clock of the synagogue, including half-hour zones', () => {
    const at = zonedInstant('2026-03-24', '18:52', 'Asia/Kolkata');
    expect(formatLocalIso(roundInstant(at, { mode: 'down', step: 15 }, 'Asia/Kolkata'), 'Asia/Kolkata')).toBe('2026-03-24T18:45:00+05:30');
  });
});
