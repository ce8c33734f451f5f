import { HDate } from '@hebcal/core';
import type { Synagogue, TimeSpec } from '../../cloud-sync/protocol/content.js';
import { chanukahLightingOn, chanukahNightOf } from './chanukah.js';
import { describeDay, hebrewDateAt, type HolidayInfo } from './day-info.js';
import { hebrewDateOfDay, isYomTov } from './day-kinds.js';
import { beginsTheEveningBefore } from './fasts.js';
import { addDays, formatLocalIso, type LocalDate } from './local-date.js';
import { omerCount } from './omer.js';
import type { Place } from './place.js';
import { isMegillahDay, purimDayOf, type PurimDay } from './purim.js';
import type { Rendered } from './rendered.js';
import { parseHebrewMonth, yahrzeitObservance, type DeathDate } from './yahrzeit.js';
import type { ZmanFallback } from './zmanim.js';

/** The pure halves of `luach calendar` and `luach yahrzeit`: parsed arguments in, plain JSON out. */

export type CalendarArgs = {
  /** The civil date asked about; with `at`, the date of that moment. */
  date: LocalDate;
  /** A moment to ask about: the Chanukah night and omer count in effect then. */
  at?: Date;
  lat: number;
  lon: number;
  tz: string;
  /** Metres above sea level; giving it asks for sunrise and sunset seen from there. */
  elevation?: number;
  il?: boolean;
  /** Jerusalem or another walled city: Shushan Purim is its Purim. */
  walled?: boolean;
  nusach?: NonNullable<Synagogue['nusach']>;
  candleMins?: number;
  havdalahMins?: number;
  havdalahDeg?: number;
  /** When the Hebrew date (and the Chanukah night) turns in the evening. */
  dateSwitch?: 'sunset' | 'tzeit';
  /** Weekday Chanukah candle lighting; tzeit when absent. */
  chanukahCandles?: TimeSpec;
};

const ANSWER_ZMANIM = [
  'alotHaShachar',
  'sunrise',
  'sofZmanShmaGra',
  'sofZmanShmaMga',
  'sofZmanTfillaGra',
  'chatzot',
  'minchaGedola',
  'minchaKetana',
  'plagHaMincha',
  'sunset',
  'tzeit',
] as const;
type AnswerZman = (typeof ANSWER_ZMANIM)[number];

type Iso = string;
type ByReckoning = { gra: Iso; mga: Iso };

export type CalendarAnswer = {
  date: LocalDate;
  /** The moment asked about, when --at was given. */
  at?: Iso;
  /** The Hebrew date of the date's daytime. */
  hebrewDate: Rendered;
  /** With --at: the Hebrew date in effect at that moment (after the evening switch, the next one's). */
  hebrewDateAt?: Rendered & { evening: boolean };
  /** How sunrise and sunset were seen: "sea level", or "elevation 754 m" when asked for. */
  sunriseSunset: string;
  parasha?: Rendered;
  holidays: Rendered[];
  /** On Shabbat: the names it takes (HaGadol, Shekalim, Rosh Chodesh, Chanukah, Mevarchim...). */
  specialShabbat?: Rendered[];
  /** On Shabbat Mevarchim: the month blessed, its molad and the days of its Rosh Chodesh. */
  mevarchim?: { month: string; molad: Rendered & { dayOfWeek: number; hour: number; minutes: number; chalakim: number }; roshChodesh: LocalDate[] };
  /** The omer counted on this date's evening after tzeit (with --at: the count in effect then, else that evening's). */
  omer?: Rendered & { day: number; countFrom: Iso };
  /** The Chanukah night lit this evening (with --at: the night in effect then, else this evening's) and when. */
  chanukah?: { night: number; candleLighting: Iso; rule: 'weekday' | 'beforeShabbat' | 'afterHavdalah' };
  /** On erev Pesach (and the Friday before, when erev Pesach is Shabbat): the chametz deadlines. */
  chametz?: { erevPesach: LocalDate; eatUntil: ByReckoning; burnDate: LocalDate; burnUntil: ByReckoning; nullifyUntil?: ByReckoning };
  /** A fast observed on this date, or one that begins this evening (Tish'a B'Av, Yom Kippur). */
  fast?: Rendered & { begins?: Iso; ends?: Iso };
  /** The day's part in Purim as the place keeps it (--walled: Shushan Purim, Purim Meshulash). */
  purim?: Rendered & { day: PurimDay; megillah: boolean };
  dafYomi?: Rendered;
  /** ISO 8601 local times with offset and seconds; null only where the sun neither rises nor sets. */
  zmanim: Record<AnswerZman, Iso | null>;
  /** Present only at high latitudes: which zmanim stand in for an unreachable one, and how. */
  zmanimFallbacks?: Partial<Record<AnswerZman | 'candleLighting' | 'havdalah', ZmanFallback>>;
  candleLighting?: Iso;
  /** When this evening brings yom tov: the candles, and whether only after tzeit from an existing flame (a second day, or after Shabbat). */
  yomTovCandleLighting?: { at: Iso; afterTzeit: boolean; fromExistingFlame: boolean };
  havdalah?: Iso;
};

