import type { DayKind, HolidayTimes, TfilaTime, ZmanName } from '../../cloud-sync/protocol/content.js';
import { dayKindsOf } from './day-kinds.js';
import { matchesDayFilter } from './day-filter.js';
import { addDays, dayOfWeek, localTimeOf, minuteOfDay, zonedInstant, type LocalDate } from './local-date.js';
import type { Place } from './place.js';
import { describeOffset, describeRounding, resolveTimeSpec, roundMinutes, ZMAN_LABELS, type ResolvedTime } from './time-spec.js';
import { computeZmanim, zmanimOptionsFrom, type DayZmanim, type ZmanimSettings } from './zmanim.js';

export type ResolvedPrayerTime = {
  id: string;
  name: string;
  nameEn?: string;
  category: TfilaTime['category'];
  at: Date;
  /** 'HH:mm' on the synagogue's wall clock. */
  time: string;
  /** How the time was computed, for the gabbai: "sunset 19:12 − 15 min, rounded down to 5 → 18:55". */
  explanation: string;
  source: 'rule' | 'holiday';
  /** The TfilaTime id, or `<HolidayTimes id>#<index>` for a line of a holiday schedule. */
  ruleId: string;
  sortOrder: number;
  /** The zman the time depends on, if any. */
  zman?: ZmanName;
  /** The rules this one stood in for today (their ids), for the gabbai's "where did 06:30 go?". */
  replacing?: string[];
};

export type PrayerTimesInput = {
  rules: readonly TfilaTime[];
  holidayTimes?: readonly HolidayTimes[];
  place: Place;
  date: LocalDate;
  settings?: ZmanimSettings;
  /** Zmanim of any date; pass a memoized one to share work with the rest of the model. */
  zmanimFor?: (date: LocalDate) => DayZmanim;
};

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Sun–Thu" for a run of days, "Sun, Tue" otherwise. */
function describeDays(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return 'no days';
  if (sorted.length > 2 && last - first === sorted.length - 1) return `${DAY_NAMES[first]}–${DAY_NAMES[last]}`;
  return sorted.map((d) => DAY_NAMES[d]).join(', ');
}

/**
 * The weekly mode: one clock time for the whole Sunday–Shabbat week containing `date`, from the
 * zman of a chosen day, or the earliest or latest zman among `weekly.days`. Zmanim are compared
 * by their wall-clock time, so a week that crosses a DST change still yields one time on the clock.
 */
function resolveWeekly(rule: TfilaTime, date: LocalDate, place: Place, zmanimFor: (d: LocalDate) => DayZmanim): ResolvedTime | undefined {
  const weekly = rule.weekly;
  if (!weekly || rule.time.kind !== 'zman') return undefined;
  const zman = rule.time.zman;
  const sunday = addDays(date, -dayOfWeek(date));
  const tz = place.timezone;
  const days = weekly.mode === 'day' ? [weekly.day ?? weekly.days?.[0] ?? 0] : (weekly.days ?? [0, 1, 2, 3, 4]);
  const candidates = days.flatMap((d) => {
    const at = zmanimFor(addDays(sunday, d)).times[zman];
    return at ? [{ d, at, minute: minuteOfDay(at, tz) }] : [];
  });
  if (candidates.length === 0) return undefined;
  const chosen = candidates.reduce((best, c) => (weekly.mode === 'latest' ? (c.minute > best.minute ? c : best) : c.minute < best.minute ? c : best));
  const offset = rule.time.offsetMinutes ?? 0;
  const minute = roundMinutes(chosen.minute + offset, rule.rounding);
  const dayShift = Math.floor(minute / 1440);
  const m = minute - dayShift * 1440;
  const time = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const which = weekly.mode === 'day' ? `${ZMAN_LABELS[zman]} on ${DAY_NAMES[chosen.d]}` : `${weekly.mode} ${ZMAN_LABELS[zman]} ${describeDays(days)}`;
  return {
    at: zonedInstant(addDays(date, dayShift), time, tz),
    time,
    zman,
    explanation: `weekly: ${which} (${localTimeOf(chosen.at, tz)})${describeOffset(offset)}${describeRounding(rule.rounding)} → ${time}`,
  };
}

/**
 * The prayer times of `date`, sorted by time then sortOrder.
 * A HolidayTimes schedule covering the date adds its lines; if it replaces the regular schedule
 * (the default), no regular rule applies that day. A weekly rule without daysOfWeek applies on
 * the days it is computed from (weekly.days), which is what "one time for Sunday–Thursday" means.
 * A rule whose zman does not occur that day (candle lighting on a weekday) is left out, and so
 * is a rule that another rule applying that day replaces.
 */
