import type { Rendered } from './rendered.js';

/** What a day is, as the wall and `luach calendar` name it. */
export type HolidayKind = 'yomTov' | 'roshChodesh' | 'fast' | 'cholHamoed' | 'erev' | 'specialShabbat' | 'chanukah' | 'purim' | 'modern' | 'minor';

export type HolidayInfo = Rendered & {
  /** A stable name for matching: hebcal's untranslated one ("Pesach I", "Ta'anit Esther"), or ours ("Chanukah: Day 3", "Shabbat Chanukah"). */
  desc: string;
  kind: HolidayKind;
  /** For fasts: when the fast begins and ends (no end on a Friday: Shabbat begins first). */
  begins?: Date;
  ends?: Date;
};
