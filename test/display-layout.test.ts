import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { currentSlide, cutOffText, everyKindModel, openWall, serveModels, WEDNESDAY_AFTERNOON, withSlides } from './support/model-server.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;

const screens = [
  { orientation: 'landscape', width: 1920, height: 1080 },
  { orientation: 'landscape', width: 1280, height: 720 },
  { orientation: 'landscape', width: 3840, height: 2160 },
  { orientation: 'portrait', width: 1080, height: 1920 },
  { orientation: 'portrait', width: 720, height: 1280 },
  { orientation: 'portrait', width: 2160, height: 3840 },
] as const;

describe.each(screens)('a $orientation wall at $width x $height', ({ orientation, width, height }) => {
  it('shows header, today’s prayers, the slide and the message band side by side, nothing cut off', async () => {
    const model = everyKindModel({ orientation });
    const server = await serveModels(withSlides(model, [model.slides[0]!]));
    const page = await openWall(browser, server.url, { width, height }, WEDNESDAY_AFTERNOON);
    try {
      const boxes = await Promise.all(['.header', '.panel', '.stage', '.ticker'].map(async (s) => (await page.locator(s).boundingBox())!));
      for (const box of boxes) {
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(width);
        expect(box.y + box.height).toBeLessThanOrEqual(height);
      }
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!), `regions ${i} and ${j} overlap`).toBe(false);
      const [header, panel, stage] = boxes as [Box, Box, Box];
      if (orientation === 'landscape') {
        // Right to left: today's prayers on the right, the slide on the left.
        expect(panel.x).toBeGreaterThan(stage.x);
        expect(stage.width).toBeGreaterThan(panel.width);
      } else {
        expect(panel.y).toBeGreaterThan(header.y);
        expect(stage.y).toBeGreaterThan(panel.y);
      }
      // The clock is the largest figure on the wall: about a tenth of the shorter side.
      const clock = await page.locator('.clock-main').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      expect(clock / Math.min(width, height)).toBeGreaterThan(0.09);
      expect(await page.locator('.clock-main').innerText()).toBe('16:40');
      expect(await cutOffText(page)).toEqual([]);
    } finally {
      await page.close();
      await server.stop();
    }
  });
});

describe('language and direction', () => {
  it('reads right to left in Hebrew and left to right in English, with times always left to right', async () => {
    for (const [language, dir] of [
      ['he', 'rtl'],
      ['en', 'ltr'],
    ] as const) {
      const model = everyKindModel({ language });
      const server = await serveModels(withSlides(model, [model.slides[0]!]));
      const page = await openWall(browser, server.url, { width: 1920, height: 1080 }, WEDNESDAY_AFTERNOON);
      try {
        expect(await page.locator('html').getAttribute('dir')).toBe(dir);
        expect(await page.locator('html').getAttribute('lang')).toBe(language);
        const name = (await page.locator('.synagogue-name').boundingBox())!;
        // The synagogue's name stands where reading starts: the right in Hebrew, the left in English.
        if (dir === 'rtl') expect(name.x + name.width).toBeGreaterThan(1920 * 0.8);
        else expect(name.x).toBeLessThan(1920 * 0.2);
        expect(await page.locator('.synagogue-name').innerText()).toBe(language === 'he' ? 'בית הכנסת אוהל יצחק' : 'Ohel Yitzchak Synagogue');
        const times = await page.locator('.panel .time').evaluateAll((all) => all.map((e) => getComputedStyle(e).direction));
        expect(new Set(times)).toEqual(new Set(['ltr']));
        expect(await page.locator('.panel .time').first().innerText()).toMatch(language === 'he' ? /^\d{2}:\d{2}$/ : /^\d{1,2}:\d{2} [AP]M$/);
      } finally {
        await page.close();
        await server.stop();
      }
    }
  });
});

