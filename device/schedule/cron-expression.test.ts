import { describe, expect, it } from 'vitest';
import { zonedInstant } from '../calendar/local-date.js';
import { CronExpressionError, parseCron } from './cron-expression.js';

const jerusalem = (date: string, time: string) => zonedInstant(date, time, 'Asia/Jerusalem');

describe('a configured cron expression', () => {
  it('fires on the wall clock of the synagogue’s time zone', () => {
    const screenOn = parseCron('0 6 * * 0-5', 'Asia/Jerusalem', 'DeviceSettings.screenOnCron');
    // Friday 27 November 2026 at noon: the next 06:00 is Sunday's, Shabbat is not in 0-5.
    expect(screenOn.next(jerusalem('2026-11-27', '12:00'))).toEqual(jerusalem('2026-11-29', '06:00'));
  });

  it('lists every firing in a span, in order, the start excluded', () => {
    const every15 = parseCron('*/15 * * * *', 'Asia/Jerusalem', 'DeviceConfiguration.syncCron');
    expect(every15.firesBetween(jerusalem('2026-11-25', '10:00'), jerusalem('2026-11-25', '10:45'))).toEqual([
      jerusalem('2026-11-25', '10:15'),
      jerusalem('2026-11-25', '10:30'),
      jerusalem('2026-11-25', '10:45'),
    ]);
  });

  it('keeps a night job on the night the clocks go forward, at the first minute after the gap', () => {
    // Israel moves from 02:00 to 03:00 on Friday 27 March 2026.
    const nightly = parseCron('30 2 * * *', 'Asia/Jerusalem', 'maintenanceCron');
    const fires = nightly.firesBetween(jerusalem('2026-03-26', '12:00'), jerusalem('2026-03-28', '12:00'));
    expect(fires.map((d) => d.toISOString())).toEqual(['2026-03-27T00:00:00.000Z', '2026-03-27T23:30:00.000Z']);
  });

  it('needs both the day of month and the day of week when both are given', () => {
    // After Friday 13 November 2026, the next 13th that is a Friday is in August 2027.
    const friday13 = parseCron('0 9 13 * 5', 'Asia/Jerusalem', 'maintenanceCron');
    expect(friday13.next(jerusalem('2026-11-01', '00:00'))).toEqual(jerusalem('2026-11-13', '09:00'));
    expect(friday13.next(jerusalem('2026-11-14', '00:00'))).toEqual(jerusalem('2027-08-13', '09:00'));
  });

  it('refuses what is not a cron expression, naming the setting', () => {
    expect(() => parseCron('at nine, please', 'Asia/Jerusalem', 'DeviceSettings.screenOffCron')).toThrow(CronExpressionError);
    expect(() => parseCron('0 25 * * *', 'Asia/Jerusalem', 'DeviceSettings.screenOffCron')).toThrow(
      /^DeviceSettings\.screenOffCron "0 25 \* \* \*": Invalid value for hour: 25/,
    );
  });
});
