import * as z from 'zod';
import { cronText, ianaTimeZone, isoDateTime, lineText, markupText, paragraphText, recordId, requiredLine, requiredParagraph } from './primitives.js';

/**
 * The content collections a device caches and displays, as they cross the wire.
 * These schemas are the contract between the cloud (prisma/schema.prisma) and the device
 * cache: a field added here is added there in the same change.
 *
 * Every object is loose: a field this device does not know is kept, not dropped, so a newer
 * cloud never loses data by syncing through an older device.
 */

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:mm (00:00-23:59)');
const dayOfWeek = z.number().int().min(0).max(6); // 0 = Sunday (yom rishon)

/** The zmanim (halachic times of day) a rule may be relative to. */
export const ZmanName = z.enum([
  'alotHaShachar',
  'misheyakir',
  'sunrise',
  'sofZmanShmaMga',
  'sofZmanShmaGra',
  'sofZmanTfillaMga',
  'sofZmanTfillaGra',
  'chatzot',
  'minchaGedola',
  'minchaKetana',
  'plagHaMincha',
  'sunset',
  'tzeit',
  'candleLighting',
  'havdalah',
]);
export type ZmanName = z.infer<typeof ZmanName>;

/**
 * Kinds of day a rule can be restricted to or excluded from; a day can be several kinds at once.
 * Since target-state v2: 'chanukah' (the eight days, 25 Kislev to 2 or 3 Tevet) and 'purim' (the
 * day this synagogue reads the Megillah: 14 Adar, or 15 in a walled city, or the 14th when the
 * 15th is Shabbat).
 */
export const DayKind = z.enum([
  'weekday',
  'erevShabbat',
  'shabbat',
  'motzeiShabbat',
  'roshChodesh',
  'fastDay',
  'cholHamoed',
  'erevYomTov',
  'yomTov',
  'chanukah',
  'purim',
]);
export type DayKind = z.infer<typeof DayKind>;

/** A time of day: fixed on the clock, or relative to a zman of that day. */
export const TimeSpec = z.discriminatedUnion('kind', [
  z.looseObject({ kind: z.literal('fixed'), time: clockTime }),
  z.looseObject({ kind: z.literal('zman'), zman: ZmanName, offsetMinutes: z.number().int().min(-720).max(720).default(0) }),
]);
export type TimeSpec = z.infer<typeof TimeSpec>;

export const Rounding = z.looseObject({
  mode: z.enum(['down', 'up', 'nearest']),
  step: z.union([z.literal(1), z.literal(5), z.literal(10), z.literal(15)]),
});
export type Rounding = z.infer<typeof Rounding>;

/**
 * Which days a rule applies on. Absent lists mean "any"; when both are given, both must match.
 * A day of any kind in `excludeDayKinds` is left out whatever the other lists say ("not on Rosh
 * Chodesh"); absent or empty excludes nothing, so a v1 rule keeps its meaning.
 */
const dayFilter = {
  daysOfWeek: z.array(dayOfWeek).optional(),
  dayKinds: z.array(DayKind).optional(),
  excludeDayKinds: z.array(DayKind).optional(),
  validFrom: isoDate.optional(),
  validTo: isoDate.optional(),
};

const record = {
  id: recordId,
  updatedAt: isoDateTime.optional(),
};

/**
 * A content row belongs to one synagogue of the account, or (absent) to the whole account: a
 * device's state carries the rows of its own synagogue and the account's. Rows from before
 * synagogues owned content have no synagogueId, so they stay the account's.
 */
const contentRecord = {
  ...record,
  synagogueId: recordId.optional(),
};

