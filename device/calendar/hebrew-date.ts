import type { HDate } from '@hebcal/core';
import type { DeviceSettings } from '../../cloud-sync/protocol/content.js';
import { hebrewDateOfDay } from './day-kinds.js';
import { addDays, localDateOf, startOfLocalDay, type LocalDate } from './local-date.js';
import type { Place } from './place.js';
import { computeZmanim, zmanimOptionsFrom, type ZmanimSettings } from './zmanim.js';

export type HebrewDateInfo = {
  /** e.g. "9th of Nisan, 5786" */
  en: string;
  /** e.g. "ט׳ נִיסָן תשפ״ו" */
  he: string;
  day: number;
  /** As @hebcal/core spells it: Nisan, Iyyar, ..., Adar I, Adar II. */
  month: string;
  /** hebcal's month number: 1 = Nisan ... 7 = Tishrei ... 12 = Adar (I), 13 = Adar II. */
  monthNumber: number;
  year: number;
};

export function hebrewDateInfo(hd: HDate): HebrewDateInfo {
  return {
    en: hd.render('en'),
    he: hd.renderGematriya(),
    day: hd.getDate(),
    month: hd.getMonthName(),
    monthNumber: hd.getMonth(),
    year: hd.getFullYear(),
  };
}

export type HebrewDateSettings = ZmanimSettings & Partial<Pick<DeviceSettings, 'hebrewDateSwitch'>>;

export type HebrewDateAt = {
  hebrewDate: HebrewDateInfo;
  /** The civil date whose daytime carries this Hebrew date (tomorrow's, once the evening switch passed). */
  dayDate: LocalDate;
  /** True between the evening switch and local midnight, when the Hebrew date runs ahead of the civil one. */
  evening: boolean;
  /** The next moment the Hebrew date changes. */
  nextSwitch: Date;
};

/**
 * The instant the Hebrew date of `date` gives way to the next: sunset, or tzeit (nightfall)
 * when the synagogue's setting says so. In polar day or night, with no sunset, local midnight.
 */
export function hebrewDateSwitchOn(place: Place, date: LocalDate, settings: HebrewDateSettings = {}): Date {
  const z = computeZmanim(place, date, zmanimOptionsFrom(settings));
  const at = settings.hebrewDateSwitch === 'tzeit' ? z.times.tzeit : z.times.sunset;
  return at ?? startOfLocalDay(addDays(date, 1), place.timezone);
}

/**
 * The Hebrew date in effect at `instant`, and when it next changes. Where tzeit falls after
 * midnight (a stand-in at solar midnight in a northern summer), yesterday's switch may still be
 * ahead; until it passes, yesterday's Hebrew date holds.
 */
export function hebrewDateAt(place: Place, instant: Date, settings: HebrewDateSettings = {}): HebrewDateAt {
  const t = instant.getTime();
  const civil = localDateOf(instant, place.timezone);
  const yesterday = addDays(civil, -1);
  const yesterdaySwitch = hebrewDateSwitchOn(place, yesterday, settings);
  if (t < yesterdaySwitch.getTime()) {
    return { hebrewDate: hebrewDateInfo(hebrewDateOfDay(yesterday)), dayDate: yesterday, evening: false, nextSwitch: yesterdaySwitch };
  }
  const todaySwitch = hebrewDateSwitchOn(place, civil, settings);
  if (t < todaySwitch.getTime()) {
    return { hebrewDate: hebrewDateInfo(hebrewDateOfDay(civil)), dayDate: civil, evening: false, nextSwitch: todaySwitch };
  }
  const tomorrow = addDays(civil, 1);
  return {
    hebrewDate: hebrewDateInfo(hebrewDateOfDay(tomorrow)),
    dayDate: tomorrow,
    evening: true,
    nextSwitch: hebrewDateSwitchOn(place, tomorrow, settings),
  };
}