const rendered = ({ en, he }: Rendered): Rendered => ({ en, he });

export function calendarAnswer(args: CalendarArgs): CalendarAnswer {
  const place: Place = {
    latitude: args.lat,
    longitude: args.lon,
    elevation: args.elevation ?? 0,
    useElevation: args.elevation !== undefined,
    timezone: args.tz,
    israel: args.il ?? false,
    walledCity: args.walled ?? false,
  };
  const settings = {
    candleLightingMinutes: args.candleMins,
    havdalahMinutes: args.havdalahMins,
    havdalahDegrees: args.havdalahDeg,
    hebrewDateSwitch: args.dateSwitch,
    chanukahCandleLighting: args.chanukahCandles,
  };
  const day = describeDay(place, args.date, { ...settings, learning: ['dafYomi'] });
  const moment = args.at && hebrewDateAt(place, args.at, settings);
  const iso = (d: Date) => formatLocalIso(d, args.tz);
  const isoOrNull = (d: Date | undefined) => (d ? iso(d) : null);
  const z = day.zmanim;
  const zmanim = Object.fromEntries(ANSWER_ZMANIM.map((name) => [name, isoOrNull(z.times[name])])) as Record<AnswerZman, Iso | null>;
  const fallbacks = Object.fromEntries(
    Object.entries(z.fallbacks).filter(([name]) => (ANSWER_ZMANIM as readonly string[]).includes(name) || name === 'candleLighting' || name === 'havdalah'),
  );
  const daf = day.learning.find((l) => l.key === 'dafYomi');
  const shabbatNames = day.holidays.filter((h) => h.kind === 'specialShabbat').map(rendered);

  // The Chanukah night and the omer count: of this evening, or in effect at --at (and before
  // the first night or count, the one of this evening).
  const chanukah = (() => {
    if (!moment) return day.chanukah?.tonight;
    const inEffect = chanukahNightOf(moment.dayDate) !== undefined ? chanukahLightingOn(place, addDays(moment.dayDate, -1), settings) : undefined;
    return inEffect ?? day.chanukah?.tonight;
  })();
  const omer = (() => {
    const tonight = day.omer?.tonight && day.omer.countFrom ? { day: day.omer.tonight, from: day.omer.countFrom } : undefined;
    if (!args.at || (tonight && args.at >= tonight.from)) return tonight;
    const yesterday = describeDay(place, addDays(args.date, -1), settings);
    const counted = yesterday.omer?.tonight && yesterday.omer.countFrom ? { day: yesterday.omer.tonight, from: yesterday.omer.countFrom } : undefined;
    return counted ?? tonight;
  })();

  const fast = [...day.holidays, ...describeDay(place, addDays(args.date, 1), settings).holidays.filter((h) => beginsTheEveningBefore(h.desc))].find(
    (h): h is HolidayInfo => h.kind === 'fast' && h.desc !== "Ta'anit Bechorot",
  );
  const hd = hebrewDateOfDay(args.date);
  const purimDay = purimDayOf(hd, place.walledCity ?? false);
  const purimName = day.holidays.find((h) => h.kind === 'purim' || h.desc.startsWith('Purim: '));
  const tomorrowYomTov = isYomTov(addDays(args.date, 1), place.israel);
  const candles = z.times.candleLighting;

  const answer: CalendarAnswer = {
    date: args.date,
    ...(args.at ? { at: iso(args.at) } : {}),
    hebrewDate: { en: day.hebrewDate.en, he: day.hebrewDate.he },
    ...(moment && { hebrewDateAt: { en: moment.hebrewDate.en, he: moment.hebrewDate.he, evening: moment.evening } }),
    sunriseSunset: place.useElevation ? `elevation ${place.elevation} m` : 'sea level',
    ...(day.parasha && { parasha: day.parasha }),
    holidays: day.holidays.map(rendered),
    ...(shabbatNames.length > 0 && { specialShabbat: shabbatNames }),
    ...(day.mevarchim && {
      mevarchim: {
        month: day.mevarchim.month,
        molad: {
          en: day.mevarchim.molad.en,
          he: day.mevarchim.molad.he,
          dayOfWeek: day.mevarchim.molad.dayOfWeek,
          hour: day.mevarchim.molad.hour,
          minutes: day.mevarchim.molad.minutes,
          chalakim: day.mevarchim.molad.chalakim,
        },
        roshChodesh: day.mevarchim.roshChodesh,
      },
    }),
    ...(omer && { omer: { day: omer.day, ...omerCount(omer.day, args.nusach), countFrom: iso(omer.from) } }),
    ...(chanukah && { chanukah: { night: chanukah.night, candleLighting: iso(chanukah.at), rule: chanukah.rule } }),
    ...(day.chametz && {
      chametz: {
        erevPesach: day.chametz.erevPesach,
        eatUntil: { gra: iso(day.chametz.eatUntil.gra), mga: iso(day.chametz.eatUntil.mga) },
        burnDate: day.chametz.burnDate,
        burnUntil: { gra: iso(day.chametz.burnUntil.gra), mga: iso(day.chametz.burnUntil.mga) },
        ...(day.chametz.nullifyUntil && { nullifyUntil: { gra: iso(day.chametz.nullifyUntil.gra), mga: iso(day.chametz.nullifyUntil.mga) } }),
      },
    }),
    ...(fast && { fast: { ...rendered(fast), ...(fast.begins && { begins: iso(fast.begins) }), ...(fast.ends && { ends: iso(fast.ends) }) } }),
    ...(purimDay && purimName && { purim: { ...rendered(purimName), day: purimDay, megillah: isMegillahDay(hd, place.walledCity ?? false) } }),
    ...(daf && { dafYomi: { en: daf.en, he: daf.he } }),
    zmanim,
    ...(Object.keys(fallbacks).length > 0 && { zmanimFallbacks: fallbacks }),
    ...(candles && { candleLighting: iso(candles) }),
    ...(candles &&
      tomorrowYomTov && {
        yomTovCandleLighting: {
          at: iso(candles),
          afterTzeit: z.evening === 'candlesAfterTzeit',
          fromExistingFlame: z.evening === 'candlesAfterTzeit' || isYomTov(args.date, place.israel),
        },
      }),
    ...(z.times.havdalah && { havdalah: iso(z.times.havdalah) }),
  };
  return answer;
}

