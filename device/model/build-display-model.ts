import type { SlideKind } from '../../cloud-sync/protocol/content.js';
import type { CacheSnapshot, HeldMedia } from './snapshot.js';
import { describeDay, hebrewDateAt, type DayInfo } from '../calendar/day-info.js';
import { addDays, localDateOf } from '../calendar/local-date.js';
import { placeFromSynagogue } from '../calendar/place.js';
import { zmanimUsedBy } from '../calendar/prayer-times.js';
import { yahrzeitsInWindow } from '../calendar/yahrzeit.js';
import { calendarDays } from '../schedule/calendar-days.js';
import { activeMessages } from '../schedule/messages.js';
import { nextBoundary } from '../schedule/next-boundary.js';
import { buildPlaylist, type PlaylistSlide } from '../schedule/playlist.js';
import { aliyaEntries, holidayEntries, messageItem, shiurEntries, torahReading, yahrzeitEntries, zmanimRows, type SlideBody } from './content-slides.js';
import type { DisplayModel, Slide, Transitions } from './display-model.js';
import { DISPLAY_MODEL_VERSION } from './display-model-version.js';
import { formatLongDate, formatShortDate, formatTime } from './format.js';
import { BOARD_ZMANIM, LEARNING_LABELS, SLIDE_TITLES, UI_LABELS } from './labels.js';
import { omerCount } from '../calendar/omer.js';
import { occasionOf } from './occasion.js';
import { prayerRows, prayerTimesOn, upcomingSections, type BoardContext } from './prayer-board.js';
import { reckoningOf } from './reckoning.js';
import { wallTexts, wordsLanguage } from './wall-texts.js';

export interface ModelInput {
  snapshot: CacheSnapshot;
  now: Date;
  /** False when the system clock is not known to be right: the display marks its times unverified. */
  clockVerified: boolean;
  /** The cloud link: true, false, or null when there is no cloud to be connected to. */
  online: boolean | null;
  /** While an operator's identify command runs: what to show, and until when. */
  identify?: { label: string; until: Date };
  /** A standalone screen's first run: its console's address, the code to enter there, and the address as QR modules. */
  setup?: { url: string; code: string; qr: string[] };
  /**
   * The transitions this device's screen affords (device/host/display-capability.ts), used
   * when the settings do not choose. Absent: "smooth".
   */
  detectedTransitions?: Transitions;
  /**
   * The assets the device holds, by asset id (whole and verified): a slide or logo whose asset is
   * not here is not shown. Absent: none.
   */
  media?: ReadonlyMap<string, HeldMedia>;
}

/** Cloud data older than this is marked stale on the wall (quietly, for the gabbai). */
export const STALE_AFTER_MS = 24 * 3_600_000;

/**
 * (cache snapshot, now) -> DisplayModel. Pure: the same input gives the same model. The model
 * is valid until the earliest moment anything on the wall changes, and not a moment longer.
 */