export const Synagogue = z.looseObject({
  ...record,
  name: requiredLine,
  nameEn: lineText.optional(),
  city: lineText.optional(),
  cityEn: lineText.optional(),
  address: lineText.optional(),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  elevation: z.number().min(-500).max(9000).default(0),
  timezone: ianaTimeZone,
  /** Israel or the diaspora: decides the parasha cycle and the length of yom tov. */
  israel: z.boolean().default(false),
  /** Jerusalem and the other cities walled since Joshua: Shushan Purim (15 Adar) is their Purim. */
  walledCity: z.boolean().default(false),
  /**
   * Sunrise and sunset seen from `elevation`. Off by default: published calendars give sea-level
   * times, and a gabbai who typed the altitude of his city did not ask to move candle lighting.
   * A v1 document meant "on whenever elevation is not 0"; upgradeTargetState keeps that meaning.
   */
  useElevation: z.boolean().default(false),
  /** The synagogue's rite: the wording of the omer count (Ashkenaz when absent). */
  nusach: z.enum(['ashkenaz', 'sefard', 'edot-hamizrach']).optional(),
  logoAssetId: recordId.optional(),
});
export type Synagogue = z.infer<typeof Synagogue>;

/** A weekday evening's time: fixed, or a daily zman with an offset (never one that exists only on Shabbat and festivals). */
export const ChanukahCandleLighting = TimeSpec.refine((spec) => spec.kind === 'fixed' || (spec.zman !== 'candleLighting' && spec.zman !== 'havdalah'), {
  message: 'Chanukah candles on a weekday hang on a daily zman such as sunset or tzeit; candle lighting and havdalah exist only on Shabbat and festivals',
});

export const YahrzeitWindow = z.discriminatedUnion('kind', [
  z.looseObject({ kind: z.literal('week') }),
  z.looseObject({ kind: z.literal('days'), days: z.number().int().min(1).max(60) }),
]);

export const DeviceSettings = z.looseObject({
  ...record,
  /**
   * The wall's language: Hebrew, English, or both ('he+en': each text in Hebrew with its English
   * beneath; the wall's own words and dates in Hebrew). An English wall shows a row's Hebrew where
   * the row has no English. A device from before 'he+en' refuses a state that asks for it, naming the field.
   */
  language: z.enum(['he', 'en', 'he+en']).default('he'),
  /**
   * Which way the screen hangs. "auto" follows the screen's real shape (its window's aspect
   * ratio, live when it changes), for a screen that may be turned or whose mount nobody recorded.
   */
  orientation: z.enum(['landscape', 'portrait', 'auto']).default('landscape'),
  /**
   * How far the back row sits, which sets the smallest text on the wall (see docs/display.md,
   * "The room decides the size"): about 5 m, 10 m, or 15 m and more. Text never shrinks below
   * that size; what does not fit at it turns page by page. Absent (and in states from before it
   * existed): "small-room", the size every wall had before the setting.
   */
  viewingDistance: z.enum(['small-room', 'hall', 'large-hall']).default('small-room'),
  theme: z.enum(['dark', 'light', 'classic']).default('classic'),
  clock24h: z.boolean().default(true),
  showSeconds: z.boolean().default(true),
  /** When the Hebrew date advances in the evening. */
  hebrewDateSwitch: z.enum(['sunset', 'tzeit']).default('sunset'),
  candleLightingMinutes: z.number().int().min(0).max(90).default(18),
  havdalahMinutes: z.number().int().min(0).max(120).optional(),
  havdalahDegrees: z.number().min(0).max(20).default(8.5),
  tzeitDegrees: z.number().min(0).max(20).default(8.5),
  tzeitMinutes: z.number().int().min(0).max(120).optional(),
  yahrzeitWindow: YahrzeitWindow.default({ kind: 'week' }),
  /** Which reckoning of the end of eating and burning chametz the wall shows on erev Pesach (both are in `luach model`). */
  chametzTimes: z.enum(['gra', 'mga', 'both']).default('both'),
  /** When Chanukah candles are lit on a weekday evening; Friday's come before the Shabbat candles and Saturday's after havdalah. */
  chanukahCandleLighting: ChanukahCandleLighting.default({ kind: 'zman', zman: 'tzeit', offsetMinutes: 0 }),
  pixelShift: z.boolean().default(true),
  /**
   * How the wall moves from one slide or message to the next: "smooth" cross-fades, "simple"
   * short fades at a low frame rate, "none" cuts. Absent (and in states from before it
   * existed): the device chooses by its hardware; a Raspberry Pi 3 or a screen without a GPU
   * driver gets "simple".
   */
  transitions: z.enum(['smooth', 'simple', 'none']).optional(),
  screenOnCron: cronText.optional(),
  screenOffCron: cronText.optional(),
  maintenanceCron: cronText.optional(),
});
export type DeviceSettings = z.infer<typeof DeviceSettings>;

