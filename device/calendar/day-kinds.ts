import { HDate, HebrewCalendar, flags, months, type HolidayEvent } from '@hebcal/core';
import type { DayKind } from '../../cloud-sync/protocol/content.js';
import { addDays, dayOfWeek, hebcalCivilDate, type LocalDate } from './local-date.js';
import { isMegillahDay } from './purim.js';

/** What decides which days a place keeps: Israel or the diaspora, and a walled city's Purim. */
export type CalendarScheme = { israel: boolean; walledCity?: boolean };

/** The Hebrew date of the daytime of a civil date (the evening before belongs to it too). */
export function hebrewDateOfDay(date: LocalDate): HDate {
  return new HDate(hebcalCivilDate(date));
}

/** hebcal's holidays for the daytime of `date`, as observed in Israel or the diaspora. */
export function holidaysOn(date: LocalDate, israel: boolean): HolidayEvent[] {
  return (HebrewCalendar.getHolidaysOnDate(hebrewDateOfDay(date), israel) ?? []).filter((ev) => !(ev.getFlags() & (flags.YOM_KIPPUR_KATAN | flags.BEHAB)));
}

/** A day on which melacha is forbidden by the festival itself (yom tov, Yom Kippur); not Shabbat. */
export function isYomTov(date: LocalDate, israel: boolean): boolean {
  return holidaysOn(date, israel).some((ev) => ev.getFlags() & flags.CHAG);
}

function isHoly(date: LocalDate, israel: boolean): boolean {
  return dayOfWeek(date) === 6 || isYomTov(date, israel);
}

/**
 * What happens at the end of the daytime of `date`:
 * - 'candles': a weekday (or a yom tov before Shabbat) gives way to Shabbat or yom tov;
 *   candles are lit before sunset.
 * - 'candlesAfterTzeit': Shabbat or yom tov runs straight into yom tov; candles are lit from an
 *   existing flame only after nightfall (tzeit), since lighting earlier would profane the first day.
 * - 'havdalah': Shabbat or yom tov ends and a weekday follows.
 * A yom tov followed by Shabbat needs candles before sunset: Shabbat may not be profaned by a flame.
 */
export type Evening = 'candles' | 'candlesAfterTzeit' | 'havdalah';

export function eveningOf(date: LocalDate, israel: boolean): Evening | undefined {
  const today = isHoly(date, israel);
  const tomorrow = addDays(date, 1);
  if (!isHoly(tomorrow, israel)) return today ? 'havdalah' : undefined;
  if (!today || dayOfWeek(tomorrow) === 6) return 'candles';
  return 'candlesAfterTzeit';
}

/**
 * Fasts that change a congregation's schedule; Ta'anit Bechorot binds only the firstborn, and
 * the daytime of Erev Tish'a B'Av (which hebcal flags as a major fast) is not yet the fast.
 */
function isPublicFast(ev: HolidayEvent): boolean {
  const f = ev.getFlags();
  return Boolean(f & (flags.MAJOR_FAST | flags.MINOR_FAST)) && !(f & flags.EREV) && ev.getDesc() !== "Ta'anit Bechorot";
}

/** The day of Chanukah (1-8) whose daytime `hd` is: 25 Kislev to 2 or 3 Tevet. Night n is the evening before day n. */
export function chanukahDayOf(hd: HDate): number | undefined {
  const n = hd.abs() - HDate.hebrew2abs(hd.getFullYear(), months.KISLEV, 25) + 1;
  return n >= 1 && n <= 8 ? n : undefined;
}

/**
 * The kinds of day `date` is, for filtering rules. Every kind describes the civil date: a rule
 * with dayKinds [motzeiShabbat] applies on Saturday's date, at a time that is in the evening.
 * "weekday" is any day that is neither Shabbat nor yom tov (chol hamoed and Fridays included).
 */
export function dayKindsOf(date: LocalDate, scheme: CalendarScheme): DayKind[] {
  const { israel } = scheme;
  const dow = dayOfWeek(date);
  const hd = hebrewDateOfDay(date);
  const events = holidaysOn(date, israel);
  const yomTov = events.some((ev) => ev.getFlags() & flags.CHAG);
  const kinds: DayKind[] = [];
  if (dow !== 6 && !yomTov) kinds.push('weekday');
  if (dow === 5) kinds.push('erevShabbat');
  if (dow === 6) kinds.push('shabbat', 'motzeiShabbat');
  if (events.some((ev) => ev.getFlags() & flags.ROSH_CHODESH)) kinds.push('roshChodesh');
  if (events.some(isPublicFast)) kinds.push('fastDay');
  if (events.some((ev) => ev.getFlags() & flags.CHOL_HAMOED)) kinds.push('cholHamoed');
  if (!yomTov && isYomTov(addDays(date, 1), israel)) kinds.push('erevYomTov');
  if (yomTov) kinds.push('yomTov');
  if (chanukahDayOf(hd) !== undefined) kinds.push('chanukah');
  if (isMegillahDay(hd, scheme.walledCity ?? false)) kinds.push('purim');
  return kinds;
}
