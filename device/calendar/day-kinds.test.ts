import { CandleLightingEvent, HavdalahEvent, HebrewCalendar, Location, flags } from '@hebcal/core';
import { describe, expect, it } from 'vitest';
import { dayKindsOf, eveningOf, type Evening } from './day-kinds.js';
import { addDays, civilDateOfHebcal } from './local-date.js';

/** hebcal's own candle-lighting and havdalah events for a span, as our Evening values. */
function hebcalEvenings(il: boolean, from: string, to: string): Map<string, Evening> {
  const location = new Location(40.7128, -74.006, false, 'America/New_York');
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  const events = HebrewCalendar.calendar({
    start: new Date(fy!, fm! - 1, fd!),
    end: new Date(ty!, tm! - 1, td!),
    location,
    il,
    candlelighting: true,
  });
  const out = new Map<string, Evening>();
  for (const ev of events) {
    const date = civilDateOfHebcal(ev.getDate().greg());
    if (ev instanceof HavdalahEvent) out.set(date, 'havdalah');
    else if (ev instanceof CandleLightingEvent) {
      const afterTzeit =
        (ev.getDate().getDay() !== 5 && Boolean(ev.getFlags() & (flags.LIGHT_CANDLES_TZEIS | flags.YOM_TOV_ENDS))) || ev.getDate().getDay() === 6;
      out.set(date, afterTzeit ? 'candlesAfterTzeit' : 'candles');
    }
  }
  return out;
}

describe('the evening of a day: candles, candles after tzeit, or havdalah', () => {
  for (const il of [false, true]) {
    it(`agrees with hebcal's candle-lighting and havdalah events for 2024–2027 (${il ? 'Israel' : 'diaspora'})`, () => {
      const reference = hebcalEvenings(il, '2024-01-01', '2027-12-31');
      const disagreements: string[] = [];
      for (let date = '2024-01-01'; date <= '2027-12-31'; date = addDays(date, 1)) {
        const ours = eveningOf(date, il);
        const theirs = reference.get(date);
        if (ours !== theirs) disagreements.push(`${date}: ours ${ours}, hebcal ${theirs}`);
      }
      expect(disagreements).toEqual([]);
    });
  }

  it('gives havdalah when Yom Kippur ends on a weekday (Monday 21 Sept 2026)', () => {
    expect(eveningOf('2026-09-21', false)).toBe('havdalah');
    expect(eveningOf('2026-09-20', false)).toBe('candles');
  });
});

const DIASPORA = { israel: false };
const ISRAEL = { israel: true };
const JERUSALEM = { israel: true, walledCity: true };

describe('kinds of day', () => {
  it('calls Friday a weekday and erev Shabbat, and Shabbat both shabbat and motzei Shabbat', () => {
    expect(dayKindsOf('2026-03-27', DIASPORA)).toEqual(['weekday', 'erevShabbat']);
    expect(dayKindsOf('2026-03-28', DIASPORA)).toEqual(['shabbat', 'motzeiShabbat']);
    expect(dayKindsOf('2026-03-24', DIASPORA)).toEqual(['weekday']);
  });

  it('knows Rosh Chodesh (Shabbat 18 April 2026 is the second day of Rosh Chodesh Iyyar)', () => {
    expect(dayKindsOf('2026-04-17', DIASPORA)).toContain('roshChodesh');
    expect(dayKindsOf('2026-04-18', DIASPORA)).toEqual(['shabbat', 'motzeiShabbat', 'roshChodesh']);
  });

  it("knows fast days, but not the fast of the firstborn nor the daytime before Tish'a B'Av (Ta'anit Esther 2 March 2026, Erev Pesach 1 April 2026)", () => {
    expect(dayKindsOf('2026-03-02', DIASPORA)).toEqual(['weekday', 'fastDay']);
    expect(dayKindsOf('2026-04-01', DIASPORA)).toEqual(['weekday', 'erevYomTov']);
    expect(dayKindsOf('2026-07-23', DIASPORA)).toContain('fastDay');
    expect(dayKindsOf('2026-07-22', DIASPORA)).toEqual(['weekday']);
  });

  it('counts yom tov one day in Israel and two in the diaspora (Pesach 2026)', () => {
    expect(dayKindsOf('2026-04-02', DIASPORA)).toEqual(['yomTov']);
    expect(dayKindsOf('2026-04-03', DIASPORA)).toEqual(['erevShabbat', 'yomTov']);
    expect(dayKindsOf('2026-04-03', ISRAEL)).toEqual(['weekday', 'erevShabbat', 'cholHamoed']);
  });

  it('calls Yom Kippur a yom tov and a fast, and its eve erev yom tov', () => {
    expect(dayKindsOf('2026-09-21', DIASPORA)).toEqual(['fastDay', 'yomTov']);
    expect(dayKindsOf('2026-09-20', DIASPORA)).toEqual(['weekday', 'erevYomTov']);
  });

  it('knows the eight days of Chanukah from 25 Kislev, not the eve whose evening lights the first candle (5787)', () => {
    expect(dayKindsOf('2026-12-04', DIASPORA)).not.toContain('chanukah');
    expect(dayKindsOf('2026-12-05', DIASPORA)).toEqual(['shabbat', 'motzeiShabbat', 'chanukah']);
    expect(dayKindsOf('2026-12-10', DIASPORA)).toEqual(['weekday', 'roshChodesh', 'chanukah']);
    expect(dayKindsOf('2026-12-12', DIASPORA)).toContain('chanukah');
    expect(dayKindsOf('2026-12-13', DIASPORA)).not.toContain('chanukah');
  });

  it('marks the day the synagogue reads the Megillah: the 14th, or in a walled city the 15th (Purim 5787)', () => {
    expect(dayKindsOf('2027-03-23', ISRAEL)).toEqual(['weekday', 'purim']);
    expect(dayKindsOf('2027-03-24', ISRAEL)).toEqual(['weekday']);
    expect(dayKindsOf('2027-03-23', JERUSALEM)).toEqual(['weekday']);
    expect(dayKindsOf('2027-03-24', JERUSALEM)).toEqual(['weekday', 'purim']);
  });

  it('reads the Megillah of a walled city on Friday the 14th when the 15th is Shabbat (Purim Meshulash 5785)', () => {
    expect(dayKindsOf('2025-03-14', JERUSALEM)).toEqual(['weekday', 'erevShabbat', 'purim']);
    expect(dayKindsOf('2025-03-15', JERUSALEM)).toEqual(['shabbat', 'motzeiShabbat']);
    expect(dayKindsOf('2025-03-14', ISRAEL)).toContain('purim');
  });
});
