import { HDate, HebrewCalendar, months } from '@hebcal/core';
import type { DeviceSettings, Hanzch } from '../../cloud-sync/protocol/content.js';
import { hebrewDateOfDay } from './day-kinds.js';
import { hebrewDateAt, hebrewDateInfo, type HebrewDateInfo, type HebrewDateSettings } from './hebrew-date.js';
import { addDays, civilDateOfHebcal, dayOfWeek, hebcalCivilDate, startOfLocalDay, type LocalDate } from './local-date.js';
import type { Place } from './place.js';
import { computeZmanim, zmanimOptionsFrom } from './zmanim.js';

/** What a yahrzeit needs from a Hanzch: a Gregorian date of death, or a Hebrew one. */
export type DeathDate = Pick<Hanzch, 'diedOn' | 'afterSunset' | 'hebrewDay' | 'hebrewMonth' | 'hebrewYear'>;

export type YahrzeitObservance = {
  /** The Gregorian day of the yahrzeit's daytime; the yahrzeit begins the evening before. */
  date: LocalDate;
  hebrewDate: HebrewDateInfo;
};

/**
 * A Hebrew month name as people type it, through hebcal's lenient parser (Cheshvan/Heshvan,
 * Sh'vat/Shvat, Iyyar/Iyar, Adar I/Adar II...). Plain "Adar" means Adar in an ordinary year and,
 * as hebcal reads it, Adar II in a leap year.
 */
export function parseHebrewMonth(name: string, year: number | undefined): number {
  let month: number;
  try {
    month = HDate.monthFromName(name.trim());
  } catch {
    throw new RangeError(`unknown Hebrew month "${name}"; expected e.g. Nisan, Iyyar, Cheshvan, Sh'vat, Adar, Adar I, Adar II`);
  }
  if (month === months.ADAR_II && year !== undefined && !HDate.isLeapYear(year)) return months.ADAR_I;
  return month;
}

function exists(day: number, month: number, year: number): boolean {
  if (month > HDate.monthsInYear(year)) return false;
  return day >= 1 && day <= HDate.daysInMonth(month, year);
}

/**
 * A year of death standing in for an unknown one, chosen so the date exists and its first
 * anniversary kept the day: an ordinary year for plain Adar, a leap year for Adar I/II, and for
 * 30 Cheshvan or 30 Kislev a year followed by one where the 30th occurs. With that choice the
 * observance is the 30th whenever the month has it, else the 1st of the next month.
 */
function standInYear(day: number, monthName: string, before: number): { year: number; month: number } {
  const plainAdar = /^\s*adar\s*$/i.test(monthName);
  for (let year = before - 1; year > before - 40; year--) {
    const leap = HDate.isLeapYear(year);
    const month = parseHebrewMonth(monthName, year);
    if (plainAdar && leap) continue;
    if ((month === months.ADAR_II || /adar\s*(i|1|א)\b/i.test(monthName)) && !leap) continue;
    if (!exists(day, month, year)) continue;
    if (day === 30 && month === months.CHESHVAN && !HDate.longCheshvan(year + 1)) continue;
    if (day === 30 && month === months.KISLEV && HDate.shortKislev(year + 1)) continue;
    return { year, month };
  }
  throw new RangeError(`no Hebrew year has day ${day} of ${monthName}`);
}

/** The Hebrew date of death; a death after sunset belongs to the next Hebrew day. */
export function deathHebrewDate(h: DeathDate, observedYear?: number): HDate {
  if (h.diedOn) {
    const hd = new HDate(hebcalCivilDate(h.diedOn));
    return h.afterSunset ? hd.next() : hd;
  }
  if (h.hebrewDay === undefined || h.hebrewMonth === undefined) {
    throw new RangeError('a yahrzeit needs diedOn, or hebrewDay and hebrewMonth');
  }
  if (h.hebrewYear !== undefined) {
    const month = parseHebrewMonth(h.hebrewMonth, h.hebrewYear);
    if (!exists(h.hebrewDay, month, h.hebrewYear)) {
      throw new RangeError(`${h.hebrewDay} ${h.hebrewMonth} does not exist in ${h.hebrewYear}`);
    }
    return new HDate(h.hebrewDay, month, h.hebrewYear);
  }
  const { year, month } = standInYear(h.hebrewDay, h.hebrewMonth, observedYear ?? 6000);
  return new HDate(h.hebrewDay, month, year);
}

