import type { ZmanName } from '../../cloud-sync/protocol/content.js';
import { hebrewDateAt, type HebrewDateSettings } from '../calendar/hebrew-date.js';
import { addDays, localDateOf, startOfLocalDay } from '../calendar/local-date.js';
import type { Place } from '../calendar/place.js';
import type { CalendarDays } from './calendar-days.js';

export type BoundaryInput = {
  now: Date;
  place: Place;
  settings?: HebrewDateSettings;
  days: CalendarDays;
  /** Zmanim whose passing changes what is shown: those rules hang on, and any the display highlights. */
  zmanim?: readonly ZmanName[];
  /** Everything else the caller knows will change the picture: a slide window edge, a message ending, a prayer time passing. */
  instants?: readonly { at: Date; reason: string }[];
};

export type Boundary = {
  at: Date;
  /** Everything that changes at `at`, e.g. ["zman:sunset", "hebrewDate"]. */
  reasons: string[];
};

/**
 * The earliest instant after `now` when anything visible changes: a zman used by a rule, local
 * midnight, the Hebrew date switch (sunset or tzeit), or an instant the caller names (the
 * playlist's and the messages' own validUntil, a prayer time). Every reason due at that same instant is listed, so a rebuild can be accounted for.
 */
export function nextBoundary(input: BoundaryInput): Boundary {
  const t = input.now.getTime();
  const tz = input.place.timezone;
  const today = localDateOf(input.now, tz);
  const candidates: { at: number; reason: string }[] = [
    { at: startOfLocalDay(addDays(today, 1), tz).getTime(), reason: 'midnight' },
    { at: hebrewDateAt(input.place, input.now, input.settings).nextSwitch.getTime(), reason: 'hebrewDate' },
  ];
  for (const date of [today, addDays(today, 1)]) {
    const times = input.days(date).zmanim.times;
    for (const zman of input.zmanim ?? []) {
      const at = times[zman];
      if (at) candidates.push({ at: at.getTime(), reason: `zman:${zman}` });
    }
  }
  for (const i of input.instants ?? []) candidates.push({ at: i.at.getTime(), reason: i.reason });

  const future = candidates.filter((c) => c.at > t);
  const at = Math.min(...future.map((c) => c.at));
  return { at: new Date(at), reasons: [...new Set(future.filter((c) => c.at === at).map((c) => c.reason))] };
}