export const DeviceConfiguration = z.looseObject({
  ...record,
  syncCron: cronText.default('*/15 * * * *'),
  heartbeatSeconds: z.number().int().min(5).max(3600).default(30),
  metricsSeconds: z.number().int().min(10).max(3600).default(60),
  outboxMaxItems: z.number().int().min(100).max(1_000_000).default(10_000),
});
export type DeviceConfiguration = z.infer<typeof DeviceConfiguration>;

/** A prayer time (tfila: prayer) rule: one line of the shul's schedule. */
export const TfilaTime = z.looseObject({
  ...contentRecord,
  name: requiredLine,
  nameEn: lineText.optional(),
  category: z.enum(['shacharit', 'mincha', 'maariv', 'other']).default('other'),
  time: TimeSpec,
  rounding: Rounding.optional(),
  ...dayFilter,
  /** Ids of rules this one stands in for on the days it applies, so one prayer shows one time (e.g. Shacharit on Rosh Chodesh). */
  replaces: z.array(recordId).max(50).optional(),
  /** One time for the whole week, computed from a chosen day or the earliest/latest zman of the week. */
  weekly: z
    .looseObject({
      mode: z.enum(['day', 'earliest', 'latest']),
      day: dayOfWeek.optional(),
      days: z.array(dayOfWeek).default([0, 1, 2, 3, 4]),
    })
    .optional(),
  sortOrder: z.number().int().default(0),
  active: z.boolean().default(true),
});
export type TfilaTime = z.infer<typeof TfilaTime>;

export const GeneralMessage = z.looseObject({
  ...contentRecord,
  title: lineText.optional(),
  titleEn: lineText.optional(),
  body: requiredParagraph,
  /** The message in English, for an English or bilingual wall. */
  bodyEn: paragraphText.optional(),
  startsAt: isoDateTime.optional(),
  endsAt: isoDateTime.optional(),
  priority: z.number().int().default(0),
  urgent: z.boolean().default(false),
  /** An urgent message covers the whole wall, prayer times included, only when this says so; else it takes the stage. */
  fullScreen: z.boolean().default(false),
  active: z.boolean().default(true),
  /** A picture beside the message (an asset of the account); until the wall holds it, the message shows without it. */
  imageAssetId: recordId.optional(),
});
export type GeneralMessage = z.infer<typeof GeneralMessage>;

/** A yahrzeit (hanzacha: memorial), known by its Hebrew date or by a Gregorian date of death. */
export const Hanzch = z
  .looseObject({
    ...contentRecord,
    name: requiredLine,
    nameEn: lineText.optional(),
    parentName: lineText.optional(),
    relation: z.enum(['ben', 'bat']).optional(),
    observedBy: lineText.optional(),
    diedOn: isoDate.optional(),
    afterSunset: z.boolean().default(false),
    hebrewDay: z.number().int().min(1).max(30).optional(),
    /** Month names as @hebcal/core spells them: Nisan, Iyyar, Sivan, Tamuz, Av, Elul, Tishrei, Cheshvan, Kislev, Tevet, Sh'vat, Adar, Adar I, Adar II. */
    hebrewMonth: lineText.optional(),
    hebrewYear: z.number().int().min(3000).max(7000).optional(),
    memorialLight: z.boolean().default(false),
    notes: paragraphText.optional(),
  })
  .refine((h) => h.diedOn !== undefined || (h.hebrewDay !== undefined && h.hebrewMonth !== undefined), {
    message: 'a yahrzeit needs diedOn, or hebrewDay and hebrewMonth',
  });
export type Hanzch = z.infer<typeof Hanzch>;

/** A shiur (class). */
export const Shior = z.looseObject({
  ...contentRecord,
  title: requiredLine,
  titleEn: lineText.optional(),
  teacher: lineText.optional(),
  teacherEn: lineText.optional(),
  location: lineText.optional(),
  locationEn: lineText.optional(),
  time: TimeSpec,
  rounding: Rounding.optional(),
  ...dayFilter,
  durationMinutes: z.number().int().min(1).max(600).optional(),
  description: paragraphText.optional(),
  active: z.boolean().default(true),
});
export type Shior = z.infer<typeof Shior>;

