import { flags, gematriya, type HolidayEvent } from '@hebcal/core';
import { chanukahDayOf, hebrewDateOfDay, holidaysOn } from './day-kinds.js';
import { fastTimes } from './fasts.js';
import type { LocalDate } from './local-date.js';
import type { Place } from './place.js';
import { purimDayOf, WALLED_PURIM_NAMES } from './purim.js';
import type { HolidayInfo, HolidayKind } from './holiday-info.js';
import { specialShabbatot } from './special-shabbat.js';

export type { HolidayInfo, HolidayKind } from './holiday-info.js';
import type { DayZmanim, ZmanimSettings } from './zmanim.js';

function holidayKind(ev: HolidayEvent): HolidayKind {
  const f = ev.getFlags();
  // hebcal flags Erev Tish'a B'Av as a major fast too; the fast begins only at its sunset.
  if (f & flags.EREV) return 'erev';
  if (f & (flags.MAJOR_FAST | flags.MINOR_FAST)) return 'fast';
  if (f & flags.CHAG) return 'yomTov';
  if (f & flags.ROSH_CHODESH) return 'roshChodesh';
  if (f & flags.CHOL_HAMOED) return 'cholHamoed';
  if (f & flags.SPECIAL_SHABBAT) return 'specialShabbat';
  if (f & flags.MODERN_HOLIDAY) return 'modern';
  return 'minor';
}

const ORDINALS = ['', '1st', '2nd', '3rd', '4th', '5th', '6th', '7th', '8th'];

/**
 * The day of Chanukah by its daytime. hebcal names a civil date by the candles lit on its evening
 * ("Chanukah: 2 Candles" on the first day), which on the wall reads as the wrong day; the wall
 * names the day ("Chanukah: 1st Day") and says the evening's candles beside their time.
 */
function chanukahName(day: number): HolidayInfo {
  return { desc: `Chanukah: Day ${day}`, en: `Chanukah: ${ORDINALS[day]} Day`, he: `חֲנוּכָּה: יוֹם ${gematriya(day)}`, kind: 'chanukah' };
}

const PURIM_EVENTS = new Set(['Erev Purim', 'Purim', 'Shushan Purim', 'Purim Meshulash']);

/** Purim's days as this place keeps them: a walled city's Purim is the 15th, or Purim Meshulash. */
function purimNames(date: LocalDate, place: Place, events: HolidayEvent[]): HolidayInfo[] {
  const named = (ev: HolidayEvent, kind: HolidayKind): HolidayInfo => ({ desc: ev.getDesc(), en: ev.render('en'), he: ev.render('he'), kind });
  const purimEvents = events.filter((ev) => PURIM_EVENTS.has(ev.getDesc()) && ev.getDesc() !== 'Purim Meshulash');
  if (!place.walledCity) return purimEvents.map((ev) => named(ev, ev.getDesc() === 'Purim' ? 'purim' : holidayKind(ev)));
  const hd = hebrewDateOfDay(date);
  const today = purimDayOf(hd, true);
  if (today) return [{ desc: `Purim: ${today}`, ...WALLED_PURIM_NAMES[today], kind: today === 'meshulashShabbat' ? 'specialShabbat' : 'purim' }];
  const tomorrow = purimDayOf(hd.next(), true);
  if (tomorrow === 'walledPurim') return [{ desc: 'Purim (unwalled cities)', ...WALLED_PURIM_NAMES.unwalledPurim14, kind: 'erev' }];
  if (tomorrow === 'meshulashMegillah') return purimEvents.filter((ev) => ev.getDesc() === 'Erev Purim').map((ev) => named(ev, 'erev'));
  return [];
}

/**
 * Everything the day is called: hebcal's holidays as Israel or the diaspora keeps them, Chanukah
 * by its day, Purim by the city's walls, the Shabbatot named for what is read on them, and the
 * times of a fast.
 */
export function holidaysOf(place: Place, date: LocalDate, zmanim: DayZmanim, settings: ZmanimSettings): HolidayInfo[] {
  const events = holidaysOn(date, place.israel);
  const out: HolidayInfo[] = [];
  for (const ev of events) {
    const desc = ev.getDesc();
    if (PURIM_EVENTS.has(desc)) continue;
    if (desc.startsWith('Chanukah: ')) {
      const day = chanukahDayOf(hebrewDateOfDay(date));
      out.push(day ? chanukahName(day) : { desc: 'Erev Chanukah', en: 'Erev Chanukah', he: 'עֶרֶב חֲנוּכָּה', kind: 'erev' });
      continue;
    }
    const info: HolidayInfo = { en: ev.render('en'), he: ev.render('he'), desc, kind: holidayKind(ev) };
    out.push(info.kind === 'fast' ? { ...info, ...fastTimes(ev, place, date, zmanim, settings) } : info);
  }
  return [...out, ...purimNames(date, place, events), ...specialShabbatot(place, date)];
}
