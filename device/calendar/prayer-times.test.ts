import { describe, expect, it } from 'vitest';
import type { HolidayTimes, TfilaTime } from '../../cloud-sync/protocol/content.js';
import { formatLocalIso, localTimeOf } from './local-date.js';
import type { Place } from './place.js';
import { resolvePrayerTimes, zmanimUsedBy } from './prayer-times.js';
import { computeZmanim } from './zmanim.js';

const jerusalem: Place = { latitude: 31.778, longitude: 35.2354, elevation: 0, timezone: 'Asia/Jerusalem', israel: true };
const newYork: Place = { latitude: 40.7128, longitude: -74.006, elevation: 0, timezone: 'America/New_York', israel: false };

const rule = (fields: Partial<TfilaTime> & Pick<TfilaTime, 'id' | 'time'>): TfilaTime =>
  ({ name: fields.id, category: 'other', sortOrder: 0, active: true, ...fields }) as TfilaTime;

const sunsetShown = (place: Place, date: string) => localTimeOf(computeZmanim(place, date).times.sunset!, place.timezone);
const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
const fromMinutes = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

describe('a prayer time from a rule', () => {
  it('shows a fixed Shacharit at 06:30', () => {
    const [t] = resolvePrayerTimes({
      rules: [rule({ id: 's', name: 'שחרית', category: 'shacharit', time: { kind: 'fixed', time: '06:30' } })],
      place: jerusalem,
      date: '2026-03-24',
    });
    expect(t).toMatchObject({ id: 's', name: 'שחרית', category: 'shacharit', time: '06:30', explanation: 'fixed 06:30', source: 'rule', ruleId: 's' });
    expect(formatLocalIso(t!.at, jerusalem.timezone)).toBe('2026-03-24T06:30:00+02:00');
  });

  it('shows Mincha 15 minutes before sunset, rounded down to 5', () => {
    const [t] = resolvePrayerTimes({
      rules: [rule({ id: 'm', time: { kind: 'zman', zman: 'sunset', offsetMinutes: -15 }, rounding: { mode: 'down', step: 5 } })],
      place: newYork,
      date: '2026-06-10',
    });
    const sunset = sunsetShown(newYork, '2026-06-10');
    const expected = fromMinutes(Math.floor((toMinutes(sunset) - 15) / 5) * 5);
    expect(t!.time).toBe(expected);
    expect(t!.explanation).toBe(`sunset ${sunset} − 15 min, rounded down to 5 → ${expected}`);
    expect(t!.zman).toBe('sunset');
  });

  it('rounds up and to the nearest step too, on the wall clock', () => {
    const date = '2026-06-10';
    const sunset = toMinutes(sunsetShown(newYork, date));
    const at = (mode: 'up' | 'nearest', step: 5 | 10 | 15) =>
      resolvePrayerTimes({
        rules: [rule({ id: 'x', time: { kind: 'zman', zman: 'sunset', offsetMinutes: 7 }, rounding: { mode, step } })],
        place: newYork,
        date,
      })[0]!.time;
    expect(at('up', 10)).toBe(fromMinutes(Math.ceil((sunset + 7) / 10) * 10));
    expect(at('nearest', 15)).toBe(fromMinutes(Math.round((sunset + 7) / 15) * 15));
  });

  it('keeps the same rule right across a DST change (Israel springs forward on Friday 27 March 2026)', () => {
    const rules = [rule({ id: 'm', time: { kind: 'zman', zman: 'sunset', offsetMinutes: -10 } })];
    const thursday = resolvePrayerTimes({ rules, place: jerusalem, date: '2026-03-26' })[0]!;
    const friday = resolvePrayerTimes({ rules, place: jerusalem, date: '2026-03-27' })[0]!;
    expect(toMinutes(friday.time) - toMinutes(thursday.time)).toBeGreaterThanOrEqual(60);
    expect(toMinutes(friday.time) - toMinutes(thursday.time)).toBeLessThanOrEqual(62);
    expect(formatLocalIso(friday.at, jerusalem.timezone)).toBe(`2026-03-27T${friday.time}:00+03:00`);
  });
});

