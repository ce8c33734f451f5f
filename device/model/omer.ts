import type { Language } from './labels.js';

const HEBREW_UNITS = ['', 'אחד', 'שנים', 'שלשה', 'ארבעה', 'חמשה', 'ששה'];

/** The omer count as it is said: "היום שמונה ימים, שהם שבוע אחד ויום אחד לעומר" in short form. */
export function omerText(day: number, language: Language): string {
  const weeks = Math.floor(day / 7);
  const rest = day % 7;
  if (language === 'en') {
    const parts = weeks ? [`${weeks} week${weeks > 1 ? 's' : ''}`, ...(rest ? [`${rest} day${rest > 1 ? 's' : ''}`] : [])].join(' and ') : '';
    return `Today is ${day} day${day > 1 ? 's' : ''} of the Omer${parts ? `, which is ${parts}` : ''}`;
  }
  const daysWord = day === 1 ? 'יום אחד' : `${day} ימים`;
  if (!weeks) return `היום ${daysWord} לעומר`;
  const weeksWord = weeks === 1 ? 'שבוע אחד' : `${HEBREW_UNITS[weeks]} שבועות`;
  const restWord = rest === 0 ? '' : rest === 1 ? ' ויום אחד' : ` ו${HEBREW_UNITS[rest]} ימים`;
  return `היום ${daysWord}, שהם ${weeksWord}${restWord} לעומר`;
}
