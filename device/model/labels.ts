import type { SlideKind, ZmanName } from '../../cloud-sync/protocol/content.js';

export type Language = 'he' | 'en';

/** Names of the zmanim as a shul's board writes them. */
export const ZMAN_LABELS: Record<ZmanName, Record<Language, string>> = {
  alotHaShachar: { he: 'עלות השחר', en: 'Dawn (Alot HaShachar)' },
  misheyakir: { he: 'משיכיר', en: 'Misheyakir' },
  sunrise: { he: 'הנץ החמה', en: 'Sunrise' },
  sofZmanShmaMga: { he: 'סוף זמן ק״ש מג״א', en: 'Latest Shema (MGA)' },
  sofZmanShmaGra: { he: 'סוף זמן ק״ש גר״א', en: 'Latest Shema (GRA)' },
  sofZmanTfillaMga: { he: 'סוף זמן תפילה מג״א', en: 'Latest Shacharit (MGA)' },
  sofZmanTfillaGra: { he: 'סוף זמן תפילה גר״א', en: 'Latest Shacharit (GRA)' },
  chatzot: { he: 'חצות היום', en: 'Midday (Chatzot)' },
  minchaGedola: { he: 'מנחה גדולה', en: 'Earliest Mincha' },
  minchaKetana: { he: 'מנחה קטנה', en: 'Mincha Ketana' },
  plagHaMincha: { he: 'פלג המנחה', en: 'Plag HaMincha' },
  sunset: { he: 'שקיעה', en: 'Sunset' },
  tzeit: { he: 'צאת הכוכבים', en: 'Nightfall (Tzeit)' },
  candleLighting: { he: 'הדלקת נרות', en: 'Candle lighting' },
  havdalah: { he: 'הבדלה', en: 'Havdalah' },
};

/** The zmanim the board lists, in the order of the day. */
export const BOARD_ZMANIM: ZmanName[] = [
  'alotHaShachar',
  'misheyakir',
  'sunrise',
  'sofZmanShmaMga',
  'sofZmanShmaGra',
  'sofZmanTfillaGra',
  'chatzot',
  'minchaGedola',
  'plagHaMincha',
  'sunset',
  'candleLighting',
  'tzeit',
  'havdalah',
];

export const SLIDE_TITLES: Record<SlideKind, Record<Language, string>> = {
  prayerTimes: { he: 'זמני תפילות', en: 'Prayer times' },
  zmanim: { he: 'זמני היום', en: 'Zmanim' },
  yahrzeits: { he: 'יארצייטים השבוע', en: 'Yahrzeits this week' },
  shiurim: { he: 'שיעורים', en: 'Classes' },
  torahReading: { he: 'העולים לתורה', en: 'Torah reading' },
  aliyot: { he: 'מזל טוב', en: 'Mazal tov' },
  messages: { he: 'הודעות', en: 'Announcements' },
  dailyLearning: { he: 'הלימוד היומי', en: 'Daily learning' },
  holiday: { he: 'מועדי השבוע', en: 'This week' },
  candleCountdown: { he: 'הדלקת נרות', en: 'Candle lighting' },
  omer: { he: 'ספירת העומר', en: 'Counting the Omer' },
  custom: { he: 'לוח הקהילה', en: 'Community' },
};

/** Names of the daily learning schedules (keys as @hebcal/learning registers them). */
export const LEARNING_LABELS: Record<string, Record<Language, string>> = {
  dafYomi: { he: 'דף יומי', en: 'Daf Yomi' },
  mishnaYomi: { he: 'משנה יומית', en: 'Mishna Yomi' },
  nachYomi: { he: 'נ״ך יומי', en: 'Nach Yomi' },
  'yerushalmi-vilna': { he: 'ירושלמי יומי', en: 'Yerushalmi Yomi' },
  rambam1: { he: 'רמב״ם יומי', en: 'Daily Rambam' },
  rambam3: { he: 'רמב״ם, שלושה פרקים', en: 'Daily Rambam (3 chapters)' },
  chofetzChaim: { he: 'חפץ חיים', en: 'Chofetz Chaim' },
  dafWeekly: { he: 'דף שבועי', en: 'Daf a Week' },
  psalms: { he: 'תהילים יומי', en: 'Daily Tehillim' },
  kitzurShulchanAruch: { he: 'קיצור שולחן ערוך', en: 'Kitzur Shulchan Aruch' },
  arukhHaShulchanYomi: { he: 'ערוך השולחן יומי', en: 'Arukh HaShulchan Yomi' },
  perekYomi: { he: 'פרק יומי', en: 'Perek Yomi' },
};

