import type { DeviceSettings } from '../../cloud-sync/protocol/content.js';
import type { DayInfo, HolidayInfo } from '../calendar/day-info.js';
import { beginsTheEveningBefore } from '../calendar/fasts.js';
import { dayOfWeek, daysBetween, localDateOf, type LocalDate } from '../calendar/local-date.js';
import type { TimeRow } from './display-model.js';
import { chanukahNight, UI_LABELS, weekdayName, ZMAN_LABELS } from './labels.js';
import { toRows, type BoardContext } from './prayer-board.js';

type Item = { id: string; label: string; at: Date; note?: string; explanation?: string };

export type OccasionInput = {
  ctx: BoardContext;
  settings: Pick<DeviceSettings, 'chametzTimes'>;
  /** The civil date on the wall clock. */
  today: LocalDate;
  /** The civil date, the Hebrew day in effect (it turns at the evening switch) and the day after it. */
  civil: DayInfo;
  hebrewDay: DayInfo;
  nextDay: DayInfo;
};

/** Holidays that name the day on the panel, most important first. */
const TITLE_KINDS: HolidayInfo['kind'][] = ['yomTov', 'erev', 'chanukah', 'purim', 'cholHamoed'];

const isPublicFast = (h: HolidayInfo) => h.kind === 'fast' && h.desc !== "Ta'anit Bechorot";

/**
 * What the day asks of a congregant, for the standing panel: the fast that is on or begins this
 * evening (Tish'a B'Av and Yom Kippur from the morning before), the chametz deadlines, tonight's
 * Chanukah candles, candle lighting (from an existing flame, not before nightfall, on a second
 * night) and havdalah. Undefined on a day that asks nothing.
 */
export function occasionOf(input: OccasionInput): { title: string; rows: TimeRow[] } | undefined {
  const { ctx, civil, hebrewDay, nextDay, today } = input;
  const language = ctx.language;
  const labels = UI_LABELS[language];
  const text = (r: { en: string; he: string }) => (language === 'he' ? r.he : r.en);
  const now = ctx.now.getTime();
  const tz = ctx.place.timezone;
  /** "tomorrow", "yesterday" or the weekday, for a time that is not on today's date. */
  const dayNote = (at: Date): string | undefined => {
    const offset = daysBetween(today, localDateOf(at, tz));
    if (offset === 0) return undefined;
    if (offset === 1) return labels.tomorrow;
    if (offset === -1) return labels.yesterday;
    return weekdayName(dayOfWeek(localDateOf(at, tz)), language);
  };
  const notes = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(' · ') || undefined;
  const items: Item[] = [];

  const candidates = [
    ...civil.holidays.map((h) => ({ h, date: civil.date })),
    ...hebrewDay.holidays.map((h) => ({ h, date: hebrewDay.date })),
    ...nextDay.holidays.filter((h) => beginsTheEveningBefore(h.desc)).map((h) => ({ h, date: nextDay.date })),
  ];
  const fast = candidates.find(
    ({ h, date }) => isPublicFast(h) && (h.ends ? h.ends.getTime() > now : date === today || date === hebrewDay.date) && (h.begins || h.ends),
  )?.h;
  if (fast?.begins) items.push({ id: 'fastBegins', label: labels.fastBegins, at: fast.begins, note: dayNote(fast.begins) });
  if (fast?.ends) items.push({ id: 'fastEnds', label: labels.fastEnds, at: fast.ends, note: dayNote(fast.ends) });

  const chametz = civil.chametz;
  if (chametz) {
    const reckonings = input.settings.chametzTimes === 'both' ? (['mga', 'gra'] as const) : [input.settings.chametzTimes];
    for (const r of reckonings) {
      if (today === chametz.erevPesach || chametz.burnDate === today) {
        items.push({ id: `eatChametz-${r}`, label: labels.eatChametz, at: chametz.eatUntil[r], note: notes(labels[r], dayNote(chametz.eatUntil[r])) });
      }
      if (chametz.burnDate === today) items.push({ id: `burnChametz-${r}`, label: labels.burnChametz, at: chametz.burnUntil[r], note: labels[r] });
      if (chametz.nullifyUntil && chametz.erevPesach === today)
        items.push({ id: `nullifyChametz-${r}`, label: labels.nullifyChametz, at: chametz.nullifyUntil[r], note: labels[r] });
    }
  }

  const chanukah = civil.chanukah?.tonight;
  if (chanukah) {
    const when = chanukah.rule === 'beforeShabbat' ? labels.beforeShabbatCandles : chanukah.rule === 'afterHavdalah' ? labels.afterHavdalah : undefined;
    items.push({
      id: 'chanukahCandles',
      label: labels.chanukahCandles,
      at: chanukah.at,
      note: notes(chanukahNight(chanukah.night, language), when),
      explanation: chanukah.explanation,
    });
  }

  const z = civil.zmanim;
  const candles = z.times.candleLighting;
  if (candles) {
    const yomTovToday = civil.dayKinds.includes('yomTov') || civil.dayKinds.includes('shabbat');
    const note = z.evening === 'candlesAfterTzeit' ? labels.afterTzeitFromFlame : yomTovToday ? labels.fromExistingFlame : undefined;
    items.push({ id: 'candleLighting', label: ZMAN_LABELS.candleLighting[language], at: candles, note, explanation: z.rules.candleLighting });
  }
  const havdalah = z.times.havdalah;
  if (havdalah && havdalah.getTime() !== fast?.ends?.getTime()) {
    items.push({ id: 'havdalah', label: ZMAN_LABELS.havdalah[language], at: havdalah, explanation: z.rules.havdalah });
  }

  if (items.length === 0) return undefined;
  items.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { title: titleOf(), rows: toRows(items, ctx) };

  function titleOf(): string {
    if (fast) return text(fast);
    for (const day of [hebrewDay, civil]) {
      for (const kind of TITLE_KINDS) {
        const named = day.holidays.find((h) => h.kind === kind);
        if (named) return text(named);
      }
    }
    if (hebrewDay.dayOfWeek === 6) {
      const names = hebrewDay.holidays.filter((h) => h.kind === 'specialShabbat').map(text);
      return names[0] ?? labels.shabbatSchedule;
    }
    return civil.dayOfWeek === 5 ? labels.erevShabbat : (civil.holidays[0] && text(civil.holidays[0])) || labels.today;
  }
}
