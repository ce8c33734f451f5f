/**
 * Calendar dates and wall-clock times in a named time zone, with Intl only.
 *
 * A `LocalDate` is a civil date as 'YYYY-MM-DD': the day a congregant reads on the wall,
 * independent of the process time zone. Instants are `Date`s. Conversions between them go
 * through the synagogue's IANA zone, so DST changes are handled by the zone data, not by us.
 */

export type LocalDate = string;

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock by asking Intl directly: exact, but slow (formatToParts dominates a model build). */
function exactWallClockOf(instant: Date, tz: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(tz).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/**
 * Zone offsets change only at transitions, which fall on quarter hours of UTC. The offset is
 * remembered per quarter hour whose two ends agree; a quarter that holds a transition is marked
 * and always asked of Intl exactly.
 */
const QUARTER_MS = 15 * 60_000;
const TRANSITION = Number.NaN;
const MAX_REMEMBERED = 20_000;
const offsets = new Map<string, number>();

function exactOffsetMs(t: number, tz: string): number {
  const w = exactWallClockOf(new Date(t), tz);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(t / 1000) * 1000;
}

function quarterOffsetMs(t: number, tz: string): number {
  const quarter = Math.floor(t / QUARTER_MS);
  const key = `${tz}|${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const start = exactOffsetMs(quarter * QUARTER_MS, tz);
    const end = exactOffsetMs(quarter * QUARTER_MS + QUARTER_MS - 1000, tz);
    offset = start === end ? start : TRANSITION;
    if (offsets.size >= MAX_REMEMBERED) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The wall clock of `tz` at `instant` (seconds truncated from milliseconds). */
export function wallClockOf(instant: Date, tz: string): WallClock {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('wallClockOf: invalid instant');
  const offset = quarterOffsetMs(t, tz);
  if (Number.isNaN(offset)) return exactWallClockOf(instant, tz);
  const wall = new Date(Math.floor(t / 1000) * 1000 + offset);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/** Offset of `tz` from UTC at `instant`, in minutes (east positive: +180 for Israel summer). */
export function zoneOffsetMinutes(instant: Date, tz: string): number {
  const w = wallClockOf(instant, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const truncated = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - truncated) / 60_000);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function parseLocalDate(date: LocalDate): { year: number; month: number; day: number } {
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`expected a date as YYYY-MM-DD, got "${date}"`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const check = new Date(Date.UTC(2000, month - 1, day));
  check.setUTCFullYear(year);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) throw new RangeError(`no such date: "${date}"`);
  return { year, month, day };
}

function fromUtcMidnight(ms: number): LocalDate {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function utcMidnight(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year);
  return d.getTime();
}

/** The civil date in `tz` at `instant`. */
export function localDateOf(instant: Date, tz: string): LocalDate {
  const w = wallClockOf(instant, tz);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** The wall-clock time 'HH:mm' in `tz` at `instant`; seconds are truncated, as a clock shows them. */
export function localTimeOf(instant: Date, tz: string): string {
  const w = wallClockOf(instant, tz);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** Minutes since local midnight on the wall clock (seconds truncated). */
export function minuteOfDay(instant: Date, tz: string): number {
  const w = wallClockOf(instant, tz);
  return w.hour * 60 + w.minute;
}

export function addDays(date: LocalDate, n: number): LocalDate {
  return fromUtcMidnight(utcMidnight(date) + n * DAY_MS);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((utcMidnight(b) - utcMidnight(a)) / DAY_MS);
}

/** 0 = Sunday (yom rishon) ... 6 = Shabbat. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(utcMidnight(date)).getUTCDay();
}

/**
 * The instant the wall clock of `tz` shows `time` ('HH:mm' or 'HH:mm:ss') on `date`.
 * Like Temporal's 'compatible' disambiguation: a time skipped by a spring-forward gap moves
 * later by the gap (02:30 becomes 03:30); a time repeated by a fall-back takes the earlier one.
 */
export function zonedInstant(date: LocalDate, time: string, tz: string): Date {
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!t) throw new RangeError(`expected a time as HH:mm, got "${time}"`);
  const wallMs = utcMidnight(date) + ((Number(t[1]) * 60 + Number(t[2])) * 60 + Number(t[3] ?? 0)) * 1000;
  const before = zoneOffsetMinutes(new Date(wallMs - DAY_MS), tz);
  const after = zoneOffsetMinutes(new Date(wallMs + DAY_MS), tz);
  const candidates = [...new Set([before, after])]
    .map((offset) => wallMs - offset * 60_000)
    .filter((ms) => zoneOffsetMinutes(new Date(ms), tz) * 60_000 === wallMs - ms)
    .sort((a, b) => a - b);
  const exact = candidates[0];
  if (exact !== undefined) return new Date(exact);
  return new Date(wallMs - before * 60_000);
}

/** Local midnight at the start of `date` in `tz`. */
export function startOfLocalDay(date: LocalDate, tz: string): Date {
  return zonedInstant(date, '00:00', tz);
}

/** ISO 8601 local time with offset and seconds, e.g. 2026-03-29T19:02:11+03:00 (seconds truncated). */
export function formatLocalIso(instant: Date, tz: string): string {
  const w = wallClockOf(instant, tz);
  const offset = zoneOffsetMinutes(instant, tz);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}` + `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/**
 * A Date whose process-local Y/M/D are `date`: the form @hebcal/core reads a civil date from
 * (it takes getFullYear/getMonth/getDate and ignores the time). Noon keeps it clear of DST edges.
 */
export function hebcalCivilDate(date: LocalDate): Date {
  const { year, month, day } = parseLocalDate(date);
  const d = new Date(2000, month - 1, day, 12, 0, 0);
  d.setFullYear(year);
  return d;
}

/** The LocalDate of a Date made by hebcal for a civil day (process-local Y/M/D). */
export function civilDateOfHebcal(d: Date): LocalDate {
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
