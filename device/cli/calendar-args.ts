import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ChanukahCandleLighting, clockTime, ZmanName, type TimeSpec } from '../../cloud-sync/protocol/content.js';
import type { CalendarArgs, YahrzeitArgs } from '../calendar/answers.js';
import { parseHebrewDeathDate } from '../calendar/answers.js';
import { localDateOf, parseLocalDate, type LocalDate } from '../calendar/local-date.js';

/** The command lines of `luach calendar` and `luach yahrzeit`, read with node:util parseArgs; every mistake names its flag. */

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

const NEGATIVE_NUMBER = /^-\d+(\.\d+)?$/;

/**
 * parseArgs with our wording of its errors. It reads "--lon -74.0" as a flag without a value,
 * so a negative number after a flag that takes one is joined to it first ("--lon=-74.0").
 */
function readFlags(argv: readonly string[], options: Options): Values {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const next = argv[i + 1];
    const name = /^--([a-z-]+)$/.exec(arg)?.[1];
    if (name && options[name]?.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  try {
    return parseArgs({ args: joined, options, strict: true, allowPositionals: false }).values as Values;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const flag = /'(--[a-z-]+)/.exec(message)?.[1] ?? '';
    const known = Object.keys(options)
      .map((k) => `--${k}`)
      .join(', ');
    const cause = { cause: error };
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new RangeError(`unknown flag ${flag}; known: ${known}`, cause);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      throw new RangeError(`unexpected argument ${/'([^']*)'/.exec(message)?.[0] ?? ''}; flags look like --name value`, cause);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /does not take an argument/.test(message))
      throw new RangeError(`${flag} is a switch and takes no value`, cause);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new RangeError(`${flag} needs a value`, cause);
    throw error;
  }
}

const text = (values: Values, name: string): string | undefined => {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
};

