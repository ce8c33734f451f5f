import { describe, expect, it } from 'vitest';
import { calendarAnswer, type CalendarAnswer, type CalendarArgs } from './answers.js';
import type { PurimDay } from './purim.js';

/*
 * The days a congregation looks at the wall hardest, 2026–2031, checked by hand one by one.
 *
 * Sources, cited on each row:
 * - "hebcal -s -o -g YEAR" / "hebcal -i -s -o -g YEAR": Debian's hebcal 4.31, diaspora / Israel
 *   (holidays, parashiyot, special Shabbatot, omer days); it names a civil date by the omer day
 *   of its daytime ("2026-05-05 33rd day"), which was counted the evening before, and by the
 *   Chanukah candles lit on its evening ("Chanukah: 1 Candle" on 24 Kislev).
 * - "hebcal -c -E -m 72 [-i] -C CITY M YEAR": its candle-lighting and 72-minute havdalah times
 *   (Jerusalem 40 minutes before sunset, New York and Tel Aviv 18); a second night of yom tov
 *   is listed as "Candle lighting" at the havdalah time. Debian's hebcal 4.31 rounds sunset its
 *   own way, a minute apart from @hebcal/core (hebcal.com) on some days, so times agree within
 *   a minute; the elevation error this issue fixed was five.
 * - Shulchan Aruch OC: 428 (fasts moved off Shabbat: Tish'a B'Av and 17 Tammuz to Sunday,
 *   Ta'anit Esther to Thursday), 444 (erev Pesach on Shabbat), 488/494 (second days of yom tov
 *   in the diaspora), 503 (no preparing from one holy day for the next: candles after nightfall),
 *   670-684 (Chanukah), 688:6 (walled cities, Purim Meshulash).
 * The places stand where Debian's hebcal cities do (`hebcal cities`).
 */

const JERUSALEM: Omit<CalendarArgs, 'date'> = {
  lat: 31 + 47 / 60,
  lon: 35 + 14 / 60,
  tz: 'Asia/Jerusalem',
  il: true,
  walled: true,
  candleMins: 40,
  havdalahMins: 72,
};
const TEL_AVIV: Omit<CalendarArgs, 'date'> = { lat: 32 + 5 / 60, lon: 34 + 46 / 60, tz: 'Asia/Jerusalem', il: true, candleMins: 18, havdalahMins: 72 };
const NEW_YORK: Omit<CalendarArgs, 'date'> = { lat: 40 + 43 / 60, lon: -74, tz: 'America/New_York', candleMins: 18, havdalahMins: 72 };
const PLACES = { JERUSALEM, TEL_AVIV, NEW_YORK };

type Expected = {
  /** Names that must be among the day's holidays (English), and names that must not. */
  holidays?: string[];
  notHolidays?: string[];
  /** The Chanukah night lit this evening, and how (null: none). */
  chanukah?: number | null;
  chanukahRule?: 'weekday' | 'beforeShabbat' | 'afterHavdalah';
  /** The omer count said this evening after tzeit (null: none). */
  omer?: number | null;
  /** The fast observed today or beginning this evening, and whether it has an end time. */
  fast?: string | null;
  fastEnds?: boolean;
  /** Chametz deadlines today; the day the chametz is burned. */
  chametz?: boolean;
  burnDate?: string;
  /** HH:mm on the synagogue's clock, or null for none this evening. */
  candles?: string | null;
  havdalah?: string | null;
  /** This evening brings yom tov: candles before sunset, or after nightfall from an existing flame. */
  yomTov?: 'beforeSunset' | 'afterTzeit' | null;
  shabbat?: string[];
  purim?: PurimDay | null;
  megillah?: boolean;
  parasha?: string | null;
};

type EdgeDay = [date: string, place: keyof typeof PLACES, expected: Expected];

const plain = (s: string) => s.replace(/[’‘]/g, "'");

