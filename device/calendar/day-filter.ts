import type { DayKind } from '../../cloud-sync/protocol/content.js';
import { dayOfWeek, type LocalDate } from './local-date.js';

/** The day filter shared by TfilaTime, Shior and ScreenTimer. */
export type DayFilter = {
  daysOfWeek?: number[];
  dayKinds?: DayKind[];
  excludeDayKinds?: DayKind[];
  validFrom?: string;
  validTo?: string;
};

/**
 * Whether a rule applies on `date`, a day of the given kinds. An absent or empty list means any
 * day (an editor that clears every box has not asked for "never"); when both lists are given,
 * both must match. A day of any excluded kind is out, whatever the lists say ("not on Rosh
 * Chodesh"). validFrom/validTo are inclusive civil dates.
 */
export function matchesDayFilter(filter: DayFilter, date: LocalDate, kinds: readonly DayKind[]): boolean {
  if (filter.validFrom && date < filter.validFrom) return false;
  if (filter.validTo && date > filter.validTo) return false;
  if (filter.daysOfWeek?.length && !filter.daysOfWeek.includes(dayOfWeek(date))) return false;
  if (filter.dayKinds?.length && !filter.dayKinds.some((k) => kinds.includes(k))) return false;
  if (filter.excludeDayKinds?.some((k) => kinds.includes(k))) return false;
  return true;
}
