import { Zmanim, months, type HolidayEvent } from '@hebcal/core';
import { hebrewDateOfDay } from './day-kinds.js';
import { addDays, dayOfWeek, hebcalCivilDate, type LocalDate } from './local-date.js';
import { hebcalLocation, type Place } from './place.js';
import { computeZmanim, zmanimOptionsFrom, type DayZmanim, type ZmanimSettings } from './zmanim.js';

export type FastTimes = { begins?: Date; ends?: Date };

/** Tish'a B'Av and Yom Kippur begin at sunset of the evening before; the minor fasts at dawn. */
export function beginsTheEveningBefore(desc: string): boolean {
  return desc === 'Yom Kippur' || desc.startsWith("Tish'a B'Av");
}

/**
 * Fast times as hebcal publishes them: a minor fast from alot (16.1°) to tzeit 7.083° (three
 * medium stars) in the diaspora or 15 minutes after sunset in Israel, with no end on a Friday
 * (Shabbat begins first) or on erev Pesach; Tish'a B'Av from the previous sunset to tzeit
 * 6.45°; Yom Kippur from the previous sunset to havdalah.
 */
export function fastTimes(ev: HolidayEvent, place: Place, date: LocalDate, zmanim: DayZmanim, settings: ZmanimSettings): FastTimes {
  const desc = ev.getDesc();
  const z = new Zmanim(hebcalLocation(place), hebcalCivilDate(date), place.useElevation === true);
  const ok = (d: Date | undefined) => (d && !Number.isNaN(d.getTime()) ? d : undefined);
  if (beginsTheEveningBefore(desc)) {
    const eve = computeZmanim(place, addDays(date, -1), zmanimOptionsFrom(settings)).times.sunset;
    const ends = desc === 'Yom Kippur' ? zmanim.times.havdalah : ok(z.tzeit(6.45));
    return { begins: eve, ends };
  }
  const hd = hebrewDateOfDay(date);
  const noEnd = dayOfWeek(date) === 5 || (hd.getMonth() === months.NISAN && hd.getDate() === 14);
  const ends = noEnd ? undefined : place.israel ? ok(z.sunsetOffset(15, true)) : ok(z.tzeit(7.0833333));
  return { begins: zmanim.times.alotHaShachar, ends };
}
