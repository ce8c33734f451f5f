import type { AliyaNotification, GeneralMessage, OlieLatora, Shior } from '../../cloud-sync/protocol/content.js';
import type { DayInfo } from '../calendar/day-info.js';
import { matchesDayFilter } from '../calendar/day-filter.js';
import { addDays, dayOfWeek, type LocalDate } from '../calendar/local-date.js';
import { resolveTimeSpec } from '../calendar/time-spec.js';
import type { YahrzeitInWindow } from '../calendar/yahrzeit.js';
import type { DayZmanim } from '../calendar/zmanim.js';
import type { BoardContext } from './prayer-board.js';
import type { MessageItem, Slide, SlideOf } from './display-model.js';
import { formatShortDate, formatTime } from './format.js';
import { BOARD_ZMANIM, UI_LABELS, weekdayName } from './labels.js';
import { toRows, zmanItemLabel } from './prayer-board.js';
import { wallTexts, type WallLanguage } from './wall-texts.js';

/** A slide's content, without the id, title and duration its playlist entry gives it. */
export type SlideBody<K extends Slide['kind']> = Omit<SlideOf<K>, 'id' | 'title' | 'durationSeconds' | 'kind'>;

/** A message as the wall shows it; `imageUrl` when the device holds its picture (until then it shows without one). */
export function messageItem(m: GeneralMessage, wall: WallLanguage, imageUrl?: string): MessageItem {
  const texts = wallTexts(wall);
  const title = texts.optional('title', m.title, m.titleEn);
  return {
    id: m.id,
    ...(title ? { title } : {}),
    body: texts.text('body', m.body, m.bodyEn),
    urgent: m.urgent,
    ...(m.urgent && m.fullScreen ? { fullScreen: true } : {}),
    priority: m.priority,
    ...(imageUrl ? { imageUrl } : {}),
    ...texts.marks(),
  };
}

export function zmanimRows(zmanim: DayZmanim, ctx: BoardContext): SlideBody<'zmanim'> {
  const times = BOARD_ZMANIM.flatMap((zman) => {
    const at = zmanim.times[zman];
    if (!at) return [];
    const fallback = zmanim.fallbacks[zman] === 'solarMidnight';
    const { label, marks } = zmanItemLabel(zman, ctx);
    return [{ id: zman, label: `${label}${fallback ? ' *' : ''}`, at, ...(marks ? { marks } : {}) }];
  });
  const anyFallback = Object.values(zmanim.fallbacks).includes('solarMidnight');
  return { rows: toRows(times, ctx), ...(anyFallback ? { note: `* ${UI_LABELS[ctx.language].highLatitude}` } : {}) };
}

export function yahrzeitEntries(found: YahrzeitInWindow[], ctx: BoardContext): SlideOf<'yahrzeits'>['entries'] {
  const now = ctx.now.getTime();
  return found.map((y) => {
    const texts = wallTexts(ctx.wall);
    return {
      id: y.hanzchId,
      name: texts.text('name', y.name, y.nameEn),
      hebrewDate: ctx.language === 'he' ? y.hebrewDate.he : y.hebrewDate.en,
      date: `${weekdayName(dayOfWeek(y.date), ctx.language)} ${formatShortDate(y.date, ctx.language)}`,
      isToday: y.isToday,
      memorialLight: y.memorialLight !== undefined && y.memorialLight.from.getTime() <= now && now < y.memorialLight.to.getTime(),
      ...texts.marks(),
    };
  });
}

/**
 * Each shiur at its next occurrence in the coming week, soonest first, with the moments those
 * occurrences start (when a shiur starts, the list moves on to its next one).
 */