export function resolvePrayerTimes(input: PrayerTimesInput): ResolvedPrayerTime[] {
  const { place, date } = input;
  const options = zmanimOptionsFrom(input.settings);
  const cache = new Map<LocalDate, DayZmanim>();
  const zmanimFor =
    input.zmanimFor ??
    ((d: LocalDate) => {
      let z = cache.get(d);
      if (!z) cache.set(d, (z = computeZmanim(place, d, options)));
      return z;
    });
  const kinds = dayKindsOf(date, place);
  const today = zmanimFor(date);
  const holidays = (input.holidayTimes ?? []).filter((h) => h.dateFrom <= date && date <= h.dateTo);
  const replaced = holidays.some((h) => h.replacesRegular ?? true);
  const out: ResolvedPrayerTime[] = [];

  if (!replaced) out.push(...withoutReplaced(regularTimes(input.rules, date, place, kinds, today, zmanimFor)));
  for (const schedule of holidays) {
    schedule.times.forEach((line, index) => {
      const resolved = resolveTimeSpec(line.time, line.rounding, date, today, place.timezone);
      if (!resolved) return;
      const id = `${schedule.id}#${index}`;
      out.push({
        id,
        name: line.name,
        ...(line.nameEn !== undefined && { nameEn: line.nameEn }),
        category: 'other',
        ...resolved,
        explanation: `${schedule.title}: ${resolved.explanation}`,
        source: 'holiday',
        ruleId: id,
        sortOrder: line.sortOrder ?? 0,
      });
    });
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime() || a.sortOrder - b.sortOrder || a.name.localeCompare(b.name));
}

/** Every regular rule that applies on `date` and has a time there. */
function regularTimes(
  rules: readonly TfilaTime[],
  date: LocalDate,
  place: Place,
  kinds: readonly DayKind[],
  today: DayZmanim,
  zmanimFor: (d: LocalDate) => DayZmanim,
): (ResolvedPrayerTime & { replaces: readonly string[] })[] {
  return rules.flatMap((rule) => {
    if (rule.active === false) return [];
    const filter = rule.weekly && !rule.daysOfWeek?.length ? { ...rule, daysOfWeek: rule.weekly.days ?? [0, 1, 2, 3, 4] } : rule;
    if (!matchesDayFilter(filter, date, kinds)) return [];
    const resolved =
      rule.weekly && rule.time.kind === 'zman'
        ? resolveWeekly(rule, date, place, zmanimFor)
        : resolveTimeSpec(rule.time, rule.rounding, date, today, place.timezone);
    if (!resolved) return [];
    return [
      {
        id: rule.id,
        name: rule.name,
        ...(rule.nameEn !== undefined && { nameEn: rule.nameEn }),
        category: rule.category ?? 'other',
        ...resolved,
        source: 'rule' as const,
        ruleId: rule.id,
        sortOrder: rule.sortOrder ?? 0,
        replaces: rule.replaces ?? [],
      },
    ];
  });
}

/**
 * The times left when every shown rule has hidden the rules it replaces. A rule is shown unless
 * a shown rule replaces it; rules that replace each other in a circle, which no decision can
 * settle, are all shown: a duplicate on the wall is a smaller harm than a minyan missing from it.
 */
function withoutReplaced(times: (ResolvedPrayerTime & { replaces: readonly string[] })[]): ResolvedPrayerTime[] {
  const shown = new Set<string>();
  const hidden = new Set<string>();
  let undecided = times.map((t) => t.id);
  for (let changed = true; changed;) {
    changed = false;
    for (const id of undecided) {
      const replacers = times.filter((t) => t.replaces.includes(id) && t.id !== id);
      if (replacers.some((r) => shown.has(r.id))) hidden.add(id);
      else if (replacers.every((r) => hidden.has(r.id))) shown.add(id);
      else continue;
      changed = true;
    }
    undecided = undecided.filter((id) => !shown.has(id) && !hidden.has(id));
  }
  return times.flatMap(({ replaces, ...time }) => {
    if (hidden.has(time.id)) return [];
    const replacing = replaces.filter((id) => hidden.has(id));
    return [replacing.length ? { ...time, replacing, explanation: `${time.explanation}; in place of ${replacing.join(', ')}` } : time];
  });
}

/** The zmanim any of these rules hang on: the moments a display of them can change. */
export function zmanimUsedBy(rules: readonly { time: TfilaTime['time'] }[], holidayTimes: readonly HolidayTimes[] = []): ZmanName[] {
  const specs = [...rules.map((r) => r.time), ...holidayTimes.flatMap((h) => h.times.map((t) => t.time))];
  return [...new Set(specs.flatMap((s) => (s.kind === 'zman' ? [s.zman] : [])))];
}