export type YahrzeitArgs = { died: LocalDate; afterSunset?: boolean; from: number; to: number } | { hebrew: string; from: number; to: number };

export type YahrzeitAnswerEntry = { hebrewYear: number; date: LocalDate; hebrewDate: Rendered };

/** "DAY MONTH YEAR", e.g. "30 Cheshvan 5784" or "15 Adar II 5784", as a death date. */
export function parseHebrewDeathDate(text: string): DeathDate {
  const m = /^\s*(\d{1,2})\s+(.+?)\s+(\d{4})\s*$/.exec(text);
  if (!m) throw new RangeError(`--hebrew: expected "DAY MONTH YEAR" such as "15 Adar II 5784", got "${text}"`);
  const hebrewDay = Number(m[1]);
  const hebrewMonth = m[2] ?? '';
  const hebrewYear = Number(m[3]);
  const month = parseHebrewMonth(hebrewMonth, hebrewYear);
  if (month > HDate.monthsInYear(hebrewYear) || hebrewDay < 1 || hebrewDay > HDate.daysInMonth(month, hebrewYear)) {
    throw new RangeError(`--hebrew: ${hebrewDay} ${hebrewMonth} does not exist in ${hebrewYear}`);
  }
  return { hebrewDay, hebrewMonth, hebrewYear, afterSunset: false };
}

/**
 * Every yahrzeit whose daytime falls from 1 January of `from` through 31 December of `to`.
 * A Hebrew year is 353–385 days, so a Gregorian year can hold two observances of a date near
 * the turn of the civil year (early January and late December), or none.
 */
export function yahrzeitAnswer(args: YahrzeitArgs): YahrzeitAnswerEntry[] {
  const death: DeathDate = 'died' in args ? { diedOn: args.died, afterSunset: args.afterSunset ?? false } : parseHebrewDeathDate(args.hebrew);
  const first = `${String(args.from).padStart(4, '0')}-01-01`;
  const last = `${String(args.to).padStart(4, '0')}-12-31`;
  const entries: YahrzeitAnswerEntry[] = [];
  for (let hebrewYear = args.from + 3760; hebrewYear <= args.to + 3761; hebrewYear++) {
    const obs = yahrzeitObservance(death, hebrewYear);
    if (!obs || obs.date < first || obs.date > last) continue;
    entries.push({ hebrewYear, date: obs.date, hebrewDate: { en: obs.hebrewDate.en, he: obs.hebrewDate.he } });
  }
  return entries;
}
