import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { chametzTimesOn } from './chametz.js';
import { localTimeOf, minuteOfDay } from './local-date.js';
import type { Place } from './place.js';

// Where Debian hebcal's cities stand (`hebcal cities`): Jerusalem 31°47'N 35°14'E, New York 40°43'N 74°0'W.
const jerusalem: Place = { latitude: 31 + 47 / 60, longitude: 35 + 14 / 60, elevation: 754, timezone: 'Asia/Jerusalem', israel: true };
const newYork: Place = { latitude: 40 + 43 / 60, longitude: -74, elevation: 0, timezone: 'America/New_York', israel: false };

/** Debian hebcal's sunrise, sunset and sof zman tfila (GRA) for a city and day, as minutes of the day. */
function debianZmanim(city: string, date: string): { sunrise: number; sunset: number; tfila: number } {
  const [y, m, d] = date.split('-').map(Number);
  const out = execFileSync('hebcal', ['-Z', '-E', '-C', city, String(m), String(d), String(y)], { encoding: 'utf8' });
  const minutes = (label: string) => {
    const hit = new RegExp(`${label}: (\\d+):(\\d+)`).exec(out);
    if (!hit) throw new Error(`hebcal printed no ${label} for ${city} ${date}`);
    return Number(hit[1]) * 60 + Number(hit[2]);
  };
  return { sunrise: minutes('Sunrise'), sunset: minutes('Sunset'), tfila: minutes('Tefilah, sof zeman') };
}

describe('chametz on erev Pesach', () => {
  it('ends eating at the fourth hour and burning at the fifth, by the GRA and the Magen Avraham (Jerusalem, 1 April 2026)', () => {
    const times = chametzTimesOn(jerusalem, '2026-04-01')!;
    expect(times).toMatchObject({ erevPesach: '2026-04-01', burnDate: '2026-04-01' });
    expect(times.nullifyUntil).toBeUndefined();
    const tz = jerusalem.timezone;
    // Debian hebcal reckons sunrise to sunset at sea level, as we do unless the synagogue asks for its elevation.
    const debian = debianZmanim('Jerusalem', '2026-04-01');
    expect(Math.abs(minuteOfDay(times.eatUntil.gra, tz) - debian.tfila)).toBeLessThanOrEqual(1);
    const graHour = (debian.sunset - debian.sunrise) / 12;
    const mgaHour = (debian.sunset - debian.sunrise + 144) / 12;
    expect(Math.abs(minuteOfDay(times.burnUntil.gra, tz) - (debian.sunrise + 5 * graHour))).toBeLessThanOrEqual(1.5);
    expect(Math.abs(minuteOfDay(times.eatUntil.mga, tz) - (debian.sunrise - 72 + 4 * mgaHour))).toBeLessThanOrEqual(1.5);
    expect(Math.abs(minuteOfDay(times.burnUntil.mga, tz) - (debian.sunrise - 72 + 5 * mgaHour))).toBeLessThanOrEqual(1.5);
    // As the wall shows them, seconds dropped (10:38:04 for the GRA's end of eating: Debian hebcal
    // 4.31 starts from sunrise rounded to 6:27 and prints 10:37).
    expect([localTimeOf(times.eatUntil.mga, tz), localTimeOf(times.eatUntil.gra, tz)]).toEqual(['10:14', '10:38']);
  });

  it('burns on Friday when erev Pesach is Shabbat, eats until the fourth hour of Shabbat and nullifies by its fifth (New York, 5785)', () => {
    // 14 Nisan 5785 was Shabbat 12 April 2025 (Shulchan Aruch OC 444:1-2).
    const friday = chametzTimesOn(newYork, '2025-04-11')!;
    const shabbat = chametzTimesOn(newYork, '2025-04-12')!;
    expect(friday).toEqual(shabbat);
    expect(shabbat).toMatchObject({ erevPesach: '2025-04-12', burnDate: '2025-04-11' });
    const tz = newYork.timezone;
    const fridayZmanim = debianZmanim('New York', '2025-04-11');
    const shabbatZmanim = debianZmanim('New York', '2025-04-12');
    expect(
      Math.abs(minuteOfDay(shabbat.burnUntil.gra, tz) - (fridayZmanim.sunrise + (5 * (fridayZmanim.sunset - fridayZmanim.sunrise)) / 12)),
    ).toBeLessThanOrEqual(1.5);
    expect(Math.abs(minuteOfDay(shabbat.eatUntil.gra, tz) - shabbatZmanim.tfila)).toBeLessThanOrEqual(1);
    expect(
      Math.abs(minuteOfDay(shabbat.nullifyUntil!.gra, tz) - (shabbatZmanim.sunrise + (5 * (shabbatZmanim.sunset - shabbatZmanim.sunrise)) / 12)),
    ).toBeLessThanOrEqual(1.5);
  });

  it('is silent on every other day, the Friday before an ordinary erev Pesach included', () => {
    expect(chametzTimesOn(jerusalem, '2026-03-31')).toBeUndefined();
    expect(chametzTimesOn(jerusalem, '2026-04-02')).toBeUndefined();
    expect(chametzTimesOn(newYork, '2027-04-16')).toBeUndefined();
  });

  it('reckons the GRA from the elevation only when the synagogue asks for it', () => {
    const sea = chametzTimesOn(jerusalem, '2026-04-01')!;
    const hill = chametzTimesOn({ ...jerusalem, useElevation: true }, '2026-04-01')!;
    expect(hill.eatUntil.gra.getTime()).not.toBe(sea.eatUntil.gra.getTime());
    expect(hill.eatUntil.mga.getTime()).toBe(sea.eatUntil.mga.getTime());
  });
});
