import type { Language } from './labels.js';

const timeFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function locale(language: Language): string {
  return language === 'he' ? 'he-IL' : 'en-US';
}

/** A time of day on the wall: "18:55", or "6:55 PM" on a 12-hour board. */
export function formatTime(instant: Date, timezone: string, language: Language, clock24h: boolean): string {
  const key = `${timezone}|${language}|${clock24h}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale(language), {
      timeZone: timezone,
      hour: clock24h ? '2-digit' : 'numeric',
      minute: '2-digit',
      hourCycle: clock24h ? 'h23' : 'h12',
    });
    timeFormats.set(key, format);
  }
  return format.format(instant);
}

/** The Gregorian date in the header: "יום רביעי, 25 בנובמבר 2026" / "Wednesday, November 25, 2026". */
export function formatLongDate(instant: Date, timezone: string, language: Language): string {
  const key = `long|${timezone}|${language}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale(language), { timeZone: timezone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    dateFormats.set(key, format);
  }
  return format.format(instant);
}

/** A short date beside a name: "25.11" / "Nov 25". */
export function formatShortDate(date: string, language: Language): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const key = `short|${language}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale(language), { timeZone: 'UTC', day: 'numeric', month: language === 'he' ? 'numeric' : 'short' });
    dateFormats.set(key, format);
  }
  return format.format(new Date(Date.UTC(year, month - 1, day)));
}
