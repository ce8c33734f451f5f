// The demo wall as a person sees it, in each language, orientation and theme. Each picture is
// checked for what matters (its words, nothing cut off) and saved: to a temporary directory by
// default, to docs/screenshots with LUACH_SCREENSHOTS=docs/screenshots (how the docs are made).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisplayModel, Slide } from '../device/model/display-model.js';
import { launchChromium } from './support/chromium.js';
import { currentSlide, cutOffText, everyKindModel, openWall, serveModels, settled, WEDNESDAY_AFTERNOON, withSlides } from './support/model-server.js';

const OUT = process.env.LUACH_SCREENSHOTS ? path.resolve(process.env.LUACH_SCREENSHOTS) : fs.mkdtempSync(path.join(os.tmpdir(), 'luach-screens-'));
let browser: Browser;
beforeAll(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const NAMES = ['אברהם בן יעקב', 'שרה בת משה', 'יצחק בן אהרן', 'רבקה בת דוד', 'יעקב בן שמואל', 'רחל בת יוסף', 'משה בן חיים', 'לאה בת מרדכי'];
const manyYahrzeits: Slide = {
  id: 'many-yahrzeits',
  kind: 'yahrzeits',
  title: 'יארצייטים השבוע',
  durationSeconds: 60,
  entries: Array.from({ length: 200 }, (_, i) => ({
    id: `y${i}`,
    name: `${NAMES[i % 8]} ${['כהן', 'לוי', 'מזרחי', 'פרידמן', 'אזולאי'][i % 5]}`,
    hebrewDate: ['ט״ו כסלו', 'ט״ז כסלו', 'י״ז כסלו'][Math.floor(i / 70)]!,
    date: ['יום רביעי 25.11', 'יום חמישי 26.11', 'יום שישי 27.11'][Math.floor(i / 70)]!,
    isToday: i < 70,
    memorialLight: i % 5 === 0,
  })),
};

/** A large shul's Wednesday: twelve prayer times and shiurim, the first five said by 16:40. */
const TWELVE: [string, string][] = [
  ['שחרית ותיקין', '06:12'],
  ['שחרית א׳', '06:45'],
  ['שחרית ב׳', '07:30'],
  ['שחרית ג׳', '08:15'],
  ['מנחה גדולה', '12:10'],
  ['מנחה א׳', '13:30'],
  ['מנחה ב׳', '16:15'],
  ['ערבית א׳', '16:55'],
  ['שיעור דף יומי', '17:30'],
  ['ערבית ב׳', '18:45'],
  ['ערבית ג׳', '20:00'],
  ['ערבית מאוחרת', '21:30'],
];
function twelvePrayers(model: DisplayModel): DisplayModel {
  const rows = TWELVE.map(([label, time], i) => {
    const at = new Date(`2026-11-25T${time}:00+02:00`);
    return {
      id: `t${i}`,
      label,
      time,
      at: at.toISOString(),
      state: at <= WEDNESDAY_AFTERNOON ? 'past' : 'upcoming',
    } as DisplayModel['todayPrayerTimes'][number];
  });
  const next = rows.findIndex((r) => r.state === 'upcoming');
  return { ...model, todayPrayerTimes: rows.map((r, i) => (i === next ? { ...r, state: 'next' } : r)) };
}

/** `kind`: the slide on the stage, or none while an urgent message takes it. */
type Shot = { file: string; viewport: { width: number; height: number }; model: () => DisplayModel; kind?: Slide['kind']; words: string[] };
const pick = (model: DisplayModel, kind: Slide['kind']) => withSlides(model, [model.slides.find((s) => s.kind === kind)!]);
const shots: Shot[] = [
  {
    file: 'landscape-he-classic.png',
    viewport: { width: 1920, height: 1080 },
    model: () => pick(everyKindModel({ theme: 'classic' }), 'prayerTimes'),
    kind: 'prayerTimes',
    words: ['תפילות היום', 'שבת קודש'],
  },
  {
    file: 'landscape-he-dark.png',
    viewport: { width: 1920, height: 1080 },
    model: () => pick(everyKindModel({ theme: 'dark' }), 'yahrzeits'),
    kind: 'yahrzeits',
    words: ['יארצייטים השבוע'],
  },
  {
    file: 'landscape-he-light.png',
    viewport: { width: 1920, height: 1080 },
    model: () => pick(everyKindModel({ theme: 'light' }), 'shiurim'),
    kind: 'shiurim',
    words: ['שיעורים', 'דף יומי'],
  },
  {
    file: 'landscape-en-dark.png',
    viewport: { width: 1920, height: 1080 },
    model: () => pick(everyKindModel({ language: 'en', theme: 'dark' }), 'zmanim'),
    kind: 'zmanim',
    words: ["Today's prayers", 'Zmanim', 'Sunset'],
  },
  {
    file: 'landscape-en-classic-torah.png',
    viewport: { width: 1920, height: 1080 },
    model: () => pick(everyKindModel({ language: 'en' }), 'torahReading'),
    kind: 'torahReading',
    words: ['Torah reading', 'Maftir'],
  },
  {
    file: 'portrait-he-classic.png',
    viewport: { width: 1080, height: 1920 },
    model: () => pick(everyKindModel({ orientation: 'portrait' }), 'messages'),
    kind: 'messages',
    words: ['הודעות', 'קידוש'],
  },
  {
    file: 'portrait-en-light.png',
    viewport: { width: 1080, height: 1920 },
    model: () => pick(everyKindModel({ orientation: 'portrait', language: 'en', theme: 'light' }), 'aliyot'),
    kind: 'aliyot',
    words: ['Mazal tov'],
  },
  {
    file: 'landscape-he-countdown.png',
    viewport: { width: 1920, height: 1080 },
    model: () => ({
      ...pick(everyKindModel(), 'prayerTimes'),
      takeover: everyKindModel().slides.find((s) => s.kind === 'candleCountdown')!,
    }),
    kind: 'prayerTimes',
    words: ['הדלקת נרות', '25:29', 'שבת קודש'],
  },
  {
    file: 'landscape-he-omer.png',
    viewport: { width: 1920, height: 1080 },
    model: () => pick(everyKindModel({ theme: 'dark' }), 'omer'),
    kind: 'omer',
    words: ['ספירת העומר', '18'],
  },
  {
    file: 'landscape-he-yahrzeits-200.png',
    viewport: { width: 1920, height: 1080 },
    model: () => withSlides(everyKindModel(), [manyYahrzeits]),
    kind: 'yahrzeits',
    words: ['1 / ', 'ט״ו כסלו · יום רביעי 25.11'],
  },
  {
    file: 'landscape-he-12-prayers.png',
    viewport: { width: 1920, height: 1080 },
    model: () => twelvePrayers(pick(everyKindModel(), 'zmanim')),
    kind: 'zmanim',
    words: ['ערבית מאוחרת', '21:30', 'ערבית א׳'],
  },
  {
    file: 'portrait-he-12-prayers.png',
    viewport: { width: 1080, height: 1920 },
    model: () => twelvePrayers(pick(everyKindModel({ orientation: 'portrait' }), 'zmanim')),
    kind: 'zmanim',
    words: ['ערבית מאוחרת', '21:30'],
  },
  {
    file: 'landscape-he-urgent.png',
    viewport: { width: 1920, height: 1080 },
    model: () => ({
      ...everyKindModel(),
      urgent: { id: 'u', title: 'שינוי מקום התפילה', body: 'עקב תקלת חשמל, תפילת ערבית הערב תתקיים באולם הקטן בקומת הכניסה.', urgent: true, priority: 100 },
    }),
    words: ['שינוי מקום התפילה', 'תפילות היום', '16:40'],
  },
];

describe('the demo wall, as pictured in docs/', () => {
  it.each(shots.map((s) => [s.file, s] as const))('%s shows its words, nothing cut off', async (_file, shot) => {
    const server = await serveModels(shot.model());
    const page = await openWall(browser, server.url, shot.viewport, WEDNESDAY_AFTERNOON);
    try {
      await page.clock.runFor(1500);
      // Fades run on the real animation clock: the picture is taken once the wall says it has settled.
      await settled(page);
      if (shot.kind) expect(await currentSlide(page).getAttribute('data-kind')).toBe(shot.kind);
      else expect(await page.locator('.stage .slide').count()).toBe(0);
      const seen = await page.locator('body').innerText();
      for (const word of shot.words) expect(seen).toContain(word);
      expect(await cutOffText(page)).toEqual([]);
      await page.screenshot({ path: path.join(OUT, shot.file) });
    } finally {
      await page.close();
      await server.stop();
    }
  });
});
