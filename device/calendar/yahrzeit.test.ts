import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HDate } from '@hebcal/core';
import { describe, expect, it } from 'vitest';
import type { Hanzch } from '../../cloud-sync/protocol/content.js';
import { civilDateOfHebcal, formatLocalIso } from './local-date.js';
import type { Place } from './place.js';
import { yahrzeitObservance, yahrzeitsInWindow } from './yahrzeit.js';

const newYork: Place = { latitude: 40.7128, longitude: -74.006, elevation: 0, timezone: 'America/New_York', israel: false };
const gregorianOf = (day: number, month: string, year: number) => civilDateOfHebcal(new HDate(day, month, year).greg());
const hanzch = (fields: Partial<Hanzch>): Hanzch => ({ id: 'h', name: 'Ploni ben Almoni', afterSunset: false, memorialLight: false, ...fields }) as Hanzch;
const observed = (h: Hanzch, year: number) => yahrzeitObservance(h, year)?.hebrewDate.en;

describe('yahrzeit observance by the accepted rules', () => {
  it('keeps an ordinary date on the same Hebrew day every year', () => {
    expect(yahrzeitObservance(hanzch({ hebrewDay: 7, hebrewMonth: 'Iyyar', hebrewYear: 5780 }), 5786)).toEqual({
      date: '2026-04-24',
      hebrewDate: { en: '7th of Iyyar, 5786', he: 'ז׳ אִיָּיר תשפ״ו', day: 7, month: 'Iyyar', monthNumber: 2, year: 5786 },
    });
  });

  it('moves a death after sunset to the next Hebrew day', () => {
    const before = hanzch({ diedOn: '2024-01-10', afterSunset: false });
    const after = hanzch({ diedOn: '2024-01-10', afterSunset: true });
    expect(observed(before, 5786)).toBe('29th of Tevet, 5786');
    expect(observed(after, 5786)).toBe('1st of Sh’vat, 5786');
  });

  it('keeps Adar of an ordinary year in Adar I of a leap year (hebcal, after the Rema)', () => {
    const h = hanzch({ hebrewDay: 15, hebrewMonth: 'Adar', hebrewYear: 5785 });
    expect(observed(h, 5786)).toBe('15th of Adar, 5786');
    expect(observed(h, 5787)).toBe('15th of Adar I, 5787');
  });

  it('keeps Adar II in the last Adar: Adar II in a leap year, Adar in an ordinary one', () => {
    const h = hanzch({ hebrewDay: 10, hebrewMonth: 'Adar II', hebrewYear: 5784 });
    expect(observed(h, 5786)).toBe('10th of Adar, 5786');
    expect(observed(h, 5787)).toBe('10th of Adar II, 5787');
  });

  it("keeps Adar I in Adar I of a leap year and in Adar of an ordinary one; 30 Adar I falls back to 30 Sh'vat", () => {
    expect(observed(hanzch({ hebrewDay: 10, hebrewMonth: 'Adar I', hebrewYear: 5784 }), 5786)).toBe('10th of Adar, 5786');
    expect(observed(hanzch({ hebrewDay: 10, hebrewMonth: 'Adar I', hebrewYear: 5784 }), 5787)).toBe('10th of Adar I, 5787');
    expect(observed(hanzch({ hebrewDay: 30, hebrewMonth: 'Adar I', hebrewYear: 5784 }), 5786)).toBe('30th of Sh’vat, 5786');
    expect(observed(hanzch({ hebrewDay: 30, hebrewMonth: 'Adar I', hebrewYear: 5784 }), 5787)).toBe('30th of Adar I, 5787');
  });

  it('keeps 30 Cheshvan on the last day of Cheshvan when the first anniversary lacked the 30th (died 5785; 5786 is short, 5787 long)', () => {
    expect(HDate.longCheshvan(5785)).toBe(true);
    expect(HDate.longCheshvan(5786)).toBe(false);
    expect(HDate.longCheshvan(5787)).toBe(true);
    const died5785 = hanzch({ hebrewDay: 30, hebrewMonth: 'Cheshvan', hebrewYear: 5785 });
    expect(observed(died5785, 5786)).toBe('29th of Cheshvan, 5786');
    expect(observed(died5785, 5787)).toBe('30th of Cheshvan, 5787');
  });

  it('keeps 30 Cheshvan, when the first anniversary had it, on the 30th or else on 1 Kislev', () => {
    const death = [5770, 5771, 5772, 5773, 5774, 5775, 5776, 5777, 5778, 5779].find((y) => HDate.longCheshvan(y) && HDate.longCheshvan(y + 1))!;
    const short = [5786, 5788, 5789, 5790, 5791].find((y) => !HDate.longCheshvan(y))!;
    const h = hanzch({ hebrewDay: 30, hebrewMonth: 'Cheshvan', hebrewYear: death });
    expect(observed(h, death + 1)).toBe(`30th of Cheshvan, ${death + 1}`);
    expect(observed(h, short)).toBe(`1st of Kislev, ${short}`);
  });

  it('observes 30 Kislev on 1 Tevet in a year with a short Kislev, when the first anniversary had the 30th', () => {
    const years = [5780, 5781, 5782, 5783, 5784, 5785, 5786, 5787, 5788, 5789, 5790];
    const death = years.find((y) => !HDate.shortKislev(y) && !HDate.shortKislev(y + 1))!;
    const shortLater = years.find((y) => y > death + 1 && HDate.shortKislev(y))!;
    const h = hanzch({ hebrewDay: 30, hebrewMonth: 'Kislev', hebrewYear: death });
    expect(observed(h, death + 1)).toBe(`30th of Kislev, ${death + 1}`);
    expect(observed(h, shortLater)).toBe(`1st of Tevet, ${shortLater}`);
  });

  it('has no yahrzeit in the year of death', () => {
    expect(yahrzeitObservance(hanzch({ hebrewDay: 1, hebrewMonth: 'Nisan', hebrewYear: 5786 }), 5786)).toBeUndefined();
  });

  it('reckons a Hebrew date without a year as if its first anniversary kept the day', () => {
    const h = hanzch({ hebrewDay: 30, hebrewMonth: 'Cheshvan' });
    expect(observed(h, 5785)).toBe('30th of Cheshvan, 5785');
    expect(observed(h, 5786)).toBe('1st of Kislev, 5786');
    expect(observed(hanzch({ hebrewDay: 15, hebrewMonth: 'Adar' }), 5787)).toBe('15th of Adar I, 5787');
  });

  it('refuses a date that did not exist, naming it', () => {
    expect(() => yahrzeitObservance(hanzch({ hebrewDay: 30, hebrewMonth: 'Cheshvan', hebrewYear: 5786 }), 5790)).toThrow('30 Cheshvan does not exist in 5786');
    expect(() => yahrzeitObservance(hanzch({ hebrewDay: 3, hebrewMonth: 'Smarch', hebrewYear: 5786 }), 5790)).toThrow('Smarch');
  });
});