export function shiurEntries(shiurim: readonly Shior[], today: LocalDate, ctx: BoardContext): { entries: SlideOf<'shiurim'>['entries']; changesAt: Date[] } {
  const upcoming: { at: Date; entry: SlideOf<'shiurim'>['entries'][number] }[] = [];
  for (const shiur of shiurim) {
    if (!shiur.active) continue;
    for (let offset = 0; offset < 7; offset++) {
      const date = addDays(today, offset);
      const day = ctx.days(date);
      if (!matchesDayFilter(shiur, date, day.dayKinds)) continue;
      const time = resolveTimeSpec(shiur.time, shiur.rounding, date, day.zmanim, ctx.place.timezone);
      if (!time || time.at.getTime() <= ctx.now.getTime()) continue;
      const dayLabel = offset === 0 ? UI_LABELS[ctx.language].today : weekdayName(dayOfWeek(date), ctx.language);
      const texts = wallTexts(ctx.wall);
      const title = texts.text('title', shiur.title, shiur.titleEn);
      const teacher = texts.optional('teacher', shiur.teacher, shiur.teacherEn);
      const location = texts.optional('location', shiur.location, shiur.locationEn);
      upcoming.push({
        at: time.at,
        entry: {
          id: shiur.id,
          title,
          ...(teacher ? { teacher } : {}),
          ...(location ? { location } : {}),
          when: `${dayLabel} ${formatTime(time.at, ctx.place.timezone, ctx.language, ctx.clock24h)}`,
          ...texts.marks(),
        },
      });
      break;
    }
  }
  upcoming.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { entries: upcoming.map((u) => u.entry), changesAt: upcoming.map((u) => u.at) };
}

/** The aliyot (calls to the Torah) of the nearest reading from today on. */
export function torahReading(
  assignments: readonly OlieLatora[],
  today: LocalDate,
  parashaOf: (date: LocalDate) => string | undefined,
  language: BoardContext['language'],
  wall: WallLanguage,
): SlideBody<'torahReading'> | undefined {
  const date = assignments
    .map((a) => a.date)
    .filter((d) => d >= today)
    .sort()[0];
  if (!date) return undefined;
  const entries = assignments
    .filter((a) => a.date === date)
    .sort((a, b) => a.aliyahOrder - b.aliyahOrder)
    .map((a) => {
      const texts = wallTexts(wall);
      return { aliyah: texts.text('aliyah', a.aliyah, a.aliyahEn), personName: texts.text('personName', a.personName, a.personNameEn), ...texts.marks() };
    });
  const subtitle = [parashaOf(date), `${weekdayName(dayOfWeek(date), language)} ${formatShortDate(date, language)}`].filter(Boolean).join(' · ');
  return { subtitle, entries };
}

export function aliyaEntries(
  notifications: readonly AliyaNotification[],
  today: LocalDate,
  language: BoardContext['language'],
  wall: WallLanguage,
): SlideOf<'aliyot'>['entries'] {
  const until = addDays(today, 7);
  return notifications
    .filter((n) => n.date >= today && n.date <= until)
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((n) => {
      const texts = wallTexts(wall);
      const occasion = texts.optional('occasion', n.occasion, n.occasionEn);
      const message = texts.optional('message', n.message, n.messageEn);
      return {
        id: n.id,
        personName: texts.text('personName', n.personName, n.personNameEn),
        ...(occasion ? { occasion } : {}),
        ...(message ? { message } : {}),
        when: n.date === today ? UI_LABELS[language].today : `${weekdayName(dayOfWeek(n.date), language)} ${formatShortDate(n.date, language)}`,
        ...texts.marks(),
      };
    });
}

/** Holidays, fasts with their times, Rosh Chodesh and the molad, for the day in effect and the week ahead. */
export function holidayEntries(day: DayInfo, week: DayInfo[], ctx: BoardContext): { label: string; value: string }[] {
  const labels = UI_LABELS[ctx.language];
  const text = (r: { en: string; he: string }) => (ctx.language === 'he' ? r.he : r.en);
  const time = (d: Date) => formatTime(d, ctx.place.timezone, ctx.language, ctx.clock24h);
  const entries: { label: string; value: string }[] = [];
  for (const h of day.holidays) {
    entries.push({ label: labels.today, value: text(h) });
    if (h.begins) entries.push({ label: labels.fastBegins, value: time(h.begins) });
    if (h.ends) entries.push({ label: labels.fastEnds, value: time(h.ends) });
  }
  if (day.mevarchim) {
    entries.push({ label: labels.molad, value: text(day.mevarchim.molad) });
    const days = day.mevarchim.roshChodesh.map((d) => `${weekdayName(dayOfWeek(d), ctx.language)} ${formatShortDate(d, ctx.language)}`);
    if (days.length) entries.push({ label: labels.roshChodesh, value: days.join(ctx.language === 'he' ? ' ו' : ' and ') });
  }
  for (const later of week) {
    for (const h of later.holidays) {
      if (h.kind === 'minor' || h.kind === 'modern') continue;
      entries.push({ label: `${weekdayName(later.dayOfWeek, ctx.language)} ${formatShortDate(later.date, ctx.language)}`, value: text(h) });
    }
  }
  return entries;
}