describe('themes', () => {
  it('draws dark, light and classic wood-and-gold with their own colours and legible contrast', async () => {
    const seen = new Map<string, { background: string; ink: string; title: string }>();
    for (const theme of ['dark', 'light', 'classic'] as const) {
      const model = everyKindModel({ theme });
      const server = await serveModels(withSlides(model, [model.slides[0]!]));
      const page = await openWall(browser, server.url, { width: 1280, height: 720 });
      try {
        expect(await page.locator('body').getAttribute('class')).toContain(`theme-${theme}`);
        seen.set(
          theme,
          await page.evaluate(() => ({
            background: getComputedStyle(document.body).backgroundImage + getComputedStyle(document.body).backgroundColor,
            ink: getComputedStyle(document.querySelector('.panel .time-row.upcoming')!).color,
            title: getComputedStyle(document.querySelector('.panel-title')!).color,
          })),
        );
      } finally {
        await page.close();
        await server.stop();
      }
    }
    expect(new Set([...seen.values()].map((v) => v.background)).size).toBe(3);
    // Light ink on the dark walls, dark ink on the light one.
    const lightness = (rgb: string) =>
      rgb
        .match(/\d+/g)!
        .slice(0, 3)
        .map(Number)
        .reduce((a, b) => a + b, 0) / 3;
    expect(lightness(seen.get('dark')!.ink)).toBeGreaterThan(200);
    expect(lightness(seen.get('classic')!.ink)).toBeGreaterThan(200);
    expect(lightness(seen.get('light')!.ink)).toBeLessThan(60);
  });
});

describe('dimmed text', () => {
  it.each(['dark', 'light', 'classic'] as const)('stays at 4.5:1 or more against its surface in the %s theme (WCAG AA)', async (theme) => {
    const model = everyKindModel({ theme });
    const server = await serveModels(withSlides(model, [model.slides[0]!]));
    const page = await openWall(browser, server.url, { width: 1280, height: 720 });
    try {
      // The contrast is computed in the page, from the colours Chromium resolved for the dimmed parts.
      const ratios = await page.evaluate(() => {
        const rgb = (color: string) => {
          const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim());
          if (hex) return hex.slice(1).map((h) => parseInt(h, 16));
          return color
            .match(/[\d.]+/g)!
            .slice(0, 3)
            .map(Number);
        };
        const luminance = (color: string) => {
          const [r, g, b] = rgb(color).map((v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
          return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
        };
        const contrast = (a: string, b: string) => {
          const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m);
          return (x! + 0.05) / (y! + 0.05);
        };
        const surface = getComputedStyle(document.body).getPropertyValue('--surface-solid');
        const past = getComputedStyle(document.querySelector('.panel .time-row.past')!).color;
        const muted = getComputedStyle(document.querySelector('.gregorian-date')!).color;
        return { past: contrast(past, surface), muted: contrast(muted, surface) };
      });
      expect(ratios.past).toBeGreaterThanOrEqual(4.5);
      expect(ratios.muted).toBeGreaterThanOrEqual(4.5);
    } finally {
      await page.close();
      await server.stop();
    }
  });
});

describe('status marks', () => {
  it('shows offline, stale and clock-not-verified as small quiet words in a corner', async () => {
    const model = everyKindModel();
    model.status = { ...model.status, online: false, stale: true, clockVerified: false, source: 'cloud', lastSyncAt: '2026-11-23T08:00:00Z' };
    model.labels = { ...model.labels, stale: 'עודכן לאחרונה 23.11 10:00' };
    const server = await serveModels(withSlides(model, [model.slides[0]!]));
    const page = await openWall(browser, server.url, { width: 1920, height: 1080 });
    try {
      const marks = page.locator('.status-marks .mark');
      expect(await marks.allInnerTexts()).toEqual(['לא מחובר', 'עודכן לאחרונה 23.11 10:00', 'השעון לא אומת']);
      for (const mark of await marks.all()) {
        const size = await mark.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
        expect(size).toBeLessThan(1080 * 0.02);
        const box = (await mark.boundingBox())!;
        expect(box.y + box.height).toBeLessThanOrEqual(1080);
        expect(box.y).toBeGreaterThan(1080 * 0.95);
      }
      server.feed.publish({ ...model, status: { ...model.status, online: true, stale: false, clockVerified: true } });
      await expect.poll(() => marks.count()).toBe(0);
    } finally {
      await page.close();
      await server.stop();
    }
  });
});

