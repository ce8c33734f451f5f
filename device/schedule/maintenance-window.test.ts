import { describe, expect, it } from 'vitest';
import { zonedInstant, type LocalDate } from '../calendar/local-date.js';
import type { Place } from '../calendar/place.js';
import { calendarDays } from './calendar-days.js';
import { CronExpressionError } from './cron-expression.js';
import { nextMaintenanceReload, type MaintenanceInput } from './maintenance-window.js';

const JERUSALEM: Place = { latitude: 31.778, longitude: 35.235, elevation: 754, timezone: 'Asia/Jerusalem', israel: true };
const NEW_YORK: Place = { latitude: 40.7128, longitude: -74.006, elevation: 0, timezone: 'America/New_York', israel: false };
const at = (date: LocalDate, time: string, place = JERUSALEM) => zonedInstant(date, time, place.timezone);

function plan(now: Date, extra: Partial<MaintenanceInput> = {}, place = JERUSALEM) {
  return nextMaintenanceReload({ now, place, days: calendarDays(place, { candleLightingMinutes: 40 }), prayerTimesOn: () => [], ...extra });
}

describe('the nightly maintenance reload', () => {
  it('runs at 03:30 synagogue time by default, on an ordinary weeknight', () => {
    const result = plan(at('2026-11-25', '12:00'));
    expect(result.at).toEqual(at('2026-11-26', '03:30'));
    expect(result.skipped).toEqual([]);
  });

  it('never falls on Shabbat: Friday night waits for Sunday', () => {
    const result = plan(at('2026-11-27', '12:00'));
    expect(result.at).toEqual(at('2026-11-29', '03:30'));
    expect(result.skipped).toEqual([{ at: at('2026-11-28', '03:30'), why: 'shabbat 2026-11-28' }]);
  });

  it('skips a whole yom tov run: Rosh Hashanah on Shabbat and Sunday waits until Monday', () => {
    const result = plan(at('2026-09-11', '12:00'));
    expect(result.at).toEqual(at('2026-09-14', '03:30'));
    expect(result.skipped.map((s) => s.why)).toEqual(['shabbat and yomTov 2026-09-12', 'yomTov 2026-09-13']);
  });

  it('skips Shavuot and the Shabbat that follows it in the diaspora', () => {
    // Shavuot 5787 in the diaspora: Friday 11 and Shabbat 12 June 2027.
    const result = plan(at('2027-06-10', '12:00', NEW_YORK), { cron: '0 2 * * *' }, NEW_YORK);
    expect(result.skipped.map((s) => s.why)).toEqual(['yomTov 2027-06-11', 'shabbat and yomTov 2027-06-12']);
    expect(result.at).toEqual(at('2027-06-13', '02:00', NEW_YORK));
  });

  it('stays clear of a prayer: Selichot at 04:00 on Thursday pushes the reload to Friday', () => {
    const selichot = (date: LocalDate) => (date === '2026-11-26' ? [{ name: 'Selichot', at: at(date, '04:00') }] : []);
    const result = plan(at('2026-11-25', '12:00'), { prayerTimesOn: selichot });
    expect(result.at).toEqual(at('2026-11-27', '03:30'));
    expect(result.skipped).toEqual([{ at: at('2026-11-26', '03:30'), why: `Selichot at ${at('2026-11-26', '04:00').toISOString()}` }]);
  });

  it('follows the configured cron in the synagogue time zone', () => {
    expect(plan(at('2026-11-25', '12:00'), { cron: '15 1 * * 1' }).at).toEqual(at('2026-11-30', '01:15'));
  });

  it('says so when no configured moment is ever quiet', () => {
    const always = (date: LocalDate) => [{ name: 'Vatikin', at: at(date, '03:45') }];
    const result = plan(at('2026-11-25', '12:00'), { prayerTimesOn: always });
    expect(result.at).toBeNull();
    expect(result).toMatchObject({ why: expect.stringMatching(/no firing of "30 3 \* \* \*" in the next 8 days/) });
  });

  it('refuses a malformed cron with the setting and what was wrong', () => {
    expect(() => plan(at('2026-11-25', '12:00'), { cron: '61 3 * * *' })).toThrow(CronExpressionError);
    expect(() => plan(at('2026-11-25', '12:00'), { cron: '61 3 * * *' })).toThrow(/^maintenanceCron "61 3 \* \* \*": Invalid value for minute: 61/);
  });
});
