import { Cron } from 'croner';

/** A cron expression a person typed into the settings, refused with which setting and what was wrong. */
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

/** A parsed cron expression in a time zone: when it fires, asked with `now` as an argument. */
export interface CronSchedule {
  readonly expression: string;
  /** The first firing strictly after `after`, or null when the expression never fires again. */
  next(after: Date): Date | null;
  /** Every firing in (from, to], in order. */
  firesBetween(from: Date, to: Date): Date[];
}

/**
 * Parse a configured cron expression (croner: 5 or 6 fields, seconds optional) for time zone
 * `tz`. Day of month and day of week must both match when both are given (AND), the meaning
 * these settings have always had. Across a daylight-saving change a firing in the skipped hour
 * moves to the first minute after it, and one in the repeated hour fires once. No timer is
 * started: the caller arms one at `next(now)` on its own clock.
 */
export function parseCron(expression: string, tz: string, setting: string): CronSchedule {
  let cron: Cron;
  try {
    cron = new Cron(expression, { timezone: tz, domAndDow: true, paused: true });
  } catch (error) {
    throw new CronExpressionError(setting, expression, (error as Error).message.replace(/^CronPattern: /, ''));
  }
  return {
    expression,
    next: (after) => cron.nextRun(after),
    firesBetween(from, to) {
      const fires: Date[] = [];
      for (let at = cron.nextRun(from); at && at <= to; at = cron.nextRun(at)) fires.push(at);
      return fires;
    },
  };
}
