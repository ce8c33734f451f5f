import type { DayKind } from '../../cloud-sync/protocol/content.js';
import { dayKindsOf } from '../calendar/day-kinds.js';
import type { LocalDate } from '../calendar/local-date.js';
import type { Place } from '../calendar/place.js';
import { computeZmanim, zmanimOptionsFrom, type DayZmanim, type ZmanimSettings } from '../calendar/zmanim.js';

/** What the schedule needs to know about one civil date. */
export type CalendarDay = { date: LocalDate; zmanim: DayZmanim; dayKinds: DayKind[] };

/** Any date's CalendarDay; windows that cross midnight need yesterday's and tomorrow's too. */
export type CalendarDays = (date: LocalDate) => CalendarDay;

/**
 * CalendarDays for a place, remembering each date it computed: one model build asks for the
 * same few days many times, and a day's zmanim never change for given settings.
 */
export function calendarDays(place: Place, settings: ZmanimSettings = {}): CalendarDays {
  const options = zmanimOptionsFrom(settings);
  const known = new Map<LocalDate, CalendarDay>();
  return (date) => {
    let day = known.get(date);
    if (!day) {
      day = { date, zmanim: computeZmanim(place, date, options), dayKinds: dayKindsOf(date, place) };
      known.set(date, day);
    }
    return day;
  };
}