/** Who is called to the Torah (olim laTorah) at a reading. */
export const OlieLatora = z.looseObject({
  ...contentRecord,
  date: isoDate,
  aliyah: requiredLine,
  aliyahEn: lineText.optional(),
  aliyahOrder: z.number().int().min(0).max(20).default(0),
  personName: requiredLine,
  personNameEn: lineText.optional(),
  notes: paragraphText.optional(),
});
export type OlieLatora = z.infer<typeof OlieLatora>;

export const AliyaNotification = z.looseObject({
  ...contentRecord,
  date: isoDate,
  personName: requiredLine,
  personNameEn: lineText.optional(),
  occasion: lineText.optional(),
  occasionEn: lineText.optional(),
  message: paragraphText.optional(),
  messageEn: paragraphText.optional(),
});
export type AliyaNotification = z.infer<typeof AliyaNotification>;

export const SlideKind = z.enum([
  'prayerTimes',
  'zmanim',
  'yahrzeits',
  'shiurim',
  'torahReading',
  'aliyot',
  'messages',
  'dailyLearning',
  'holiday',
  'candleCountdown',
  'omer',
  'custom',
]);
export type SlideKind = z.infer<typeof SlideKind>;

/** A slide in the rotation and when it plays. */
export const ScreenTimer = z.looseObject({
  ...contentRecord,
  slide: SlideKind,
  title: lineText.optional(),
  titleEn: lineText.optional(),
  durationSeconds: z.number().int().min(3).max(600).default(15),
  sortOrder: z.number().int().default(0),
  active: z.boolean().default(true),
  ...dayFilter,
  start: TimeSpec.optional(),
  end: TimeSpec.optional(),
  priority: z.number().int().default(0),
  /** Take over the whole rotation for the last `minutes` before a zman (e.g. a candle-lighting countdown). */
  takeover: z.looseObject({ before: ZmanName, minutes: z.number().int().min(1).max(720) }).optional(),
  /** For custom slides: plain text, sanitized HTML, or an image served from the device's asset cache. */
  text: paragraphText.optional(),
  textEn: paragraphText.optional(),
  html: markupText.optional(),
  htmlEn: markupText.optional(),
  imageAssetId: recordId.optional(),
  /** For custom slides: a video (MP4 H.264 or WebM), played muted. A slide whose image or video the wall does not hold is skipped. */
  videoAssetId: recordId.optional(),
  /** The video plays over and over for the slide's time, or once (the slide then ends with it). */
  videoRepeat: z.enum(['loop', 'once']).default('loop'),
});
export type ScreenTimer = z.infer<typeof ScreenTimer>;

/** Names of daily learning schedules as @hebcal/learning registers them (dafYomi, mishnaYomi, nachYomi, ...). */
export const DailyContentPreference = z.looseObject({
  ...contentRecord,
  learning: z.array(z.string().min(1).max(64)).max(20).default(['dafYomi']),
  active: z.boolean().default(true),
});
export type DailyContentPreference = z.infer<typeof DailyContentPreference>;

/** A special schedule for a holiday or a date range; it replaces the regular prayer times on its days unless told otherwise. */
export const HolidayTimes = z.looseObject({
  ...contentRecord,
  title: requiredLine,
  dateFrom: isoDate,
  dateTo: isoDate,
  replacesRegular: z.boolean().default(true),
  times: z.array(
    z.looseObject({
      name: requiredLine,
      nameEn: lineText.optional(),
      time: TimeSpec,
      rounding: Rounding.optional(),
      sortOrder: z.number().int().default(0),
    }),
  ),
});
export type HolidayTimes = z.infer<typeof HolidayTimes>;

/** The content collections of a target state, keyed by their cloud model name. */
export const contentCollections = {
  TfilaTime,
  GeneralMessage,
  Hanzch,
  Shior,
  OlieLatora,
  ScreenTimer,
  AliyaNotification,
  DailyContentPreference,
  HolidayTimes,
} as const;
export type ContentCollectionName = keyof typeof contentCollections;
export const contentCollectionNames = Object.keys(contentCollections) as ContentCollectionName[];
