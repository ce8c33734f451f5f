import { execFileSync } from 'node:child_process';
import { HebrewCalendar } from '@hebcal/core';
import { describe, expect, it } from 'vitest';
import { describeDay, hebrewDateAt } from './day-info.js';
import { addDays, civilDateOfHebcal, dayOfWeek, formatLocalIso, localTimeOf } from './local-date.js';
import type { Place } from './place.js';

const jerusalem: Place = { latitude: 31.778, longitude: 35.2354, elevation: 0, timezone: 'Asia/Jerusalem', israel: true };
const newYork: Place = { latitude: 40.7128, longitude: -74.006, elevation: 0, timezone: 'America/New_York', israel: false };

/** Debian hebcal's events for a Gregorian year, by ISO date. */
function debianEvents(year: number, flags: string[]): Map<string, string[]> {
  const out = execFileSync('hebcal', [...flags, '-g', String(year)], { encoding: 'utf8' });
  const byDate = new Map<string, string[]>();
  for (const line of out.split('\n')) {
    const m = /^(\d{4}-\d{2}-\d{2}) (.+)$/.exec(line.trim());
    if (m?.[1] && m[2]) byDate.set(m[1], [...(byDate.get(m[1]) ?? []), m[2]]);
  }
  return byDate;
}

/** Debian's hebcal 4.31 writes straight apostrophes and older capitals ("Ha'Azinu"); @hebcal/core 6 writes ’ and "Ha’azinu". */
const plain = (s: string) => s.replace(/[’‘]/g, "'").toLowerCase();

/** Names @hebcal/core 6 changed since Debian's hebcal 4.31. */
const RENAMED: Record<string, string> = {
  'shavuot i@il': 'shavuot',
  'yom haaliyah@cheshvan': 'yom haaliyah school observance',
};
/**
 * hebcal names a date by the Chanukah candles lit on its evening ("Chanukah: 2 Candles" on the
 * first day); the wall names the day itself, and gives the evening's candles with their time.
 */
function ourChanukahName(name: string): string {
  const m = /^Chanukah: (\d) Candles?$/.exec(name);
  if (!m) return name;
  const candles = Number(m[1]);
  return candles === 1 ? 'Erev Chanukah' : `Chanukah: ${['', '1st', '2nd', '3rd', '4th', '5th', '6th', '7th'][candles - 1]} Day`;
}
/** Names of Shabbatot the wall adds to hebcal's special Shabbatot. */
const OUR_SHABBAT_NAMES = new Set(['Shabbat Rosh Chodesh', 'Shabbat Machar Chodesh', 'Shabbat Chanukah', 'Shabbat Chol HaMoed', 'Shabbat Mevarchim']);

/** @hebcal/core 6 keeps the Cheshvan school observance of Yom HaAliyah to Israel. */
const ISRAEL_ONLY_NOW = new Set(['2026-10-18 Yom HaAliyah']);

