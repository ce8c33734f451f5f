import type { Rounding, TimeSpec, ZmanName } from '../../cloud-sync/protocol/content.js';
import { localTimeOf, minuteOfDay, zonedInstant, type LocalDate } from './local-date.js';
import type { DayZmanim } from './zmanim.js';

/** How a zman reads in an explanation a gabbai sees. */
export const ZMAN_LABELS: Record<ZmanName, string> = {
  alotHaShachar: 'alot hashachar',
  misheyakir: 'misheyakir',
  sunrise: 'sunrise',
  sofZmanShmaMga: 'sof zman shma (MGA)',
  sofZmanShmaGra: 'sof zman shma (GRA)',
  sofZmanTfillaMga: 'sof zman tfila (MGA)',
  sofZmanTfillaGra: 'sof zman tfila (GRA)',
  chatzot: 'chatzot',
  minchaGedola: 'mincha gedola',
  minchaKetana: 'mincha ketana',
  plagHaMincha: 'plag hamincha',
  sunset: 'sunset',
  tzeit: 'tzeit',
  candleLighting: 'candle lighting',
  havdalah: 'havdalah',
};

export type ResolvedTime = {
  at: Date;
  /** 'HH:mm' on the synagogue's wall clock. */
  time: string;
  /** e.g. "sunset 19:12 − 15 min, rounded down to 5 → 18:55", or "fixed 06:30". */
  explanation: string;
  /** The zman the time hangs on, if any. */
  zman?: ZmanName;
};

const MINUTE_MS = 60_000;

/** Rounds a minute count; 'down' never lands later, 'up' never earlier. */
export function roundMinutes(minutes: number, rounding: Rounding | undefined): number {
  if (!rounding) return minutes;
  const q = minutes / rounding.step;
  const r = rounding.mode === 'down' ? Math.floor(q) : rounding.mode === 'up' ? Math.ceil(q) : Math.round(q);
  return r * rounding.step;
}

export function describeOffset(offsetMinutes: number): string {
  if (offsetMinutes === 0) return '';
  return ` ${offsetMinutes < 0 ? '−' : '+'} ${Math.abs(offsetMinutes)} min`;
}

export function describeRounding(rounding: Rounding | undefined): string {
  // Times are whole minutes before rounding, so a step of 1 changes nothing and is not mentioned.
  if (!rounding || rounding.step === 1) return '';
  return `, rounded ${rounding.mode} to ${rounding.step}`;
}

/** "sunset 19:12" — or, for a stand-in, "tzeit 01:18 (solar midnight: the sun does not reach the depression)". */
export function describeZman(zman: ZmanName, at: Date, zmanim: DayZmanim, tz: string): string {
  const stand = zmanim.fallbacks[zman] === 'solarMidnight' ? ' (solar midnight: the sun does not go that far below the horizon)' : '';
  return `${ZMAN_LABELS[zman]} ${localTimeOf(at, tz)}${stand}`;
}

/**
 * Shifts an instant that sits on a whole minute so its wall-clock minute is rounded. Arithmetic
 * is on the instant, so a zman near midnight or a DST change moves by real minutes.
 */
export function roundInstant(at: Date, rounding: Rounding | undefined, tz: string): Date {
  const m = minuteOfDay(at, tz);
  return new Date(at.getTime() + (roundMinutes(m, rounding) - m) * MINUTE_MS);
}

/**
 * A TimeSpec on `date`. A zman-relative time starts from the zman as the clock shows it (seconds
 * dropped, which is how the zman itself is displayed), adds the offset, then rounds; so the
 * numbers in the explanation add up. Returns undefined when the zman does not occur that day
 * (candle lighting on a Tuesday, sunset in polar day): the rule does not apply then.
 * Fixed times are what the gabbai typed and are not rounded.
 */
export function resolveTimeSpec(spec: TimeSpec, rounding: Rounding | undefined, date: LocalDate, zmanim: DayZmanim, tz: string): ResolvedTime | undefined {
  if (spec.kind === 'fixed') {
    return { at: zonedInstant(date, spec.time, tz), time: spec.time, explanation: `fixed ${spec.time}` };
  }
  const base = zmanim.times[spec.zman];
  if (!base) return undefined;
  const offset = spec.offsetMinutes ?? 0;
  const shown = Math.floor(base.getTime() / MINUTE_MS) * MINUTE_MS;
  const at = roundInstant(new Date(shown + offset * MINUTE_MS), rounding, tz);
  const time = localTimeOf(at, tz);
  return {
    at,
    time,
    zman: spec.zman,
    explanation: `${describeZman(spec.zman, base, zmanim, tz)}${describeOffset(offset)}${describeRounding(rounding)} → ${time}`,
  };
}