// prettier-ignore
const EDGE_DAYS: EdgeDay[] = [
  // ── Chanukah ─────────────────────────────────────────────────────────────────────────────
  // hebcal -s -g 2026: "2026-12-04 Chanukah: 1 Candle"; -c -C "New York" 12 2026: Candle lighting 16:10 (Friday: before the Shabbat candles, OC 679).
  ['2026-12-04', 'NEW_YORK', { holidays: ['Erev Chanukah'], chanukah: 1, chanukahRule: 'beforeShabbat', candles: '16:10' }],
  // hebcal: "2026-12-05 Chanukah: 2 Candles", "Havdalah (72 min): 17:41", Molad Tevet announced; Saturday night: Chanukah after havdalah (OC 681).
  ['2026-12-05', 'NEW_YORK', { holidays: ['Chanukah: 1st Day'], chanukah: 2, chanukahRule: 'afterHavdalah', havdalah: '17:41', shabbat: ['Shabbat Chanukah', 'Shabbat Mevarchim Chodesh Tevet'] }],
  // hebcal -i: "2026-12-12 Chanukah: 8th Day", Parashat Miketz; no candles after the eighth day.
  ['2026-12-12', 'JERUSALEM', { holidays: ['Chanukah: 8th Day'], chanukah: null, shabbat: ['Shabbat Chanukah'], parasha: 'Parashat Miketz' }],
  // hebcal -i -c -C Jerusalem 12 2027: "12/24/2027 Chanukah: 1 Candle", "Candle lighting: 16:00".
  ['2027-12-24', 'JERUSALEM', { holidays: ['Erev Chanukah'], chanukah: 1, chanukahRule: 'beforeShabbat', candles: '16:00' }],
  // "12/25/2027 Chanukah: 2 Candles", "Havdalah (72 min): 17:53": Chanukah begins on Shabbat, so 5788 has two Shabbatot Chanukah.
  // hebcal -M -g 2027: "2027-12-25 Molad Tevet": also Shabbat Mevarchim.
  ['2027-12-25', 'JERUSALEM', { holidays: ['Chanukah: 1st Day'], chanukah: 2, chanukahRule: 'afterHavdalah', havdalah: '17:53', shabbat: ['Shabbat Chanukah', 'Shabbat Mevarchim Chodesh Tevet'] }],
  // hebcal -g 2028: "2028-01-01 Chanukah: 8th Day", Parashat Miketz; 2027-12-31 is Rosh Chodesh Tevet.
  ['2028-01-01', 'NEW_YORK', { holidays: ['Chanukah: 8th Day'], chanukah: null, shabbat: ['Shabbat Chanukah'], parasha: 'Parashat Miketz' }],
  // hebcal -c -C "New York" 12 2028: "12/12/2028 Chanukah: 1 Candle" on a Tuesday: a weekday night, at tzeit unless the shul chooses.
  ['2028-12-12', 'NEW_YORK', { holidays: ['Erev Chanukah'], chanukah: 1, chanukahRule: 'weekday', candles: null }],
  // "12/15/2028 Chanukah: 4 Candles", "Candle lighting: 16:11" (Friday).
  ['2028-12-15', 'NEW_YORK', { chanukah: 4, chanukahRule: 'beforeShabbat', candles: '16:11' }],
  // hebcal -i -c -C Jerusalem 12 2029: "12/1/2029 Chanukah: 1 Candle", "Havdalah (72 min): 17:47": the first candle after Shabbat.
  ['2029-12-01', 'JERUSALEM', { holidays: ['Erev Chanukah'], chanukah: 1, chanukahRule: 'afterHavdalah', havdalah: '17:47' }],
  // "12/7/2029 Rosh Chodesh Tevet", "Chanukah: 7 Candles", "Candle lighting: 15:55".
  ['2029-12-07', 'JERUSALEM', { holidays: ['Rosh Chodesh Tevet'], chanukah: 7, chanukahRule: 'beforeShabbat', candles: '15:55' }],
  // hebcal -c -C "New York" 12 2030: "12/20/2030 Chanukah: 1 Candle", "Candle lighting: 16:13".
  ['2030-12-20', 'NEW_YORK', { chanukah: 1, chanukahRule: 'beforeShabbat', candles: '16:13' }],
  // "12/28/2030 Chanukah: 8th Day", "Havdalah (72 min): 17:48".
  ['2030-12-28', 'NEW_YORK', { holidays: ['Chanukah: 8th Day'], chanukah: null, havdalah: '17:48', shabbat: ['Shabbat Chanukah'] }],
  // hebcal -i -c -C "Tel Aviv" 12 2031: "12/9/2031 Chanukah: 1 Candle" (Tuesday).
  ['2031-12-09', 'TEL_AVIV', { chanukah: 1, chanukahRule: 'weekday' }],
  // "12/13/2031 Chanukah: 5 Candles", "Havdalah (72 min): 17:49"; hebcal -M -i -g 2031: "2031-12-13 Molad Tevet".
  ['2031-12-13', 'TEL_AVIV', { holidays: ['Chanukah: 4th Day'], chanukah: 5, chanukahRule: 'afterHavdalah', havdalah: '17:49', shabbat: ['Shabbat Chanukah', 'Shabbat Mevarchim Chodesh Tevet'] }],
  // "12/17/2031 Chanukah: 8th Day".
  ['2031-12-17', 'TEL_AVIV', { holidays: ['Chanukah: 8th Day'], chanukah: null }],

  // ── Pesach ───────────────────────────────────────────────────────────────────────────────
  // hebcal -s -g 2026: "2026-03-28 Shabbat HaGadol" (Parashat Tzav).
  ['2026-03-28', 'NEW_YORK', { shabbat: ['Shabbat HaGadol'], parasha: 'Parashat Tzav' }],
  // hebcal -i -c -C Jerusalem 4 2026: "4/1/2026 Ta'anit Bechorot", "Erev Pesach", "Candle lighting: 18:18"; the firstborn's fast is not the congregation's (OC 470).
  ['2026-04-01', 'JERUSALEM', { holidays: ["Ta'anit Bechorot", 'Erev Pesach'], fast: null, chametz: true, burnDate: '2026-04-01', candles: '18:18', yomTov: 'beforeSunset', omer: null }],
  // hebcal -i: "2026-04-02 Pesach I", "2026-04-03 Pesach II (CH''M)", "1st day of the Omer" on 4/3: counted this evening; "Havdalah (72 min): 20:13".
  ['2026-04-02', 'TEL_AVIV', { holidays: ['Pesach I'], yomTov: null, havdalah: '20:13', omer: 1 }],
  // hebcal -g 2026: "2026-04-03 Pesach II": the diaspora lights for the second day only after nightfall (OC 503).
  ['2026-04-02', 'NEW_YORK', { holidays: ['Pesach I'], yomTov: 'afterTzeit', havdalah: null, omer: 1 }],
  // "2026-04-03 Pesach II", Friday: candles for Shabbat on yom tov, before sunset (from an existing flame); no yom tov follows.
  ['2026-04-03', 'NEW_YORK', { holidays: ['Pesach II'], yomTov: null, havdalah: null }],
  // hebcal -i: "2026-04-03 Pesach II (CH''M)", Friday: an ordinary erev Shabbat of chol hamoed.
  ['2026-04-03', 'TEL_AVIV', { holidays: ["Pesach II (CH''M)"], notHolidays: ['Pesach II'], yomTov: null }],
  // hebcal -g 2026: "2026-04-08 Pesach VII", "2026-04-09 Pesach VIII".
  ['2026-04-08', 'NEW_YORK', { holidays: ['Pesach VII'], yomTov: 'afterTzeit' }],
  // hebcal -i -c -C "Tel Aviv" 4 2026: "4/8/2026 Pesach VII", "Havdalah (72 min): 20:17": one day in Israel.
  ['2026-04-08', 'TEL_AVIV', { holidays: ['Pesach VII'], yomTov: null, havdalah: '20:17' }],
  // hebcal -i -g 2026 lists no Pesach VIII: 2026-04-09 is a weekday in Israel.
  ['2026-04-09', 'TEL_AVIV', { notHolidays: ['Pesach VIII'], havdalah: null }],
  // hebcal -g 2027: "2027-04-21 Erev Pesach" (Wednesday).
  ['2027-04-21', 'NEW_YORK', { holidays: ['Erev Pesach'], chametz: true, burnDate: '2027-04-21', yomTov: 'beforeSunset' }],
  // hebcal -g 2028: "2028-04-08 Shabbat HaGadol"; -i -c -C Jerusalem 4 2028: "Havdalah (72 min): 20:15".
  ['2028-04-08', 'JERUSALEM', { shabbat: ['Shabbat HaGadol'], havdalah: '20:15' }],
  // "2028-04-10 Erev Pesach" (Monday), "4/10/2028 Candle lighting: 18:24".
  ['2028-04-10', 'JERUSALEM', { holidays: ['Erev Pesach'], chametz: true, candles: '18:24' }],
  // "2028-04-12 1st day of the Omer": counted on the evening of Pesach I (Tuesday 11 April).
  ['2028-04-11', 'NEW_YORK', { holidays: ['Pesach I'], omer: 1 }],
  // hebcal -c -C "New York" 3 2029: "3/30/2029 Candle lighting: 19:00" (erev Pesach on Friday: Shabbat and yom tov begin together).
  ['2029-03-30', 'NEW_YORK', { holidays: ['Erev Pesach'], chametz: true, burnDate: '2029-03-30', candles: '19:00', yomTov: 'beforeSunset' }],
  // "3/31/2029 Candle lighting: 20:32": Pesach I on Shabbat, Pesach II lit only after Shabbat ends.
  ['2029-03-31', 'NEW_YORK', { holidays: ['Pesach I'], yomTov: 'afterTzeit', candles: '20:32', havdalah: null }],
  // hebcal -i -g 2029: "2029-03-31 Pesach I", "2029-04-01 Pesach II (CH''M)": havdalah on Saturday night.
  ['2029-03-31', 'TEL_AVIV', { holidays: ['Pesach I'], yomTov: null }],
  // hebcal -c -C "New York" 4 2029: "4/6/2029 Candle lighting: 19:08" (Pesach VII on Friday: candles for Shabbat and Pesach VIII from an existing flame).
  ['2029-04-06', 'NEW_YORK', { holidays: ['Pesach VII'], candles: '19:08', yomTov: 'beforeSunset' }],
  // "4/7/2029 Havdalah (72 min): 20:39".
  ['2029-04-07', 'NEW_YORK', { holidays: ['Pesach VIII'], havdalah: '20:39' }],
  // hebcal -i -g 2030: "2030-04-17 Erev Pesach".
  ['2030-04-17', 'TEL_AVIV', { holidays: ['Erev Pesach'], chametz: true }],
  // hebcal -g 2031: "2031-04-05 Shabbat HaGadol", "2031-04-07 Erev Pesach" (Monday).
  ['2031-04-05', 'NEW_YORK', { shabbat: ['Shabbat HaGadol'] }],
  ['2031-04-07', 'NEW_YORK', { holidays: ['Erev Pesach'], chametz: true }],
  // Erev Pesach on Shabbat (5785, 12 April 2025; none falls in 2026–2031): burn on Friday (OC 444:2).
  ['2025-04-11', 'NEW_YORK', { chametz: true, burnDate: '2025-04-11' }],

  // ── The omer and Shavuot ─────────────────────────────────────────────────────────────────
  // hebcal -o -g YEAR: "33rd day of the Omer" on Lag BaOmer (2026-05-05, 2027-05-25, 2028-05-14, 2029-05-03, 2030-05-21, 2031-05-11): counted the evening before.
  ['2026-05-04', 'NEW_YORK', { omer: 33 }],
  ['2027-05-24', 'NEW_YORK', { omer: 33 }],
  ['2028-05-13', 'TEL_AVIV', { omer: 33, shabbat: [] }],
  ['2029-05-02', 'JERUSALEM', { omer: 33 }],
  ['2030-05-20', 'NEW_YORK', { omer: 33 }],
  ['2031-05-10', 'NEW_YORK', { omer: 33 }],
  // "2026-05-21 49th day of the Omer", "Erev Shavuot": the last count was the evening before; none on Shavuot night.
  ['2026-05-20', 'NEW_YORK', { omer: 49 }],
  ['2026-05-21', 'NEW_YORK', { holidays: ['Erev Shavuot'], omer: null, candles: '19:53', yomTov: 'beforeSunset' }],
  // hebcal -c -C "New York" 5 2026: "5/22/2026 Candle lighting: 19:54" (Shavuot I on Friday), "5/23/2026 Havdalah (72 min): 21:26".
  ['2026-05-22', 'NEW_YORK', { holidays: ['Shavuot I'], candles: '19:54', yomTov: 'beforeSunset' }],
  ['2026-05-23', 'NEW_YORK', { holidays: ['Shavuot II'], havdalah: '21:26' }],
  // hebcal -i -g 2026: "2026-05-22 Shavuot I", no Shavuot II, "2026-05-23 Parashat Nasso": an ordinary Shabbat in Israel.
  ['2026-05-23', 'TEL_AVIV', { notHolidays: ['Shavuot II'], parasha: 'Parashat Nasso' }],
  // hebcal -c -C "New York" 5 2029: "5/19/2029 Candle lighting: 21:22" (erev Shavuot on Shabbat), "5/20/2029 Candle lighting: 21:23".
  ['2029-05-19', 'NEW_YORK', { holidays: ['Erev Shavuot'], yomTov: 'afterTzeit', candles: '21:22' }],
  ['2029-05-20', 'NEW_YORK', { holidays: ['Shavuot I'], yomTov: 'afterTzeit', candles: '21:23' }],

  // ── Fasts ────────────────────────────────────────────────────────────────────────────────
  // hebcal -g 2026: "2026-07-02 Tzom Tammuz" (Thursday).
  ['2026-07-02', 'NEW_YORK', { fast: 'Tzom Tammuz', fastEnds: true }],
  // hebcal -g 2029: "2029-07-01 Tzom Tammuz": 17 Tammuz was Shabbat, the fast moves to Sunday (OC 550:3).
  ['2029-07-01', 'JERUSALEM', { fast: 'Tzom Tammuz', fastEnds: true }],
  // hebcal -i -g 2026: "2026-07-22 Erev Tish'a B'Av", "2026-07-23 Tish'a B'Av": the fast begins this evening.
  ['2026-07-22', 'JERUSALEM', { holidays: ["Erev Tish'a B'Av"], fast: "Tish'a B'Av", fastEnds: true }],
  ['2026-07-23', 'JERUSALEM', { fast: "Tish'a B'Av", fastEnds: true }],
  // hebcal -g 2029: "2029-07-21 Shabbat Chazon", "Erev Tish'a B'Av"; "2029-07-22 Tish'a B'Av (observed)" (OC 552:10).
  ['2029-07-21', 'NEW_YORK', { shabbat: ['Shabbat Chazon'], fast: "Tish'a B'Av (observed)", fastEnds: true }],
  ['2029-07-22', 'NEW_YORK', { fast: "Tish'a B'Av (observed)", fastEnds: true }],
  // hebcal -g 2026: "2026-09-14 Tzom Gedaliah" (Monday); Israel: ends 15 minutes after sunset.
  ['2026-09-14', 'JERUSALEM', { fast: 'Tzom Gedaliah', fastEnds: true }],
  // hebcal -g 2028: "2028-09-24 Tzom Gedaliah": 3 Tishrei was Shabbat, the fast is on Sunday.
  ['2028-09-24', 'NEW_YORK', { fast: 'Tzom Gedaliah', fastEnds: true }],
  // hebcal -c -C "New York" 9 2026: "9/20/2026 Candle lighting: 18:38", "9/21/2026 Havdalah (72 min): 20:07".
  ['2026-09-20', 'NEW_YORK', { holidays: ['Erev Yom Kippur'], fast: 'Yom Kippur', fastEnds: true, candles: '18:38', yomTov: 'beforeSunset' }],
  ['2026-09-21', 'NEW_YORK', { fast: 'Yom Kippur', fastEnds: true, havdalah: '20:07' }],
  // hebcal -i -g 2027: "2027-10-11 Yom Kippur" (Monday).
  ['2027-10-11', 'JERUSALEM', { fast: 'Yom Kippur', fastEnds: true }],
  // hebcal -g 2026: "2026-12-20 Asara B'Tevet" (Sunday).
  ['2026-12-20', 'NEW_YORK', { fast: "Asara B'Tevet", fastEnds: true }],
  // Asara B'Tevet on a Friday (2023-12-22; none in 2026–2031): no end time, Shabbat begins first.
  ['2023-12-22', 'NEW_YORK', { fast: "Asara B'Tevet", fastEnds: false }],
  // hebcal -g 2028: "2028-03-09 Ta'anit Esther" (Thursday): 13 Adar 5788 is Shabbat, the fast is moved earlier (OC 686:2).
  ['2028-03-09', 'NEW_YORK', { fast: "Ta'anit Esther", fastEnds: true }],
  // hebcal -g 2031: "2031-03-06 Ta'anit Esther" (Thursday), "2031-03-08 Erev Purim", "Shabbat Zachor".
  ['2031-03-06', 'JERUSALEM', { fast: "Ta'anit Esther", fastEnds: true }],
  ['2031-03-08', 'NEW_YORK', { fast: null, shabbat: ['Shabbat Zachor'] }],

  // ── Purim by the walls of the city ───────────────────────────────────────────────────────
  // hebcal -i -g 2027: "2027-03-23 Purim", "2027-03-24 Shushan Purim"; Jerusalem reads on the 15th (OC 688:1).
  ['2027-03-23', 'TEL_AVIV', { purim: 'unwalledPurim', megillah: true }],
  ['2027-03-23', 'JERUSALEM', { purim: null, holidays: ['Purim (in unwalled cities)'] }],
  ['2027-03-24', 'JERUSALEM', { purim: 'walledPurim', megillah: true, holidays: ['Shushan Purim: Purim of the walled cities'] }],
  // hebcal -g 2028: "2028-03-12 Purim" (Sunday), "2028-03-13 Shushan Purim".
  ['2028-03-12', 'NEW_YORK', { purim: 'unwalledPurim', megillah: true }],
  ['2028-03-13', 'JERUSALEM', { purim: 'walledPurim', megillah: true }],
  // hebcal -i -g 2029: "2029-03-02 Shushan Purim" (Friday): the 15th is a Friday, no Purim Meshulash.
  ['2029-03-02', 'JERUSALEM', { purim: 'walledPurim', megillah: true }],
  // 15 Adar 5785 was Shabbat (15 March 2025; none in 2026–2031): Purim Meshulash (OC 688:6).
  ['2025-03-14', 'JERUSALEM', { purim: 'meshulashMegillah', megillah: true }],
  ['2025-03-15', 'JERUSALEM', { purim: 'meshulashShabbat', megillah: false }],
  ['2025-03-16', 'JERUSALEM', { purim: 'meshulashSeudah', megillah: false }],

  // ── Rosh Hashana and Sukkot, yom tov beside Shabbat ──────────────────────────────────────
  // hebcal -c -C "New York" 9 2026: "9/12/2026 Candle lighting: 20:22" (Rosh Hashana I on Shabbat), "9/13/2026 Havdalah (72 min): 20:21".
  ['2026-09-12', 'NEW_YORK', { holidays: ['Rosh Hashana 5787'], yomTov: 'afterTzeit', candles: '20:22' }],
  ['2026-09-13', 'NEW_YORK', { holidays: ['Rosh Hashana II'], havdalah: '20:21' }],
  // hebcal -i -c -C Jerusalem 9 2026: "9/12/2026 Candle lighting: 20:01": two days of Rosh Hashana in Israel too.
  ['2026-09-12', 'JERUSALEM', { yomTov: 'afterTzeit', candles: '20:01' }],
  // "9/26/2026 Candle lighting: 19:59": Sukkot I on Shabbat, Sukkot II lit after nightfall.
  ['2026-09-26', 'NEW_YORK', { holidays: ['Sukkot I'], yomTov: 'afterTzeit', candles: '19:59' }],
  // hebcal -i -c -C Jerusalem 9 2026: "9/26/2026 Havdalah (72 min): 19:43", then chol hamoed.
  ['2026-09-26', 'JERUSALEM', { holidays: ['Sukkot I'], yomTov: null, havdalah: '19:43' }],
  // hebcal -c -C "New York" 10 2026: "10/3/2026 Candle lighting: 19:47" (Shmini Atzeret on Shabbat), "10/4/2026 Havdalah (72 min): 19:45".
  ['2026-10-03', 'NEW_YORK', { holidays: ['Shmini Atzeret'], yomTov: 'afterTzeit', candles: '19:47' }],
  ['2026-10-04', 'NEW_YORK', { holidays: ['Simchat Torah'], havdalah: '19:45' }],

  // ── Named Shabbatot ──────────────────────────────────────────────────────────────────────
  // hebcal -s -g YEAR: "2026-02-14 Shabbat Shekalim", "2027-03-20 Shabbat Zachor", "2028-03-18 Shabbat Parah",
  // "2030-03-30 Shabbat HaChodesh" with "Parashat Shmini", "2027-10-09 Shabbat Shuva", "2031-07-26 Shabbat Chazon",
  // "2030-08-10 Shabbat Nachamu"; Shabbat Shirah is Parashat Beshalach ("2030-01-19 Parashat Beshalach").
  // hebcal -M -g 2026 / 2030: "2026-02-14 Molad Adar", "2030-03-30 Molad Nisan": Shekalim and HaChodesh are Shabbat Mevarchim too.
  ['2026-02-14', 'NEW_YORK', { shabbat: ['Shabbat Shekalim', 'Shabbat Mevarchim Chodesh Adar'] }],
  ['2027-03-20', 'JERUSALEM', { shabbat: ['Shabbat Zachor'] }],
  ['2028-03-18', 'NEW_YORK', { shabbat: ['Shabbat Parah'] }],
  ['2030-03-30', 'NEW_YORK', { shabbat: ['Shabbat HaChodesh', 'Shabbat Mevarchim Chodesh Nisan'], parasha: 'Parashat Shmini' }],
  ['2027-10-09', 'NEW_YORK', { shabbat: ['Shabbat Shuva'] }],
  ['2030-01-19', 'TEL_AVIV', { shabbat: ['Shabbat Shirah'], parasha: 'Parashat Beshalach' }],
  ['2031-07-26', 'JERUSALEM', { shabbat: ['Shabbat Chazon'] }],
  ['2030-08-10', 'NEW_YORK', { shabbat: ['Shabbat Nachamu'] }],
  // hebcal -g 2026: "2026-04-18 Rosh Chodesh Iyyar" (Shabbat), "2026-05-17 Rosh Chodesh Sivan" (Sunday): Machar Chodesh on 16 May.
  ['2026-04-18', 'NEW_YORK', { shabbat: ['Shabbat Rosh Chodesh'] }],
  ['2026-05-16', 'NEW_YORK', { shabbat: ['Shabbat Machar Chodesh', 'Shabbat Mevarchim Chodesh Sivan'] }],
];

