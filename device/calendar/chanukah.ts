import type { DeviceSettings, TimeSpec } from '../../cloud-sync/protocol/content.js';
import { chanukahDayOf, hebrewDateOfDay } from './day-kinds.js';
import { addDays, dayOfWeek, localTimeOf, type LocalDate } from './local-date.js';
import type { Place } from './place.js';
import { resolveTimeSpec } from './time-spec.js';
import { computeZmanim, zmanimOptionsFrom, type ZmanimSettings } from './zmanim.js';

export type ChanukahSettings = ZmanimSettings & Partial<Pick<DeviceSettings, 'chanukahCandleLighting'>>;

/** Tzeit, when the synagogue has not chosen: the Shulchan Aruch's "at the end of sunset" (OC 672:1) as the Mishna Berura reads it. */
export const DEFAULT_CHANUKAH_LIGHTING: TimeSpec = { kind: 'zman', zman: 'tzeit', offsetMinutes: 0 };

export type ChanukahLighting = {
  /** The night: how many candles are lit (1-8). */
  night: number;
  /** The civil date of the evening they are lit on. */
  date: LocalDate;
  at: Date;
  /** 'weekday' at the synagogue's chosen time; Friday just before the Shabbat candles; Saturday night after havdalah. */
  rule: 'weekday' | 'beforeShabbat' | 'afterHavdalah';
  /** e.g. "tzeit 16:58 → 16:58", "before the Shabbat candles at 16:05", "after havdalah at 17:21". */
  explanation: string;
};

/**
 * The Chanukah candles lit on the evening of `date`, if that evening is one of the eight nights.
 * On Friday they are lit before the Shabbat candles, since no flame may be lit once Shabbat has
 * begun; on Saturday night only after Shabbat ends (havdalah). Undefined where the time does not
 * occur (no sunset in polar day).
 */
export function chanukahLightingOn(place: Place, date: LocalDate, settings: ChanukahSettings = {}): ChanukahLighting | undefined {
  const night = chanukahDayOf(hebrewDateOfDay(addDays(date, 1)));
  if (night === undefined) return undefined;
  const zmanim = computeZmanim(place, date, zmanimOptionsFrom(settings));
  const tz = place.timezone;
  const dow = dayOfWeek(date);
  if (dow === 5 || dow === 6) {
    const at = dow === 5 ? zmanim.times.candleLighting : zmanim.times.havdalah;
    if (!at) return undefined;
    const rule = dow === 5 ? 'beforeShabbat' : 'afterHavdalah';
    const explanation = dow === 5 ? `before the Shabbat candles at ${localTimeOf(at, tz)}` : `after havdalah at ${localTimeOf(at, tz)}`;
    return { night, date, at, rule, explanation };
  }
  const resolved = resolveTimeSpec(settings.chanukahCandleLighting ?? DEFAULT_CHANUKAH_LIGHTING, undefined, date, zmanim, tz);
  return resolved && { night, date, at: resolved.at, rule: 'weekday', explanation: resolved.explanation };
}

/** The night of Chanukah whose count is in effect on the Hebrew day of `dayDate` (the evening before belongs to it). */
export function chanukahNightOf(dayDate: LocalDate): number | undefined {
  return chanukahDayOf(hebrewDateOfDay(dayDate));
}
