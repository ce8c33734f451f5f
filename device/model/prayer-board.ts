import type { HolidayTimes, TfilaTime } from '../../cloud-sync/protocol/content.js';
import type { DayInfo } from '../calendar/day-info.js';
import { addDays, dayOfWeek, localDateOf, type LocalDate } from '../calendar/local-date.js';
import type { Place } from '../calendar/place.js';
import { resolvePrayerTimes, type ResolvedPrayerTime } from '../calendar/prayer-times.js';
import type { DayZmanim, ZmanimSettings } from '../calendar/zmanim.js';
import type { CalendarDays } from '../schedule/calendar-days.js';
import type { TextMarks, TimeRow } from './display-model.js';
import { formatTime } from './format.js';
import { UI_LABELS, weekdayName, ZMAN_LABELS, type Language } from './labels.js';
import { wallTexts, type WallLanguage } from './wall-texts.js';

export interface BoardContext {
  now: Date;
  place: Place;
  settings: ZmanimSettings;
  /** The language of the wall's own words (labels, dates). */
  language: Language;
  /** The wall's language setting: what the gabbai's texts are shown in. */
  wall: WallLanguage;
  clock24h: boolean;
  days: CalendarDays;
  rules: readonly TfilaTime[];
  holidayTimes: readonly HolidayTimes[];
  /** Everything about a civil date (its names, for section titles). */
  dayInfo: (date: LocalDate) => DayInfo;
}

/** Times at or before now are past; the first after now is next (when `highlightNext`). */
export function toRows(
  times: { id: string; label: string; at: Date; explanation?: string; note?: string; marks?: TextMarks }[],
  ctx: BoardContext,
  highlightNext = true,
): TimeRow[] {
  const now = ctx.now.getTime();
  const nextIndex = highlightNext ? times.findIndex((t) => t.at.getTime() > now) : -1;
  return times.map((t, i) => ({
    id: t.id,
    label: t.label,
    time: formatTime(t.at, ctx.place.timezone, ctx.language, ctx.clock24h),
    at: t.at.toISOString(),
    ...(t.explanation ? { explanation: t.explanation } : {}),
    ...(t.note ? { note: t.note } : {}),
    ...t.marks,
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

type BoardItem = { id: string; label: string; at: Date; explanation?: string; note?: string; marks?: TextMarks };

function prayerItems(times: ResolvedPrayerTime[], ctx: BoardContext): BoardItem[] {
  return times.map((t) => {
    const texts = wallTexts(ctx.wall);
    return { id: t.ruleId, label: texts.text('label', t.name, t.nameEn), at: t.at, explanation: t.explanation, marks: texts.marks() };
  });
}

/** A zman's row label in the wall's words; a bilingual wall writes its English name beneath. */
export function zmanItemLabel(zman: keyof typeof ZMAN_LABELS, ctx: BoardContext): { label: string; marks?: TextMarks } {
  const names = ZMAN_LABELS[zman];
  return { label: names[ctx.language], ...(ctx.wall === 'he+en' ? { marks: { en: { label: names.en } } } : {}) };
}

export function prayerRows(times: ResolvedPrayerTime[], ctx: BoardContext): TimeRow[] {
  return toRows(prayerItems(times, ctx), ctx);
}

const holy = (kinds: readonly string[]) => kinds.includes('shabbat') || kinds.includes('yomTov');

/** What a Shabbat or yom tov is called on its section: "פֶּסַח א׳", "שבת קודש · פֶּסַח ז׳", "שַׁבַּת חֲנוּכָּה". */
function sectionTitle(date: LocalDate, ctx: BoardContext, shabbat: string): string {
  const text = (r: { en: string; he: string }) => (ctx.language === 'he' ? r.he : r.en);
  const holidays = ctx.dayInfo(date).holidays;
  const yomTov = holidays.find((h) => h.kind === 'yomTov');
  if (dayOfWeek(date) !== 6) return yomTov ? text(yomTov) : weekdayName(dayOfWeek(date), ctx.language);
  if (yomTov) return `${shabbat} · ${text(yomTov)}`;
  const named = holidays.filter((h) => h.kind === 'specialShabbat').map(text);
  return named.length ? named.join(' · ') : shabbat;
}

/**
 * One Shabbat or yom tov: the afternoon prayers of its eve when the eve is a weekday (Friday's
 * morning minyanim are weekday business), candle lighting on the eve (on a second day of yom tov
 * or after Shabbat: not before nightfall, from an existing flame), its own prayers, and havdalah
 * when a weekday follows.
 */
function holyDayRows(date: LocalDate, ctx: BoardContext): TimeRow[] {
  const labels = UI_LABELS[ctx.language];
  const eve = addDays(date, -1);
  const eveDay = ctx.days(eve);
  const eveHoly = holy(eveDay.dayKinds);
  const eveChatzot = eveDay.zmanim.times.chatzot?.getTime() ?? 0;
  const eveTimes = eve >= localDateOf(ctx.now, ctx.place.timezone) && !eveHoly ? prayerTimesOn(eve, ctx).filter((t) => t.at.getTime() >= eveChatzot) : [];
  const candles = eveDay.zmanim.times.candleLighting;
  const havdalah = ctx.days(date).zmanim.times.havdalah;
  const candleNote = eveDay.zmanim.evening === 'candlesAfterTzeit' ? labels.afterTzeitFromFlame : eveHoly ? labels.fromExistingFlame : undefined;
  const items: BoardItem[] = [
    ...prayerItems([...eveTimes, ...prayerTimesOn(date, ctx)], ctx),
    ...(candles ? [{ id: 'candleLighting', ...zmanItemLabel('candleLighting', ctx), at: candles, ...(candleNote ? { note: candleNote } : {}) }] : []),
    ...(havdalah ? [{ id: 'havdalah', ...zmanItemLabel('havdalah', ctx), at: havdalah }] : []),
  ];
  return toRows(
    items.sort((a, b) => a.at.getTime() - b.at.getTime()),
    ctx,
    false,
  );
}

/**
 * The coming Shabbat (from Wednesday) and any yom tov within two days, with the Shabbat or yom
 * tov days that run on from them: one section each, named by the day.
 */
export function upcomingSections(today: LocalDate, ctx: BoardContext, titles: { shabbat: string }): { title: string; rows: TimeRow[] }[] {
  const weekday = dayOfWeek(today);
  const dates = new Set<LocalDate>();
  if (weekday >= 3) dates.add(addDays(today, 6 - weekday));
  for (const offset of [1, 2]) if (ctx.days(addDays(today, offset)).dayKinds.includes('yomTov')) dates.add(addDays(today, offset));
  // A festival of two days and a Shabbat beside it make one run of up to three holy days.
  for (const date of [...dates]) {
    for (let next = addDays(date, 1), n = 0; n < 2 && holy(ctx.days(next).dayKinds); next = addDays(next, 1), n++) dates.add(next);
  }
  return [...dates].sort().flatMap((date) => {
    const rows = holyDayRows(date, ctx);
    return rows.length ? [{ title: sectionTitle(date, ctx, titles.shabbat), rows }] : [];
  });
}
