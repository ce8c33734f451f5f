import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisplayModel } from '../device/model/display-model.js';
import { launchChromium } from './support/chromium.js';
import { currentSlide, everyKindModel, openWall, serveModels, settled, WEDNESDAY_AFTERNOON, withSlides, type ModelServer } from './support/model-server.js';

let browser: Browser;
let server: ModelServer;
let page: Page;
const model = everyKindModel();
const slide = (kind: string) => model.slides.find((s) => s.kind === kind)!;
const first = withSlides(model, [slide('zmanim'), slide('shiurim')]);

beforeAll(async () => {
  browser = await launchChromium();
  server = await serveModels(first);
  page = await openWall(browser, server.url, { width: 1920, height: 1080 });
});
afterAll(async () => {
  await page?.close();
  await server?.stop();
  await browser?.close();
});

/** Mark the page, so a reload (which would lose the marks) cannot pass for a live update. */
async function markPage(): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __marker: number; __screen: Element | null };
    w.__marker = 42;
    w.__screen = document.querySelector('.screen');
  });
}
const sameScreen = () =>
  page.evaluate(
    () =>
      (window as unknown as { __marker?: number; __screen?: Element }).__marker === 42 &&
      (window as unknown as { __screen?: Element }).__screen === document.querySelector('.screen'),
  );

describe('a new model', () => {
  it('replaces the old in place, without a reload, keeping the slide on screen', async () => {
    await markPage();
    let navigations = 0;
    page.on('framenavigated', () => navigations++);
    const shownId = await currentSlide(page).getAttribute('data-slide-id');
    await page.evaluate(() => ((window as unknown as { __slide: Element | null }).__slide = document.querySelector('.stage .slide:not(.leaving)')));
    const next: DisplayModel = {
      ...first,
      header: { ...first.header, synagogueName: 'בית הכנסת החדש', parasha: 'פרשת וישב' },
      ticker: [{ id: 'new', title: 'חדש', body: 'הודעה שנוספה עכשיו', urgent: false, priority: 1 }],
      todayPrayerTimes: first.todayPrayerTimes.map((row, i) => (i === 0 ? { ...row, label: 'שחרית כותיקין' } : row)),
    };
    server.feed.publish(next);
    await expect.poll(() => page.locator('.synagogue-name').innerText()).toBe('בית הכנסת החדש');
    expect(await page.locator('.occasion').innerText()).toBe('פרשת וישב');
    expect(await page.locator('.panel .time-row .label').first().innerText()).toBe('שחרית כותיקין');
    await expect.poll(() => page.locator('.ticker-item.shown').innerText()).toContain('הודעה שנוספה עכשיו');
    expect(navigations).toBe(0);
    expect(await sameScreen()).toBe(true);
    // The slide did not change, so its very element stayed: no fade, no flash.
    expect(await currentSlide(page).getAttribute('data-slide-id')).toBe(shownId);
    expect(await page.evaluate(() => (window as unknown as { __slide: Element }).__slide === document.querySelector('.stage .slide:not(.leaving)'))).toBe(true);
  });

  it('is refused when it fails the schema (an old or foreign sender), and the wall keeps the last good one', async () => {
    server.feed.publish({ ...first, header: { ...first.header, synagogueName: 'לפני' } });
    await expect.poll(() => page.locator('.synagogue-name').innerText()).toBe('לפני');
    const warnings: string[] = [];
    page.on('console', (message) => void (message.type() === 'warning' && warnings.push(message.text())));
    server.feed.publishUnchecked({ ...first, schemaVersion: 2, header: { ...first.header, synagogueName: 'גרסה אחרת' } });
    server.feed.publishUnchecked({ ...first, header: { ...first.header, synagogueName: 'בלי שעות' }, todayPrayerTimes: 'none' });
    await expect.poll(() => warnings.length).toBe(2);
    expect(warnings.join('\n')).toMatch(/failed validation at schemaVersion[\s\S]*failed validation at todayPrayerTimes/);
    expect(await page.locator('.synagogue-name').innerText()).toBe('לפני');
    server.feed.publish(first);
  });

  it('switches language, theme and orientation live', async () => {
    await markPage();
    const english = everyKindModel({ language: 'en', theme: 'light', orientation: 'portrait' });
    server.feed.publish(withSlides(english, [english.slides[1]!]));
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await page.locator('body').getAttribute('class')).toContain('theme-light');
    expect(await page.locator('body').getAttribute('class')).toContain('orientation-portrait');
    await expect.poll(() => page.locator('.panel-title').innerText()).toBe("Today's prayers");
    expect(await sameScreen()).toBe(true);
    server.feed.publish(first);
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
  });

  it('with a takeover (the candle-lighting countdown) shares the stage with the rotation until it ends', async () => {
    const countdown = { ...slide('candleCountdown'), target: new Date(WEDNESDAY_AFTERNOON.getTime() + 20 * 60_000).toISOString() };
    server.feed.publish({ ...first, takeover: countdown });
    const strip = page.locator('.stage-strip');
    await expect.poll(() => strip.isVisible()).toBe(true);
    expect(await page.locator('.stage').getAttribute('class')).toContain('takeover');
    // The page's clock stands at the wall's moment: exactly twenty minutes to go.
    expect(await strip.locator('.countdown-value').innerText()).toBe('20:00');
    // The slides go on beneath it.
    expect(await currentSlide(page).getAttribute('data-kind')).toBe('zmanim');
    server.feed.publish(first);
    await expect.poll(() => strip.count()).toBe(0);
    expect(await currentSlide(page).getAttribute('data-kind')).toBe('zmanim');
  });
});