const HEBREW_UI = {
  todayPrayerTimes: 'תפילות היום',
  offline: 'לא מחובר',
  stale: 'עודכן לאחרונה',
  clockUnverified: 'השעון לא אומת',
  today: 'היום',
  tonight: 'הלילה',
  candlesIn: 'הדלקת נרות בעוד',
  shabbatSchedule: 'שבת קודש',
  fastBegins: 'תחילת הצום',
  fastEnds: 'סוף הצום',
  molad: 'המולד',
  roshChodesh: 'ראש חודש',
  parasha: 'פרשת השבוע',
  highLatitude: 'בקו רוחב זה השמש אינה יורדת מספיק בלילה; הזמנים המסומנים חושבו לפי חצות הלילה.',
  memorialLight: 'נר זיכרון',
  eatChametz: 'סוף זמן אכילת חמץ',
  burnChametz: 'סוף זמן שריפת חמץ',
  nullifyChametz: 'סוף זמן ביטול חמץ',
  gra: 'גר״א',
  mga: 'מג״א',
  chanukahCandles: 'הדלקת נרות חנוכה',
  beforeShabbatCandles: 'לפני נרות שבת',
  afterHavdalah: 'אחרי הבדלה',
  afterTzeitFromFlame: 'לא לפני צאת הכוכבים, מאש קיימת',
  fromExistingFlame: 'מאש קיימת',
  tomorrow: 'מחר',
  yesterday: 'אתמול',
  erevShabbat: 'ערב שבת',
  setUpTitle: 'הגדרת המסך',
  setUpInstruction: 'פתחו בטלפון את {url} והקלידו {code}',
};

/** Words the renderer shows around the content. */
export const UI_LABELS: Record<Language, Record<keyof typeof HEBREW_UI, string>> = {
  he: HEBREW_UI,
  en: {
    todayPrayerTimes: "Today's prayers",
    offline: 'offline',
    stale: 'last updated',
    clockUnverified: 'clock not verified',
    today: 'today',
    tonight: 'tonight',
    candlesIn: 'Candle lighting in',
    shabbatSchedule: 'Shabbat',
    fastBegins: 'Fast begins',
    fastEnds: 'Fast ends',
    molad: 'Molad',
    roshChodesh: 'Rosh Chodesh',
    parasha: 'Parasha',
    highLatitude: 'At this latitude the sun does not go far enough below the horizon; marked times use solar midnight.',
    memorialLight: 'memorial light',
    eatChametz: 'Finish eating chametz',
    burnChametz: 'Burn chametz by',
    nullifyChametz: 'Nullify chametz by',
    gra: 'GRA',
    mga: 'MGA',
    chanukahCandles: 'Chanukah candles',
    beforeShabbatCandles: 'before the Shabbat candles',
    afterHavdalah: 'after havdalah',
    afterTzeitFromFlame: 'not before nightfall, from an existing flame',
    fromExistingFlame: 'from an existing flame',
    tomorrow: 'tomorrow',
    yesterday: 'yesterday',
    erevShabbat: 'Erev Shabbat',
    setUpTitle: 'Set up this screen',
    setUpInstruction: 'Open {url} on a phone and enter {code}',
  },
};

/** The nights of Chanukah as a shul says them: "נר שלישי", "3rd night · 3 candles". */
export function chanukahNight(night: number, language: Language): string {
  if (language === 'he') return `נר ${['ראשון', 'שני', 'שלישי', 'רביעי', 'חמישי', 'שישי', 'שביעי', 'שמיני'][night - 1] ?? night}`;
  const ordinal = ['1st', '2nd', '3rd', '4th', '5th', '6th', '7th', '8th'][night - 1] ?? `${night}th`;
  return `${ordinal} night · ${night} candle${night === 1 ? '' : 's'}`;
}

const WEEKDAYS: Record<Language, string[]> = {
  he: ['יום ראשון', 'יום שני', 'יום שלישי', 'יום רביעי', 'יום חמישי', 'יום שישי', 'שבת'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Shabbat'],
};

export function weekdayName(day: number, language: Language): string {
  return WEEKDAYS[language][day] ?? '';
}
