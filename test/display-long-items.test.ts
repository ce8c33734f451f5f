// Item by item, nothing is cut: a custom slide's long text or HTML turns page by page at the
// room's size, and a name of 80 letters without a space wraps inside its column.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Slide } from '../device/model/display-model.js';
import { launchChromium } from './support/chromium.js';
import { currentSlide, cutOffText, everyKindModel, openWall, serveModels, settled, withSlides } from './support/model-server.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const WORDS = 'בית הכנסת יקיים השבוע ערב עיון לזכר חברי הקהילה ובו שיעורים ניגונים וסעודה משותפת'.split(' ');
/** About `characters` characters, each word numbered so a test can tell every one was shown. */
function longText(characters: number): string {
  const out: string[] = [];
  for (let i = 0; out.join(' ').length < characters; i++) out.push(`${WORDS[i % WORDS.length]}${i}`);
  return out.join(' ');
}

/** Every page of the slide on screen, turned by the wall's own page time: the visible text of each, checked for cuts. */
async function readPages(page: Page, selector: string): Promise<string[]> {
  const slide = currentSlide(page);
  const indicator = slide.locator('.page-indicator');
  const pages = (await indicator.isVisible()) ? Number((await indicator.innerText()).split(' / ')[1]) : 1;
  const seen: string[] = [];
  for (let p = 1; p <= pages; p++) {
    expect(await cutOffText(page), `page ${p} of ${pages}`).toEqual([]);
    seen.push(...(await slide.locator(`${selector}:visible`).allInnerTexts()));
    const seconds = Number(await slide.getAttribute('data-page-seconds'));
    if (p < pages) await settled(page, () => page.clock.runFor(seconds * 1000 + 50));
  }
  return seen;
}

const custom = (fields: Partial<Extract<Slide, { kind: 'custom' }>>): Slide => ({ id: 'c', kind: 'custom', title: 'ערב עיון', durationSeconds: 30, ...fields });

describe('a custom slide longer than the stage', () => {
  it.each([
    { width: 1280, height: 720 },
    { width: 1080, height: 1920 },
  ])('turns its 2,000-character text page by page, every word once, on a $width x $height wall', { timeout: 120_000 }, async ({ width, height }) => {
    const text = longText(2_000);
    const model = everyKindModel({ orientation: 'auto' });
    const server = await serveModels(withSlides(model, [custom({ text })]));
    const page = await openWall(browser, server.url, { width, height });
    try {
      expect(await currentSlide(page).locator('.page-indicator').isVisible()).toBe(true);
      const seen = (await readPages(page, '.rich-text > p')).join(' ').split(/\s+/).filter(Boolean);
      expect(seen).toEqual(text.split(' '));
    } finally {
      await page.close();
      await server.stop();
    }
  });

  it('turns long HTML by its blocks, a long paragraph in pieces, nothing cut', { timeout: 120_000 }, async () => {
    const paragraphs = [longText(900), longText(300), longText(700)];
    const html = `<h2>סדר הערב</h2>${paragraphs.map((p) => `<p>${p}</p>`).join('')}<ul><li>שיעור</li><li>סעודה</li></ul>`;
    const model = everyKindModel();
    const server = await serveModels(withSlides(model, [custom({ html })]));
    const page = await openWall(browser, server.url, { width: 1280, height: 720 });
    try {
      const seen = (await readPages(page, '.rich-text > *')).join(' ');
      for (const word of [...paragraphs.join(' ').split(' '), 'סדר', 'שיעור', 'סעודה']) expect(seen).toContain(word);
    } finally {
      await page.close();
      await server.stop();
    }
  });
});

describe('a name of 80 letters without a space', () => {
  const long = 'ש'.repeat(80);
  it.each([3, 40])('wraps inside its column in a list of %i names, nothing cut', { timeout: 120_000 }, async (count) => {
    const names: Slide = {
      id: 'y',
      kind: 'yahrzeits',
      title: 'יארצייטים',
      durationSeconds: 30,
      entries: Array.from({ length: count }, (_, i) => ({
        id: `y${i}`,
        name: i === 1 ? long : `שם ${i}`,
        hebrewDate: 'ט״ו כסלו',
        date: '25.11',
        isToday: false,
        memorialLight: false,
      })),
    };
    const model = everyKindModel();
    const server = await serveModels(withSlides(model, [names]));
    const page = await openWall(browser, server.url, { width: 1280, height: 720 });
    try {
      const seen = await readPages(page, '.yahrzeit .name');
      expect(seen).toContain(long);
      expect(seen).toHaveLength(count);
    } finally {
      await page.close();
      await server.stop();
    }
  });
});
