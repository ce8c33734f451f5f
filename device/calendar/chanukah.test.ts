import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { chanukahLightingOn, chanukahNightOf } from './chanukah.js';
import { addDays, localTimeOf } from './local-date.js';
import type { Place } from './place.js';

const newYork: Place = { latitude: 40.7128, longitude: -74.006, elevation: 0, timezone: 'America/New_York', israel: false };
const jerusalem: Place = { latitude: 31.7767, longitude: 35.2345, elevation: 754, timezone: 'Asia/Jerusalem', israel: true };

/** Debian hebcal's "Chanukah: N Candles" lines for a Gregorian year, by ISO date. */
function debianCandles(year: number): Map<string, number> {
  const out = execFileSync('hebcal', ['-g', String(year)], { encoding: 'utf8' });
  const nights = new Map<string, number>();
  for (const line of out.split('\n')) {
    const m = /^(\d{4}-\d{2}-\d{2}) Chanukah: (\d) Candles?$/.exec(line.trim());
    if (m) nights.set(m[1]!, Number(m[2]));
  }
  return nights;
}

describe('the Chanukah candles of an evening', () => {
  it('counts the same candles as Debian hebcal on every evening of 2026–2031', () => {
    for (let year = 2026; year <= 2031; year++) {
      const theirs = debianCandles(year);
      expect(theirs.size, String(year)).toBe(8);
      for (let date = `${year}-01-01`; date <= `${year}-12-31`; date = addDays(date, 1)) {
        expect(chanukahLightingOn(newYork, date)?.night, date).toBe(theirs.get(date));
      }
    }
  });

  it('lights on Friday before the Shabbat candles and on Saturday night after havdalah, at Debian hebcal’s times (New York, 5787)', () => {
    // hebcal -E -c -m 72 -C "New York" 12 2026: Candle lighting 16:10 on 12/4 and 12/11, Havdalah (72 min) 17:41 on 12/5.
    const friday = chanukahLightingOn(newYork, '2026-12-04', { havdalahMinutes: 72 })!;
    expect([friday.night, friday.rule, localTimeOf(friday.at, newYork.timezone)]).toEqual([1, 'beforeShabbat', '16:10']);
    expect(friday.explanation).toBe('before the Shabbat candles at 16:10');
    const saturday = chanukahLightingOn(newYork, '2026-12-05', { havdalahMinutes: 72 })!;
    expect([saturday.night, saturday.rule, localTimeOf(saturday.at, newYork.timezone)]).toEqual([2, 'afterHavdalah', '17:41']);
    const lastFriday = chanukahLightingOn(newYork, '2026-12-11', { havdalahMinutes: 72 })!;
    expect([lastFriday.night, localTimeOf(lastFriday.at, newYork.timezone)]).toEqual([8, '16:10']);
  });

  it('lights on a weekday at tzeit unless the synagogue chooses another time', () => {
    const sunday = '2026-12-06';
    const tzeit = chanukahLightingOn(jerusalem, sunday)!;
    expect(tzeit).toMatchObject({ night: 3, rule: 'weekday' });
    expect(tzeit.explanation).toMatch(/^tzeit \d\d:\d\d → \d\d:\d\d$/);
    const sunset20 = chanukahLightingOn(jerusalem, sunday, { chanukahCandleLighting: { kind: 'zman', zman: 'sunset', offsetMinutes: 20 } })!;
    expect(sunset20.explanation).toMatch(/^sunset (\d\d:\d\d) \+ 20 min → \d\d:\d\d$/);
    const fixed = chanukahLightingOn(jerusalem, sunday, { chanukahCandleLighting: { kind: 'fixed', time: '17:15' } })!;
    expect(localTimeOf(fixed.at, jerusalem.timezone)).toBe('17:15');
  });

  it('has no candles on the evening of the eighth day, nor before the eve of the first', () => {
    expect(chanukahLightingOn(newYork, '2026-12-12')).toBeUndefined();
    expect(chanukahLightingOn(newYork, '2026-12-03')).toBeUndefined();
  });

  it('knows the night in effect on a Hebrew day: the first night belongs to 25 Kislev, the eve of Chanukah has none', () => {
    expect(chanukahNightOf('2026-12-04')).toBeUndefined();
    expect(chanukahNightOf('2026-12-05')).toBe(1);
    expect(chanukahNightOf('2026-12-12')).toBe(8);
  });
});