function numberFlag(values: Values, name: string, min: number, max: number, integer = false): number | undefined {
  const raw = text(values, name);
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

function dateFlag(values: Values, name: string): LocalDate | undefined {
  const raw = text(values, name);
  if (raw === undefined) return undefined;
  try {
    parseLocalDate(raw);
  } catch {
    throw new RangeError(`--${name}: expected a date as YYYY-MM-DD, got "${raw}"`);
  }
  return raw;
}

function oneOf<T extends string>(values: Values, name: string, allowed: readonly T[]): T | undefined {
  const raw = text(values, name);
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) throw new RangeError(`--${name}: expected one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

/** "tzeit", "sunset+20", "plagHaMincha-10" or "17:30" as the weekday Chanukah candle-lighting time. */
function chanukahCandles(values: Values): TimeSpec | undefined {
  const raw = text(values, 'chanukah-candles');
  if (raw === undefined) return undefined;
  const relative = /^([a-zA-Z]+)(?:([+-])(\d{1,3}))?$/.exec(raw);
  const spec = clockTime.safeParse(raw).success
    ? { kind: 'fixed', time: raw }
    : relative && ZmanName.safeParse(relative[1]).success
      ? { kind: 'zman', zman: relative[1], offsetMinutes: relative[3] ? Number(`${relative[2]}${relative[3]}`) : 0 }
      : undefined;
  const parsed = spec && ChanukahCandleLighting.safeParse(spec);
  if (!parsed?.success) {
    throw new RangeError(
      `--chanukah-candles: expected a time as HH:mm or a daily zman with an optional offset (tzeit, sunset+20, plagHaMincha-10), got "${raw}"`,
    );
  }
  return parsed.data;
}

const CALENDAR_OPTIONS = {
  date: { type: 'string' },
  at: { type: 'string' },
  lat: { type: 'string' },
  lon: { type: 'string' },
  tz: { type: 'string' },
  elevation: { type: 'string' },
  il: { type: 'boolean' },
  walled: { type: 'boolean' },
  nusach: { type: 'string' },
  'candle-mins': { type: 'string' },
  'havdalah-mins': { type: 'string' },
  'havdalah-deg': { type: 'string' },
  'date-switch': { type: 'string' },
  'chanukah-candles': { type: 'string' },
} as const satisfies Options;

/** argv after `luach calendar` -> CalendarArgs, or a RangeError naming the flag. */
export function parseCalendarArgs(argv: readonly string[]): CalendarArgs {
  const values = readFlags(argv, CALENDAR_OPTIONS);
  const tz = required(text(values, 'tz'), 'tz', 'an IANA time zone such as Asia/Jerusalem');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new RangeError(`--tz: unknown time zone "${tz}"; expected an IANA name such as America/New_York`);
  }
  if (values['havdalah-mins'] !== undefined && values['havdalah-deg'] !== undefined) {
    throw new RangeError('--havdalah-mins and --havdalah-deg are alternatives; give one');
  }
  const atText = text(values, 'at');
  const at = atText === undefined ? undefined : new Date(atText);
  if (at && (Number.isNaN(at.getTime()) || !/T\d\d:\d\d/.test(atText ?? ''))) {
    throw new RangeError(`--at: expected an ISO 8601 time such as 2026-12-04T18:30:00+02:00, got "${atText}"`);
  }
  const given = dateFlag(values, 'date');
  const date = at ? localDateOf(at, tz) : required(given, 'date', 'YYYY-MM-DD, or --at with a time');
  if (given !== undefined && given !== date) throw new RangeError(`--at falls on ${date} in ${tz}, not on --date ${given}; give one of them`);
  return {
    date,
    ...(at ? { at } : {}),
    lat: required(numberFlag(values, 'lat', -90, 90), 'lat', 'degrees, south negative'),
    lon: required(numberFlag(values, 'lon', -180, 180), 'lon', 'degrees, west negative'),
    tz,
    elevation: numberFlag(values, 'elevation', -500, 9000),
    il: values.il === true ? true : undefined,
    walled: values.walled === true ? true : undefined,
    nusach: oneOf(values, 'nusach', ['ashkenaz', 'sefard', 'edot-hamizrach'] as const),
    candleMins: numberFlag(values, 'candle-mins', 0, 90, true),
    havdalahMins: numberFlag(values, 'havdalah-mins', 0, 120, true),
    havdalahDeg: numberFlag(values, 'havdalah-deg', 0, 20),
    dateSwitch: oneOf(values, 'date-switch', ['sunset', 'tzeit'] as const),
    chanukahCandles: chanukahCandles(values),
  };
}

const YAHRZEIT_OPTIONS = {
  died: { type: 'string' },
  'after-sunset': { type: 'boolean' },
  hebrew: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const satisfies Options;

/** argv after `luach yahrzeit` -> YahrzeitArgs, or a RangeError naming the flag. */
export function parseYahrzeitArgs(argv: readonly string[]): YahrzeitArgs {
  const values = readFlags(argv, YAHRZEIT_OPTIONS);
  const from = required(numberFlag(values, 'from', 1, 9999, true), 'from', 'a Gregorian year');
  const to = required(numberFlag(values, 'to', 1, 9999, true), 'to', 'a Gregorian year');
  if (to < from) throw new RangeError(`--to (${to}) is before --from (${from})`);
  const died = dateFlag(values, 'died');
  const hebrew = text(values, 'hebrew');
  if ((died === undefined) === (hebrew === undefined)) {
    throw new RangeError('give exactly one of --died YYYY-MM-DD or --hebrew "DAY MONTH YEAR"');
  }
  if (hebrew !== undefined) {
    if (values['after-sunset']) throw new RangeError('--after-sunset applies to --died only; a Hebrew date is already the day');
    parseHebrewDeathDate(hebrew);
    return { hebrew, from, to };
  }
  return { died: died ?? '', afterSunset: values['after-sunset'] === true, from, to };
}
