import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisplayModel, Transitions } from '../device/model/display-model.js';
import { launchChromium } from './support/chromium.js';
import { currentSlide, everyKindModel, openWall, serveModels, settled, WEDNESDAY_AFTERNOON, withSlides, type ModelServer } from './support/model-server.js';

let browser: Browser;
let server: ModelServer;
const all = everyKindModel();
const slide = (kind: string) => all.slides.find((s) => s.kind === kind)!;

/** A short message's time in the band: 8 s (display/ticker.ts readingMs), and a moment. */
const MESSAGE_MS = 8_050;

/** Two slides of ten seconds and two short messages (each on screen 8 s), moving as `transitions` says. */
function wall(transitions: Transitions): DisplayModel {
  const model = withSlides(all, [
    { ...slide('zmanim'), durationSeconds: 10 },
    { ...slide('shiurim'), durationSeconds: 10 },
  ]);
  return {
    ...model,
    layout: { ...model.layout, transitions },
    ticker: [
      { id: 'a', body: 'קידוש', urgent: false, priority: 1 },
      { id: 'b', body: 'שיעור', urgent: false, priority: 1 },
    ],
  };
}

interface Started {
  part: string;
  slide: string | null;
  /** The slides in the stage when it started. */
  stage: (string | null)[];
  duration: number;
  easing: string;
}

/**
 * Every animation the wall starts, as it starts it: which part, for how long, in which steps.
 * Recorded by the page itself, so a slow machine cannot let a fade end before the test looks.
 */
function recordAnimations(): void {
  const log: unknown[] = [];
  (window as unknown as { __animations: unknown[] }).__animations = log;
  const animate = Element.prototype.animate;
  Element.prototype.animate = function (this: Element, frames, options) {
    const timing = typeof options === 'object' ? options : { duration: options };
    log.push({
      part: this.classList[0] ?? this.tagName,
      slide: this.closest('.slide')?.getAttribute('data-slide-id') ?? null,
      stage: Array.from(document.querySelectorAll('.stage .slide'), (e) => e.getAttribute('data-kind')),
      duration: Number(timing?.duration),
      easing: String(timing?.easing),
    });
    return animate.call(this, frames, options);
  };
}

/** The animations started since the last look. */
function started(page: Page): Promise<Started[]> {
  return page.evaluate(() => (window as unknown as { __animations: Started[] }).__animations.splice(0));
}

const slidesInStage = (page: Page) => page.locator('.stage .slide').evaluateAll((slides) => slides.map((s) => s.getAttribute('data-kind')));
const steps = (easing: string) => Number(/^steps\((\d+), jump-start\)$/.exec(easing)?.[1] ?? NaN);

async function openAt(transitions: Transitions): Promise<Page> {
  server.feed.publish(wall(transitions));
  const page = await openWall(browser, server.url, { width: 1920, height: 1080 }, WEDNESDAY_AFTERNOON, recordAnimations);
  await started(page);
  return page;
}

beforeAll(async () => {
  browser = await launchChromium();
  server = await serveModels(wall('smooth'));
});
afterAll(async () => {
  await server?.stop();
  await browser?.close();
});

describe('slides change as the room chose', () => {
  it('cross-fades slowly when smooth: the old slide stays under the new one until the fade ends', async () => {
    const page = await openAt('smooth');
    try {
      await page.clock.runFor(10_000);
      const fades = (await started(page)).filter((a) => a.slide !== null);
      for (const fade of fades) expect(fade.stage).toEqual(['zmanim', 'shiurim']);
      expect(fades.map((a) => `${a.slide} ${a.part}`).sort()).toEqual(
        [
          `${slide('shiurim').id} slide-body`,
          `${slide('shiurim').id} slide-head`,
          `${slide('zmanim').id} slide-body`,
          `${slide('zmanim').id} slide-head`,
        ].sort(),
      );
      for (const fade of fades) {
        expect(fade.duration).toBe(900);
        // Enough steps that the eye reads one fade, not a flicker.
        expect(steps(fade.easing)).toBeGreaterThanOrEqual(20);
      }
      await settled(page);
      await expect.poll(() => slidesInStage(page)).toEqual(['shiurim']);
      expect(
        await currentSlide(page)
          .locator('.slide-body')
          .evaluate((e) => getComputedStyle(e).opacity),
      ).toBe('1');
    } finally {
      await page.close();
    }
  });

  it('fades in four short steps when simple', async () => {
    const page = await openAt('simple');
    try {
      await page.clock.runFor(10_000);
      const fades = (await started(page)).filter((a) => a.slide !== null);
      expect(fades).toHaveLength(4);
      for (const fade of fades) expect(fade).toMatchObject({ duration: 400, easing: 'steps(4, jump-start)' });
      await settled(page);
      await expect.poll(() => slidesInStage(page)).toEqual(['shiurim']);
    } finally {
      await page.close();
    }
  });

  it('cuts when none: the new slide replaces the old at once and nothing animates', async () => {
    const page = await openAt('none');
    try {
      await page.clock.runFor(10_000);
      expect(await slidesInStage(page)).toEqual(['shiurim']);
      expect(await started(page)).toEqual([]);
      expect(await currentSlide(page).locator('.slide-title').innerText()).toBe(slide('shiurim').title);
    } finally {
      await page.close();
    }
  });
});

describe('the message band', () => {
  it('fades one message into the next in four short steps when simple, and cuts once the room switches to none', async () => {
    const page = await openAt('simple');
    try {
      expect(await page.locator('.ticker-item.shown').innerText()).toBe('קידוש');
      await page.clock.runFor(MESSAGE_MS);
      expect(await page.locator('.ticker-item.shown').innerText()).toBe('שיעור');
      const fades = (await started(page)).filter((a) => a.part === 'ticker-item');
      expect(fades).toHaveLength(2);
      for (const fade of fades) expect(fade).toMatchObject({ duration: 400, easing: 'steps(4, jump-start)' });

      // The room changes its mind: the next change follows the new setting, without a reload.
      await settled(page, async () => server.feed.publish(wall('none')));
      await page.clock.runFor(MESSAGE_MS);
      expect(await page.locator('.ticker-item.shown').innerText()).toBe('קידוש');
      expect(await started(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('a page the browser stops animating', () => {
  it('keeps at most two slides and two messages, however many turns pass without a fade ending', async () => {
    const page = await openAt('smooth');
    try {
      // Chromium stops a page's animations where nothing draws it (an occluded window, a frozen
      // tab): no fade ever ends, so no "fade over" ever takes the leaving part away.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Animation.enable');
      await cdp.send('Animation.setPlaybackRate', { playbackRate: 0 });
      for (let turn = 0; turn < 6; turn++) await page.clock.runFor(10_050);
      expect((await slidesInStage(page)).length).toBeLessThanOrEqual(2);
      expect(await page.locator('.ticker-track > *').count()).toBeLessThanOrEqual(2);
      // And it is still turning: the slide on the stage is the one the playlist says.
      expect(await currentSlide(page).getAttribute('data-kind')).toBe('zmanim');
    } finally {
      await page.close();
    }
  });
});
