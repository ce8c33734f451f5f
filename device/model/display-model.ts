import * as z from 'zod/mini';
import { DISPLAY_MODEL_VERSION } from './display-model-version.js';

/**
 * The DisplayModel: everything the wall shows, already decided and localized, valid until
 * `validUntil`. The renderer draws it and nothing else: it never computes a zman or a window.
 * It crosses a process boundary (SSE or Electron IPC), so it is a schema, and both ends parse it:
 * the device before sending, the display (and the Electron preload) on receipt. Written with
 * zod/mini so the schema costs the display bundle little.
 */

const isoInstant = z.iso.datetime({ offset: true });

/**
 * Beside an item's texts: on a bilingual wall, `en` holds the English of a text (by field name)
 * for the line beneath it; on an English wall, `hebrew` names the texts left in Hebrew for want of
 * English, which the wall sets right to left.
 */
const textMarks = {
  en: z.optional(z.record(z.string(), z.string())),
  hebrew: z.optional(z.array(z.string())),
};
export const TextMarks = z.object(textMarks);
export type TextMarks = z.infer<typeof TextMarks>;

export const TimeRow = z.object({
  id: z.string(),
  label: z.string(),
  /** Formatted in the locale's convention, e.g. "18:55" or "6:55 PM". */
  time: z.string(),
  at: isoInstant,
  /** How this time was computed, for the operator ("sunset 19:12 − 15, rounded down to 5"). */
  explanation: z.optional(z.string()),
  note: z.optional(z.string()),
  /** Past times dim; the next one is highlighted. Recomputed at each boundary. */
  state: z.enum(['past', 'next', 'upcoming']),
  ...textMarks,
});
export type TimeRow = z.infer<typeof TimeRow>;

export const MessageItem = z.object({
  id: z.string(),
  title: z.optional(z.string()),
  body: z.string(),
  urgent: z.boolean(),
  /** Urgent and marked so by the cloud: it covers the whole wall, prayer times included. Absent: it takes the stage only. */
  fullScreen: z.optional(z.boolean()),
  priority: z.number(),
  /** The message's picture, from the device's asset cache (media/<sha256>): above its words on the stage; the band shows text only. */
  imageUrl: z.optional(z.string()),
  ...textMarks,
});
export type MessageItem = z.infer<typeof MessageItem>;

const LabelValue = z.object({ label: z.string(), value: z.string() });

const slideBase = { id: z.string(), title: z.string(), durationSeconds: z.int().check(z.positive()), ...textMarks };

export const Slide = z.discriminatedUnion('kind', [
  z.object({ ...slideBase, kind: z.literal('prayerTimes'), sections: z.array(z.object({ title: z.string(), rows: z.array(TimeRow) })) }),
  z.object({ ...slideBase, kind: z.literal('zmanim'), rows: z.array(TimeRow), note: z.optional(z.string()) }),
  z.object({
    ...slideBase,
    kind: z.literal('yahrzeits'),
    entries: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        hebrewDate: z.string(),
        date: z.string(),
        isToday: z.boolean(),
        memorialLight: z.boolean(),
        ...textMarks,
      }),
    ),
  }),
  z.object({
    ...slideBase,
    kind: z.literal('shiurim'),
    entries: z.array(
      z.object({ id: z.string(), title: z.string(), teacher: z.optional(z.string()), location: z.optional(z.string()), when: z.string(), ...textMarks }),
    ),
  }),
  z.object({
    ...slideBase,
    kind: z.literal('torahReading'),
    subtitle: z.string(),
    entries: z.array(z.object({ aliyah: z.string(), personName: z.string(), ...textMarks })),
  }),
  z.object({
    ...slideBase,
    kind: z.literal('aliyot'),
    entries: z.array(
      z.object({
        id: z.string(),
        personName: z.string(),
        occasion: z.optional(z.string()),
        message: z.optional(z.string()),
        when: z.string(),
        ...textMarks,
      }),
    ),
  }),
  z.object({ ...slideBase, kind: z.literal('messages'), entries: z.array(MessageItem) }),
  z.object({ ...slideBase, kind: z.literal('dailyLearning'), entries: z.array(LabelValue) }),
  z.object({ ...slideBase, kind: z.literal('holiday'), entries: z.array(LabelValue) }),
  z.object({ ...slideBase, kind: z.literal('candleCountdown'), label: z.string(), target: isoInstant, targetTime: z.string() }),
  z.object({
    ...slideBase,
    kind: z.literal('omer'),
    day: z.int().check(z.minimum(1), z.maximum(49)),
    /** The count as it is said, in Hebrew words, in the synagogue's nusach. */
    text: z.string(),
    /** On an English or bilingual wall, the count in English beside the Hebrew. */
    translation: z.optional(z.string()),
  }),
  z.object({
    ...slideBase,
    kind: z.literal('custom'),
    text: z.optional(z.string()),
    /** Untrusted HTML from the cloud: the renderer rebuilds it through an allow-list of tags, never as markup. */
    html: z.optional(z.string()),
    /** A picture from the device's asset cache, on the display's own origin (media/<sha256>). */
    imageUrl: z.optional(z.string()),
    /** A video from the asset cache, played muted: over and over, or once (resting on its last frame). */
    videoUrl: z.optional(z.string()),
    videoRepeat: z.optional(z.enum(['loop', 'once'])),
  }),
]);
export type Slide = z.infer<typeof Slide>;
export type SlideOf<K extends Slide['kind']> = Extract<Slide, { kind: K }>;

