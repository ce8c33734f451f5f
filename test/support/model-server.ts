import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import type { Browser, Locator, Page } from 'playwright-core';
import { migrate } from '../../device/cache/open-cache.js';
import { applyTargetState, readSnapshot } from '../../device/cache/target-state-store.js';
import type { TargetStateInput } from '../../cloud-sync/protocol/target-state.js';
import { demoTargetState } from '../../device/demo/demo-state.js';
import { buildDisplayModel } from '../../device/model/build-display-model.js';
import { DisplayModel, type Slide } from '../../device/model/display-model.js';
import type { ModelFeed } from '../../device/model/model-feed.js';
import { DisplayServer } from '../../device/shell/display-server.js';
import type { MediaLibrary } from '../../device/shell/media-route.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** A ModelFeed a test drives by hand: `publish` is what the runtime does at a boundary. */
export class ManualFeed implements ModelFeed {
  private readonly listeners = new Set<(model: DisplayModel) => void>();
  constructor(private model: DisplayModel) {}
  current(): DisplayModel {
    return this.model;
  }
  subscribe(listener: (model: DisplayModel) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  /** Validated like the runtime's own models, so a test cannot draw what the device never sends. */
  publish(model: DisplayModel): void {
    this.model = DisplayModel.parse(model);
    for (const listener of this.listeners) listener(this.model);
  }
  /** Send what a stale or foreign runtime might, unvalidated: for tests of what the display refuses. */
  publishUnchecked(value: unknown): void {
    for (const listener of this.listeners) listener(value as DisplayModel);
  }
}

export interface ModelServer {
  url: string;
  feed: ManualFeed;
  server: DisplayServer;
  stop(): Promise<void>;
}

/**
 * The real DisplayServer (built display, CSP, SSE) serving models a test constructs; `assetsDir`
 * serves another build, `media` the pictures and videos at /media/<sha256>.
 */
export async function serveModels(first: DisplayModel, assetsDir = path.join(ROOT, 'dist', 'display'), media?: MediaLibrary): Promise<ModelServer> {
  if (!fs.existsSync(path.join(assetsDir, 'index.html')))
    throw new Error(`the display is not built in ${assetsDir}: run \`npm run build\` first (npm test does)`);
  const feed = new ManualFeed(DisplayModel.parse(first));
  const server = new DisplayServer({ feed, assetsDir, port: 0, logger: pino({ level: 'silent' }), media });
  const url = await server.start();
  return { url, feed, server, stop: () => server.stop() };
}

/**
 * The demo shul's model at `now`, built by the device's own code from the demo target state,
 * after `edit` has changed its settings or content (language, theme, a 200-name yahrzeit list).
 */
export function demoModel(now: Date, edit: (state: TargetStateInput) => void = () => {}): DisplayModel {
  const state = demoTargetState(now);
  edit(state);
  const db = new Database(':memory:');
  try {
    migrate(db);
    applyTargetState(db, state, { etag: null, source: 'demo', now });
    const snapshot = readSnapshot(db);
    if (!snapshot) throw new Error('the demo target state did not apply');
    return buildDisplayModel({ snapshot, now, clockVerified: true, online: null });
  } finally {
    db.close();
  }
}

/** A fixed moment for reproducible walls: a Wednesday afternoon in Jerusalem, 16:40. */
export const WEDNESDAY_AFTERNOON = new Date('2026-11-25T14:40:00Z');

type Language = 'he' | 'en';
const words = (language: Language, he: string, en: string) => (language === 'he' ? he : en);

/**
 * The demo wall in a language, orientation and theme, whose playlist holds one slide of every
 * kind in the schema: the demo's own slides, plus those its week does not have (Torah reading,
 * holiday, candle-lighting countdown, omer) written here as the device would send them.
 */
export function everyKindModel(
  options: { language?: Language; orientation?: 'landscape' | 'portrait' | 'auto'; theme?: 'dark' | 'light' | 'classic' } = {},
): DisplayModel {
  const language = options.language ?? 'he';
  const now = WEDNESDAY_AFTERNOON;
  const model = demoModel(now, (state) => {
    state.settings = {
      ...state.settings,
      language,
      orientation: options.orientation ?? 'landscape',
      theme: options.theme ?? 'classic',
      clock24h: language === 'he',
    };
  });
  const own = new Map(model.slides.map((s) => [s.kind, s]));
  const extra: Slide[] = [
    {
      id: 'x-torah',
      kind: 'torahReading',
      title: words(language, 'העולים לתורה', 'Torah reading'),
      durationSeconds: 12,
      subtitle: words(language, 'פרשת וישלח · שבת 28.11', 'Vayishlach · Shabbat Nov 28'),
      entries: [
        { aliyah: words(language, 'כהן', 'Kohen'), personName: words(language, 'הרב משה כהן', 'Rabbi Moshe Cohen') },
        { aliyah: words(language, 'לוי', 'Levi'), personName: words(language, 'אליעזר לוי', 'Eliezer Levy') },
        { aliyah: words(language, 'שלישי', 'Shlishi'), personName: words(language, 'שמעון פרץ', 'Shimon Peretz') },
        { aliyah: words(language, 'מפטיר', 'Maftir'), personName: words(language, 'נתנאל לוי', 'Netanel Levy') },
      ],
    },
    {
      id: 'x-holiday',
      kind: 'holiday',
      title: words(language, 'מועדי השבוע', 'This week'),
      durationSeconds: 12,
      entries: [
        { label: words(language, 'יום חמישי 10.12', 'Thursday Dec 10'), value: words(language, 'חנוכה: נר ראשון', 'Chanukah: 1 candle') },
        { label: words(language, 'המולד', 'Molad'), value: words(language, 'יום רביעי 9 דקות אחרי 17:00', 'Wednesday, 9 minutes after 5 PM') },
      ],
    },
    {
      id: 'x-countdown',
      kind: 'candleCountdown',
      title: words(language, 'הדלקת נרות', 'Candle lighting'),
      durationSeconds: 30,
      label: words(language, 'הדלקת נרות בעוד', 'Candle lighting in'),
      target: new Date(now.getTime() + 25 * 60_000 + 30_000).toISOString(),
      targetTime: words(language, '17:05', '5:05 PM'),
    },
    {
      id: 'x-omer',
      kind: 'omer',
      title: words(language, 'ספירת העומר', 'Counting the Omer'),
      durationSeconds: 10,
      day: 18,
      text: words(language, 'היום שמונה עשר יום, שהם שני שבועות וארבעה ימים לעומר', 'Today is 18 days of the Omer, which is 2 weeks and 4 days'),
    },
  ];
  const kinds: Slide['kind'][] = [
    'prayerTimes',
    'zmanim',
    'yahrzeits',
    'shiurim',
    'torahReading',
    'aliyot',
    'messages',
    'dailyLearning',
    'holiday',
    'candleCountdown',
    'omer',
    'custom',
  ];
  const all = [...own.values(), ...extra];
  model.slides = kinds.map((kind) => {
    const slide = all.find((s) => s.kind === kind);
    if (!slide) throw new Error(`no ${kind} slide for the fixture`);
    return slide;
  });
  return DisplayModel.parse(model);
}

/** The same model with one slide only: the stage then shows it and nothing else. */
export function withSlides(model: DisplayModel, slides: Slide[]): DisplayModel {
  return { ...model, slides };
}

/**
 * Open the wall at `url` in a fresh page whose clock is Playwright's, standing still at `at`
 * (a fixed moment, never today): the page's timers fire only when the test moves the clock
 * (`page.clock.runFor`), so nothing turns while a slow machine is still looking. Fades run on
 * the real animation clock; the wall says when they are over (see `settled`).
 */
export async function openWall(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
  at: Date = WEDNESDAY_AFTERNOON,
  initScript?: () => void,
): Promise<Page> {
  const page = await browser.newPage({ viewport });
  if (initScript) await page.addInitScript(initScript);
  // Installed a little before and paused at `at` before the page exists: a clock that has run on can only move forward.
  await page.clock.install({ time: at.getTime() - 10_000 });
  await page.clock.pauseAt(at);
  await page.goto(url);
  await settled(page);
  return page;
}

/**
 * Wait for the wall's own "settled" mark (display/settle.ts): the model drawn, fonts loaded, text
 * fitted, no fade running. Call it after seeing the change it should follow (the mark goes in
 * the same task as any change); with `change`, it waits for a mark newer than the one before it.
 */
export async function settled(page: Page, change?: () => Promise<unknown>): Promise<void> {
  const before = change ? await page.locator('html').getAttribute('data-settled') : null;
  await change?.();
  await page.waitForFunction(
    (previous) => {
      const mark = document.documentElement.dataset.settled;
      return mark !== undefined && mark !== previous;
    },
    before,
    { polling: 50, timeout: 20_000 },
  );
}

/** The slide on screen (not the one fading out). */
export function currentSlide(page: Page): Locator {
  return page.locator('.stage .slide:not(.leaving)');
}

/**
 * What a person would see cut off: every visible element holding text whose box leaves the
 * viewport or the box of an ancestor that clips it (for text turned like pages, a line only
 * partly on its page). Returns "tag.class: text" for each one.
 */
export function cutOffText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const height = window.innerHeight;
    const problems: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      if (element.closest('.leaving')) continue;
      const hasText = Array.from(element.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
      if (!hasText || !element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      const describe = () => `${element.tagName.toLowerCase()}.${element.className}: ${element.textContent?.trim().slice(0, 40)}`;
      // Text that turns like pages (display/text-pages.ts): each line is on its page whole, or on another page.
      const pages = element.parentElement?.closest<HTMLElement>('.text-pages');
      if (pages) {
        const clip = pages.getBoundingClientRect();
        if (clip.left < -1 || clip.top < -1 || clip.right > width + 1 || clip.bottom > height + 1)
          problems.push(`${describe()} is on a page that leaves the screen`);
        const range = document.createRange();
        range.selectNodeContents(element);
        const lines = Array.from(range.getClientRects());
        // A line's box is the font's full height, taller than the line it stands on: an edge through its middle cuts it.
        const through = (edge: number, line: DOMRect) => edge > line.top + line.height * 0.25 && edge < line.bottom - line.height * 0.25;
        if (lines.some((line) => through(clip.top, line) || through(clip.bottom, line))) problems.push(`${describe()} has a line cut by its page`);
        if (lines.some((line) => line.bottom > clip.top + 1 && line.top < clip.bottom - 1 && (line.left < clip.left - 1 || line.right > clip.right + 1)))
          problems.push(`${describe()} runs out of its page's width`);
        continue;
      }
      const box = element.getBoundingClientRect();
      if (box.left < -1 || box.top < -1 || box.right > width + 1 || box.bottom > height + 1) {
        problems.push(`${describe()} leaves the screen`);
        continue;
      }
      // An inline box is taller than its line (the font's ascent and descent), so only its width can be clipped.
      const inline = getComputedStyle(element).display === 'inline';
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        const style = getComputedStyle(parent);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const clip = parent.getBoundingClientRect();
        const outside = box.left < clip.left - 1 || box.right > clip.right + 1 || (!inline && (box.top < clip.top - 1 || box.bottom > clip.bottom + 1));
        if (outside) problems.push(`${describe()} is clipped by ${parent.className}`);
        break;
      }
      if (element.classList.contains('text-pages')) continue;
      if (element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX !== 'visible')
        problems.push(`${describe()} is cut inside its own box`);
    }
    return problems;
  });
}

const FIRST_NAMES = ['אברהם', 'שרה', 'יצחק', 'רבקה', 'יעקב', 'רחל', 'לאה', 'משה', 'מרים', 'אהרן'];

/** A memorial board of `count` names (each numbered, so a test can tell every one was shown), a few of them today's. */
export function memorialList(id: string, count: number): Slide {
  return {
    id,
    kind: 'yahrzeits',
    title: 'יארצייטים השבוע',
    durationSeconds: 60,
    entries: Array.from({ length: count }, (_, i) => ({
      id: `y-${i}`,
      name: `${FIRST_NAMES[i % 10]} בן ${FIRST_NAMES[(i + 3) % 10]} ${i + 1}`,
      hebrewDate: 'ט״ו כסלו',
      date: 'יום רביעי 25.11',
      isToday: i < 3,
      memorialLight: i % 4 === 0,
    })),
  };
}
