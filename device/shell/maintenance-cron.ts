import cron from 'node-cron';
import { wallClockOf } from '../calendar/local-date.js';

/** A cron expression a person typed into DeviceSettings, refused with which setting and what was wrong. */
export class CronExpressionError extends Error {
  constructor(
    readonly setting: string,
    readonly expression: string,
    problem: string,
  ) {
    super(`${setting} "${expression}": ${problem}`);
    this.name = 'CronExpressionError';
  }
}

/**
 * Every minute in (from, to] at which `expression` fires in time zone `tz`, with node-cron's own
 * parser and semantics (day of month AND day of week), so this agrees with the scheduler that
 * runs the other configured jobs. Minutes are matched on the wall clock of `tz`, so a 02:30 job
 * does not fire on the night the clocks skip 02:00-03:00, as with node-cron itself.
 */
export function cronFiresBetween(expression: string, tz: string, from: Date, to: Date, setting = 'maintenanceCron'): Date[] {
  const check = cron.validateDetailed(expression);
  if (!check.valid)
    throw new CronExpressionError(setting, expression, check.errors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'not a cron expression');
  const fields = cron.parse(expression);
  const numeric = (values: (number | string)[]) => values.every((v): v is number => typeof v === 'number');
  if (!numeric(fields.dayOfMonth) || !numeric(fields.dayOfWeek)) {
    throw new CronExpressionError(setting, expression, 'special day forms (L, W, #) are not supported for the maintenance window');
  }
  if (!fields.second.includes(0)) throw new CronExpressionError(setting, expression, 'must fire at second 0 (maintenance is planned to the minute)');
  const minutes = new Set(fields.minute);
  const hours = new Set(fields.hour);
  const days = new Set(fields.dayOfMonth);
  const months = new Set(fields.month);
  const weekdays = new Set(fields.dayOfWeek.map((d) => (d === 7 ? 0 : d)));
  const fires: Date[] = [];
  const step = 60_000;
  for (let t = Math.floor(from.getTime() / step) * step + step; t <= to.getTime(); t += step) {
    const wall = wallClockOf(new Date(t), tz);
    if (!minutes.has(wall.minute) || !hours.has(wall.hour) || !days.has(wall.day) || !months.has(wall.month)) continue;
    const weekday = new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay();
    if (weekdays.has(weekday)) fires.push(new Date(t));
  }
  return fires;
}
