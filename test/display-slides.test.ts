import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisplayModel, Slide } from '../device/model/display-model.js';
import { launchChromium } from './support/chromium.js';
import {
  currentSlide,
  cutOffText,
  everyKindModel,
  openWall,
  serveModels,
  settled,
  WEDNESDAY_AFTERNOON,
  withSlides,
  type ModelServer,
} from './support/model-server.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** What a person should read on each kind of slide, taken from the slide itself. */
function expectedText(slide: Slide): string[] {
  switch (slide.kind) {
    case 'prayerTimes':
      return slide.sections.flatMap((s) => [s.title, ...s.rows.flatMap((r) => [r.label, r.time])]);
    case 'zmanim':
      return slide.rows.flatMap((r) => [r.label.replace(' *', ''), r.time]);
    case 'yahrzeits':
      return slide.entries.flatMap((e) => [e.name, e.hebrewDate]);
    case 'shiurim':
      return slide.entries.flatMap((e) => [e.title, e.when]);
    case 'torahReading':
      return [slide.subtitle, ...slide.entries.flatMap((e) => [e.aliyah, e.personName])];
    case 'aliyot':
      return slide.entries.map((e) => e.personName);
    case 'messages':
      return slide.entries.flatMap((e) => [e.title ?? '', e.body]).filter(Boolean);
    case 'dailyLearning':
      return slide.entries.map((e) => e.value);
    case 'holiday':
      return slide.entries.flatMap((e) => [e.label, e.value]);
    case 'candleCountdown':
      return [slide.label, slide.targetTime];
    case 'omer':
      return [String(slide.day), slide.text];
    case 'custom':
      // The demo's community notice, in the wall's language (its English on an English wall).
      return [slide.html?.includes('חוג בית') ? 'חוג בית' : 'A home study group'];
  }
}

/**
 * The text a person reads on the current slide, page after page: a long slide shows "1 / 3" and
 * turns its pages on its own; the page clock is moved on until the last page has been seen.
 */
async function readAllPages(page: Page): Promise<string> {
  const slide = currentSlide(page);
  const indicator = slide.locator('.page-indicator');
  let text = await slide.innerText();
  for (let turns = 0; turns < 30 && (await indicator.isVisible()); turns++) {
    const [at, of] = (await indicator.innerText()).split(' / ').map(Number);
    if (at === of) break;
    const before = await indicator.innerText();
    for (let s = 0; s < 60 && (await indicator.innerText()) === before; s++) await page.clock.runFor(1000);
    await settled(page);
    expect(await cutOffText(page)).toEqual([]);
    text += `\n${await slide.innerText()}`;
  }
  return text;
}

const cases = [
  { name: 'Hebrew, landscape', language: 'he', orientation: 'landscape', viewport: { width: 1920, height: 1080 }, dir: 'rtl' },
  { name: 'English, portrait', language: 'en', orientation: 'portrait', viewport: { width: 1080, height: 1920 }, dir: 'ltr' },
] as const;

