import './learning-schedules.js';
import { DailyLearning, ParshaEvent, getSedra } from '@hebcal/core';
import type { DayKind } from '../../cloud-sync/protocol/content.js';
import { chametzTimesOn, type ChametzTimes } from './chametz.js';
import { chanukahLightingOn, type ChanukahLighting, type ChanukahSettings } from './chanukah.js';
import { chanukahDayOf, dayKindsOf, hebrewDateOfDay } from './day-kinds.js';
import { hebrewDateInfo, type HebrewDateInfo, type HebrewDateSettings } from './hebrew-date.js';
import { holidaysOf, type HolidayInfo } from './holidays.js';
import { addDays, dayOfWeek, type LocalDate } from './local-date.js';
import { omerDayOf } from './omer.js';
import type { Place } from './place.js';
import type { Rendered } from './rendered.js';
import { mevarchimOn, type Mevarchim } from './special-shabbat.js';
import { computeZmanim, zmanimOptionsFrom, type DayZmanim } from './zmanim.js';
import { memoize } from './memo.js';

export { hebrewDateAt, hebrewDateInfo, type HebrewDateAt, type HebrewDateInfo } from './hebrew-date.js';
export type { HolidayInfo, HolidayKind } from './holidays.js';
export type { MoladInfo } from './special-shabbat.js';
export type { Rendered } from './rendered.js';

export type DayInfo = {
  date: LocalDate;
  dayOfWeek: number;
  /** The Hebrew date of the daytime; it began at the previous evening's switch. */
  hebrewDate: HebrewDateInfo;
  /** The portion read on the Shabbat of this week (Sunday–Shabbat); absent when that Shabbat is a festival. */
  parasha?: Rendered;
  /** What the day is called, Shabbat names included, with a fast's times. */
  holidays: HolidayInfo[];
  /** On Shabbat Mevarchim (the Shabbat before Rosh Chodesh is announced): the month, its molad and its Rosh Chodesh. */
  mevarchim?: Mevarchim;
  /**
   * The omer (the 49 days counted from the second night of Pesach). `day` is the count of this
   * date's Hebrew day (counted the night before, as hebcal lists it); `tonight` is the number
   * counted after nightfall this evening, from `countFrom` (tzeit).
   */
  omer?: { day?: number; tonight?: number; countFrom?: Date };
  /** During Chanukah: the day (1-8) of this daytime, and the candles lit this evening. */
  chanukah?: { day?: number; tonight?: ChanukahLighting };
  /** On erev Pesach (and the Friday before, when erev Pesach is Shabbat): the chametz deadlines. */
  chametz?: ChametzTimes;
  learning: (Rendered & { key: string })[];
  dayKinds: DayKind[];
  zmanim: DayZmanim;
};

export type DayInfoSettings = HebrewDateSettings & ChanukahSettings & { learning?: string[] };

function weekParasha(date: LocalDate, israel: boolean): Rendered | undefined {
  const shabbat = hebrewDateOfDay(addDays(date, 6 - dayOfWeek(date)));
  const reading = getSedra(shabbat.getFullYear(), israel).lookup(shabbat);
  if (reading.chag) return undefined;
  const ev = new ParshaEvent(reading);
  return { en: ev.render('en'), he: ev.render('he') };
}

/** Everything about one civil date; remembered for the same reason as the zmanim. */
export const describeDay: (place: Place, date: LocalDate, settings?: DayInfoSettings) => DayInfo = memoize(
  (place: Place, date: LocalDate, settings: DayInfoSettings = {}) => describeDayFresh(place, date, settings),
  128,
);

function describeDayFresh(place: Place, date: LocalDate, settings: DayInfoSettings): DayInfo {
  const hd = hebrewDateOfDay(date);
  const zmanim = computeZmanim(place, date, zmanimOptionsFrom(settings));
  const omerDay = omerDayOf(hd);
  const omerTonight = omerDayOf(hd.next());
  const chanukahDay = chanukahDayOf(hd);
  const chanukahTonight = chanukahLightingOn(place, date, settings);
  const chametz = chametzTimesOn(place, date);
  const learning = (settings.learning ?? ['dafYomi']).flatMap((key) => {
    const ev = DailyLearning.lookup(key, hd, place.israel);
    return ev ? [{ key, en: ev.renderBrief('en'), he: ev.renderBrief('he') }] : [];
  });
  const mevarchim = mevarchimOn(date, place.israel);
  return {
    date,
    dayOfWeek: dayOfWeek(date),
    hebrewDate: hebrewDateInfo(hd),
    parasha: weekParasha(date, place.israel),
    holidays: holidaysOf(place, date, zmanim, settings),
    ...(mevarchim ? { mevarchim } : {}),
    omer: omerDay || omerTonight ? { day: omerDay, tonight: omerTonight, countFrom: omerTonight ? zmanim.times.tzeit : undefined } : undefined,
    ...(chanukahDay || chanukahTonight ? { chanukah: { day: chanukahDay, tonight: chanukahTonight } } : {}),
    ...(chametz ? { chametz } : {}),
    learning,
    dayKinds: dayKindsOf(date, place),
    zmanim,
  };
}
