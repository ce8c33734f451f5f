import type { DeviceSettings } from '../../cloud-sync/protocol/content.js';
import type { TextMarks } from './display-model.js';
import type { Language } from './labels.js';

/** The wall's language setting: Hebrew, English, or both (each text in Hebrew, its English beneath). */
export type WallLanguage = DeviceSettings['language'];

/** The language of the wall's own words (labels, dates, zmanim): a bilingual wall speaks Hebrew. */
export function wordsLanguage(wall: WallLanguage): Language {
  return wall === 'en' ? 'en' : 'he';
}

/**
 * The texts of one item (a message, a yahrzeit, a shiur...) as this wall shows them, each given
 * in Hebrew and, when the gabbai wrote it, English. A Hebrew wall shows the Hebrew. An English
 * wall shows the English, else the Hebrew, and names that field in `hebrew` so the wall sets it
 * right to left. A bilingual wall shows the Hebrew and puts the English in `en`, for the line
 * beneath. `marks()` is spread into the item after its texts.
 */
export function wallTexts(wall: WallLanguage) {
  const en: Record<string, string> = {};
  const hebrew: string[] = [];
  function text(field: string, he: string, english: string | undefined): string {
    const translated = english?.trim() ? english : undefined;
    if (wall === 'en') {
      if (translated !== undefined) return translated;
      hebrew.push(field);
      return he;
    }
    if (wall === 'he+en' && translated !== undefined && translated !== he) en[field] = translated;
    return he;
  }
  return {
    text,
    /** A text the row may leave out; with only its English, it is on the English and the bilingual wall only. */
    optional(field: string, he: string | undefined, english: string | undefined): string | undefined {
      if (he?.trim()) return text(field, he, english);
      return wall !== 'he' && english?.trim() ? english : undefined;
    },
    marks(): TextMarks {
      return { ...(Object.keys(en).length ? { en: { ...en } } : {}), ...(hebrew.length ? { hebrew: [...hebrew] } : {}) };
    },
  };
}
