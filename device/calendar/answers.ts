import { HDate } from '@hebcal/core';
import { describeDay } from './day-info.js';
import { formatLocalIso, parseLocalDate, type LocalDate } from './local-date.js';
import type { Place } from './place.js';
import { parseHebrewMonth, yahrzeitObservance, type DeathDate } from './yahrzeit.js';
import type { ZmanFallback } from './zmanim.js';

/** The pure halves of `luach calendar` and `luach yahrzeit`: parsed arguments in, plain JSON out. */

export type CalendarArgs = {
  date: LocalDate;
  lat: number;
  lon: number;
  tz: string;
  elevation?: number;
  il?: boolean;
  candleMins?: number;
  havdalahMins?: number;
  havdalahDeg?: number;
};

type Rendered = { en: string; he: string };

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

export type CalendarAnswer = {
  date: LocalDate;
  hebrewDate: Rendered;
  parasha?: Rendered;
  holidays: Rendered[];
  omer?: number;
  dafYomi?: Rendered;
  /** ISO 8601 local times with offset and seconds; null only where the sun neither rises nor sets. */
  zmanim: Record<AnswerZman, string | null>;
  /** Present only at high latitudes: which zmanim stand in for an unreachable one, and how. */
  zmanimFallbacks?: Partial<Record<AnswerZman | 'candleLighting' | 'havdalah', ZmanFallback>>;
  candleLighting?: string;
  havdalah?: string;
};

export function calendarAnswer(args: CalendarArgs): CalendarAnswer {
  const place: Place = {
    latitude: args.lat,
    longitude: args.lon,
    elevation: args.elevation ?? 0,
    timezone: args.tz,
    israel: args.il ?? false,
  };
  const day = describeDay(place, args.date, {
    candleLightingMinutes: args.candleMins,
    havdalahMinutes: args.havdalahMins,
    havdalahDegrees: args.havdalahDeg,
    learning: ['dafYomi'],
  });
  const iso = (d: Date | undefined) => (d ? formatLocalIso(d, args.tz) : null);
  const z = day.zmanim;
  const zmanim = Object.fromEntries(ANSWER_ZMANIM.map((name) => [name, iso(z.times[name])])) as Record<AnswerZman, string | null>;
  const fallbacks = Object.fromEntries(
    Object.entries(z.fallbacks).filter(([name]) => (ANSWER_ZMANIM as readonly string[]).includes(name) || name === 'candleLighting' || name === 'havdalah'),
  );
  const daf = day.learning.find((l) => l.key === 'dafYomi');
  const answer: CalendarAnswer = {
    date: args.date,
    hebrewDate: { en: day.hebrewDate.en, he: day.hebrewDate.he },
    ...(day.parasha && { parasha: day.parasha }),
    holidays: day.holidays.map(({ en, he }) => ({ en, he })),
    ...(day.omer?.day !== undefined && { omer: day.omer.day }),
    ...(daf && { dafYomi: { en: daf.en, he: daf.he } }),
    zmanim,
    ...(Object.keys(fallbacks).length > 0 && { zmanimFallbacks: fallbacks }),
  };
  if (z.times.candleLighting) answer.candleLighting = formatLocalIso(z.times.candleLighting, args.tz);
  if (z.times.havdalah) answer.havdalah = formatLocalIso(z.times.havdalah, args.tz);
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

/** Splits `--flag value` and `--flag=value` into a map; bare flags are "true". */
function readFlags(argv: readonly string[], known: Record<string, 'value' | 'switch'>): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new RangeError(`unexpected argument "${arg}"; flags look like --name value`);
    const name = m[1] ?? '';
    const kind = known[name];
    if (!kind)
      throw new RangeError(
        `unknown flag --${name}; known: ${Object.keys(known)
          .map((k) => `--${k}`)
          .join(', ')}`,
      );
    if (kind === 'switch') {
      out.set(name, m[2] ?? 'true');
      continue;
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined || (m[2] === undefined && value.startsWith('--'))) throw new RangeError(`--${name} needs a value`);
    out.set(name, value);
  }
  return out;
}

function numberFlag(flags: Map<string, string>, name: string, min: number, max: number, integer = false): number | undefined {
  const raw = flags.get(name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new RangeError(`--${name}: expected ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function required<T>(value: T | undefined, name: string, what: string): T {
  if (value === undefined) throw new RangeError(`missing --${name} (${what})`);
  return value;
}

function dateFlag(flags: Map<string, string>, name: string): LocalDate | undefined {
  const raw = flags.get(name);
  if (raw === undefined) return undefined;
  try {
    parseLocalDate(raw);
  } catch {
    throw new RangeError(`--${name}: expected a date as YYYY-MM-DD, got "${raw}"`);
  }
  return raw;
}

/** argv after `luach calendar` -> CalendarArgs, or a RangeError naming the flag. */
export function parseCalendarArgs(argv: readonly string[]): CalendarArgs {
  const flags = readFlags(argv, {
    date: 'value',
    lat: 'value',
    lon: 'value',
    tz: 'value',
    elevation: 'value',
    il: 'switch',
    'candle-mins': 'value',
    'havdalah-mins': 'value',
    'havdalah-deg': 'value',
  });
  const tz = required(flags.get('tz'), 'tz', 'an IANA time zone such as Asia/Jerusalem');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new RangeError(`--tz: unknown time zone "${tz}"; expected an IANA name such as America/New_York`);
  }
  if (flags.has('havdalah-mins') && flags.has('havdalah-deg')) {
    throw new RangeError('--havdalah-mins and --havdalah-deg are alternatives; give one');
  }
  const il = flags.get('il');
  return {
    date: required(dateFlag(flags, 'date'), 'date', 'YYYY-MM-DD'),
    lat: required(numberFlag(flags, 'lat', -90, 90), 'lat', 'degrees, south negative'),
    lon: required(numberFlag(flags, 'lon', -180, 180), 'lon', 'degrees, west negative'),
    tz,
    elevation: numberFlag(flags, 'elevation', -500, 9000),
    il: il === undefined ? undefined : il !== 'false',
    candleMins: numberFlag(flags, 'candle-mins', 0, 90, true),
    havdalahMins: numberFlag(flags, 'havdalah-mins', 0, 120, true),
    havdalahDeg: numberFlag(flags, 'havdalah-deg', 0, 20),
  };
}

/** argv after `luach yahrzeit` -> YahrzeitArgs, or a RangeError naming the flag. */
export function parseYahrzeitArgs(argv: readonly string[]): YahrzeitArgs {
  const flags = readFlags(argv, { died: 'value', 'after-sunset': 'switch', hebrew: 'value', from: 'value', to: 'value' });
  const from = required(numberFlag(flags, 'from', 1, 9999, true), 'from', 'a Gregorian year');
  const to = required(numberFlag(flags, 'to', 1, 9999, true), 'to', 'a Gregorian year');
  if (to < from) throw new RangeError(`--to (${to}) is before --from (${from})`);
  const died = dateFlag(flags, 'died');
  const hebrew = flags.get('hebrew');
  if ((died === undefined) === (hebrew === undefined)) {
    throw new RangeError('give exactly one of --died YYYY-MM-DD or --hebrew "DAY MONTH YEAR"');
  }
  if (hebrew !== undefined) {
    if (flags.has('after-sunset')) throw new RangeError('--after-sunset applies to --died only; a Hebrew date is already the day');
    parseHebrewDeathDate(hebrew);
    return { hebrew, from, to };
  }
  const afterSunset = flags.get('after-sunset');
  return { died: died ?? '', afterSunset: afterSunset !== undefined && afterSunset !== 'false', from, to };
}
