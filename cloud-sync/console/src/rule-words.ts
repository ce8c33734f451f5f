import type { TfilaTime } from '../../protocol/content.js';
import { t, type WordKey } from './i18n.js';

export const ZMANIM = [
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
] as const;
export const DAY_KINDS = ['roshChodesh', 'fastDay', 'cholHamoed', 'erevYomTov', 'yomTov', 'chanukah', 'purim', 'erevShabbat', 'shabbat'] as const;

export const zmanWord = (zman: string) => t(`zman_${zman}` as WordKey);
export const dayKindWord = (kind: string) => t(`day_${kind}` as WordKey);
export const weekdayNames = () => [0, 1, 2, 3, 4, 5, 6].map((d) => t(`weekday${d}` as WordKey));

/** The days in words: "Sunday to Thursday", "Friday", or "every day". */
function daysInWords(days: number[] | undefined): string {
  if (!days || days.length === 0 || days.length === 7) return t('everyDay');
  const names = weekdayNames();
  const sorted = [...days].sort();
  const consecutive = sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  if (consecutive && sorted.length > 2) return t('dayRange', { from: names[sorted[0]!]!, to: names[sorted.at(-1)!]! });
  return sorted.map((d) => names[d]).join(t('listJoin'));
}

/** A rule as a gabbai says it: "15 minutes before sunset, rounded down to 5, Sunday to Thursday, not on Rosh Chodesh". */
export function ruleInWords(rule: Pick<TfilaTime, 'time' | 'rounding' | 'daysOfWeek' | 'excludeDayKinds' | 'dayKinds'>): string {
  const parts: string[] = [];
  const time = rule.time;
  if (time.kind === 'fixed') parts.push(t('atFixed', { time: time.time }));
  else {
    const offset = time.offsetMinutes ?? 0;
    parts.push(
      offset === 0
        ? t('atZman', { zman: zmanWord(time.zman) })
        : t(offset < 0 ? 'minutesBefore' : 'minutesAfter', { minutes: Math.abs(offset), zman: zmanWord(time.zman) }),
    );
  }
  if (rule.rounding) parts.push(t(`rounded_${rule.rounding.mode}` as WordKey, { step: rule.rounding.step }));
  parts.push(daysInWords(rule.daysOfWeek));
  if (rule.dayKinds?.length) parts.push(t('onlyOn', { kinds: rule.dayKinds.map(dayKindWord).join(t('listJoin')) }));
  if (rule.excludeDayKinds?.length) parts.push(t('notOn', { kinds: rule.excludeDayKinds.map(dayKindWord).join(t('listJoin')) }));
  return parts.join(', ');
}
