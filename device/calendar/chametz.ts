import { Zmanim, months } from '@hebcal/core';
import { hebrewDateOfDay } from './day-kinds.js';
import { addDays, dayOfWeek, hebcalCivilDate, type LocalDate } from './local-date.js';
import { hebcalLocation, type Place } from './place.js';

/** A deadline by the two reckonings of the halachic hour: the GRA (sunrise to sunset) and the Magen Avraham (72 minutes before sunrise to 72 after sunset). */
export type ByReckoning = { gra: Date; mga: Date };

export type ChametzTimes = {
  /** Erev Pesach, 14 Nisan. */
  erevPesach: LocalDate;
  /** The end of eating chametz on erev Pesach: four halachic hours into the day. */
  eatUntil: ByReckoning;
  /** The day the chametz is burned: erev Pesach, or Friday the 13th when erev Pesach is Shabbat. */
  burnDate: LocalDate;
  /** The end of burning (and, on erev Pesach, of owning) chametz: five halachic hours into `burnDate`. */
  burnUntil: ByReckoning;
  /** When erev Pesach is Shabbat: the end of nullifying (bitul) what is left, five hours into Shabbat. */
  nullifyUntil?: ByReckoning;
};

const valid = (d: Date) => !Number.isNaN(d.getTime());

/** The end of the `hours`th halachic hour of `date`, by the GRA and the MGA; undefined where the sun does not rise or set. */
function hoursInto(place: Place, date: LocalDate, hours: 4 | 5): ByReckoning | undefined {
  const z = new Zmanim(hebcalLocation(place), hebcalCivilDate(date), place.useElevation === true);
  const gra = hours === 4 ? z.sofZmanTfilla() : z.sofZmanBiurChametzGRA();
  // hebcal reckons the Magen Avraham's day from sea-level sunrise and sunset, whatever the elevation setting.
  const [alot72, hour72] = z.getTemporalHour72(true);
  const mga = new Date(alot72.getTime() + Math.floor(hours * hour72));
  return valid(gra) && valid(mga) ? { gra, mga } : undefined;
}

/**
 * The chametz deadlines a wall shows on erev Pesach (Shulchan Aruch OC 443:1) and, in a year when
 * erev Pesach is Shabbat, on the Friday before too: chametz is burned on Friday, at the time of an
 * ordinary year, since it may not be burned on Shabbat; it is eaten on Shabbat until the fourth
 * hour, and what is left is nullified by the fifth (OC 444:1-2). Undefined on any other day.
 */
export function chametzTimesOn(place: Place, date: LocalDate): ChametzTimes | undefined {
  const hd = hebrewDateOfDay(date);
  if (hd.getMonth() !== months.NISAN) return undefined;
  const erevPesach = hd.getDate() === 14 ? date : hd.getDate() === 13 && dayOfWeek(date) === 5 ? addDays(date, 1) : undefined;
  if (!erevPesach) return undefined;
  const onShabbat = dayOfWeek(erevPesach) === 6;
  const burnDate = onShabbat ? addDays(erevPesach, -1) : erevPesach;
  const eatUntil = hoursInto(place, erevPesach, 4);
  const burnUntil = hoursInto(place, burnDate, 5);
  if (!eatUntil || !burnUntil) return undefined;
  const nullifyUntil = onShabbat ? hoursInto(place, erevPesach, 5) : undefined;
  return { erevPesach, eatUntil, burnDate, burnUntil, ...(nullifyUntil ? { nullifyUntil } : {}) };
}
