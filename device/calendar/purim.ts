import { HDate, months } from '@hebcal/core';
import type { Rendered } from './rendered.js';

/**
 * Purim by where the synagogue stands. Unwalled cities read the Megillah on 14 Adar (Adar II in a
 * leap year); Jerusalem and the other cities walled since Joshua on the 15th, Shushan Purim.
 * When the 15th is Shabbat the walled cities keep Purim Meshulash (the threefold Purim): the
 * Megillah on Friday the 14th, Al HaNissim and the Purim Torah reading on Shabbat, the seudah and
 * mishloach manot on Sunday the 16th (Shulchan Aruch OC 688:6).
 */
export type PurimDay = 'unwalledPurim' | 'walledPurim' | 'meshulashMegillah' | 'meshulashShabbat' | 'meshulashSeudah';

function purimMonth(year: number): number {
  return HDate.isLeapYear(year) ? months.ADAR_II : months.ADAR_I;
}

/** 15 Adar falls on Shabbat: walled cities keep Purim Meshulash. */
export function isPurimMeshulash(year: number): boolean {
  return new HDate(15, purimMonth(year), year).getDay() === 6;
}

/** Which Purim day `hd` is for a walled or unwalled city, if any. */
export function purimDayOf(hd: HDate, walledCity: boolean): PurimDay | undefined {
  const year = hd.getFullYear();
  if (hd.getMonth() !== purimMonth(year)) return undefined;
  const day = hd.getDate();
  if (!walledCity) return day === 14 ? 'unwalledPurim' : undefined;
  if (!isPurimMeshulash(year)) return day === 15 ? 'walledPurim' : undefined;
  return ({ 14: 'meshulashMegillah', 15: 'meshulashShabbat', 16: 'meshulashSeudah' } as const)[day as 14 | 15 | 16];
}

/** The day the synagogue reads the Megillah: the day kind 'purim'. */
export function isMegillahDay(hd: HDate, walledCity: boolean): boolean {
  const day = purimDayOf(hd, walledCity);
  return day === 'unwalledPurim' || day === 'walledPurim' || day === 'meshulashMegillah';
}

/** How a walled city's wall names the days hebcal calls Purim, Shushan Purim and Purim Meshulash. */
export const WALLED_PURIM_NAMES: Record<'unwalledPurim14' | PurimDay, Rendered> = {
  unwalledPurim14: { en: 'Purim (in unwalled cities)', he: 'פּוּרִים דְּפְרָזִים' },
  unwalledPurim: { en: 'Purim', he: 'פּוּרִים' },
  walledPurim: { en: 'Shushan Purim: Purim of the walled cities', he: 'שׁוּשָׁן פּוּרִים: פּוּרִים דְּמוּקָפִין' },
  meshulashMegillah: { en: 'Purim Meshulash: Megillah reading', he: 'פּוּרִים מְשׁוּלָּשׁ: קְרִיאַת הַמְּגִלָּה' },
  meshulashShabbat: { en: 'Purim Meshulash: Al HaNissim and the Purim Torah reading', he: 'פּוּרִים מְשׁוּלָּשׁ: עַל הַנִּסִּים וּקְרִיאַת וַיָּבֹא עֲמָלֵק' },
  meshulashSeudah: { en: 'Purim Meshulash: seudah and mishloach manot', he: 'פּוּרִים מְשׁוּלָּשׁ: סְעוּדָה וּמִשְׁלוֹחַ מָנוֹת' },
};
