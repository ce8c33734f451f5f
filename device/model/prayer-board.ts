import type { HolidayTimes, TfilaTime } from '../../cloud-sync/protocol/content.js';
import { addDays, dayOfWeek, type LocalDate } from '../calendar/local-date.js';
import type { Place } from '../calendar/place.js';
import { resolvePrayerTimes, type ResolvedPrayerTime } from '../calendar/prayer-times.js';
import type { DayZmanim, ZmanimSettings } from '../calendar/zmanim.js';
import type { CalendarDays } from '../schedule/calendar-days.js';
import type { TimeRow } from './display-model.js';
import { formatTime } from './format.js';
import { weekdayName, ZMAN_LABELS, type Language } from './labels.js';

export interface BoardContext {
  now: Date;
  place: Place;
  settings: ZmanimSettings;
  language: Language;
  clock24h: boolean;
  days: CalendarDays;
  rules: readonly TfilaTime[];
  holidayTimes: readonly HolidayTimes[];
}

/** Times at or before now are past; the first after now is next (when `highlightNext`). */
export function toRows(times: { id: string; label: string; at: Date; explanation?: string }[], ctx: BoardContext, highlightNext = true): TimeRow[] {
  const now = ctx.now.getTime();
  const nextIndex = highlightNext ? times.findIndex((t) => t.at.getTime() > now) : -1;
  return times.map((t, i) => ({
    id: t.id,
    label: t.label,
    time: formatTime(t.at, ctx.place.timezone, ctx.language, ctx.clock24h),
    at: t.at.toISOString(),
    ...(t.explanation ? { explanation: t.explanation } : {}),
    state: t.at.getTime() <= now ? 'past' : i === nextIndex ? 'next' : 'upcoming',
  }));
}

export function prayerTimesOn(date: LocalDate, ctx: BoardContext): ResolvedPrayerTime[] {
  return resolvePrayerTimes({
    rules: ctx.rules,
    holidayTimes: ctx.holidayTimes,
    place: ctx.place,
    date,
    settings: ctx.settings,
    zmanimFor: (d: LocalDate): DayZmanim => ctx.days(d).zmanim,
  });
}

type BoardItem = { id: string; label: string; at: Date; explanation?: string };

function prayerItems(times: ResolvedPrayerTime[], ctx: BoardContext): BoardItem[] {
  return times.map((t) => ({ id: t.ruleId, label: ctx.language === 'en' && t.nameEn ? t.nameEn : t.name, at: t.at, explanation: t.explanation }));
}

export function prayerRows(times: ResolvedPrayerTime[], ctx: BoardContext): TimeRow[] {
  return toRows(prayerItems(times, ctx), ctx);
}

/** Candle lighting on Friday and havdalah on Shabbat night, as rows beside the prayers. */
function shabbatZmanim(friday: LocalDate, shabbat: LocalDate, ctx: BoardContext): BoardItem[] {
  const candles = ctx.days(friday).zmanim.times.candleLighting;
  const havdalah = ctx.days(shabbat).zmanim.times.havdalah;
  return [
    ...(candles ? [{ id: 'candleLighting', label: ZMAN_LABELS.candleLighting[ctx.language], at: candles }] : []),
    ...(havdalah ? [{ id: 'havdalah', label: ZMAN_LABELS.havdalah[ctx.language], at: havdalah }] : []),
  ];
}

/**
 * The schedule of the coming Shabbat (from Wednesday) and of a yom tov within two days: the
 * sections congregants look for before they leave on a weekday evening.
 */
export function upcomingSections(today: LocalDate, ctx: BoardContext, titles: { shabbat: string }): { title: string; rows: TimeRow[] }[] {
  const sections: { title: string; rows: TimeRow[] }[] = [];
  const weekday = dayOfWeek(today);
  const covered = new Set<LocalDate>();
  if (weekday >= 3) {
    const friday = addDays(today, 5 - weekday);
    const shabbat = addDays(friday, 1);
    // Friday's morning minyanim are weekday business; Shabbat starts with the afternoon.
    const fridayChatzot = ctx.days(friday).zmanim.times.chatzot?.getTime() ?? 0;
    const fridayTimes = weekday <= 5 ? prayerTimesOn(friday, ctx).filter((t) => t.at.getTime() >= fridayChatzot) : [];
    const items = [...prayerItems([...fridayTimes, ...prayerTimesOn(shabbat, ctx)], ctx), ...shabbatZmanim(friday, shabbat, ctx)];
    const rows = toRows(
      items.sort((a, b) => a.at.getTime() - b.at.getTime()),
      ctx,
      false,
    );
    if (rows.length) sections.push({ title: titles.shabbat, rows });
    covered.add(friday).add(shabbat);
  }
  for (const offset of [1, 2]) {
    const date = addDays(today, offset);
    if (covered.has(date) || !ctx.days(date).dayKinds.includes('yomTov')) continue;
    const rows = prayerTimesOn(date, ctx);
    if (rows.length) sections.push({ title: weekdayName(dayOfWeek(date), ctx.language), rows: toRows(prayerItems(rows, ctx), ctx, false) });
  }
  return sections;
}