describe.each(cases)('every slide kind, $name', ({ language, orientation, viewport, dir }) => {
  const model = everyKindModel({ language, orientation });
  let server: ModelServer;
  let page: Page;
  beforeAll(async () => {
    server = await serveModels(withSlides(model, [model.slides[0]!]));
    page = await openWall(browser, server.url, viewport, WEDNESDAY_AFTERNOON);
  });
  afterAll(async () => {
    await page?.close();
    await server?.stop();
  });

  it.each(model.slides.map((slide) => [slide.kind, slide] as const))(
    'shows %s with its title and content, in the language’s direction, nothing cut off',
    async (_kind, slide) => {
      server.feed.publish(withSlides(model, [slide]) as DisplayModel);
      const shown = currentSlide(page);
      await expect.poll(() => shown.getAttribute('data-kind')).toBe(slide.kind);
      await expect.poll(() => shown.locator('.slide-title').innerText()).toBe(slide.title);
      const text = await readAllPages(page);
      for (const expected of expectedText(slide)) expect(text, `${slide.kind} should show "${expected}"`).toContain(expected);
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.stage .slide:not(.leaving) .slide-title')!).direction)).toBe(dir);
      await settled(page);
      expect(await shown.evaluate((e) => getComputedStyle(e).opacity)).toBe('1');
      expect(await cutOffText(page)).toEqual([]);
    },
  );

  it('counts down to candle lighting each second', async () => {
    server.feed.publish(withSlides(model, [model.slides.find((s) => s.kind === 'candleCountdown')!]));
    const value = currentSlide(page).locator('.countdown-value');
    await expect.poll(() => value.innerText()).toMatch(/^\d+:\d{2}$/);
    const seconds = async () => {
      const [m, s] = (await value.innerText()).split(':').map(Number);
      return m! * 60 + s!;
    };
    const start = await seconds();
    expect(start).toBeGreaterThan(60);
    // The wall ticks just after each whole second of the paused page clock: one step past it, then second by second.
    await page.clock.runFor(1010);
    expect(await seconds()).toBe(start - 1);
    for (let s = 2; s <= 5; s++) {
      await page.clock.runFor(1000);
      expect(await seconds()).toBe(start - s);
    }
    await page.clock.runFor(60_000);
    expect(await seconds()).toBe(start - 65);
  });

  it('lights a memorial candle beside the names that have one, and no other', async () => {
    const yahrzeits = model.slides.find((s) => s.kind === 'yahrzeits')!;
    server.feed.publish(withSlides(model, [yahrzeits]));
    const entries = currentSlide(page).locator('.yahrzeit');
    await expect.poll(() => entries.count()).toBe(yahrzeits.kind === 'yahrzeits' ? yahrzeits.entries.length : 0);
    const lit = yahrzeits.kind === 'yahrzeits' ? yahrzeits.entries.filter((e) => e.memorialLight).map((e) => e.name) : [];
    expect(lit.length).toBeGreaterThan(0);
    const withLight = await currentSlide(page).locator('.yahrzeit:has(.memorial-light) .name').allInnerTexts();
    expect(withLight.sort()).toEqual(lit.sort());
  });
});

describe('a slide with nothing to show', () => {
  it('is skipped, never drawn as an empty frame', async () => {
    const model = everyKindModel();
    const zmanim = model.slides.find((s) => s.kind === 'zmanim')!;
    const empty: Slide[] = [
      { id: 'empty-custom', kind: 'custom', title: 'ריק', durationSeconds: 10, html: '<script>1</script><p>   </p>' },
      { id: 'empty-messages', kind: 'messages', title: 'הודעות', durationSeconds: 10, entries: [] },
    ];
    const server = await serveModels(withSlides(model, [...empty, zmanim]));
    const page = await openWall(browser, server.url, { width: 1280, height: 720 });
    try {
      for (let i = 0; i < 4; i++) {
        expect(await currentSlide(page).getAttribute('data-kind')).toBe('zmanim');
        await page.clock.runFor(20_000);
      }
      expect(await page.locator('.slide[data-slide-id^="empty"]').count()).toBe(0);
    } finally {
      await page.close();
      await server.stop();
    }
  });
});

describe('a custom slide with an image from the device', () => {
  it('shows the image whole, inside the stage, above its text', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900"><rect width="1600" height="900" fill="#234"/><circle cx="800" cy="450" r="300" fill="#d9a93f"/></svg>';
    const slide: Slide = {
      id: 'poster',
      kind: 'custom',
      title: 'חנוכה',
      durationSeconds: 20,
      imageUrl: `data:image/svg+xml,${encodeURIComponent(svg)}`,
      text: 'הדלקת נרות חנוכה ברחבת בית הכנסת',
    };
    const server = await serveModels(withSlides(everyKindModel(), [slide]));
    const page = await openWall(browser, server.url, { width: 1920, height: 1080 });
    try {
      const image = currentSlide(page).locator('img.custom-image');
      await expect.poll(() => image.evaluate((e) => (e as HTMLImageElement).complete && (e as HTMLImageElement).naturalWidth)).toBe(1600);
      const [box, stage, text] = [
        (await image.boundingBox())!,
        (await page.locator('.stage').boundingBox())!,
        (await currentSlide(page).locator('.rich-text').boundingBox())!,
      ];
      expect(box.height).toBeGreaterThan(stage.height * 0.3);
      expect(box.y + box.height).toBeLessThanOrEqual(text.y + 1);
      expect(box.x).toBeGreaterThanOrEqual(stage.x);
      expect(box.x + box.width).toBeLessThanOrEqual(stage.x + stage.width);
      expect(await currentSlide(page).locator('.rich-text').innerText()).toBe(slide.text);
      expect(await cutOffText(page)).toEqual([]);
    } finally {
      await page.close();
      await server.stop();
    }
  });
});
