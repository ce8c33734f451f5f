import '@hebcal/learning';
import {
  DailyLearning,
  HDate,
  HebrewCalendar,
  MevarchimChodeshEvent,
  MoladEvent,
  ParshaEvent,
  Zmanim,
  flags,
  getSedra,
  months,
  type HolidayEvent,
} from '@hebcal/core';
import type { DayKind } from '../../cloud-sync/protocol/content.js';
import { dayKindsOf, hebrewDateOfDay, holidaysOn } from './day-kinds.js';
import { hebrewDateInfo, type HebrewDateInfo, type HebrewDateSettings } from './hebrew-date.js';
import { addDays, dayOfWeek, hebcalCivilDate, type LocalDate } from './local-date.js';
import { hebcalLocation, type Place } from './place.js';
import { computeZmanim, zmanimOptionsFrom, type DayZmanim } from './zmanim.js';
import { memoize } from './memo.js';

export { hebrewDateAt, hebrewDateInfo, type HebrewDateAt, type HebrewDateInfo } from './hebrew-date.js';

export type Rendered = { en: string; he: string };

export type HolidayKind = 'yomTov' | 'roshChodesh' | 'fast' | 'cholHamoed' | 'erev' | 'specialShabbat' | 'modern' | 'minor';

export type HolidayInfo = Rendered & {
  /** hebcal's untranslated name, stable for matching: "Pesach I", "Ta'anit Esther". */
  desc: string;
  kind: HolidayKind;
  /** For fasts: when the fast begins and ends (no end on a Friday: Shabbat begins first). */
  begins?: Date;
  ends?: Date;
};

export type MoladInfo = Rendered & {
  /** The traditional announcement, Jerusalem time: day of week (0 = Sunday), hour, minutes, chalakim (1/18 minute). */
  dayOfWeek: number;
  hour: number;
  minutes: number;
  chalakim: number;
  /** The moment of the molad (Jerusalem standard time reckoning, as hebcal gives it). */
  at: Date;
};

export type DayInfo = {
  date: LocalDate;
  dayOfWeek: number;
  /** The Hebrew date of the daytime; it began at the previous evening's switch. */
  hebrewDate: HebrewDateInfo;
  /** The portion read on the Shabbat of this week (Sunday–Shabbat); absent when that Shabbat is a festival. */
  parasha?: Rendered;
  holidays: HolidayInfo[];
  /** On Shabbat Mevarchim (the Shabbat before Rosh Chodesh is announced): the month and its molad. */
  mevarchim?: Rendered & { month: string; molad: MoladInfo };
  /**
   * The omer (the 49 days counted from the second night of Pesach). `day` is the count of this
   * date's Hebrew day (counted the night before, as hebcal lists it); `tonight` is the number
   * counted after nightfall this evening, from `countFrom` (tzeit).
   */
  omer?: { day?: number; tonight?: number; countFrom?: Date };
  learning: (Rendered & { key: string })[];
  dayKinds: DayKind[];
  zmanim: DayZmanim;
};

export type DayInfoSettings = HebrewDateSettings & { learning?: string[] };

function holidayKind(ev: HolidayEvent): HolidayKind {
  const f = ev.getFlags();
  if (f & (flags.MAJOR_FAST | flags.MINOR_FAST)) return 'fast';
  if (f & flags.CHAG) return 'yomTov';
  if (f & flags.ROSH_CHODESH) return 'roshChodesh';
  if (f & flags.CHOL_HAMOED) return 'cholHamoed';
  if (f & flags.EREV) return 'erev';
  if (f & flags.SPECIAL_SHABBAT) return 'specialShabbat';
  if (f & flags.MODERN_HOLIDAY) return 'modern';
  return 'minor';
}

/**
 * Fast times as hebcal publishes them: a minor fast from alot (16.1°) to tzeit 7.083° (three
 * medium stars) in the diaspora or 15 minutes after sunset in Israel; Tish'a B'Av from the
 * previous sunset to tzeit 6.45°; Yom Kippur from the previous sunset to havdalah.
 */
