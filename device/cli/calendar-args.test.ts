import { describe, expect, it } from 'vitest';
import { parseCalendarArgs, parseYahrzeitArgs } from './calendar-args.js';

describe('luach calendar arguments', () => {
  it('reads --flag value and --flag=value, negative numbers included', () => {
    expect(
      parseCalendarArgs(['--date=2026-01-01', '--lat', '-33.9', '--lon=18.4', '--tz', 'Africa/Johannesburg', '--elevation', '20', '--havdalah-deg', '7.083']),
    ).toEqual({
      date: '2026-01-01',
      lat: -33.9,
      lon: 18.4,
      tz: 'Africa/Johannesburg',
      elevation: 20,
      il: undefined,
      walled: undefined,
      nusach: undefined,
      candleMins: undefined,
      havdalahMins: undefined,
      havdalahDeg: 7.083,
      dateSwitch: undefined,
      chanukahCandles: undefined,
    });
    expect(parseCalendarArgs(['--date', '2026-01-01', '--lat', '40.7', '--lon', '-74', '--tz', 'America/New_York']).lon).toBe(-74);
  });

  it('reads the switches and the choices of a synagogue', () => {
    const args = parseCalendarArgs([
      ...['--date', '2027-03-24', '--lat', '31.77', '--lon', '35.21', '--tz', 'Asia/Jerusalem', '--il', '--walled'],
      ...['--nusach', 'edot-hamizrach', '--date-switch', 'tzeit', '--chanukah-candles', 'sunset+20'],
    ]);
    expect(args).toMatchObject({
      il: true,
      walled: true,
      nusach: 'edot-hamizrach',
      dateSwitch: 'tzeit',
      chanukahCandles: { kind: 'zman', zman: 'sunset', offsetMinutes: 20 },
    });
    const base = ['--date', '2026-12-07', '--lat', '40.7', '--lon', '-74', '--tz', 'America/New_York'];
    expect(parseCalendarArgs([...base, '--chanukah-candles', '17:15']).chanukahCandles).toEqual({ kind: 'fixed', time: '17:15' });
    expect(parseCalendarArgs([...base, '--chanukah-candles', 'plagHaMincha-10']).chanukahCandles).toEqual({
      kind: 'zman',
      zman: 'plagHaMincha',
      offsetMinutes: -10,
    });
  });

  it('asks about a moment with --at: the date is the one of that moment in the zone', () => {
    const args = parseCalendarArgs(['--at', '2026-12-04T23:30:00Z', '--lat', '31.77', '--lon', '35.21', '--tz', 'Asia/Jerusalem']);
    expect(args.date).toBe('2026-12-05');
    expect(args.at?.toISOString()).toBe('2026-12-04T23:30:00.000Z');
  });

  it('names the flag that is wrong or missing', () => {
    const base = ['--date', '2026-01-01', '--lat', '40', '--lon', '-74', '--tz', 'America/New_York'];
    expect(() => parseCalendarArgs(base.slice(2))).toThrow('missing --date');
    expect(() => parseCalendarArgs([...base.slice(0, 2), '--lat', '95', ...base.slice(4)])).toThrow('--lat: expected a number from -90 to 90, got "95"');
    expect(() => parseCalendarArgs([...base.slice(0, 6), '--tz', 'Mars/Olympus'])).toThrow('--tz: unknown time zone "Mars/Olympus"');
    expect(() => parseCalendarArgs(['--date', '2026-02-30', ...base.slice(2)])).toThrow('--date: expected a date as YYYY-MM-DD, got "2026-02-30"');
    expect(() => parseCalendarArgs([...base, '--candle-mins', '18.5'])).toThrow('--candle-mins: expected a whole number');
    expect(() => parseCalendarArgs([...base, '--havdalah-mins', '50', '--havdalah-deg', '8.5'])).toThrow('--havdalah-mins and --havdalah-deg');
    expect(() => parseCalendarArgs([...base, '--city', 'Paris'])).toThrow('unknown flag --city; known: --date, --at,');
    expect(() => parseCalendarArgs([...base, '--lat'])).toThrow('--lat needs a value');
    expect(() => parseCalendarArgs([...base, 'Paris'])).toThrow("unexpected argument 'Paris'");
    expect(() => parseCalendarArgs([...base, '--il=yes'])).toThrow('--il is a switch and takes no value');
    expect(() => parseCalendarArgs([...base, '--nusach', 'chabad'])).toThrow('--nusach: expected one of ashkenaz, sefard, edot-hamizrach, got "chabad"');
    expect(() => parseCalendarArgs([...base, '--chanukah-candles', 'havdalah'])).toThrow('--chanukah-candles: expected a time as HH:mm or a daily zman');
    expect(() => parseCalendarArgs([...base, '--chanukah-candles', 'dusk'])).toThrow('--chanukah-candles');
    expect(() => parseCalendarArgs([...base, '--at', 'tonight'])).toThrow('--at: expected an ISO 8601 time');
    expect(() => parseCalendarArgs([...base, '--at', '2026-01-02T12:00:00-05:00'])).toThrow(
      '--at falls on 2026-01-02 in America/New_York, not on --date 2026-01-01',
    );
  });
});

describe('luach yahrzeit arguments', () => {
  it('reads a Gregorian or a Hebrew date of death and the range of years', () => {
    expect(parseYahrzeitArgs(['--died', '2024-01-10', '--after-sunset', '--from', '2026', '--to', '2026'])).toEqual({
      died: '2024-01-10',
      afterSunset: true,
      from: 2026,
      to: 2026,
    });
    expect(parseYahrzeitArgs(['--hebrew', '30 Cheshvan 5785', '--from=2025', '--to=2026'])).toEqual({ hebrew: '30 Cheshvan 5785', from: 2025, to: 2026 });
  });

  it('names the flag that is wrong or missing', () => {
    expect(() => parseYahrzeitArgs(['--from', '2025', '--to', '2026'])).toThrow('give exactly one of --died');
    expect(() => parseYahrzeitArgs(['--died', '2024-01-10', '--from', '2025'])).toThrow('missing --to');
    expect(() => parseYahrzeitArgs(['--died', '2024-01-10', '--from', '2027', '--to', '2025'])).toThrow('--to (2025) is before --from (2027)');
    expect(() => parseYahrzeitArgs(['--hebrew', 'Adar 15', '--from', '2025', '--to', '2026'])).toThrow('--hebrew: expected "DAY MONTH YEAR"');
    expect(() => parseYahrzeitArgs(['--hebrew', '30 Cheshvan 5786', '--from', '2025', '--to', '2026'])).toThrow('--hebrew: 30 Cheshvan does not exist in 5786');
    expect(() => parseYahrzeitArgs(['--hebrew', '3 Smarch 5786', '--from', '2025', '--to', '2026'])).toThrow('unknown Hebrew month "Smarch"');
    expect(() => parseYahrzeitArgs(['--hebrew', '3 Nisan 5786', '--after-sunset', '--from', '2025', '--to', '2026'])).toThrow(
      '--after-sunset applies to --died only',
    );
  });
});