function problems(answer: CalendarAnswer, e: Expected): string[] {
  const out: string[] = [];
  const holidays = answer.holidays.map((h) => plain(h.en));
  const check = (what: string, ours: unknown, theirs: unknown) => {
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) out.push(`${what}: ours ${JSON.stringify(ours)}, expected ${JSON.stringify(theirs)}`);
  };
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const checkTime = (what: string, ours: string | undefined, theirs: string | null) => {
    const close = ours && theirs ? Math.abs(minutes(ours.slice(11, 16)) - minutes(theirs)) <= 1 : !ours && !theirs;
    if (!close) out.push(`${what}: ours ${ours?.slice(11, 16) ?? 'none'}, expected ${theirs ?? 'none'}`);
  };
  for (const name of e.holidays ?? []) if (!holidays.includes(name)) out.push(`holiday "${name}" missing (ours: ${holidays.join(', ')})`);
  for (const name of e.notHolidays ?? []) if (holidays.includes(name)) out.push(`holiday "${name}" should not be there`);
  if (e.chanukah !== undefined) check('chanukah night', answer.chanukah?.night ?? null, e.chanukah);
  if (e.chanukahRule) check('chanukah rule', answer.chanukah?.rule, e.chanukahRule);
  if (e.omer !== undefined) check('omer', answer.omer?.day ?? null, e.omer);
  if (e.fast !== undefined) check('fast', answer.fast ? plain(answer.fast.en) : null, e.fast);
  if (e.fastEnds !== undefined) check('fast ends', answer.fast?.ends !== undefined, e.fastEnds);
  if (e.chametz !== undefined) check('chametz', answer.chametz !== undefined, e.chametz);
  if (e.burnDate) check('burn date', answer.chametz?.burnDate, e.burnDate);
  if (e.candles !== undefined) checkTime('candle lighting', answer.candleLighting, e.candles);
  if (e.havdalah !== undefined) checkTime('havdalah', answer.havdalah, e.havdalah);
  if (e.yomTov !== undefined) {
    const ours = answer.yomTovCandleLighting ? (answer.yomTovCandleLighting.afterTzeit ? 'afterTzeit' : 'beforeSunset') : null;
    check('yom-tov candles', ours, e.yomTov);
  }
  if (e.shabbat)
    check(
      'Shabbat names',
      (answer.specialShabbat ?? []).map((s) => s.en),
      e.shabbat,
    );
  if (e.purim !== undefined) check('purim', answer.purim?.day ?? null, e.purim);
  if (e.megillah !== undefined) check('megillah', answer.purim?.megillah ?? false, e.megillah);
  if (e.parasha !== undefined) check('parasha', answer.parasha?.en ?? null, e.parasha);
  return out;
}

describe('the edge days of 2026–2031, checked by hand', () => {
  it('has at least sixty days, in Israel and the diaspora', () => {
    const inRange = EDGE_DAYS.filter(([date]) => date >= '2026-01-01' && date <= '2031-12-31');
    expect(inRange.length).toBeGreaterThanOrEqual(60);
    expect(new Set(inRange.map(([, place]) => PLACES[place].il ?? false))).toEqual(new Set([true, false]));
  });

  it.each(EDGE_DAYS.map(([date, place, expected]) => ({ date, place, expected })))('$date in $place', ({ date, place, expected }) => {
    expect(problems(calendarAnswer({ ...PLACES[place], date }), expected)).toEqual([]);
  });
});