describe('yahrzeits agree with Debian hebcal', () => {
  it('for a set of hard death dates, every year from 2025 to 2040', () => {
    const deaths = [
      gregorianOf(30, 'Cheshvan', 5785),
      gregorianOf(29, 'Cheshvan', 5785),
      gregorianOf(30, 'Kislev', 5785),
      gregorianOf(15, 'Adar', 5785),
      gregorianOf(30, 'Adar I', 5784),
      gregorianOf(14, 'Adar II', 5784),
      gregorianOf(1, 'Tishrei', 5785),
      '2024-02-29',
    ];
    const dir = mkdtempSync(join(tmpdir(), 'luach-yahrzeit-'));
    const file = join(dir, 'deaths.txt');
    writeFileSync(file, deaths.map((d, i) => `${Number(d.slice(5, 7))} ${Number(d.slice(8, 10))} ${d.slice(0, 4)} death${i}\n`).join(''));
    for (let year = 2025; year <= 2040; year++) {
      const out = execFileSync('hebcal', ['-Y', file, '-h', '-x', '--no-modern', '-g', String(year)], { encoding: 'utf8' });
      // Debian also lists the day of death itself; a yahrzeit begins with the first anniversary.
      const theirs = out
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => line.trim())
        .filter((line) => !deaths.some((d, i) => line === `${d} death${i}`))
        .sort();
      const ours = deaths
        .flatMap((diedOn, i) =>
          [year + 3760, year + 3761].flatMap((hy) => {
            const obs = yahrzeitObservance(hanzch({ diedOn }), hy);
            return obs && obs.date.startsWith(`${year}-`) ? [`${obs.date} death${i}`] : [];
          }),
        )
        .sort();
      expect(ours, String(year)).toEqual(theirs);
    }
  });
});