describe('the Hebrew date', () => {
  it('names the daytime Hebrew date in English and Hebrew (9 Nisan 5786 = 27 March 2026)', () => {
    const day = describeDay(newYork, '2026-03-27');
    expect(day.hebrewDate).toEqual({ en: '9th of Nisan, 5786', he: 'ט׳ נִיסָן תשפ״ו', day: 9, month: 'Nisan', monthNumber: 1, year: 5786 });
  });

  it('agrees with hdate through a leap year (5784) and a year with 30 Cheshvan (5785)', () => {
    for (let date = '2023-09-01'; date <= '2024-12-31'; date = addDays(date, 11)) {
      const [y, m, d] = date.split('-');
      const line = execFileSync('hdate', ['-q', String(Number(d)), String(Number(m)), y!], { encoding: 'utf8' });
      const ours = describeDay(newYork, date).hebrewDate;
      const match = /.*, (\d+) (.+?) (\d{4})\s*$/.exec(line.trim());
      expect(match, line).not.toBeNull();
      expect(Number(match![1])).toBe(ours.day);
      expect(Number(match![3])).toBe(ours.year);
    }
    expect(describeDay(newYork, '2023-11-14').hebrewDate.en).toBe('1st of Kislev, 5784');
    expect(describeDay(newYork, '2023-11-13').hebrewDate.en).toBe('29th of Cheshvan, 5784');
    expect(describeDay(newYork, '2024-12-01').hebrewDate.en).toBe('30th of Cheshvan, 5785');
    expect(describeDay(newYork, '2024-03-10').hebrewDate.en).toBe('30th of Adar I, 5784');
  });

  it('advances at sunset by default, and at tzeit when the synagogue says so', () => {
    const day = describeDay(jerusalem, '2026-03-27');
    const sunset = day.zmanim.times.sunset!;
    const tzeit = day.zmanim.times.tzeit!;
    const justAfterSunset = new Date(sunset.getTime() + 60_000);
    const atSunset = hebrewDateAt(jerusalem, justAfterSunset, {});
    expect(atSunset.hebrewDate.day).toBe(10);
    expect(atSunset.dayDate).toBe('2026-03-28');
    expect(atSunset.evening).toBe(true);
    const byTzeit = hebrewDateAt(jerusalem, justAfterSunset, { hebrewDateSwitch: 'tzeit' });
    expect(byTzeit.hebrewDate.day).toBe(9);
    expect(byTzeit.nextSwitch.getTime()).toBe(tzeit.getTime());
    const before = hebrewDateAt(jerusalem, new Date(sunset.getTime() - 1000), {});
    expect(before.hebrewDate.day).toBe(9);
    expect(before.nextSwitch.getTime()).toBe(sunset.getTime());
  });
});

describe('the Hebrew date where tzeit falls after midnight', () => {
  it("keeps yesterday's Hebrew date until the stand-in tzeit at solar midnight in Oslo", () => {
    const oslo: Place = { latitude: 59.9139, longitude: 10.7522, elevation: 0, timezone: 'Europe/Oslo', israel: false };
    const tzeit = describeDay(oslo, '2026-06-20').zmanim.times.tzeit!;
    expect(localTimeOf(tzeit, oslo.timezone)).toBe('01:18');
    const before = hebrewDateAt(oslo, new Date(tzeit.getTime() - 60_000), { hebrewDateSwitch: 'tzeit' });
    expect(before.hebrewDate.en).toBe('5th of Tamuz, 5786');
    expect(before.nextSwitch).toEqual(tzeit);
    const after = hebrewDateAt(oslo, tzeit, { hebrewDateSwitch: 'tzeit' });
    expect(after.hebrewDate.en).toBe('6th of Tamuz, 5786');
  });
});

describe('the parasha of the week', () => {
  for (const [title, place, flags] of [
    ['diaspora', newYork, ['-s']],
    ['Israel', jerusalem, ['-s', '-i']],
  ] as const) {
    it(`matches Debian hebcal every Shabbat of 2022 and 2023 (${title})`, () => {
      for (const year of [2022, 2023]) {
        const reference = debianEvents(year, [...flags, '-h', '--no-modern', '-x']);
        for (let date = `${year}-01-01`; date <= `${year}-12-31`; date = addDays(date, 1)) {
          if (dayOfWeek(date) !== 6) continue;
          const theirs = (reference.get(date) ?? []).find((e) => e.startsWith('Parashat '));
          const ours = describeDay(place, date).parasha?.en;
          expect(ours && plain(ours), date).toBe(theirs && plain(theirs));
        }
      }
    });
  }

  it('shows on a weekday the portion of the coming Shabbat, which differs after Pesach VIII falls on Shabbat (April 2022)', () => {
    expect(describeDay(newYork, '2022-04-19').parasha).toBeUndefined();
    expect(describeDay(jerusalem, '2022-04-19').parasha?.en).toBe('Parashat Achrei Mot');
    expect(describeDay(newYork, '2022-04-25').parasha?.en).toBe('Parashat Achrei Mot');
    expect(describeDay(jerusalem, '2022-04-25').parasha).toEqual({ en: 'Parashat Kedoshim', he: 'פָּרָשַׁת קְדֹשִׁים' });
  });
});

