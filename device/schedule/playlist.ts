import type { ScreenTimer, SlideKind, ZmanName } from '../../cloud-sync/protocol/content.js';
import { matchesDayFilter } from '../calendar/day-filter.js';
import { addDays, localDateOf, startOfLocalDay, type LocalDate } from '../calendar/local-date.js';
import type { Place } from '../calendar/place.js';
import { resolveTimeSpec } from '../calendar/time-spec.js';
import type { CalendarDays } from './calendar-days.js';

export type PlaylistSlide = {
  id: string;
  kind: SlideKind;
  title?: string;
  titleEn?: string;
  durationSeconds: number;
  text?: string;
  textEn?: string;
  html?: string;
  htmlEn?: string;
  imageAssetId?: string;
  videoAssetId?: string;
  videoRepeat?: 'loop' | 'once';
};

export type Takeover = PlaylistSlide & { zman: ZmanName; from: Date; until: Date };

export type Playlist = {
  /** The rotation, in sortOrder. */
  slides: PlaylistSlide[];
  /** A slide that replaces the whole rotation right now (e.g. the last 30 minutes before candle lighting). */
  takeover?: Takeover;
  /** The next moment the rotation or the takeover can change. */
  validUntil: Date;
};

export type PlaylistInput = {
  timers: readonly ScreenTimer[];
  now: Date;
  place: Place;
  days: CalendarDays;
  /** Whether each kind has anything to show now (no yahrzeits this week: false). Missing means yes. */
  contentAvailability: Partial<Record<SlideKind, boolean>>;
};

type Window = { from: Date; until: Date };

/**
 * The window a timer plays in on `date`: from `start` (default: midnight) until `end` (default:
 * the next midnight). An end at or before the start runs past midnight and is read on the next
 * day (start at tzeit, end at alot hashachar). No window when the day filter excludes the date
 * or a zman it needs does not occur.
 */
function windowOn(timer: ScreenTimer, date: LocalDate, input: PlaylistInput): Window | undefined {
  const day = input.days(date);
  if (!matchesDayFilter(timer, date, day.dayKinds)) return undefined;
  const tz = input.place.timezone;
  const from = timer.start ? resolveTimeSpec(timer.start, undefined, date, day.zmanim, tz)?.at : startOfLocalDay(date, tz);
  if (!from) return undefined;
  if (!timer.end) return { from, until: startOfLocalDay(addDays(date, 1), tz) };
  let until = resolveTimeSpec(timer.end, undefined, date, day.zmanim, tz)?.at;
  if (until && until.getTime() <= from.getTime()) {
    until = resolveTimeSpec(timer.end, undefined, addDays(date, 1), input.days(addDays(date, 1)).zmanim, tz)?.at;
  }
  return until && until.getTime() > from.getTime() ? { from, until } : undefined;
}

/** The takeover window on `date`: the last `minutes` before the zman, within the timer's own window. */
function takeoverOn(timer: ScreenTimer, date: LocalDate, input: PlaylistInput): Window | undefined {
  const takeover = timer.takeover;
  if (!takeover) return undefined;
  const zman = input.days(date).zmanim.times[takeover.before];
  const own = windowOn(timer, date, input);
  if (!zman || !own) return undefined;
  const from = new Date(Math.max(zman.getTime() - takeover.minutes * 60_000, own.from.getTime()));
  const until = new Date(Math.min(zman.getTime(), own.until.getTime()));
  return until.getTime() > from.getTime() ? { from, until } : undefined;
}

/**
 * A countdown taking over before its zman has its content in the zman itself, which exists or
 * there would be no takeover window; every other slide asks the availability map.
 */
function hasContent(timer: ScreenTimer, availability: PlaylistInput['contentAvailability']): boolean {
  if (timer.takeover && timer.slide === 'candleCountdown') return true;
  if (
    timer.slide === 'custom' &&
    !timer.text?.trim() &&
    !timer.html?.trim() &&
    !timer.textEn?.trim() &&
    !timer.htmlEn?.trim() &&
    !timer.imageAssetId &&
    !timer.videoAssetId
  )
    return false;
  return availability[timer.slide] ?? true;
}

function slideOf(timer: ScreenTimer): PlaylistSlide {
  return {
    id: timer.id,
    kind: timer.slide,
    ...(timer.title !== undefined && { title: timer.title }),
    ...(timer.titleEn !== undefined && { titleEn: timer.titleEn }),
    durationSeconds: timer.durationSeconds ?? 15,
    ...(timer.text !== undefined && { text: timer.text }),
    ...(timer.textEn !== undefined && { textEn: timer.textEn }),
    ...(timer.html !== undefined && { html: timer.html }),
    ...(timer.htmlEn !== undefined && { htmlEn: timer.htmlEn }),
    ...(timer.imageAssetId !== undefined && { imageAssetId: timer.imageAssetId }),
    ...(timer.videoAssetId !== undefined && { videoAssetId: timer.videoAssetId, videoRepeat: timer.videoRepeat ?? 'loop' }),
  };
}

const contains = (w: Window | undefined, t: number): w is Window => !!w && w.from.getTime() <= t && t < w.until.getTime();

/**
 * Which slides play at `now`. A timer with a `takeover` is a takeover slide only: it never joins
 * the rotation, and in its last minutes before the zman it replaces the rotation; when several
 * take over at once, the highest priority wins (then sortOrder). A slide with nothing to show is
 * skipped. validUntil is the earliest window edge after now, at most the next local midnight,
 * when day filters are evaluated afresh.
 */
export function buildPlaylist(input: PlaylistInput): Playlist {
  const t = input.now.getTime();
  const tz = input.place.timezone;
  const today = localDateOf(input.now, tz);
  const dates = [addDays(today, -1), today, addDays(today, 1)];
  const edges: number[] = [startOfLocalDay(addDays(today, 1), tz).getTime()];
  const rotation: ScreenTimer[] = [];
  const takeovers: { timer: ScreenTimer; window: Window }[] = [];

  for (const timer of input.timers) {
    if (timer.active === false) continue;
    for (const date of dates) {
      const w = timer.takeover ? takeoverOn(timer, date, input) : windowOn(timer, date, input);
      if (!w) continue;
      edges.push(w.from.getTime(), w.until.getTime());
      if (!contains(w, t) || !hasContent(timer, input.contentAvailability)) continue;
      if (timer.takeover) takeovers.push({ timer, window: w });
      else if (!rotation.includes(timer)) rotation.push(timer);
    }
  }
  const bySortOrder = (a: ScreenTimer, b: ScreenTimer) =>
    (a.sortOrder ?? 0) - (b.sortOrder ?? 0) || (b.priority ?? 0) - (a.priority ?? 0) || a.id.localeCompare(b.id);
  rotation.sort(bySortOrder);
  takeovers.sort((a, b) => (b.timer.priority ?? 0) - (a.timer.priority ?? 0) || bySortOrder(a.timer, b.timer));
  const top = takeovers[0];
  const validUntil = new Date(Math.min(...edges.filter((e) => e > t)));
  return {
    slides: rotation.map(slideOf),
    ...(top?.timer.takeover && {
      takeover: { ...slideOf(top.timer), zman: top.timer.takeover.before, from: top.window.from, until: top.window.until },
    }),
    validUntil,
  };
}
