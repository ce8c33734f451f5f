import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import {
  currentSlide,
  cutOffText,
  everyKindModel,
  memorialList,
  openWall,
  serveModels,
  settled,
  WEDNESDAY_AFTERNOON,
  withSlides,
} from './support/model-server.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const yahrzeits = memorialList('long-yahrzeits', 200);

describe.each([
  { orientation: 'landscape', width: 1920, height: 1080 },
  { orientation: 'portrait', width: 1080, height: 1920 },
] as const)('a 200-name yahrzeit list on a $orientation wall', ({ orientation, width, height }) => {
  it('pages through every name at a legible size, each name once, nothing overflowing', { timeout: 120_000 }, async () => {
    const model = withSlides(everyKindModel({ orientation }), [yahrzeits]);
    const server = await serveModels(model);
    const page = await openWall(browser, server.url, { width, height }, WEDNESDAY_AFTERNOON);
    try {
      const slide = currentSlide(page);
      const indicator = slide.locator('.page-indicator');
      await expect.poll(() => indicator.innerText()).toMatch(/^1 \/ \d+$/);
      const pageCount = Number((await indicator.innerText()).split(' / ')[1]);
      expect(pageCount).toBeGreaterThanOrEqual(4);
      expect(pageCount).toBeLessThanOrEqual(20);

      const seen: string[] = [];
      for (let p = 1; p <= pageCount; p++) {
        expect(await indicator.innerText()).toBe(`${p} / ${pageCount}`);
        const names = slide.locator('.yahrzeit:visible .name');
        const shown = await names.allInnerTexts();
        if (p < pageCount) expect(shown.length).toBeGreaterThanOrEqual(10);
        seen.push(...shown);
        // Legible from the back: a name is at least 2.7% of the screen's shorter side.
        const size = await names.first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
        expect(size / Math.min(width, height)).toBeGreaterThan(0.027);
        expect(await cutOffText(page)).toEqual([]);
        // Each page stays as long as the wall says (see display-room.test.ts for how long that is).
        await page.clock.runFor(Number(await slide.getAttribute('data-page-seconds')) * 1000 + 50);
        await settled(page);
      }
      expect(seen).toEqual(yahrzeits.kind === 'yahrzeits' ? yahrzeits.entries.map((e) => e.name) : []);
      // After the last page the list starts again from the first.
      await expect.poll(() => indicator.innerText()).toBe(`1 / ${pageCount}`);
    } finally {
      await page.close();
      await server.stop();
    }
  });
});

describe('long text that almost fits', () => {
  it('shrinks a little instead of paging', async () => {
    const base = everyKindModel();
    const prayers = base.slides.find((s) => s.kind === 'prayerTimes')!;
    const server = await serveModels(withSlides(base, [prayers]));
    const page = await openWall(browser, server.url, { width: 1920, height: 1080 }, WEDNESDAY_AFTERNOON);
    try {
      const body = currentSlide(page).locator('.slide-body');
      const fit = Number(await body.evaluate((e) => getComputedStyle(e).getPropertyValue('--fit')));
      expect(fit).toBeLessThan(1);
      expect(fit).toBeGreaterThanOrEqual(0.75);
      expect(await currentSlide(page).locator('.page-indicator').isVisible()).toBe(false);
      expect(await cutOffText(page)).toEqual([]);
    } finally {
      await page.close();
      await server.stop();
    }
  });
});
