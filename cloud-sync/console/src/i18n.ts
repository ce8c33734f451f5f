import { computed, effect, signal } from '@preact/signals';
import { he } from './words-he.js';
import { en } from './words-en.js';

export type Language = 'he' | 'en';
export type WordKey = keyof typeof en;

const stored = (() => {
  try {
    return localStorage.getItem('luach.language');
  } catch {
    return null;
  }
})();

/** The console's language: what the person chose last, else the phone's own. */
export const language = signal<Language>(stored === 'en' || stored === 'he' ? stored : navigator.language.startsWith('en') ? 'en' : 'he');
export const direction = computed(() => (language.value === 'he' ? 'rtl' : 'ltr'));

effect(() => {
  document.documentElement.lang = language.value;
  document.documentElement.dir = direction.value;
  try {
    localStorage.setItem('luach.language', language.value);
  } catch {
    /* private mode: the choice lasts for this visit */
  }
});

const dictionaries: Record<Language, Record<WordKey, string>> = { he, en };

/** A word or sentence in the console's language; `{name}` placeholders are filled from `values`. */
export function t(key: WordKey, values: Record<string, string | number> = {}): string {
  const text = dictionaries[language.value][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