export function buildDisplayModel(input: ModelInput): DisplayModel {
  const { snapshot, now } = input;
  const { settings, synagogue, content } = snapshot;
  const wall = settings.language;
  const language = wordsLanguage(wall);
  const labels = UI_LABELS[language];
  const text = (r: { en: string; he: string }) => (language === 'he' ? r.he : r.en);
  const place = placeFromSynagogue(synagogue);
  // An English wall shows the city only when the cloud gave its English name.
  const city = language === 'en' ? synagogue.cityEn : synagogue.city;
  const headerTexts = wallTexts(wall);
  const synagogueName = headerTexts.text('synagogueName', synagogue.name, synagogue.nameEn);
  // Only a bilingual wall writes the city twice (an English wall without cityEn shows none).
  if (wall === 'he+en' && city) headerTexts.text('city', city, synagogue.cityEn);
  const tz = place.timezone;
  const held = (id: string | undefined, video: boolean) =>
    id === undefined ? undefined : input.media?.get(id)?.video === video ? input.media.get(id)!.url : undefined;
  const logoUrl = held(synagogue.logoAssetId, false);
  const days = calendarDays(place, settings);
  const ctx: BoardContext = {
    now,
    place,
    settings,
    language,
    wall,
    clock24h: settings.clock24h,
    days,
    rules: content.TfilaTime.filter((r) => r.active),
    holidayTimes: content.HolidayTimes,
    dayInfo: (date) => describeDay(place, date, settings),
  };

  const today = localDateOf(now, tz);
  const hebrewNow = hebrewDateAt(place, now, settings);
  const learning = content.DailyContentPreference.filter((p) => p.active).flatMap((p) => p.learning);
  const day = describeDay(place, hebrewNow.dayDate, { ...settings, learning });
  const week: DayInfo[] = [1, 2, 3, 4, 5, 6].map((n) => describeDay(place, addDays(hebrewNow.dayDate, n), settings));
  const civil = today === day.date ? day : describeDay(place, today, settings);
  const occasion = occasionOf({ ctx, settings, today, civil, hebrewDay: day, nextDay: week[0]! });
  // The omer count in effect: this evening's once it is counted (tzeit), else last evening's.
  const omerNow = civil.omer?.tonight && civil.omer.countFrom && civil.omer.countFrom <= now ? civil.omer.tonight : civil.omer?.day;

  // After the day's last prayer the board turns to tomorrow's, so the evening wall is useful.
  const todays = prayerTimesOn(today, ctx);
  const allPast = todays.length > 0 && todays.every((t) => t.at.getTime() <= now.getTime());
  const boardTimes = allPast ? prayerTimesOn(addDays(today, 1), ctx) : todays;

  const yahrzeits = yahrzeitsInWindow(content.Hanzch, place, now, settings);
  const messages = activeMessages(content.GeneralMessage, now);
  const shiurim = shiurEntries(content.Shior, today, ctx);
  const bodies = slideBodies();
  const contentAvailability = Object.fromEntries(Object.entries(bodies).map(([kind, body]) => [kind, body !== undefined])) as Record<SlideKind, boolean>;
  const playlist = buildPlaylist({ timers: content.ScreenTimer, now, place, days, contentAvailability });

  const boundary = nextBoundary({
    now,
    place,
    settings,
    days,
    zmanim: [...new Set([...zmanimUsedBy(ctx.rules, ctx.holidayTimes), ...BOARD_ZMANIM])],
    // The playlist and the messages were worked out above; their edges come in as instants.
    instants: [
      { at: playlist.validUntil, reason: 'slides' },
      ...(messages.validUntil ? [{ at: messages.validUntil, reason: 'messages' }] : []),
      ...[...todays, ...boardTimes].map((t) => ({ at: t.at, reason: `prayer:${t.ruleId}` })),
      ...yahrzeits.flatMap((y) =>
        y.memorialLight
          ? [
              { at: y.memorialLight.from, reason: 'memorialLight' },
              { at: y.memorialLight.to, reason: 'memorialLight' },
            ]
          : [],
      ),
      ...(civil.omer?.countFrom ? [{ at: civil.omer.countFrom, reason: 'omer' }] : []),
      ...(occasion?.rows ?? []).map((row) => ({ at: new Date(row.at), reason: `occasion:${row.id}` })),
      ...shiurim.changesAt.map((at) => ({ at, reason: 'shiur' })),
      ...staleAt(),
      ...(input.identify && input.identify.until > now ? [{ at: input.identify.until, reason: 'identify' }] : []),
    ],
  });

  const stale = snapshot.applied.source === 'cloud' && now.getTime() - Date.parse(snapshot.applied.appliedAt) > STALE_AFTER_MS;
  return {
    schemaVersion: DISPLAY_MODEL_VERSION,
    generatedAt: now.toISOString(),
    validUntil: boundary.at.toISOString(),
    validUntilBecause: boundary.reasons,
    locale: { language, wall, direction: language === 'he' ? 'rtl' : 'ltr', timezone: tz, clock24h: settings.clock24h, showSeconds: settings.showSeconds },
    layout: {
      orientation: settings.orientation,
      viewingDistance: settings.viewingDistance,
      theme: settings.theme,
      pixelShift: settings.pixelShift,
      transitions: settings.transitions ?? input.detectedTransitions ?? 'smooth',
    },
    header: {
      synagogueName,
      ...(logoUrl ? { logoUrl } : {}),
      ...(city ? { city } : {}),
      gregorianDate: formatLongDate(now, tz, language),
      hebrewDate: text(hebrewNow.hebrewDate),
      ...(day.parasha ? { parasha: text(day.parasha) } : {}),
      holidays: day.holidays.map(text),
      // The synagogue's name is the gabbai's own text; an English wall without its English keeps the Hebrew.
      ...headerTexts.marks(),
    },
    status: {
      clockVerified: input.clockVerified,
      source: snapshot.applied.source,
      ...(snapshot.applied.source === 'cloud' ? { lastSyncAt: snapshot.applied.appliedAt } : {}),
      stale,
      online: input.online,
    },
    labels: {
      ...labels,
      todayPrayerTimes: allPast ? (language === 'he' ? 'תפילות מחר' : "Tomorrow's prayers") : labels.todayPrayerTimes,
      stale: `${labels.stale} ${formatShortDate(localDateOf(new Date(snapshot.applied.appliedAt), tz), language)} ${formatTime(new Date(snapshot.applied.appliedAt), tz, language, settings.clock24h)}`,
    },
    todayPrayerTimes: prayerRows(boardTimes, ctx),
    ...(occasion ? { occasion } : {}),
    reckoning: reckoningOf(place, settings, synagogue.nusach),
    slides: beneathTakeover(
      playlist.slides.flatMap((entry) => {
        const slide = toSlide(entry);
        return slide ? [slide] : [];
      }),
    ),
    ...(playlist.takeover ? { takeover: toTakeover(playlist.takeover) } : {}),
    ...(messages.urgent ? { urgent: messageItem(messages.urgent, wall, held(messages.urgent.imageAssetId, false)) } : {}),
    ticker: messages.messages.filter((m) => !m.urgent).map((m) => messageItem(m, wall)),
    ...(input.identify && input.identify.until > now ? { identify: { label: input.identify.label, until: input.identify.until.toISOString() } } : {}),
    ...(input.setup
      ? {
          setup: {
            title: labels.setUpTitle,
            // The address and the code read left to right inside a Hebrew sentence: each is isolated (LRI … PDI).
            instruction: labels.setUpInstruction.replace('{url}', `\u2066${input.setup.url}\u2069`).replace('{code}', `\u2066${input.setup.code}\u2069`),
            ...input.setup,
          },
        }
      : {}),
  };

  /**
   * Under the candle-lighting countdown the stage turns the schedule the congregation is about
   * to keep (the prayer-times slide, with Shabbat's or the festival's times) when there is one.
   */
  function beneathTakeover(slides: Slide[]): Slide[] {
    if (playlist.takeover?.kind !== 'candleCountdown') return slides;
    const schedule = slides.filter((s) => s.kind === 'prayerTimes');
    return schedule.length ? schedule : slides;
  }

  function omerSlide(count: number): SlideBody<'omer'> {
    const said = omerCount(count, synagogue.nusach);
    return { day: count, text: said.he, ...(wall !== 'he' ? { translation: said.en } : {}) };
  }

  function staleAt(): { at: Date; reason: string }[] {
    if (snapshot.applied.source !== 'cloud') return [];
    return [{ at: new Date(Date.parse(snapshot.applied.appliedAt) + STALE_AFTER_MS + 1), reason: 'stale' }];
  }

  /** What each slide kind would show now; undefined when it has nothing, so the slide is skipped. */
  function slideBodies(): { [K in SlideKind]: SlideBody<K> | undefined } {
    const nonEmpty = <T extends object>(body: T, list: unknown[]): T | undefined => (list.length ? body : undefined);
    const sections = upcomingSections(today, ctx, { shabbat: labels.shabbatSchedule });
    const zmanim = zmanimRows(days(today).zmanim, ctx);
    const yahrzeitList = yahrzeitEntries(yahrzeits, ctx);
    const aliyot = aliyaEntries(content.AliyaNotification, hebrewNow.dayDate, language, wall);
    const learningEntries = day.learning.map((l) => ({ label: LEARNING_LABELS[l.key]?.[language] ?? l.key, value: text(l) }));
    const holidays = holidayEntries(day, week, ctx);
    const shown = messages.messages.map((m) => messageItem(m, wall, held(m.imageAssetId, false)));
    return {
      prayerTimes: nonEmpty({ sections }, sections),
      zmanim: nonEmpty(zmanim, zmanim.rows),
      yahrzeits: nonEmpty({ entries: yahrzeitList }, yahrzeitList),
      shiurim: nonEmpty({ entries: shiurim.entries }, shiurim.entries),
      torahReading: torahReading(
        content.OlieLatora,
        hebrewNow.dayDate,
        (date) => {
          const parasha = (date === day.date ? day : week.find((d) => d.date === date))?.parasha;
          return parasha && text(parasha);
        },
        language,
        wall,
      ),
      aliyot: nonEmpty({ entries: aliyot }, aliyot),
      messages: nonEmpty({ entries: shown }, shown),
      dailyLearning: nonEmpty({ entries: learningEntries }, learningEntries),
      holiday: nonEmpty({ entries: holidays }, holidays),
      // Shown only as a takeover, when the playlist says candle lighting is near.
      candleCountdown: undefined,
      omer: omerNow ? omerSlide(omerNow) : undefined,
      custom: {},
    };
  }

  function toSlide(entry: PlaylistSlide): Slide | undefined {
    const texts = wallTexts(wall);
    const title = texts.optional('title', entry.title, entry.titleEn) ?? SLIDE_TITLES[entry.kind][language];
    const base = { id: entry.id, title, durationSeconds: entry.durationSeconds };
    if (entry.kind === 'custom') {
      const customText = texts.optional('text', entry.text, entry.textEn);
      const html = texts.optional('html', entry.html, entry.htmlEn);
      // A slide made around a picture or video is skipped until the wall holds it: never a broken image.
      const imageUrl = held(entry.imageAssetId, false);
      const videoUrl = held(entry.videoAssetId, true);
      if ((entry.imageAssetId && !imageUrl) || (entry.videoAssetId && !videoUrl)) return undefined;
      if (!customText && !html && !imageUrl && !videoUrl) return undefined;
      return {
        ...base,
        kind: 'custom',
        ...(customText ? { text: customText } : {}),
        ...(html ? { html } : {}),
        ...(imageUrl ? { imageUrl } : {}),
        ...(videoUrl ? { videoUrl, videoRepeat: entry.videoRepeat ?? 'loop' } : {}),
        ...texts.marks(),
      };
    }
    const body = bodies[entry.kind];
    return body ? ({ ...base, kind: entry.kind, ...body, ...texts.marks() } as Slide) : undefined;
  }

  function toTakeover(takeover: NonNullable<typeof playlist.takeover>): Slide {
    const base = {
      id: takeover.id,
      title: wallTexts(wall).optional('title', takeover.title, takeover.titleEn) ?? SLIDE_TITLES[takeover.kind][language],
      durationSeconds: takeover.durationSeconds,
    };
    if (takeover.kind === 'candleCountdown') {
      return {
        ...base,
        kind: 'candleCountdown',
        label: labels.candlesIn,
        target: takeover.until.toISOString(),
        targetTime: formatTime(takeover.until, tz, language, settings.clock24h),
      };
    }
    return toSlide(takeover) ?? { ...base, kind: 'custom', text: base.title };
  }
}