describe('which days a rule applies on', () => {
  const rules = [
    rule({ id: 'weekday', time: { kind: 'fixed', time: '06:30' }, daysOfWeek: [0, 1, 2, 3, 4, 5], dayKinds: ['weekday'] }),
    rule({ id: 'rc', time: { kind: 'fixed', time: '06:15' }, dayKinds: ['roshChodesh'] }),
    rule({ id: 'shabbat', time: { kind: 'fixed', time: '08:30' }, dayKinds: ['shabbat', 'yomTov'] }),
    rule({ id: 'summer', time: { kind: 'fixed', time: '19:00' }, validFrom: '2026-06-01', validTo: '2026-08-31' }),
    rule({ id: 'off', time: { kind: 'fixed', time: '05:00' }, active: false }),
    rule({ id: 'candles+', time: { kind: 'zman', zman: 'candleLighting', offsetMinutes: 10 } }),
  ];
  const ids = (date: string, place = newYork) => resolvePrayerTimes({ rules, place, date }).map((t) => t.ruleId);

  it('applies a weekday rule Sunday to Friday but not on yom tov (Pesach I, Thursday 2 April 2026)', () => {
    expect(ids('2026-03-24')).toEqual(['weekday']);
    expect(ids('2026-04-02')).toEqual(['shabbat', 'candles+']);
  });

  it('needs both lists to match when both are given, and either kind within a list', () => {
    expect(ids('2026-04-18')).toEqual(['rc', 'shabbat']);
    expect(ids('2026-04-17')).toEqual(['rc', 'weekday', 'candles+']);
  });

  it('honours the date range inclusively', () => {
    expect(ids('2026-05-31')).not.toContain('summer');
    expect(ids('2026-06-01')).toContain('summer');
    expect(ids('2026-08-31')).toContain('summer');
    expect(ids('2026-09-01')).not.toContain('summer');
  });

  it('leaves out a rule on candle lighting on a day without candles', () => {
    expect(ids('2026-03-25')).not.toContain('candles+');
    expect(resolvePrayerTimes({ rules, place: newYork, date: '2026-03-27' }).find((t) => t.ruleId === 'candles+')?.explanation).toMatch(
      /^candle lighting \d\d:\d\d \+ 10 min → \d\d:\d\d$/,
    );
  });
});

describe('the weekly mode', () => {
  it('gives Mincha for the week from the earliest sunset Sunday–Thursday minus 15, rounded down to 5', () => {
    const mincha = rule({
      id: 'mincha',
      time: { kind: 'zman', zman: 'sunset', offsetMinutes: -15 },
      rounding: { mode: 'down', step: 5 },
      weekly: { mode: 'earliest', days: [0, 1, 2, 3, 4] },
    });
    // In autumn sunsets get earlier every day, so Thursday's is the earliest of the week.
    const week = ['2026-10-11', '2026-10-12', '2026-10-13', '2026-10-14', '2026-10-15'];
    const thursdaySunset = sunsetShown(newYork, '2026-10-15');
    const expected = fromMinutes(Math.floor((toMinutes(thursdaySunset) - 15) / 5) * 5);
    for (const date of week) {
      const [t] = resolvePrayerTimes({ rules: [mincha], place: newYork, date });
      expect(t!.time, date).toBe(expected);
      expect(t!.explanation).toBe(`weekly: earliest sunset Sun–Thu (${thursdaySunset}) − 15 min, rounded down to 5 → ${expected}`);
    }
    expect(resolvePrayerTimes({ rules: [mincha], place: newYork, date: '2026-10-16' })).toEqual([]);
  });

  it('takes the latest zman of the week, or a chosen day, when asked', () => {
    const latest = rule({ id: 'l', time: { kind: 'zman', zman: 'sunset', offsetMinutes: 0 }, weekly: { mode: 'latest', days: [0, 1, 2, 3, 4] } });
    expect(resolvePrayerTimes({ rules: [latest], place: newYork, date: '2026-10-14' })[0]!.time).toBe(sunsetShown(newYork, '2026-10-11'));
    const tuesday = rule({ id: 'd', time: { kind: 'zman', zman: 'sunset', offsetMinutes: 0 }, weekly: { mode: 'day', day: 2, days: [0, 1, 2, 3, 4] } });
    const t = resolvePrayerTimes({ rules: [tuesday], place: newYork, date: '2026-10-11' })[0]!;
    expect(t.time).toBe(sunsetShown(newYork, '2026-10-13'));
    expect(t.explanation).toMatch(/^weekly: sunset on Tue/);
  });

  it('compares sunsets by the clock across the US fall-back week (1 November 2026 is a Sunday)', () => {
    const earliest = rule({ id: 'e', time: { kind: 'zman', zman: 'sunset', offsetMinutes: 0 }, weekly: { mode: 'earliest', days: [0, 1, 2, 3, 4] } });
    expect(resolvePrayerTimes({ rules: [earliest], place: newYork, date: '2026-11-02' })[0]!.time).toBe(sunsetShown(newYork, '2026-11-05'));
  });
});

