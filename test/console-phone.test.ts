import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../cloud-sync/console/src/words-en.js';
import { he } from '../cloud-sync/console/src/words-he.js';
import { launchChromium } from './support/chromium.js';
import { startSetUpStandaloneGateway } from './support/standalone-gateway.js';

// The console is made for a 390 px phone first: no page is wider than the phone, and every page
// is photographed — to a temporary directory by default, to docs/screenshots with
// LUACH_SCREENSHOTS=docs/screenshots (how the README's pictures are made).
const OUT = process.env.LUACH_SCREENSHOTS ? path.resolve(process.env.LUACH_SCREENSHOTS) : fs.mkdtempSync(path.join(os.tmpdir(), 'luach-console-'));
const PAGES = [
  'navSynagogue',
  'navPrayerTimes',
  'navMessages',
  'navYahrzeits',
  'navShiurim',
  'navTorah',
  'navSlides',
  'navScreens',
  'navReleases',
  'navAudit',
] as const;

let gateway: Awaited<ReturnType<typeof startSetUpStandaloneGateway>>;
let browser: Browser;

beforeAll(async () => {
  gateway = await startSetUpStandaloneGateway();
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  if (!process.env.LUACH_SCREENSHOTS) fs.rmSync(OUT, { recursive: true, force: true });
});

/** How far the page reaches past the viewport's width, in CSS pixels (0: it fits). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe.each([
  { language: 'Hebrew', locale: 'he-IL', words: he, tag: 'he' },
  { language: 'English', locale: 'en-US', words: en, tag: 'en' },
])('the console on a 390 px phone, in $language', ({ locale, words, tag }) => {
  it('fits every page to the phone’s width, editors and preview included', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale, deviceScaleFactor: 1 });
    await context.addCookies([gateway.cookie]);
    const phone = await context.newPage();
    await phone.goto(gateway.url);
    const nav = phone.getByRole('navigation', { name: words.pages });
    await nav.waitFor();
    for (const page of PAGES) {
      await nav.getByRole('link', { name: words[page], exact: true }).click();
      await phone.locator('main h1').first().waitFor();
      await phone.waitForLoadState('networkidle');
      expect(await overflow(phone), page).toBeLessThanOrEqual(0);
    }
    await nav.getByRole('link', { name: words.navPrayerTimes, exact: true }).click();
    await phone
      .locator('.rows li')
      .filter({ has: phone.locator('strong', { hasText: /^מנחה$/ }) })
      .getByRole('button')
      .click();
    await phone.locator('.week td.week-time').first().waitFor();
    await phone.waitForLoadState('networkidle');
    expect(await overflow(phone), 'prayer-time editor').toBeLessThanOrEqual(0);
    await phone.screenshot({ path: path.join(OUT, `console-phone-${tag}-prayer-time.png`), fullPage: true });

    await nav.getByRole('link', { name: words.navSynagogue, exact: true }).click();
    await phone.locator('.preview-caption[data-preview-at]:not([data-preview-at=""])').waitFor();
    await phone.waitForLoadState('networkidle');
    await phone.screenshot({ path: path.join(OUT, `console-phone-${tag}-synagogue.png`), fullPage: true });
    await context.close();
  });
});