describe('the yahrzeit board', () => {
  const board: Hanzch[] = [
    hanzch({ id: 'a', name: 'Avraham', hebrewDay: 12, hebrewMonth: 'Nisan', hebrewYear: 5770, memorialLight: true }),
    hanzch({ id: 'b', name: 'Batya', hebrewDay: 9, hebrewMonth: 'Nisan', hebrewYear: 5760 }),
    hanzch({ id: 'c', name: 'Chaim', hebrewDay: 20, hebrewMonth: 'Nisan', hebrewYear: 5760 }),
    hanzch({ id: 'd', name: 'Dvora', hebrewDay: 3, hebrewMonth: 'Smarch', hebrewYear: 5760 }),
  ];

  it('lists this Sunday-to-Shabbat week, marks today, and lights the memorial light from the preceding Friday to the next', () => {
    // Wednesday 25 March 2026 at noon is 7 Nisan; the week runs 22–28 March (4–10 Nisan).
    const list = yahrzeitsInWindow(board, newYork, new Date('2026-03-25T16:00:00Z'), {});
    expect(list.map((y) => [y.name, y.date, y.isToday])).toEqual([['Batya', '2026-03-27', false]]);
    const tuesday = yahrzeitsInWindow(board, newYork, new Date('2026-03-27T16:00:00Z'), {});
    expect(tuesday.map((y) => [y.name, y.isToday])).toEqual([['Batya', true]]);
    const next = yahrzeitsInWindow(board, newYork, new Date('2026-03-30T16:00:00Z'), {});
    const avraham = next.find((y) => y.name === 'Avraham')!;
    expect(avraham.date).toBe('2026-03-30');
    expect(formatLocalIso(avraham.memorialLight!.from, newYork.timezone)).toBe('2026-03-27T18:57:00-04:00');
    expect(formatLocalIso(avraham.memorialLight!.to, newYork.timezone)).toMatch(/^2026-04-03T19:0\d:00-04:00$/);
  });

  it('turns to the coming week on Shabbat, from Friday evening, keeping the names of Shabbat itself', () => {
    // Shabbat 28 March 2026 is 10 Nisan: Batya (9 Nisan, Friday) belongs to the week ending; Avraham (12 Nisan, Monday) to the coming one.
    const withShabbat = [...board, hanzch({ id: 'e', name: 'Eliezer', hebrewDay: 10, hebrewMonth: 'Nisan', hebrewYear: 5750 })];
    const thursday = yahrzeitsInWindow(withShabbat, newYork, new Date('2026-03-26T16:00:00Z'), {});
    expect(thursday.map((y) => y.name)).toEqual(['Batya', 'Eliezer']);
    const fridayNight = new Date('2026-03-28T00:30:00Z'); // 20:30 Friday in New York, after sunset: Shabbat
    expect(yahrzeitsInWindow(withShabbat, newYork, fridayNight, {}).map((y) => [y.name, y.isToday])).toEqual([
      ['Eliezer', true],
      ['Avraham', false],
    ]);
    const shabbatNoon = new Date('2026-03-28T16:00:00Z');
    expect(yahrzeitsInWindow(withShabbat, newYork, shabbatNoon, {}).map((y) => y.name)).toEqual(['Eliezer', 'Avraham']);
    const saturdayNight = new Date('2026-03-29T01:00:00Z'); // 21:00 Saturday, after sunset: Sunday's week
    expect(yahrzeitsInWindow(withShabbat, newYork, saturdayNight, {}).map((y) => y.name)).toEqual(['Avraham']);
  });

  it('lists the next N days when configured so', () => {
    const list = yahrzeitsInWindow(board, newYork, new Date('2026-03-27T16:00:00Z'), { yahrzeitWindow: { kind: 'days', days: 14 } });
    expect(list.map((y) => y.name)).toEqual(['Batya', 'Avraham', 'Chaim']);
  });
});
