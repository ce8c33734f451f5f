import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { startLuach, type LuachProcess } from './support/luach-process.js';

let browser: Browser;
let luach: LuachProcess;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-e2e-'));

beforeAll(async () => {
  [browser, luach] = await Promise.all([launchChromium(), startLuach(dataDir)]);
});
afterAll(async () => {
  await browser?.close();
  await luach?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a fresh device with no cloud', () => {
  it('shows the demo synagogue, the Hebrew date and the day’s prayer times, right to left', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(luach.url);
    await expect.poll(() => page.locator('.synagogue-name').textContent()).toBe('בית הכנסת אוהל יצחק');
    await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
    // A Hebrew date in letters: day, month and year (e.g. ט״ז כִּסְלֵו תשפ״ז).
    expect(await page.locator('.hebrew-date').innerText()).toMatch(/^[\u0590-\u05FF״׳"' ]+ תש[\u0590-\u05FF״׳"]+$/);
    const times = page.locator('.panel .time-row');
    expect(await times.count()).toBeGreaterThanOrEqual(3);
    for (const row of await times.all()) {
      await expect(row.isVisible()).resolves.toBe(true);
      expect(await row.locator('.time').innerText()).toMatch(/^\d{2}:\d{2}$/);
    }
    expect(await page.locator('.panel').innerText()).toContain('שחרית');
    await page.close();
  });

  it('draws its first picture once, in its own fonts: nothing is measured and laid out again after it appears', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.clock.install();
    await page.addInitScript(() => {
      const w = window as unknown as { __firstInFonts?: boolean; __after: string[] };
      w.__after = [];
      new MutationObserver((records) => {
        if (w.__firstInFonts === undefined) {
          if (document.querySelector('.slide'))
            w.__firstInFonts = ['400 1em Heebo', '700 1em Heebo', '700 1em "Frank Ruhl Libre"'].every((face) => document.fonts.check(face, 'אa'));
          return;
        }
        for (const r of records) {
          const element = r.target instanceof Element ? r.target : r.target.parentElement;
          if (!element?.closest('.clock')) w.__after.push(`${r.type} ${r.attributeName ?? ''} on ${element?.className}`);
        }
      }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await page.goto(luach.url);
    await page.locator('.slide').first().waitFor();
    // Long enough for any refit the fonts' arrival would trigger, short of the first slide's turn.
    await page.clock.runFor(2000);
    expect(await page.evaluate(() => (window as unknown as { __firstInFonts?: boolean }).__firstInFonts)).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __after: string[] }).__after)).toEqual([]);
    await page.close();
  });

  it('ticks the clock every second without re-rendering the rest of the page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(luach.url);
    await page.locator('.clock').filter({ hasText: /\d/ }).waitFor();
    await page.evaluate(() => {
      const w = window as unknown as { mutations: string[] };
      w.mutations = [];
      // The clock's parts (hours and minutes, seconds) count as the clock.
      const nameOf = (element: Element | null) => (element?.closest('.clock') ? 'clock' : (element?.className ?? '?'));
      new MutationObserver((records) =>
        records.forEach((r) => w.mutations.push(nameOf(r.target instanceof Element ? r.target : r.target.parentElement))),
      ).observe(document.querySelector('.header')!, { subtree: true, childList: true, characterData: true });
    });
    const before = await page.locator('.clock').innerText();
    await expect.poll(() => page.locator('.clock').innerText(), { timeout: 3000 }).not.toBe(before);
    const touched = await page.evaluate(() => (window as unknown as { mutations: string[] }).mutations);
    expect(new Set(touched)).toEqual(new Set(['clock']));
    await page.close();
  });

  it('serves the display with a strict Content-Security-Policy and bundled fonts only', async () => {
    const response = await fetch(luach.url);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(luach.url);
    await page.locator('.synagogue-name').filter({ hasText: /\S/ }).waitFor();
    await page.evaluate(() => document.fonts.ready);
    expect(requests.filter((u) => !u.startsWith(luach.url) && !u.startsWith('data:'))).toEqual([]);
    expect(await page.evaluate(() => [...document.fonts].some((f) => f.family.includes('Heebo') && f.status === 'loaded'))).toBe(true);
    await page.close();
  });
});
