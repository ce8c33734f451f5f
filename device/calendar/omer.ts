import { HDate, OmerEvent, months } from '@hebcal/core';
import type { Synagogue } from '../../cloud-sync/protocol/content.js';
import type { Rendered } from './rendered.js';

export type Nusach = NonNullable<Synagogue['nusach']>;

/** The count of the omer (1-49) on the Hebrew day `hd`: day 1 is 16 Nisan, counted the evening before. */
export function omerDayOf(hd: HDate): number | undefined {
  const n = hd.abs() - HDate.hebrew2abs(hd.getFullYear(), months.NISAN, 16) + 1;
  return n >= 1 && n <= 49 ? n : undefined;
}

const ASHKENAZ_ENDING = 'לָעֽוֹמֶר';
const SEFARD_WORD = 'בָּעֽוֹמֶר';

/**
 * The count as it is said, in words, in the synagogue's nusach. The Hebrew is @hebcal/core's
 * (numbers in words, "שְׁנֵי שָׁבוּעוֹת", "שְׁלוֹשָׁה שָׁבוּעוֹת"), which ends in the Ashkenazi
 * "לָעוֹמֶר". Nusach Sefard says "בָּעוֹמֶר" at the end; Edot HaMizrach say "בָּעוֹמֶר" after
 * the days and before the weeks ("הַיּוֹם שִׁשָּׁה וְעֶשְׂרִים יוֹם בָּעוֹמֶר, שֶׁהֵם שְׁלוֹשָׁה
 * שָׁבוּעוֹת וַחֲמִשָּׁה יָמִים": Encyclopedia of Judaism, Israel MoD, "ספירת העומר").
 */
export function omerCount(day: number, nusach: Nusach = 'ashkenaz'): Rendered {
  // The event's date plays no part in the words; a fixed one keeps the clock out.
  const event = new OmerEvent(new HDate(16, months.NISAN, 5786), day);
  const ashkenaz = event.getTodayIs('he').normalize();
  const en = event.getTodayIs('en');
  if (nusach === 'ashkenaz') return { he: ashkenaz, en };
  const body = ashkenaz.slice(0, -ASHKENAZ_ENDING.normalize().length).trimEnd();
  if (nusach === 'sefard') return { he: `${body} ${SEFARD_WORD}`.normalize(), en };
  const [days, weeks] = body.split(', ');
  return { he: (weeks ? `${days} ${SEFARD_WORD}, ${weeks}` : `${days} ${SEFARD_WORD}`).normalize(), en };
}
