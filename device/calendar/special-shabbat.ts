import { HebrewCalendar, MevarchimChodeshEvent, MoladEvent, flags } from '@hebcal/core';
import { chanukahDayOf, hebrewDateOfDay, holidaysOn } from './day-kinds.js';
import type { HolidayInfo } from './holiday-info.js';
import { addDays, dayOfWeek, hebcalCivilDate, type LocalDate } from './local-date.js';
import { memoize } from './memo.js';
import type { Place } from './place.js';
import type { Rendered } from './rendered.js';

export type MoladInfo = Rendered & {
  /** The traditional announcement, Jerusalem time: day of week (0 = Sunday), hour, minutes, chalakim (1/18 minute). */
  dayOfWeek: number;
  hour: number;
  minutes: number;
  chalakim: number;
  /** The moment of the molad (Jerusalem standard time reckoning, as hebcal gives it). */
  at: Date;
};

/** Shabbat Mevarchim: the month blessed, its molad, and the days of its Rosh Chodesh as they are announced. */
export type Mevarchim = Rendered & { month: string; molad: MoladInfo; roshChodesh: LocalDate[] };

const hasFlag = (date: LocalDate, israel: boolean, flag: number) => holidaysOn(date, israel).some((ev) => ev.getFlags() & flag);

/**
 * On Shabbat Mevarchim (the Shabbat before Rosh Chodesh is announced): the month, its molad and
 * its Rosh Chodesh. Remembered: a model build names the same Shabbat several times.
 */
export const mevarchimOn: (date: LocalDate, israel: boolean) => Mevarchim | undefined = memoize(mevarchimFresh, 64);

function mevarchimFresh(date: LocalDate, israel: boolean): Mevarchim | undefined {
  if (dayOfWeek(date) !== 6) return undefined;
  const day = hebcalCivilDate(date);
  const events = HebrewCalendar.calendar({ start: day, end: day, il: israel, shabbatMevarchim: true, molad: true, noHolidays: true });
  const blessing = events.find((e): e is MevarchimChodeshEvent => e instanceof MevarchimChodeshEvent);
  const moladEv = events.find((e): e is MoladEvent => e instanceof MoladEvent);
  if (!blessing || !moladEv) return undefined;
  const m = moladEv.molad;
  // Rosh Chodesh is the 30th of this month, when it has one, and the 1st of the next.
  // It comes within the week (Shabbat Mevarchim is the Shabbat before it).
  const week = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => addDays(date, n));
  const first = week.findIndex((d) => hasFlag(d, israel, flags.ROSH_CHODESH));
  const roshChodesh = first < 0 ? [] : week.slice(first, first + 2).filter((d) => hasFlag(d, israel, flags.ROSH_CHODESH));
  return {
    en: blessing.render('en'),
    he: blessing.render('he'),
    month: blessing.monthName,
    roshChodesh,
    molad: {
      en: moladEv.render('en'),
      he: moladEv.render('he'),
      dayOfWeek: m.getDow(),
      hour: m.getHour(),
      minutes: m.getMinutes(),
      chalakim: m.getChalakim(),
      at: new Date(m.getInstant().epochMilliseconds),
    },
  };
}

const shabbat = (desc: string, en: string, he: string): HolidayInfo => ({ desc, en, he, kind: 'specialShabbat' });

/**
 * The names a Shabbat takes beyond hebcal's special Shabbatot (Shekalim, Zachor, Parah,
 * HaChodesh, HaGadol, Shuva, Shirah, Chazon, Nachamu): Rosh Chodesh, Machar Chodesh (Rosh
 * Chodesh is on Sunday), Chanukah, Chol HaMoed, and Mevarchim.
 */
export function specialShabbatot(place: Place, date: LocalDate): HolidayInfo[] {
  if (dayOfWeek(date) !== 6) return [];
  const names: HolidayInfo[] = [];
  const today = holidaysOn(date, place.israel);
  const has = (flag: number) => today.some((ev) => ev.getFlags() & flag);
  if (has(flags.ROSH_CHODESH)) names.push(shabbat('Shabbat Rosh Chodesh', 'Shabbat Rosh Chodesh', 'שַׁבַּת רֹאשׁ חוֹדֶשׁ'));
  else if (hasFlag(addDays(date, 1), place.israel, flags.ROSH_CHODESH)) names.push(shabbat('Shabbat Machar Chodesh', 'Shabbat Machar Chodesh', 'שַׁבַּת מָחָר חוֹדֶשׁ'));
  if (chanukahDayOf(hebrewDateOfDay(date)) !== undefined) names.push(shabbat('Shabbat Chanukah', 'Shabbat Chanukah', 'שַׁבַּת חֲנוּכָּה'));
  if (has(flags.CHOL_HAMOED)) names.push(shabbat('Shabbat Chol HaMoed', 'Shabbat Chol HaMoed', 'שַׁבַּת חוֹל הַמּוֹעֵד'));
  const mevarchim = mevarchimOn(date, place.israel);
  if (mevarchim) names.push(shabbat('Shabbat Mevarchim', mevarchim.en, mevarchim.he));
  return names;
}