/**
 * The yahrzeit in `hebrewYear`, by hebcal's rules (Reingold & Dershowitz, "Calendrical
 * Calculations"), which follow the common Ashkenazi practice (Rema, OC 568:7):
 * - Adar of an ordinary year is kept in Adar I of a leap year; Adar II (and Adar of a leap year
 *   read as Adar II) is kept in the last month, Adar or Adar II.
 * - 30 Adar I, in an ordinary year, falls back to 30 Sh'vat.
 * - 30 Cheshvan / 30 Kislev follow the first anniversary: if that year lacked the 30th, the
 *   yahrzeit is the last day of the month every year (the 29th or the 30th); otherwise the 30th,
 *   or the 1st of the next month when the month is short.
 * Returns undefined for the year of death and earlier: there is no yahrzeit yet.
 */
export function yahrzeitObservance(h: DeathDate, hebrewYear: number): YahrzeitObservance | undefined {
  const death = deathHebrewDate(h, hebrewYear);
  const hd = HebrewCalendar.getYahrzeit(hebrewYear, death);
  if (!hd) return undefined;
  return { date: civilDateOfHebcal(hd.greg()), hebrewDate: hebrewDateInfo(hd) };
}

export type YahrzeitInWindow = YahrzeitObservance & {
  hanzchId: string;
  name: string;
  /** The name in English, for an English or bilingual wall. */
  nameEn?: string;
  /** The yahrzeit's Hebrew day is the one in effect now (it began at last evening's switch). */
  isToday: boolean;
  /** When the memorial light by the name is on, for a Hanzch that asks for one. */
  memorialLight?: { from: Date; to: Date };
};

export type YahrzeitWindowSettings = HebrewDateSettings & Partial<Pick<DeviceSettings, 'yahrzeitWindow'>>;

/** Candle lighting on a Friday, or its nearest stand-in where the sun does not set. */
function shabbatBegins(place: Place, friday: LocalDate, settings: YahrzeitWindowSettings): Date {
  const z = computeZmanim(place, friday, zmanimOptionsFrom(settings));
  return z.times.candleLighting ?? z.times.sunset ?? startOfLocalDay(friday, place.timezone);
}

/**
 * The days whose yahrzeits are listed now, by the civil date of the Hebrew day in effect:
 * 'week' is Sunday through Shabbat; on Shabbat itself (from Friday evening's switch) it is the
 * week to come, when a shul announces the coming yahrzeits, with today's names kept at its head.
 * 'days' is today and the following N-1 days.
 */
export function yahrzeitWindowDays(today: LocalDate, window: YahrzeitWindowSettings['yahrzeitWindow']): { from: LocalDate; to: LocalDate } {
  if (window?.kind === 'days') return { from: today, to: addDays(today, window.days - 1) };
  if (dayOfWeek(today) === 6) return { from: today, to: addDays(today, 7) };
  const from = addDays(today, -dayOfWeek(today));
  return { from, to: addDays(from, 6) };
}

/**
 * The yahrzeits in the configured window, by date then name. A Hanzch whose date cannot be
 * reckoned (say, a misspelt month) is left out rather than failing the whole board; the cloud
 * validates it at entry.
 *
 * The memorial light burns for the Shabbat-to-Shabbat week of the yahrzeit: from candle lighting
 * of the Friday before the Shabbat on or before the yahrzeit, to candle lighting of the next
 * Friday. So a yahrzeit on Shabbat is lit from its own Friday evening, one on Sunday from the
 * Friday two days before, and one on Friday until that Friday's candle lighting.
 */
export function yahrzeitsInWindow(hanzchs: readonly Hanzch[], place: Place, now: Date, settings: YahrzeitWindowSettings = {}): YahrzeitInWindow[] {
  const today = hebrewDateAt(place, now, settings).dayDate;
  const { from, to } = yahrzeitWindowDays(today, settings.yahrzeitWindow);
  const years = [...new Set([hebrewDateOfDay(from).getFullYear(), hebrewDateOfDay(to).getFullYear()])];
  const found: YahrzeitInWindow[] = [];
  for (const h of hanzchs) {
    for (const year of years) {
      let obs: YahrzeitObservance | undefined;
      try {
        obs = yahrzeitObservance(h, year);
      } catch {
        continue;
      }
      if (!obs || obs.date < from || obs.date > to) continue;
      const entry: YahrzeitInWindow = {
        ...obs,
        hanzchId: h.id,
        name: h.name,
        ...(h.nameEn !== undefined && { nameEn: h.nameEn }),
        isToday: obs.date === today,
      };
      if (h.memorialLight) {
        const shabbat = addDays(obs.date, -((dayOfWeek(obs.date) + 1) % 7));
        const friday = addDays(shabbat, -1);
        entry.memorialLight = {
          from: shabbatBegins(place, friday, settings),
          to: shabbatBegins(place, addDays(friday, 7), settings),
        };
      }
      found.push(entry);
    }
  }
  return found.sort((a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name));
}