describe('holidays', () => {
  for (const [title, place, flags] of [
    ['diaspora', newYork, []],
    ['Israel', jerusalem, ['-i']],
  ] as const) {
    it(`include every holiday Debian hebcal lists for 2026 (${title}), with the same name on the same day`, () => {
      const reference = debianEvents(2026, [...flags]);
      const missing: string[] = [];
      for (const [date, names] of reference) {
        const ours = describeDay(place, date).holidays.map((h) => plain(h.en));
        for (const name of names.map(ourChanukahName)) {
          const renamed = RENAMED[`${plain(name)}@${place.israel ? 'il' : ''}`] ?? RENAMED[`${plain(name)}@${date.slice(5, 7) === '10' ? 'cheshvan' : ''}`];
          if (!place.israel && ISRAEL_ONLY_NOW.has(`${date} ${name}`)) continue;
          if (!ours.includes(plain(name)) && !(renamed && ours.includes(renamed))) missing.push(`${date} ${name} (ours: ${ours.join(', ')})`);
        }
      }
      expect(missing).toEqual([]);
    });
  }

  it("lists exactly hebcal's default holidays, day by day, for 2024–2027 in Israel and the diaspora", () => {
    for (const place of [newYork, jerusalem]) {
      const events = HebrewCalendar.calendar({ start: new Date(2024, 0, 1), end: new Date(2027, 11, 31), il: place.israel });
      const reference = new Map<string, string[]>();
      for (const ev of events) {
        // Purim Meshulash is kept by walled cities only; an unwalled city's 16 Adar is an ordinary day.
        if (ev.getDesc() === 'Purim Meshulash') continue;
        const date = civilDateOfHebcal(ev.getDate().greg());
        reference.set(date, [...(reference.get(date) ?? []), ourChanukahName(ev.render('en'))]);
      }
      for (let date = '2024-01-01'; date <= '2027-12-31'; date = addDays(date, 1)) {
        expect(
          describeDay(place, date)
            .holidays.filter((h) => !OUR_SHABBAT_NAMES.has(h.desc))
            .map((h) => h.en),
          date,
        ).toEqual(reference.get(date) ?? []);
      }
    }
  });

  it("gives a minor fast its start at alot hashachar and its end at tzeit 7.083° in the diaspora (Ta'anit Esther, 2 March 2026)", () => {
    const day = describeDay(newYork, '2026-03-02');
    const fast = day.holidays.find((h) => h.desc === "Ta'anit Esther")!;
    expect(fast.kind).toBe('fast');
    expect(fast.begins?.getTime()).toBe(day.zmanim.times.alotHaShachar!.getTime());
    const afterSunset = (fast.ends!.getTime() - day.zmanim.times.sunset!.getTime()) / 60_000;
    expect(afterSunset).toBeGreaterThan(25);
    expect(afterSunset).toBeLessThan(40);
  });

  it("ends a minor fast 15 minutes after sunset in Israel, hebcal's default there", () => {
    const day = describeDay(jerusalem, '2026-03-02');
    const fast = day.holidays.find((h) => h.kind === 'fast')!;
    const sunsetMinute = Math.floor(day.zmanim.times.sunset!.getTime() / 60_000) * 60_000;
    expect(Math.abs(fast.ends!.getTime() - (sunsetMinute + 15 * 60_000))).toBeLessThanOrEqual(60_000);
  });

  it("begins Tish'a B'Av at the previous sunset (23 July 2026)", () => {
    const day = describeDay(newYork, '2026-07-23');
    const fast = day.holidays.find((h) => h.kind === 'fast')!;
    const eve = describeDay(newYork, '2026-07-22');
    expect(fast.begins?.getTime()).toBe(eve.zmanim.times.sunset!.getTime());
    expect(fast.ends!.getTime()).toBeGreaterThan(day.zmanim.times.sunset!.getTime());
  });

  it('runs Yom Kippur from the previous sunset to havdalah (21 Sept 2026)', () => {
    const day = describeDay(newYork, '2026-09-21');
    const yk = day.holidays.find((h) => h.desc === 'Yom Kippur')!;
    expect(yk.kind).toBe('fast');
    expect(yk.ends?.getTime()).toBe(day.zmanim.times.havdalah!.getTime());
  });

  it('names Rosh Chodesh and special Shabbatot', () => {
    expect(describeDay(newYork, '2026-03-19').holidays.map((h) => [h.en, h.kind])).toEqual([['Rosh Chodesh Nisan', 'roshChodesh']]);
    expect(describeDay(newYork, '2026-03-14').holidays.map((h) => [h.en, h.kind])).toEqual([
      ['Shabbat HaChodesh', 'specialShabbat'],
      ['Shabbat Mevarchim Chodesh Nisan', 'specialShabbat'],
    ]);
  });
});

