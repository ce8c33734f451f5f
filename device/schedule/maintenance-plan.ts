import { placeFromSynagogue } from '../calendar/place.js';
import { resolvePrayerTimes } from '../calendar/prayer-times.js';
import type { CacheSnapshot } from '../model/snapshot.js';
import { calendarDays } from './calendar-days.js';
import { nextMaintenanceReload, type MaintenancePlan } from './maintenance-window.js';

/** The next maintenance reload for the shul in the cache: its cron, its place, its own prayer times. */
export function planMaintenance(snapshot: CacheSnapshot, now: Date): MaintenancePlan {
  const { synagogue, settings, content } = snapshot;
  const place = placeFromSynagogue(synagogue);
  const days = calendarDays(place, settings);
  return nextMaintenanceReload({
    now,
    cron: settings.maintenanceCron,
    place,
    days,
    prayerTimesOn: (date) =>
      resolvePrayerTimes({ rules: content.TfilaTime, holidayTimes: content.HolidayTimes, place, date, settings, zmanimFor: (d) => days(d).zmanim }).map(
        (p) => ({ at: p.at, name: p.name }),
      ),
  });
}
