import { addDays, localDateOf, startOfLocalDay, type LocalDate } from '../calendar/local-date.js';
import type { Place } from '../calendar/place.js';
import type { CalendarDays } from './calendar-days.js';
import { parseCron } from './cron-expression.js';

/**
 * The nightly maintenance reload: a fresh renderer once a day clears whatever a months-long
 * session accumulates (leaked listeners, a fragmented GPU heap). It must never blink the wall
 * while people are looking at it for a time: not around a prayer, and not on Shabbat or yom tov,
 * when a flicker is the last thing a shul wants and no one may fix a screen that stays dark.
 * Pure: the caller passes now, the calendar and the prayer times, and arms a timer at the answer.
 */

/** 03:30 every night, when nothing is scheduled in most shuls. */
export const DEFAULT_MAINTENANCE_CRON = '30 3 * * *';

export interface MaintenanceInput {
  now: Date;
  /** DeviceSettings.maintenanceCron, in the synagogue's time zone; the default when unset. */
  cron?: string;
  place: Place;
  /** Zmanim and day kinds of any civil date (schedule/calendar-days). */
  days: CalendarDays;
  /** The shul's prayer times on a civil date (resolvePrayerTimes over its rules). */
  prayerTimesOn(date: LocalDate): readonly { at: Date; name: string }[];
  /** Quiet needed around each prayer time: people gather before it and read the wall after. */
  marginMinutes?: { before: number; after: number };
  /** How far ahead to look for an allowed moment (a yom tov run is at most 3 days). */
  horizonDays?: number;
}

export interface Blackout {
  start: Date;
  end: Date;
  why: string;
}

export type MaintenancePlan = { at: Date; skipped: { at: Date; why: string }[] } | { at: null; why: string; skipped: { at: Date; why: string }[] };

const MINUTE = 60_000;

/** Shabbat and yom tov, from candle lighting (or sunset) of the eve to havdalah (or tzeit). */
function holyBlackouts(first: LocalDate, last: LocalDate, input: MaintenanceInput): Blackout[] {
  const out: Blackout[] = [];
  const tz = input.place.timezone;
  for (let date = first; date <= last; date = addDays(date, 1)) {
    const day = input.days(date);
    const holy = day.dayKinds.filter((k) => k === 'shabbat' || k === 'yomTov');
    if (holy.length === 0) continue;
    const eve = input.days(addDays(date, -1)).zmanim.times;
    const start = eve.candleLighting ?? eve.sunset ?? startOfLocalDay(date, tz);
    const end = day.zmanim.times.havdalah ?? day.zmanim.times.tzeit ?? startOfLocalDay(addDays(date, 1), tz);
    out.push({ start, end, why: `${holy.join(' and ')} ${date}` });
  }
  return out;
}

function prayerBlackouts(first: LocalDate, last: LocalDate, input: MaintenanceInput): Blackout[] {
  const margin = input.marginMinutes ?? { before: 30, after: 90 };
  const out: Blackout[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) {
    for (const prayer of input.prayerTimesOn(date)) {
      out.push({
        start: new Date(prayer.at.getTime() - margin.before * MINUTE),
        end: new Date(prayer.at.getTime() + margin.after * MINUTE),
        why: `${prayer.name} at ${prayer.at.toISOString()}`,
      });
    }
  }
  return out;
}

/** Every interval in which a maintenance reload may not fall, from a day before `now` to the horizon. */
function maintenanceBlackouts(input: MaintenanceInput): Blackout[] {
  const tz = input.place.timezone;
  const today = localDateOf(input.now, tz);
  const first = addDays(today, -1);
  const last = addDays(today, (input.horizonDays ?? 8) + 1);
  return [...holyBlackouts(first, last, input), ...prayerBlackouts(first, last, input)];
}

/** The first firing of the maintenance cron after `now` that falls in no blackout. */
export function nextMaintenanceReload(input: MaintenanceInput): MaintenancePlan {
  const horizon = new Date(input.now.getTime() + (input.horizonDays ?? 8) * 24 * 60 * MINUTE);
  const blackouts = maintenanceBlackouts(input);
  const skipped: { at: Date; why: string }[] = [];
  const cron = parseCron(input.cron ?? DEFAULT_MAINTENANCE_CRON, input.place.timezone, 'maintenanceCron');
  for (const at of cron.firesBetween(input.now, horizon)) {
    const t = at.getTime();
    const blocked = blackouts.find((b) => b.start.getTime() <= t && t < b.end.getTime());
    if (!blocked) return { at, skipped };
    skipped.push({ at, why: blocked.why });
  }
  return {
    at: null,
    why: `no firing of "${input.cron ?? DEFAULT_MAINTENANCE_CRON}" in the next ${input.horizonDays ?? 8} days is clear of prayers, Shabbat and yom tov`,
    skipped,
  };
}