describe('Shabbat Mevarchim, the omer and daily learning', () => {
  it('announces the month and its molad on Shabbat Mevarchim (14 March 2026: Nisan, Wednesday 4:34pm and 13 chalakim)', () => {
    const day = describeDay(newYork, '2026-03-14');
    expect(day.mevarchim?.en).toBe('Shabbat Mevarchim Chodesh Nisan');
    expect(day.mevarchim?.molad).toMatchObject({ dayOfWeek: 3, hour: 16, minutes: 34, chalakim: 13 });
    expect(day.mevarchim?.molad.en).toBe('Molad Nisan: Wednesday, 4:34pm and 13 chalakim');
    expect(describeDay(newYork, '2026-03-21').mevarchim).toBeUndefined();
  });

  it('counts the omer from nightfall: the first count is the evening of 15 Nisan (2 April 2026)', () => {
    const erev = describeDay(newYork, '2026-04-02');
    expect(erev.omer?.day).toBeUndefined();
    expect(erev.omer?.tonight).toBe(1);
    expect(erev.omer?.countFrom?.getTime()).toBe(erev.zmanim.times.tzeit!.getTime());
    expect(describeDay(newYork, '2026-04-03').omer).toMatchObject({ day: 1, tonight: 2 });
    expect(describeDay(newYork, '2026-05-21').omer).toMatchObject({ day: 49, tonight: undefined });
    expect(describeDay(newYork, '2026-05-22').omer).toBeUndefined();
  });

  it('agrees with Debian hebcal on the omer and the daf yomi through April 2022', () => {
    const reference = debianEvents(2022, ['-o', '-F', '-h', '--no-modern', '-x']);
    for (let date = '2022-04-01'; date <= '2022-04-30'; date = addDays(date, 1)) {
      const events = reference.get(date) ?? [];
      const day = describeDay(newYork, date, { learning: ['dafYomi', 'mishnaYomi'] });
      const omer = events.find((e) => e.endsWith('day of the Omer'));
      expect(day.omer?.day, date).toBe(omer ? Number.parseInt(omer, 10) : undefined);
      const daf = events.find((e) => e.startsWith('Daf Yomi: '));
      expect(`Daf Yomi: ${day.learning.find((l) => l.key === 'dafYomi')?.en}`, date).toBe(daf);
      expect(day.learning.map((l) => l.key)).toEqual(['dafYomi', 'mishnaYomi']);
    }
  });

  it('skips a learning schedule it does not know, rather than failing the day', () => {
    expect(describeDay(newYork, '2026-03-27', { learning: ['nachYomi', 'noSuchThing'] }).learning).toEqual([
      { key: 'nachYomi', en: 'Judges 20', he: 'שׁוֹפְטִים כ׳' },
    ]);
  });
});

describe('a whole day', () => {
  it('puts it together for erev Pesach in Jerusalem with a 40-minute candle lighting', () => {
    const day = describeDay(jerusalem, '2026-04-01', { candleLightingMinutes: 40 });
    expect(day.dayKinds).toEqual(['weekday', 'erevYomTov']);
    expect(day.holidays.map((h) => h.desc)).toEqual(["Ta'anit Bechorot", 'Erev Pesach']);
    expect(localTimeOf(day.zmanim.times.candleLighting!, jerusalem.timezone)).toBe('18:18');
    expect(formatLocalIso(day.zmanim.times.candleLighting!, jerusalem.timezone)).toBe('2026-04-01T18:18:00+03:00');
  });
});

describe('the daily learning schedules a wall can show', () => {
  it('are each registered and answer for an ordinary day', async () => {
    const { LEARNING_LABELS } = await import('../model/labels.js');
    const { DailyLearning, HDate } = await import('@hebcal/core');
    const day = new HDate(new Date(2026, 10, 25));
    for (const key of Object.keys(LEARNING_LABELS)) expect(DailyLearning.lookup(key, day, true), key).toBeTruthy();
  });
});
