import { HDate } from '@hebcal/core';
import type { z } from 'zod';
import type { TfilaTime } from '../../cloud-sync/protocol/content.js';
import { TARGET_STATE_VERSION, type TargetStateInput } from '../../cloud-sync/protocol/target-state.js';
import { zonedInstant } from '../calendar/local-date.js';
import { withDemoEnglish } from './demo-english.js';

/**
 * The demo synagogue stands in Jerusalem: real coordinates, elevation and time zone. Its times
 * are the published sea-level ones (it does not ask for its elevation), and Jerusalem is a walled
 * city: its Purim is Shushan Purim.
 */
const TIMEZONE = 'Asia/Jerusalem';

function localDate(instant: Date, days = 0): string {
  const shifted = new Date(instant.getTime() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIMEZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(shifted);
}

function localDayOfWeek(instant: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: TIMEZONE, weekday: 'short' }).format(instant);
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(name);
}

/** A Hebrew calendar date `days` from today, for yahrzeits that fall in the demo's week. */
function hebrewDayFrom(instant: Date, days: number, yearsAgo: number): { hebrewDay: number; hebrewMonth: string; hebrewYear: number } {
  const [y, m, d] = localDate(instant, days).split('-').map(Number) as [number, number, number];
  const hdate = new HDate(new Date(y, m - 1, d));
  return { hebrewDay: hdate.getDate(), hebrewMonth: hdate.getMonthName(), hebrewYear: hdate.getFullYear() - yearsAgo };
}

/**
 * The embedded default: a full, realistic week of a Jerusalem shul, laid out around `now` so
 * that the first start of a fresh device shows a complete screen with no cloud at all.
 */
