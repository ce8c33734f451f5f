// The demo wall as a person sees it, in each language, orientation and theme. Each picture is
// checked for what matters (its words, nothing cut off) and saved: to a temporary directory by
// default, to docs/screenshots with LUACH_SCREENSHOTS=docs/screenshots (how the docs are made).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisplayModel, Slide } from '../device/model/display-model.js';
import { launchChromium } from './support/chromium.js';
import { currentSlide, cutOffText, everyKindModel, openWall, serveModels, settled, WEDNESDAY_AFTERNOON, withSlides } from './support/model-server.js';

const OUT = process.env.LUACH_SCREENSHOTS ? path.resolve(process.env.LUACH_SCREENSHOTS) : fs.mkdtempSync(path.join(os.tmpdir(), 'luach-screens-'));
let browser: Browser;
// The synagogue's logo and a Chanukah poster, drawn here (no binary fixture) and served from the
// display's own origin as the device's asset cache serves them.
const held = new Map<string, { file: string; mimeType: string }>();
const media = { lookup: (sha256: string) => held.get(sha256) };
const heldDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-screens-media-'));
let logoUrl = '';
let posterUrl = '';
async function hold(svg: string, format: 'png' | 'jpeg'): Promise<string> {
  const bytes = await sharp(Buffer.from(svg))[format]().toBuffer();
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  fs.writeFileSync(path.join(heldDir, sha256), bytes);
  held.set(sha256, { file: path.join(heldDir, sha256), mimeType: `image/${format}` });
  return `/media/${sha256}`;
}
const star = (cx: number, cy: number, r: number, style: string) =>
  [0, 60]
    .map(
      (turn) =>
        `<polygon transform="rotate(${turn} ${cx} ${cy})" points="${[0, 120, 240].map((a) => `${cx + r * Math.sin((a * Math.PI) / 180)},${cy - r * Math.cos((a * Math.PI) / 180)}`).join(' ')}" ${style}/>`,
    )
    .join('');
function posterSvg(): string {
  // Nine candles, the shamash raised in the middle, on a night sky.
  const candles = Array.from({ length: 9 }, (_, i) => {
    const x = 260 + i * 135;
    const top = i === 4 ? 330 : 420;
    return `<rect x="${x - 18}" y="${top}" width="36" height="${640 - top}" rx="6" fill="#f4ead5"/><ellipse cx="${x}" cy="${top - 38}" rx="17" ry="34" fill="#ffb938"/><ellipse cx="${x}" cy="${top - 30}" rx="8" ry="18" fill="#fff3c4"/>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900"><defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#0d1b3d"/><stop offset="1" stop-color="#27457c"/></linearGradient><radialGradient id="glow" cx="0.5" cy="0.45" r="0.5"><stop offset="0" stop-color="#ffcf6b" stop-opacity="0.45"/><stop offset="1" stop-color="#ffcf6b" stop-opacity="0"/></radialGradient></defs><rect width="1600" height="900" fill="url(#sky)"/><rect width="1600" height="900" fill="url(#glow)"/>${candles}<rect x="200" y="640" width="1200" height="40" rx="12" fill="#c9a227"/><rect x="770" y="680" width="60" height="120" fill="#c9a227"/><rect x="620" y="800" width="360" height="36" rx="12" fill="#c9a227"/></svg>`;
}
beforeAll(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
  logoUrl = await hold(
    `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><circle cx="128" cy="128" r="122" fill="#2a1a0e" stroke="#d9a93f" stroke-width="8"/>${star(128, 132, 86, 'fill="none" stroke="#d9a93f" stroke-width="12" stroke-linejoin="round"')}</svg>`,
    'png',
  );
  posterUrl = await hold(posterSvg(), 'jpeg');
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(heldDir, { recursive: true, force: true });
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
/** `pictures`: how many pictures the wall must have drawn (the logo, a slide's picture). */
type Shot = { file: string; viewport: { width: number; height: number }; model: () => DisplayModel; kind?: Slide['kind']; words: string[]; pictures?: number };
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
    file: 'landscape-he-logo-poster.png',
    viewport: { width: 1920, height: 1080 },
    model: () => {
      const model = everyKindModel({ theme: 'classic' });
      const poster: Slide = {
        id: 'x-poster',
        kind: 'custom',
        title: 'חנוכה שמח',
        durationSeconds: 12,
        imageUrl: posterUrl,
        text: 'הדלקת נרות בבית הכנסת בכל ערב אחרי מנחה',
      };
      return { ...withSlides(model, [poster]), header: { ...model.header, logoUrl } };
    },
    kind: 'custom',
    words: ['חנוכה שמח', 'תפילות היום'],
    pictures: 2,
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
    const server = await serveModels(shot.model(), undefined, media);
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
      const drawn = await page.evaluate(() =>
        Array.from(document.images)
          .filter((img) => img.getAttribute('src'))
          .map((img) => img.complete && img.naturalWidth > 0),
      );
      expect(drawn).toEqual(Array.from({ length: shot.pictures ?? 0 }, () => true));
      await page.screenshot({ path: path.join(OUT, shot.file) });
    } finally {
      await page.close();
      await server.stop();
    }
  });
});
