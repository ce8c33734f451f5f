import { Zmanim } from '@hebcal/core';
import type { DeviceSettings, ZmanName } from '../../cloud-sync/protocol/content.js';
import { eveningOf, type Evening } from './day-kinds.js';
import { hebcalCivilDate, type LocalDate } from './local-date.js';
import { hebcalLocation, type Place } from './place.js';
import { memoize } from './memo.js';

/**
 * How this synagogue reckons the evening zmanim (zmanim: halachic times of day).
 * Minutes, when given, win over degrees. Defaults follow hebcal: tzeit and havdalah when the
 * sun is 8.5° below the horizon (three small stars), candles 18 minutes before sunset (20 in Israel).
 */
export type ZmanimOptions = {
  tzeitDegrees?: number;
  tzeitMinutes?: number;
  candleLightingMinutes?: number;
  havdalahMinutes?: number;
  havdalahDegrees?: number;
};

export type ZmanimSettings = Partial<Pick<DeviceSettings, 'tzeitDegrees' | 'tzeitMinutes' | 'candleLightingMinutes' | 'havdalahMinutes' | 'havdalahDegrees'>>;

export function zmanimOptionsFrom(settings: ZmanimSettings | undefined): ZmanimOptions {
  return {
    tzeitDegrees: settings?.tzeitDegrees,
    tzeitMinutes: settings?.tzeitMinutes,
    candleLightingMinutes: settings?.candleLightingMinutes,
    havdalahMinutes: settings?.havdalahMinutes,
    havdalahDegrees: settings?.havdalahDegrees,
  };
}

/**
 * Why a zman is not the plain astronomical answer:
 * - 'solarMidnight': the sun never gets that far below the horizon tonight (London and Oslo in
 *   June for 16.1°, Oslo for 8.5°), so the darkest moment of the night stands in: solar midnight,
 *   12 hours from chatzot. Dawn zmanim take the midnight before, evening zmanim the one after.
 * - 'unavailable': the sun does not rise or set at all that day; the zman is left out.
 */
export type ZmanFallback = 'solarMidnight' | 'unavailable';

export type DayZmanim = {
  date: LocalDate;
  /** Every zman of the day; candleLighting and havdalah only on the days they belong to. */
  times: Partial<Record<ZmanName, Date>>;
  /** Zmanim that used a fallback (or could not be computed), and which. */
  fallbacks: Partial<Record<ZmanName, ZmanFallback>>;
  /** What the evening of this date is: candles, candles after tzeit (yom tov after Shabbat or yom tov), or havdalah. */
  evening?: Evening;
  /** How each configurable zman was reckoned, for explanations ("tzeit (8.5°)"). */
  rules: { tzeit: string; candleLighting: string; havdalah: string };
  extra: {
    misheyakirMachmir?: Date;
    alotHaShachar72?: Date;
    tzeit72?: Date;
    chatzotNight?: Date;
    beinHaShmashos?: Date;
  };
};

const HOUR_MS = 3_600_000;

function valid(d: Date | null | undefined): Date | undefined {
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

/** The zmanim of a date at a place; remembered, since every model build asks for the same days. */
export const computeZmanim: (place: Place, date: LocalDate, options?: ZmanimOptions) => DayZmanim = memoize(
  (place: Place, date: LocalDate, options: ZmanimOptions = {}) => computeZmanimFresh(place, date, options),
  512,
);

function computeZmanimFresh(place: Place, date: LocalDate, options: ZmanimOptions): DayZmanim {
  const z = new Zmanim(hebcalLocation(place), hebcalCivilDate(date), place.useElevation === true);
  const times: Partial<Record<ZmanName, Date>> = {};
  const fallbacks: Partial<Record<ZmanName, ZmanFallback>> = {};
  const chatzot = valid(z.chatzot());
  const midnightBefore = chatzot && new Date(chatzot.getTime() - 12 * HOUR_MS);
  const midnightAfter = chatzot && new Date(chatzot.getTime() + 12 * HOUR_MS);

  const set = (name: ZmanName, value: Date | undefined, fallback?: Date): void => {
    if (value) times[name] = value;
    else if (fallback) {
      times[name] = fallback;
      fallbacks[name] = 'solarMidnight';
    } else fallbacks[name] = 'unavailable';
  };

  set('alotHaShachar', valid(z.alotHaShachar()), midnightBefore);
  set('misheyakir', valid(z.misheyakir()), midnightBefore);
  set('sunrise', valid(z.sunrise()));
  set('sofZmanShmaMga', valid(z.sofZmanShmaMGA()));
  set('sofZmanShmaGra', valid(z.sofZmanShma()));
  set('sofZmanTfillaMga', valid(z.sofZmanTfillaMGA()));
  set('sofZmanTfillaGra', valid(z.sofZmanTfilla()));
  set('chatzot', chatzot);
  set('minchaGedola', valid(z.minchaGedola()));
  set('minchaKetana', valid(z.minchaKetana()));
  set('plagHaMincha', valid(z.plagHaMincha()));
  const sunset = valid(z.sunset());
  set('sunset', sunset);

  const tzeitDegrees = options.tzeitDegrees ?? 8.5;
  const tzeitRule = options.tzeitMinutes !== undefined ? `${options.tzeitMinutes} min after sunset` : `${tzeitDegrees}°`;
  if (options.tzeitMinutes !== undefined) set('tzeit', valid(sunset && new Date(sunset.getTime() + options.tzeitMinutes * 60_000)));
  else set('tzeit', valid(z.tzeit(tzeitDegrees)), sunset && midnightAfter);

  // hebcal's defaults when the synagogue has not chosen: 18 minutes in the diaspora, 20 in Israel.
  const candleMinutes = options.candleLightingMinutes ?? (place.israel ? 20 : 18);
  const havdalahDegrees = options.havdalahDegrees ?? 8.5;
  const havdalahRule = options.havdalahMinutes !== undefined ? `${options.havdalahMinutes} min after sunset` : `${havdalahDegrees}°`;
  // Havdalah times are whole minutes exactly as hebcal publishes them: sunset-based ones from
  // sunset rounded to the minute, degree-based ones rounded to the nearest minute.
  const havdalahTime = (): Date | undefined =>
    options.havdalahMinutes !== undefined
      ? valid(z.sunsetOffset(options.havdalahMinutes, true))
      : valid(z.tzeit(havdalahDegrees) && Zmanim.roundTime(z.tzeit(havdalahDegrees)));

  const evening = eveningOf(date, place.israel);
  if (evening === 'candles') {
    // hebcal's rule: sunset with the seconds dropped, minus the offset; never later than the true time.
    set('candleLighting', valid(z.sunsetOffset(-candleMinutes, true)));
  } else if (evening === 'candlesAfterTzeit') {
    set('candleLighting', havdalahTime(), sunset && midnightAfter);
  } else if (evening === 'havdalah') {
    set('havdalah', havdalahTime(), sunset && midnightAfter);
  }

  return {
    date,
    times,
    fallbacks,
    evening,
    rules: {
      tzeit: tzeitRule,
      candleLighting: evening === 'candlesAfterTzeit' ? `after nightfall (${havdalahRule})` : `${candleMinutes} min before sunset`,
      havdalah: havdalahRule,
    },
    extra: {
      misheyakirMachmir: valid(z.misheyakirMachmir()),
      alotHaShachar72: valid(z.alotHaShachar72()),
      tzeit72: valid(sunset && new Date(sunset.getTime() + 72 * 60_000)),
      chatzotNight: midnightAfter,
      beinHaShmashos: valid(z.beinHaShmashos()),
    },
  };
}