export function demoTargetState(now: Date): TargetStateInput {
  const shabbat = localDate(now, (6 - localDayOfWeek(now) + 7) % 7);
  const at = (days: number, time: string) => zonedInstant(localDate(now, days), time, TIMEZONE).toISOString();
  const everyDay = { validFrom: localDate(now, -30), validTo: localDate(now, 365) };
  return withDemoEnglish({
    schemaVersion: TARGET_STATE_VERSION,
    generatedAt: now.toISOString(),
    synagogue: {
      id: 'demo-synagogue',
      name: 'בית הכנסת אוהל יצחק',
      nameEn: 'Ohel Yitzchak Synagogue',
      city: 'ירושלים',
      cityEn: 'Jerusalem',
      address: 'רחוב עזה 12, רחביה',
      latitude: 31.7767,
      longitude: 35.2159,
      elevation: 780,
      timezone: TIMEZONE,
      israel: true,
      walledCity: true,
      nusach: 'ashkenaz',
    },
    settings: { id: 'demo-settings', language: 'he', theme: 'classic', candleLightingMinutes: 40 },
    configuration: { id: 'demo-configuration' },
    content: {
      TfilaTime: (
        [
          {
            id: 't-vatikin',
            name: 'שחרית ותיקין',
            nameEn: 'Shacharit (vatikin)',
            category: 'shacharit',
            time: { kind: 'zman', zman: 'sunrise', offsetMinutes: -25 },
            rounding: { mode: 'down', step: 1 },
            daysOfWeek: [0, 1, 2, 3, 4, 5],
            sortOrder: 1,
            excludeDayKinds: ['yomTov'],
          },
          {
            id: 't-shacharit-rc',
            name: 'שחרית ראש חודש',
            nameEn: 'Shacharit (Rosh Chodesh)',
            category: 'shacharit',
            time: { kind: 'fixed', time: '06:00' },
            daysOfWeek: [0, 1, 2, 3, 4, 5],
            dayKinds: ['roshChodesh'],
            sortOrder: 2,
            excludeDayKinds: ['yomTov'],
            // One Shacharit on Rosh Chodesh: this minyan stands in for the 06:15/06:30 one.
            replaces: ['t-shacharit-1', 't-shacharit-1b'],
          },
          {
            id: 't-shacharit-1',
            name: 'שחרית',
            nameEn: 'Shacharit',
            category: 'shacharit',
            time: { kind: 'fixed', time: '06:15' },
            daysOfWeek: [1, 4],
            sortOrder: 3,
            excludeDayKinds: ['yomTov'],
          },
          {
            id: 't-shacharit-1b',
            name: 'שחרית',
            nameEn: 'Shacharit',
            category: 'shacharit',
            time: { kind: 'fixed', time: '06:30' },
            daysOfWeek: [0, 2, 3, 5],
            sortOrder: 3,
            excludeDayKinds: ['yomTov'],
          },
          {
            id: 't-shacharit-2',
            name: 'שחרית מניין ב׳',
            nameEn: 'Shacharit (second minyan)',
            category: 'shacharit',
            time: { kind: 'fixed', time: '07:45' },
            daysOfWeek: [0, 1, 2, 3, 4, 5],
            sortOrder: 4,
            excludeDayKinds: ['yomTov'],
          },
          {
            id: 't-mincha',
            name: 'מנחה',
            nameEn: 'Mincha',
            category: 'mincha',
            time: { kind: 'zman', zman: 'sunset', offsetMinutes: -15 },
            rounding: { mode: 'down', step: 5 },
            daysOfWeek: [0, 1, 2, 3, 4],
            weekly: { mode: 'earliest', days: [0, 1, 2, 3, 4] },
            sortOrder: 10,
            excludeDayKinds: ['yomTov'],
          },
          {
            id: 't-maariv',
            name: 'ערבית',
            nameEn: 'Maariv',
            category: 'maariv',
            time: { kind: 'zman', zman: 'tzeit', offsetMinutes: 0 },
            rounding: { mode: 'up', step: 5 },
            daysOfWeek: [0, 1, 2, 3, 4],
            sortOrder: 20,
            excludeDayKinds: ['yomTov', 'erevYomTov'],
          },
          {
            id: 't-maariv-late',
            name: 'ערבית מאוחרת',
            nameEn: 'Late Maariv',
            category: 'maariv',
            time: { kind: 'fixed', time: '21:30' },
            daysOfWeek: [0, 1, 2, 3, 4],
            sortOrder: 21,
            excludeDayKinds: ['yomTov', 'erevYomTov'],
          },
          {
            id: 't-mincha-erev-shabbat',
            name: 'מנחה וקבלת שבת',
            nameEn: 'Mincha & Kabbalat Shabbat',
            category: 'mincha',
            time: { kind: 'zman', zman: 'candleLighting', offsetMinutes: 10 },
            rounding: { mode: 'nearest', step: 5 },
            daysOfWeek: [5],
            sortOrder: 10,
          },
          {
            id: 't-mincha-erev-chag',
            name: 'מנחה וערבית ערב חג',
            nameEn: 'Mincha & Maariv, erev yom tov',
            category: 'mincha',
            time: { kind: 'zman', zman: 'candleLighting', offsetMinutes: 10 },
            rounding: { mode: 'nearest', step: 5 },
            dayKinds: ['erevYomTov'],
            excludeDayKinds: ['erevShabbat'],
            replaces: ['t-mincha', 't-maariv', 't-maariv-late'],
            sortOrder: 10,
          },
          {
            id: 't-maariv-second-night',
            name: 'ערבית ליל חג',
            nameEn: 'Maariv, yom tov night',
            category: 'maariv',
            time: { kind: 'zman', zman: 'candleLighting', offsetMinutes: 0 },
            dayKinds: ['shabbat', 'yomTov'],
            excludeDayKinds: ['erevShabbat'],
            sortOrder: 20,
          },
          {
            id: 't-shacharit-shabbat',
            name: 'שחרית שבת וחג',
            nameEn: 'Shacharit, Shabbat and yom tov',
            category: 'shacharit',
            time: { kind: 'fixed', time: '08:00' },
            dayKinds: ['shabbat', 'yomTov'],
            sortOrder: 3,
          },
          {
            id: 't-mincha-shabbat',
            name: 'מנחה שבת וחג',
            nameEn: 'Mincha, Shabbat and yom tov',
            category: 'mincha',
            time: { kind: 'zman', zman: 'sunset', offsetMinutes: -40 },
            rounding: { mode: 'down', step: 5 },
            dayKinds: ['shabbat', 'yomTov'],
            sortOrder: 10,
          },
          {
            id: 't-maariv-motzash',
            name: 'ערבית מוצאי שבת וחג',
            nameEn: 'Maariv after Shabbat or yom tov',
            category: 'maariv',
            time: { kind: 'zman', zman: 'havdalah', offsetMinutes: 0 },
            dayKinds: ['shabbat', 'yomTov'],
            sortOrder: 20,
          },
        ] satisfies z.input<typeof TfilaTime>[]
      ).map((rule) => ({ ...rule, ...everyDay })),
      GeneralMessage: [
        { id: 'm-welcome', title: 'ברוכים הבאים', body: 'ברוכים הבאים לבית הכנסת אוהל יצחק. נא להשתיק את הטלפונים בזמן התפילה.', priority: 1 },
        {
          id: 'm-kiddush',
          title: 'קידוש',
          body: 'הקידוש השבת בחסות משפחת לוי לרגל בר המצווה של נתנאל. כולם מוזמנים!',
          priority: 5,
          startsAt: at(-1, '00:00'),
          endsAt: at(8, '00:00'),
        },
        { id: 'm-blood', title: 'התרמת דם', body: 'התרמת דם של מד״א ביום שני הבא באולם בית הכנסת, 16:00–20:00.', priority: 2, endsAt: at(10, '00:00') },
      ],
      Hanzch: [
        {
          id: 'h-1',
          name: 'אברהם בן יעקב כהן',
          relation: 'ben',
          parentName: 'יעקב',
          observedBy: 'משפחת כהן',
          ...hebrewDayFrom(now, 0, 23),
          memorialLight: true,
        },
        { id: 'h-2', name: 'שרה בת משה', relation: 'bat', parentName: 'משה', observedBy: 'משפחת לוי', ...hebrewDayFrom(now, 2, 41), memorialLight: true },
        { id: 'h-3', name: 'יוסף בן דוד מזרחי', relation: 'ben', parentName: 'דוד', ...hebrewDayFrom(now, 4, 12) },
        { id: 'h-4', name: 'רחל בת אהרן', relation: 'bat', parentName: 'אהרן', ...hebrewDayFrom(now, -1, 7), memorialLight: true },
        { id: 'h-5', name: 'משה בן שמואל פרידמן', relation: 'ben', parentName: 'שמואל', diedOn: '1998-03-12', afterSunset: true },
        { id: 'h-6', name: 'חנה בת יצחק', relation: 'bat', parentName: 'יצחק', ...hebrewDayFrom(now, 40, 30) },
      ],
      Shior: [
        {
          id: 's-daf',
          title: 'דף יומי',
          teacher: 'הרב אליהו ברגר',
          location: 'בית המדרש',
          time: { kind: 'fixed', time: '20:30' },
          daysOfWeek: [0, 1, 2, 3, 4],
          excludeDayKinds: ['yomTov'],
          durationMinutes: 60,
        },
        {
          id: 's-halacha',
          title: 'הלכה יומית',
          teacher: 'הרב יהודה שטרן',
          time: { kind: 'fixed', time: '07:20' },
          daysOfWeek: [0, 1, 2, 3, 4, 5],
          excludeDayKinds: ['yomTov'],
          durationMinutes: 15,
        },
        {
          id: 's-parasha',
          title: 'שיעור בפרשת השבוע',
          teacher: 'הרב דניאל אורן',
          location: 'האולם הגדול',
          time: { kind: 'zman', zman: 'sunset', offsetMinutes: -100 },
          rounding: { mode: 'down', step: 15 },
          dayKinds: ['shabbat'],
        },
        {
          id: 's-women',
          title: 'שיעור לנשים: ספר תהילים',
          teacher: 'הרבנית מיכל אדלר',
          location: 'עזרת נשים',
          time: { kind: 'fixed', time: '10:00' },
          daysOfWeek: [3],
        },
      ],
      OlieLatora: ['כהן', 'לוי', 'שלישי', 'רביעי', 'חמישי', 'שישי', 'שביעי', 'מפטיר'].map((aliyah, i) => ({
        id: `o-${i + 1}`,
        date: shabbat,
        aliyah,
        aliyahOrder: i + 1,
        personName: ['הרב משה כהן', 'אליעזר לוי', 'שמעון פרץ', 'יעקב גולדברג', 'דוד אזולאי', 'אריה וייס', 'בנימין רוזן', 'נתנאל לוי (בר מצווה)'][i]!,
      })),
      AliyaNotification: [
        { id: 'a-1', date: shabbat, personName: 'נתנאל לוי', occasion: 'בר מצווה', message: 'מזל טוב לנתנאל ולמשפחת לוי!' },
        { id: 'a-2', date: shabbat, personName: 'אורי ושירה שפירא', occasion: 'שבת חתן', message: 'מזל טוב לחתן ולכלה!' },
      ],
      ScreenTimer: [
        { id: 'st-prayers', slide: 'prayerTimes', durationSeconds: 20, sortOrder: 1 },
        { id: 'st-zmanim', slide: 'zmanim', durationSeconds: 15, sortOrder: 2 },
        { id: 'st-messages', slide: 'messages', durationSeconds: 15, sortOrder: 3 },
        { id: 'st-yahrzeits', slide: 'yahrzeits', durationSeconds: 15, sortOrder: 4 },
        { id: 'st-shiurim', slide: 'shiurim', durationSeconds: 12, sortOrder: 5 },
        { id: 'st-torah', slide: 'torahReading', durationSeconds: 12, sortOrder: 6, daysOfWeek: [4, 5, 6] },
        { id: 'st-aliyot', slide: 'aliyot', durationSeconds: 10, sortOrder: 7 },
        { id: 'st-learning', slide: 'dailyLearning', durationSeconds: 10, sortOrder: 8 },
        { id: 'st-holiday', slide: 'holiday', durationSeconds: 12, sortOrder: 9 },
        { id: 'st-omer', slide: 'omer', durationSeconds: 10, sortOrder: 10 },
        {
          id: 'st-custom',
          slide: 'custom',
          title: 'קהילה',
          durationSeconds: 10,
          sortOrder: 11,
          html: '<p><strong>חוג בית</strong> לזוגות צעירים בכל יום רביעי בערב.</p><p>פרטים אצל הגבאי.</p>',
        },
        {
          id: 'st-countdown',
          slide: 'candleCountdown',
          durationSeconds: 30,
          sortOrder: 0,
          daysOfWeek: [5],
          takeover: { before: 'candleLighting', minutes: 30 },
          priority: 10,
        },
      ],
      DailyContentPreference: [{ id: 'd-1', learning: ['dafYomi', 'mishnaYomi', 'nachYomi'] }],
      HolidayTimes: [],
    },
  });
}