describe('the logo', () => {
  const logo = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120"><circle cx="60" cy="60" r="56" fill="#d9a93f"/></svg>')}`;

  it('stands beside the synagogue’s name when the model has one, and is left out when it cannot load', async () => {
    const model = everyKindModel();
    const server = await serveModels({ ...withSlides(model, [model.slides[0]!]), header: { ...model.header, logoUrl: logo } });
    const page = await openWall(browser, server.url, { width: 1920, height: 1080 });
    try {
      const img = page.locator('.header .logo');
      await expect.poll(() => img.isVisible()).toBe(true);
      const [box, name] = [(await img.boundingBox())!, (await page.locator('.synagogue-name').boundingBox())!];
      expect(box.height).toBeGreaterThan(1080 * 0.08);
      // Right to left: the logo first, at the right, then the name.
      expect(box.x).toBeGreaterThan(name.x);
      expect(Math.abs(box.y + box.height / 2 - (name.y + name.height / 2))).toBeLessThan(box.height);
      server.feed.publish({ ...model, header: { ...model.header, logoUrl: '/no-such-logo.png' } });
      await expect.poll(() => img.isVisible()).toBe(false);
      expect(await cutOffText(page)).toEqual([]);
    } finally {
      await page.close();
      await server.stop();
    }
  });
});

describe('pixel shift', () => {
  const offset = (transform: string) =>
    transform === 'none'
      ? [0, 0]
      : transform
          .match(/-?[\d.]+/g)!
          .slice(4, 6)
          .map(Number);

  // Two hours of the page's clock, three minutes at a time: long on a machine whose cores are busy.
  it('moves the picture by a pixel at a time, a few pixels at most, never off the screen', { timeout: 120_000 }, async () => {
    const model = everyKindModel();
    const server = await serveModels(withSlides(model, [model.slides[1]!]));
    const page = await openWall(browser, server.url, { width: 1280, height: 720 }, WEDNESDAY_AFTERNOON);
    try {
      const app = page.locator('.screen');
      let previous = [0, 0];
      const seen = new Set<string>();
      for (let step = 0; step < 40; step++) {
        await page.clock.runFor(3 * 60_000);
        const now = offset(await app.evaluate((e) => getComputedStyle(e).transform));
        seen.add(now.join(','));
        expect(Math.abs(now[0]! - previous[0]!)).toBeLessThanOrEqual(1);
        expect(Math.abs(now[1]! - previous[1]!)).toBeLessThanOrEqual(1);
        expect(Math.max(Math.abs(now[0]!), Math.abs(now[1]!))).toBeLessThanOrEqual(3);
        previous = now;
      }
      expect(seen.size).toBeGreaterThan(8);
      expect(await cutOffText(page)).toEqual([]);
      server.feed.publish({ ...model, layout: { ...model.layout, pixelShift: false } });
      await expect.poll(() => app.evaluate((e) => getComputedStyle(e).transform)).toBe('none');
    } finally {
      await page.close();
      await server.stop();
    }
  });
});

describe('losing the device', () => {
  it('marks the wall offline, quietly, when the feed from the device drops, and keeps showing the last model', async () => {
    const model = everyKindModel();
    const server = await serveModels(withSlides(model, [model.slides[0]!]));
    const page = await openWall(browser, server.url, { width: 1920, height: 1080 });
    try {
      expect(await page.locator('.status-marks .mark').count()).toBe(0);
      await server.stop();
      await expect.poll(() => page.locator('.status-marks .mark.offline').innerText()).toBe(model.labels.offline);
      expect(await page.locator('.synagogue-name').innerText()).toBe(model.header.synagogueName);
      expect(await currentSlide(page).getAttribute('data-kind')).toBe('prayerTimes');
    } finally {
      await page.close();
    }
  });
});

describe('a day with no prayer times', () => {
  it('gives the whole width to the slides rather than showing an empty panel', async () => {
    const model = everyKindModel();
    const server = await serveModels({ ...withSlides(model, [model.slides[1]!]), todayPrayerTimes: [] });
    const page = await openWall(browser, server.url, { width: 1920, height: 1080 });
    try {
      expect(await page.locator('.panel').isVisible()).toBe(false);
      const stage = (await page.locator('.stage').boundingBox())!;
      expect(stage.width).toBeGreaterThan(1920 * 0.9);
      expect(await cutOffText(page)).toEqual([]);
    } finally {
      await page.close();
      await server.stop();
    }
  });
});