describe('holiday schedules', () => {
  const regular = [rule({ id: 'shacharit', time: { kind: 'fixed', time: '06:30' } })];
  const pesach: HolidayTimes = {
    id: 'pesach',
    title: 'Pesach',
    dateFrom: '2026-04-02',
    dateTo: '2026-04-03',
    replacesRegular: true,
    times: [
      { name: 'Shacharit', time: { kind: 'fixed', time: '08:00' }, sortOrder: 0 },
      { name: 'Mincha', time: { kind: 'zman', zman: 'sunset', offsetMinutes: -20 }, rounding: { mode: 'down', step: 5 }, sortOrder: 1 },
    ],
  };

  it('replaces the regular schedule on its days, and says where each time came from', () => {
    const times = resolvePrayerTimes({ rules: regular, holidayTimes: [pesach], place: newYork, date: '2026-04-02' });
    expect(times.map((t) => [t.name, t.source, t.ruleId])).toEqual([
      ['Shacharit', 'holiday', 'pesach#0'],
      ['Mincha', 'holiday', 'pesach#1'],
    ]);
    expect(times[0]!.explanation).toBe('Pesach: fixed 08:00');
    expect(resolvePrayerTimes({ rules: regular, holidayTimes: [pesach], place: newYork, date: '2026-04-04' }).map((t) => t.ruleId)).toEqual(['shacharit']);
  });

  it('adds to the regular schedule when it does not replace it, sorted by time then sortOrder', () => {
    const extra = { ...pesach, replacesRegular: false, times: [{ name: 'Siyum', time: { kind: 'fixed' as const, time: '06:30' }, sortOrder: -1 }] };
    expect(resolvePrayerTimes({ rules: regular, holidayTimes: [extra], place: newYork, date: '2026-04-02' }).map((t) => t.name)).toEqual([
      'Siyum',
      'shacharit',
    ]);
  });

  it('lists the zmanim the rules hang on', () => {
    expect(zmanimUsedBy([...regular, rule({ id: 'x', time: { kind: 'zman', zman: 'plagHaMincha', offsetMinutes: 0 } })], [pesach])).toEqual([
      'plagHaMincha',
      'sunset',
    ]);
  });
});

describe('rules that exclude day kinds and replace one another', () => {
  const weekdayShacharit = rule({ id: 'shacharit', name: 'Shacharit', time: { kind: 'fixed', time: '06:30' }, daysOfWeek: [0, 1, 2, 3, 4, 5] });
  const roshChodeshShacharit = rule({
    id: 'shacharit-rc',
    name: 'Shacharit (Rosh Chodesh)',
    time: { kind: 'fixed', time: '06:15' },
    dayKinds: ['roshChodesh'],
    excludeDayKinds: ['shabbat'],
    replaces: ['shacharit'],
  });
  const at = (date: string, rules: TfilaTime[]) => resolvePrayerTimes({ rules, place: jerusalem, date }).map((t) => `${t.name} ${t.time}`);

  it('shows one Shacharit on Rosh Chodesh: the Rosh Chodesh rule stands in for the ordinary one (Rosh Chodesh Kislev, 10–11 Nov 2026)', () => {
    expect(at('2026-11-10', [weekdayShacharit, roshChodeshShacharit])).toEqual(['Shacharit (Rosh Chodesh) 06:15']);
    expect(at('2026-11-12', [weekdayShacharit, roshChodeshShacharit])).toEqual(['Shacharit 06:30']);
    const [rc] = resolvePrayerTimes({ rules: [weekdayShacharit, roshChodeshShacharit], place: jerusalem, date: '2026-11-10' });
    expect(rc).toMatchObject({ replacing: ['shacharit'], explanation: 'fixed 06:15; in place of shacharit' });
  });

  it('replaces nothing on a day the replacing rule does not apply (a Rosh Chodesh on Shabbat it excludes)', () => {
    // 18 April 2026 is Shabbat Rosh Chodesh Iyyar.
    const shabbatToo = { ...weekdayShacharit, daysOfWeek: [0, 1, 2, 3, 4, 5, 6] };
    expect(at('2026-04-18', [shabbatToo, roshChodeshShacharit])).toEqual(['Shacharit 06:30']);
  });

  it('leaves a rule out on the day kinds it excludes, whatever its days of the week say', () => {
    const noYomTov = { ...weekdayShacharit, excludeDayKinds: ['yomTov' as const, 'cholHamoed' as const] };
    expect(at('2026-04-02', [noYomTov])).toEqual([]);
    expect(at('2026-04-05', [noYomTov])).toEqual([]);
    expect(at('2026-04-10', [noYomTov])).toEqual(['Shacharit 06:30']);
    const notOnChanukah = { ...weekdayShacharit, excludeDayKinds: ['chanukah' as const] };
    expect(at('2026-12-07', [notOnChanukah])).toEqual([]);
  });

  it('follows a chain of replacements, and shows both of two rules that replace each other rather than neither', () => {
    const fast = rule({ id: 'fast', name: 'Shacharit (fast)', time: { kind: 'fixed', time: '06:00' }, replaces: ['shacharit-rc'] });
    expect(at('2026-11-10', [weekdayShacharit, roshChodeshShacharit, fast])).toEqual(['Shacharit (fast) 06:00', 'Shacharit 06:30']);
    const a = rule({ id: 'a', name: 'A', time: { kind: 'fixed', time: '07:00' }, replaces: ['b'] });
    const b = rule({ id: 'b', name: 'B', time: { kind: 'fixed', time: '07:10' }, replaces: ['a'] });
    expect(at('2026-11-12', [a, b])).toEqual(['A 07:00', 'B 07:10']);
  });

  it('keeps a v1 rule as it was: no exclusions, no replacements', () => {
    expect(at('2026-11-10', [weekdayShacharit, { ...roshChodeshShacharit, replaces: undefined, excludeDayKinds: undefined }])).toEqual([
      'Shacharit (Rosh Chodesh) 06:15',
      'Shacharit 06:30',
    ]);
  });
});
