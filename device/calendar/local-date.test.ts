import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayOfWeek,
  daysBetween,
  formatLocalIso,
  localDateOf,
  localTimeOf,
  parseLocalDate,
  startOfLocalDay,
  wallClockOf,
  zonedInstant,
} from './local-date.js';

describe('local dates in a time zone', () => {
  it('reads the civil date in the synagogue zone, not in UTC', () => {
    const instant = new Date('2026-03-28T22:30:00Z');
    expect(localDateOf(instant, 'Asia/Jerusalem')).toBe('2026-03-29');
    expect(localDateOf(instant, 'America/New_York')).toBe('2026-03-28');
    expect(localDateOf(new Date('2026-06-20T15:00:00Z'), 'Australia/Melbourne')).toBe('2026-06-21');
  });

  it('adds days across months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
  });

  it('numbers the days of the week from Sunday = 0 to Shabbat = 6', () => {
    expect(dayOfWeek('2026-03-27')).toBe(5);
    expect(dayOfWeek('2026-03-28')).toBe(6);
    expect(dayOfWeek('2026-03-29')).toBe(0);
  });

  it('rejects a date that does not exist, naming it', () => {
    expect(() => parseLocalDate('2026-02-30')).toThrow('2026-02-30');
    expect(() => parseLocalDate('26-2-3')).toThrow('YYYY-MM-DD');
  });
});

describe('wall-clock times across DST', () => {
  it('puts 08:00 on the day Israel springs forward (Friday 27 March 2026) at UTC+3', () => {
    expect(zonedInstant('2026-03-27', '08:00', 'Asia/Jerusalem').toISOString()).toBe('2026-03-27T05:00:00.000Z');
    expect(zonedInstant('2026-03-26', '08:00', 'Asia/Jerusalem').toISOString()).toBe('2026-03-26T06:00:00.000Z');
  });

  it('moves a time skipped by the spring-forward gap later by the gap (US, 8 March 2026)', () => {
    expect(formatLocalIso(zonedInstant('2026-03-08', '02:30', 'America/New_York'), 'America/New_York')).toBe('2026-03-08T03:30:00-04:00');
  });

  it('takes the earlier of two repeated times when the clock falls back (US, 1 November 2026)', () => {
    expect(zonedInstant('2026-11-01', '01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('puts 08:00 after Israel falls back (Sunday 25 October 2026) at UTC+2', () => {
    expect(zonedInstant('2026-10-25', '08:00', 'Asia/Jerusalem').toISOString()).toBe('2026-10-25T06:00:00.000Z');
  });

  it('handles the southern hemisphere, where DST ends in April (Melbourne, 5 April 2026)', () => {
    expect(formatLocalIso(zonedInstant('2026-04-04', '12:00', 'Australia/Melbourne'), 'Australia/Melbourne')).toBe('2026-04-04T12:00:00+11:00');
    expect(formatLocalIso(zonedInstant('2026-04-05', '12:00', 'Australia/Melbourne'), 'Australia/Melbourne')).toBe('2026-04-05T12:00:00+10:00');
  });

  it('knows a 23-hour day: midnight to midnight on the US spring-forward day', () => {
    const hours = (startOfLocalDay('2026-03-09', 'America/New_York').getTime() - startOfLocalDay('2026-03-08', 'America/New_York').getTime()) / 3.6e6;
    expect(hours).toBe(23);
  });
});

describe('formatting', () => {
  it('writes ISO 8601 local time with offset and seconds', () => {
    expect(formatLocalIso(new Date('2026-03-29T16:02:11.900Z'), 'Asia/Jerusalem')).toBe('2026-03-29T19:02:11+03:00');
    expect(formatLocalIso(new Date('2026-01-15T12:00:00Z'), 'America/Los_Angeles')).toBe('2026-01-15T04:00:00-08:00');
    expect(formatLocalIso(new Date('2026-01-15T12:00:00Z'), 'Asia/Kolkata')).toBe('2026-01-15T17:30:00+05:30');
    expect(formatLocalIso(new Date('2026-01-15T12:00:00Z'), 'UTC')).toBe('2026-01-15T12:00:00+00:00');
  });

  it('shows HH:mm the way a clock does, dropping seconds', () => {
    expect(localTimeOf(new Date('2026-03-29T16:02:59Z'), 'Asia/Jerusalem')).toBe('19:02');
    expect(localTimeOf(new Date('2026-03-29T21:00:00Z'), 'Asia/Jerusalem')).toBe('00:00');
  });
});

describe('properties', () => {
  const zones = ['Asia/Jerusalem', 'America/New_York', 'Australia/Melbourne', 'Europe/London', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'];

  it('writes an ISO time that parses back to the same instant, to the second, in any zone', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(...zones), (ms, tz) => {
        expect(Date.parse(formatLocalIso(new Date(ms), tz))).toBe(Math.floor(ms / 1000) * 1000);
      }),
    );
  });

  it('finds the instant of a wall-clock time that reads back as that time, outside DST gaps', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(...zones), (ms, tz) => {
        const instant = new Date(Math.floor(ms / 60_000) * 60_000);
        const back = zonedInstant(localDateOf(instant, tz), localTimeOf(instant, tz), tz);
        expect(localDateOf(back, tz)).toBe(localDateOf(instant, tz));
        expect(localTimeOf(back, tz)).toBe(localTimeOf(instant, tz));
        expect(back.getTime()).toBeLessThanOrEqual(instant.getTime());
      }),
    );
  });
});

describe('wallClockOf, remembering offsets per quarter hour', () => {
  const exact = (instant: Date, tz: string) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
        .formatToParts(instant)
        .filter((p) => p.type !== 'literal')
        .map((p) => [p.type, Number(p.value)]),
    );
    return { year: parts.year, month: parts.month, day: parts.day, hour: (parts.hour ?? 0) % 24, minute: parts.minute, second: parts.second };
  };

  it('agrees with Intl at every instant, across DST changes, odd offsets and old local mean times', () => {
    const zones = ['Asia/Jerusalem', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Europe/London', 'Pacific/Chatham'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1880, 0, 1), max: Date.UTC(2100, 0, 1) }), (tz, t) => {
        expect(wallClockOf(new Date(t), tz)).toEqual(exact(new Date(t), tz));
      }),
      { numRuns: 3000 },
    );
  });

  it('is exact in the minutes around a transition', () => {
    // Israel springs forward at 02:00 local on Friday 27 March 2026 (00:00 UTC).
    for (let t = Date.UTC(2026, 2, 26, 23, 50); t <= Date.UTC(2026, 2, 27, 0, 10); t += 1000) {
      expect(wallClockOf(new Date(t), 'Asia/Jerusalem')).toEqual(exact(new Date(t), 'Asia/Jerusalem'));
    }
  });
});
