import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { addDays, dayOfWeek } from './local-date.js';
import type { Place } from './place.js';
import { mevarchimOn, specialShabbatot } from './special-shabbat.js';

const newYork: Place = { latitude: 40.7128, longitude: -74.006, elevation: 0, timezone: 'America/New_York', israel: false };

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

describe('Shabbat Mevarchim', () => {
  it('announces the same molad as Debian hebcal on every Shabbat Mevarchim of 2026–2031', () => {
    for (let year = 2026; year <= 2031; year++) {
      const out = execFileSync('hebcal', ['-M', '-h', '-g', String(year)], { encoding: 'utf8' });
      let compared = 0;
      for (const line of out.split('\n')) {
        const m = /^(\d{4}-\d{2}-\d{2}) Molad ([^:]+): (\w{3}), (\d+) minutes and (\d+) chalakim after (\d+) (AM|PM)$/.exec(line.trim());
        if (!m) continue;
        const ours = mevarchimOn(m[1]!, false);
        const hour12 = Number(m[6]) % 12;
        expect(ours?.molad, line).toMatchObject({ dayOfWeek: DAYS.indexOf(m[3]!), minutes: Number(m[4]), chalakim: Number(m[5]) });
        // Debian hebcal 4.31 prints the noon hour as "12 AM": Molad Sh'vat 5787, Thu 23:55 and 5
        // chalakim, plus 29 days 12:44 and 1 chelek, is Shabbat 12:39 and 6 chalakim, after noon.
        if (Number(m[6]) === 12) expect(ours?.molad.hour, line).toBe(12);
        else expect(ours?.molad.hour, line).toBe(m[7] === 'PM' ? hour12 + 12 : hour12);
        compared++;
      }
      expect(compared, String(year)).toBeGreaterThanOrEqual(11);
    }
  });

  it('announces the days of Rosh Chodesh: two when the month ending has thirty days (Tevet 5787), one otherwise (Sh’vat 5787)', () => {
    expect(mevarchimOn('2026-12-05', false)?.roshChodesh).toEqual(['2026-12-10', '2026-12-11']);
    expect(mevarchimOn('2027-01-02', false)?.roshChodesh).toEqual(['2027-01-09']);
    expect(mevarchimOn('2026-12-12', false)).toBeUndefined();
  });
});

describe('the names of a Shabbat', () => {
  const named = (date: string) => specialShabbatot(newYork, date).map((h) => h.desc);

  it('names Shabbat Rosh Chodesh, Machar Chodesh, Chanukah and Chol HaMoed', () => {
    expect(named('2026-04-18')).toEqual(['Shabbat Rosh Chodesh']);
    expect(named('2026-04-04')).toEqual(['Shabbat Chol HaMoed']);
    expect(named('2026-12-05')).toEqual(['Shabbat Chanukah', 'Shabbat Mevarchim']);
    // Rosh Chodesh Sivan 5786 is Sunday 17 May 2026.
    expect(named('2026-05-16')).toEqual(['Shabbat Machar Chodesh', 'Shabbat Mevarchim']);
    expect(named('2026-05-15')).toEqual([]);
  });

  it('names every Shabbat Chanukah of 2026–2031, two when Chanukah begins on Shabbat', () => {
    const counts: number[] = [];
    for (let year = 2026; year <= 2031; year++) {
      let count = 0;
      for (let date = `${year}-11-25`; date <= `${year + 1}-01-10`; date = addDays(date, 1)) {
        if (dayOfWeek(date) === 6 && named(date).includes('Shabbat Chanukah')) count++;
      }
      counts.push(count);
    }
    // Chanukah begins on Shabbat in 5787 (5 Dec 2026), 5788 (25 Dec 2027) and 5791 (21 Dec 2030); 5792 begins 10 Dec 2031.
    expect(counts).toEqual([2, 2, 1, 1, 2, 1]);
  });
});