/**
 * How the wall moves from one slide or message to the next, by what the room's screen can
 * afford: "smooth" cross-fades, "simple" short fades at a low frame rate, "none" cuts.
 */
export const Transitions = z.enum(['smooth', 'simple', 'none']);
export type Transitions = z.infer<typeof Transitions>;

export const DisplayModel = z.object({
  schemaVersion: z.literal(DISPLAY_MODEL_VERSION),
  generatedAt: isoInstant,
  /** The renderer keeps this model until then; the runtime sends a new one at that moment. */
  validUntil: isoInstant,
  /** What changes at validUntil ("zman:sunset", "hebrewDate", "prayer:t-mincha", ...): the operator's "why then?". */
  validUntilBecause: z.array(z.string()),
  locale: z.object({
    /** The language of the wall's own words (labels, dates): Hebrew on a bilingual wall. */
    language: z.enum(['he', 'en']),
    /** The wall's language setting; 'he+en' shows each text in Hebrew with its English beneath. */
    wall: z.enum(['he', 'en', 'he+en']),
    direction: z.enum(['rtl', 'ltr']),
    timezone: z.string(),
    clock24h: z.boolean(),
    showSeconds: z.boolean(),
  }),
  layout: z.object({
    /** "auto": the display follows its window's shape (portrait when taller than wide), live on resize. */
    orientation: z.enum(['landscape', 'portrait', 'auto']),
    /** The room's back row (DeviceSettings.viewingDistance): the display's floor for the smallest text. */
    viewingDistance: z.enum(['small-room', 'hall', 'large-hall']),
    theme: z.enum(['dark', 'light', 'classic']),
    pixelShift: z.boolean(),
    transitions: Transitions,
  }),
  header: z.object({
    synagogueName: z.string(),
    city: z.optional(z.string()),
    logoUrl: z.optional(z.string()),
    gregorianDate: z.string(),
    hebrewDate: z.string(),
    parasha: z.optional(z.string()),
    holidays: z.array(z.string()),
    ...textMarks,
  }),
  status: z.object({
    clockVerified: z.boolean(),
    source: z.enum(['cloud', 'demo', 'local']),
    lastSyncAt: z.optional(isoInstant),
    stale: z.boolean(),
    online: z.nullable(z.boolean()),
  }),
  /** Today's prayer times, always on screen beside the rotation. */
  todayPrayerTimes: z.array(TimeRow),
  /**
   * What the day asks of a congregant, on the standing panel above the prayers: when a fast
   * begins and ends, the chametz deadlines, tonight's Chanukah candles, candle lighting and havdalah.
   */
  occasion: z.optional(z.object({ title: z.string(), rows: z.array(TimeRow) })),
  /** How the wall reckons its times ("sunriseSunset": "sea level", "tzeit": "8.5°", ...): for `luach model`, not drawn. */
  reckoning: z.optional(z.record(z.string(), z.string())),
  /** UI words in the display's language ("offline", "clock not verified", ...). */
  labels: z.record(z.string(), z.string()),
  slides: z.array(Slide),
  /**
   * A slide that shares the stage with the rotation until validUntil (the candle-lighting
   * countdown): it stands above the slides, which go on turning beneath it.
   */
  takeover: z.optional(Slide),
  /** An urgent message: it takes the stage until it ends (the whole screen when `fullScreen`). */
  urgent: z.optional(MessageItem),
  ticker: z.array(MessageItem),
  /** An operator asked "which screen is this?": the wall shows this label over everything until `until`. */
  identify: z.optional(z.object({ label: z.string(), until: isoInstant })),
  /**
   * A standalone screen nobody has set up yet: where its console is, the code that proves a
   * phone is in the room, and the address as a QR code (rows of "1" dark and "0" light modules).
   */
  setup: z.optional(z.object({ title: z.string(), instruction: z.string(), url: z.string(), code: z.string(), qr: z.array(z.string()) })),
});
export type DisplayModel = z.infer<typeof DisplayModel>;