describe('an urgent message', () => {
  it('takes the stage, readable, until the model no longer carries it; marked full-screen, it covers the whole screen', async () => {
    const urgent = { id: 'u', title: 'הודעה דחופה', body: 'עקב תקלת חשמל תפילת ערבית תתקיים באולם הקטן.', urgent: true, priority: 100 };
    server.feed.publish({ ...first, urgent });
    const overlay = page.locator('.urgent');
    await expect.poll(() => overlay.isVisible()).toBe(true);
    // The times stay: today's prayers and the clock are where they were, the message where the slides were.
    expect(await page.evaluate(() => Boolean(document.elementFromPoint(1900 - 200, 540)?.closest('.panel')))).toBe(true);
    expect(await page.locator('.stage .slide').count()).toBe(0);
    await settled(page, async () => server.feed.publish({ ...first, urgent: { ...urgent, fullScreen: true } }));
    expect(await overlay.boundingBox()).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
    expect(await page.locator('.urgent-title').innerText()).toBe(urgent.title);
    expect(await page.locator('.urgent-body').innerText()).toBe(urgent.body);
    // What a person sees at the middle and the corners of the screen is the urgent message.
    const onTop = await page.evaluate(() =>
      [
        [960, 540],
        [20, 20],
        [1900, 1060],
      ].map(([x, y]) => Boolean(document.elementFromPoint(x!, y!)?.closest('.urgent'))),
    );
    expect(onTop).toEqual([true, true, true]);
    expect(await page.locator('.urgent-body').evaluate((e) => parseFloat(getComputedStyle(e).fontSize))).toBeGreaterThan(1080 * 0.05);
    server.feed.publish(first);
    await expect.poll(() => overlay.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.elementFromPoint(960, 60)?.closest('.header') !== null)).toBe(true);
  });
});

describe('between models', () => {
  it('changes nothing on the page but the clock while a slide is showing', async () => {
    // One slide and one message: nothing rotates, so only the clock may change.
    await settled(page, async () => server.feed.publish(withSlides({ ...first, ticker: first.ticker.slice(0, 1) }, [slide('zmanim')])));
    expect(await currentSlide(page).getAttribute('data-kind')).toBe('zmanim');
    await page.evaluate(() => {
      const w = window as unknown as { __changes: string[] };
      w.__changes = [];
      new MutationObserver((records) =>
        records.forEach((r) => {
          const element = r.target instanceof Element ? r.target : r.target.parentElement;
          w.__changes.push(element?.closest('.clock') ? 'clock' : `${element?.tagName}.${element?.className}`);
        }),
      ).observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    // Three and a half seconds of the page's clock: three ticks, and nothing else is due.
    await page.clock.runFor(3500);
    const changes = await page.evaluate(() => (window as unknown as { __changes: string[] }).__changes);
    expect(changes.length).toBeGreaterThanOrEqual(3);
    expect(new Set(changes)).toEqual(new Set(['clock']));
  });
});

describe('the rotation', () => {
  it('plays slides in order for their durations, and a lone slide starts turning when another joins it', async () => {
    const own = await serveModels(withSlides(model, [slide('zmanim')]));
    const clocked = await openWall(browser, own.url, { width: 1280, height: 720 });
    try {
      const kind = () => currentSlide(clocked).getAttribute('data-kind');
      await clocked.clock.runFor(60_000);
      expect(await kind()).toBe('zmanim');
      const zmanim = { ...slide('zmanim'), durationSeconds: 15 };
      const shiurim = { ...slide('shiurim'), durationSeconds: 12 };
      own.feed.publish(withSlides(model, [zmanim, shiurim]));
      await expect.poll(() => clocked.locator('.slide').count()).toBe(1);
      await clocked.clock.runFor(15_100);
      await expect.poll(kind).toBe('shiurim');
      await clocked.clock.runFor(11_800);
      expect(await kind()).toBe('shiurim');
      await clocked.clock.runFor(300);
      await expect.poll(kind).toBe('zmanim');
      // A slide that leaves the playlist hands its turn to the one after it, not to the first.
      own.feed.publish(withSlides(model, [zmanim, shiurim, slide('messages')]));
      await clocked.clock.runFor(15_100);
      await expect.poll(kind).toBe('shiurim');
      own.feed.publish(withSlides(model, [zmanim, slide('messages')]));
      await expect.poll(kind).toBe('messages');
    } finally {
      await clocked.close();
      await own.stop();
    }
  });
});
