/**
 * Moments a gabbai previews the wall at, in the synagogue's own time zone. Chanukah's first
 * night and erev Pesach come from a table checked against hebcal (the console carries no
 * calendar of its own; the gateway's preview does the reckoning).
 */
const CHANUKAH_FIRST_CANDLE: Record<number, string> = {
  2025: '2025-12-14',
  2026: '2026-12-04',
  2027: '2027-12-24',
  2028: '2028-12-12',
  2029: '2029-12-01',
  2030: '2030-12-20',
  2031: '2031-12-09',
  2032: '2032-11-27',
  2033: '2033-12-16',
  2034: '2034-12-06',
  2035: '2035-12-25',
  2036: '2036-12-13',
};
const EREV_PESACH: Record<number, string> = {
  2026: '2026-04-01',
  2027: '2027-04-21',
  2028: '2028-04-10',
  2029: '2029-03-30',
  2030: '2030-04-17',
  2031: '2031-04-07',
  2032: '2032-03-26',
  2033: '2033-04-13',
  2034: '2034-04-03',
  2035: '2035-04-23',
  2036: '2036-04-11',
};

export type MomentKind = 'now' | 'friday' | 'shabbat' | 'motzei' | 'chanukah' | 'pesach' | 'custom';
export const MOMENT_KINDS: readonly MomentKind[] = ['now', 'friday', 'shabbat', 'motzei', 'chanukah', 'pesach', 'custom'];

function parts(ms: number, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(ms))
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

function offsetMs(ms: number, timeZone: string): number {
  const p = parts(ms, timeZone);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(ms / 1000) * 1000;
}

/** The instant the clocks of `timeZone` read `date` `time`. */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const naive = Date.parse(`${date}T${time}:00Z`);
  let at = naive - offsetMs(naive, timeZone);
  at = naive - offsetMs(at, timeZone);
  return new Date(at);
}

/** The date (YYYY-MM-DD) the clocks of `timeZone` show at `at`. */
export function localDate(at: Date, timeZone: string): string {
  const p = parts(at.getTime(), timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function weekday(date: string): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

function upcoming(table: Record<number, string>, from: string): string | undefined {
  return Object.values(table).find((date) => date >= from);
}

/** The instant for a kind of moment, from `base` (the real now, or the custom moment). */
export function momentAt(kind: MomentKind, base: Date, timeZone: string, custom: string): Date {
  const today = localDate(base, timeZone);
  const next = (dow: number) => addDays(today, (dow - weekday(today) + 7) % 7);
  switch (kind) {
    case 'now':
      return base;
    case 'friday':
      return zonedInstant(next(5), '15:30', timeZone);
    case 'shabbat':
      return zonedInstant(next(6), '10:00', timeZone);
    case 'motzei':
      return zonedInstant(next(6), '20:30', timeZone);
    case 'chanukah':
      return zonedInstant(upcoming(CHANUKAH_FIRST_CANDLE, today) ?? today, '18:30', timeZone);
    case 'pesach':
      return zonedInstant(upcoming(EREV_PESACH, today) ?? today, '09:00', timeZone);
    case 'custom': {
      const [date, time] = custom.split('T');
      return date && time ? zonedInstant(date, time.slice(0, 5), timeZone) : base;
    }
  }
}