function fastTimes(ev: HolidayEvent, place: Place, date: LocalDate, zmanim: DayZmanim, settings: DayInfoSettings) {
  const desc = ev.getDesc();
  const z = new Zmanim(hebcalLocation(place), hebcalCivilDate(date), place.useElevation === true);
  const ok = (d: Date | undefined) => (d && !Number.isNaN(d.getTime()) ? d : undefined);
  if (desc === 'Yom Kippur' || desc.startsWith("Tish'a B'Av")) {
    const eve = computeZmanim(place, addDays(date, -1), zmanimOptionsFrom(settings)).times.sunset;
    const ends = desc === 'Yom Kippur' ? zmanim.times.havdalah : ok(z.tzeit(6.45));
    return { begins: eve, ends };
  }
  const hd = hebrewDateOfDay(date);
  const noEnd = dayOfWeek(date) === 5 || (hd.getMonth() === months.NISAN && hd.getDate() === 14);
  const ends = noEnd ? undefined : place.israel ? ok(z.sunsetOffset(15, true)) : ok(z.tzeit(7.0833333));
  return { begins: zmanim.times.alotHaShachar, ends };
}

function weekParasha(date: LocalDate, israel: boolean): Rendered | undefined {
  const shabbat = hebrewDateOfDay(addDays(date, 6 - dayOfWeek(date)));
  const reading = getSedra(shabbat.getFullYear(), israel).lookup(shabbat);
  if (reading.chag) return undefined;
  const ev = new ParshaEvent(reading);
  return { en: ev.render('en'), he: ev.render('he') };
}

function mevarchimOn(date: LocalDate, israel: boolean): DayInfo['mevarchim'] {
  if (dayOfWeek(date) !== 6) return undefined;
  const day = hebcalCivilDate(date);
  const events = HebrewCalendar.calendar({ start: day, end: day, il: israel, shabbatMevarchim: true, molad: true, noHolidays: true });
  const blessing = events.find((e): e is MevarchimChodeshEvent => e instanceof MevarchimChodeshEvent);
  const moladEv = events.find((e): e is MoladEvent => e instanceof MoladEvent);
  if (!blessing || !moladEv) return undefined;
  const m = moladEv.molad;
  return {
    en: blessing.render('en'),
    he: blessing.render('he'),
    month: blessing.monthName,
    molad: {
      en: moladEv.render('en'),
      he: moladEv.render('he'),
      dayOfWeek: m.getDow(),
      hour: m.getHour(),
      minutes: m.getMinutes(),
      chalakim: m.getChalakim(),
      at: new Date(m.getInstant().epochMilliseconds),
    },
  };
}

function omerNumber(hd: HDate): number | undefined {
  const n = hd.abs() - HDate.hebrew2abs(hd.getFullYear(), months.NISAN, 16) + 1;
  return n >= 1 && n <= 49 ? n : undefined;
}

/** Everything about one civil date; remembered for the same reason as the zmanim. */
export const describeDay: (place: Place, date: LocalDate, settings?: DayInfoSettings) => DayInfo = memoize(
  (place: Place, date: LocalDate, settings: DayInfoSettings = {}) => describeDayFresh(place, date, settings),
  128,
);

function describeDayFresh(place: Place, date: LocalDate, settings: DayInfoSettings): DayInfo {
  const hd = hebrewDateOfDay(date);
  const zmanim = computeZmanim(place, date, zmanimOptionsFrom(settings));
  const holidays = holidaysOn(date, place.israel).map((ev): HolidayInfo => {
    const info: HolidayInfo = { en: ev.render('en'), he: ev.render('he'), desc: ev.getDesc(), kind: holidayKind(ev) };
    return info.kind === 'fast' ? { ...info, ...fastTimes(ev, place, date, zmanim, settings) } : info;
  });
  const omerDay = omerNumber(hd);
  const omerTonight = omerNumber(hd.next());
  const learning = (settings.learning ?? ['dafYomi']).flatMap((key) => {
    const ev = DailyLearning.lookup(key, hd, place.israel);
    return ev ? [{ key, en: ev.renderBrief('en'), he: ev.renderBrief('he') }] : [];
  });
  return {
    date,
    dayOfWeek: dayOfWeek(date),
    hebrewDate: hebrewDateInfo(hd),
    parasha: weekParasha(date, place.israel),
    holidays,
    mevarchim: mevarchimOn(date, place.israel),
    omer: omerDay || omerTonight ? { day: omerDay, tonight: omerTonight, countFrom: omerTonight ? zmanim.times.tzeit : undefined } : undefined,
    learning,
    dayKinds: dayKindsOf(date, place.israel),
    zmanim,
  };
}
