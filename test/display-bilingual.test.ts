import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisplayModel, Slide } from '../device/model/display-model.js';
import { launchChromium } from './support/chromium.js';
import {
  currentSlide,
  cutOffText,
  demoModel,
  openWall,
  serveModels,
  settled,
  WEDNESDAY_AFTERNOON,
  withSlides,
  type ModelServer,
} from './support/model-server.js';

/** The band turns on the page's paused clock: run it a message at a time until `id` is on show (bounded). */
async function bandShows(page: Page, id: string): Promise<void> {
  for (let turn = 0; turn < 40; turn++) {
    if ((await page.locator('.ticker-item.shown').getAttribute('data-id')) === id) return settled(page);
    await page.clock.runFor(4_000);
  }
  throw new Error(`the band never showed ${id}`);
}

/** Every entry the band turns through in one round, in order. */
async function bandThrough(page: Page): Promise<string[]> {
  const seen: string[] = [];
  for (let turn = 0; turn < 60; turn++) {
    const id = await page.locator('.ticker-item.shown').getAttribute('data-id');
    if (id && seen.at(-1) !== id) {
      if (seen.includes(id) && seen.length > 1) break;
      seen.push(id);
    }
    await page.clock.runFor(4_000);
  }
  return seen;
}

// The demo shul's wall in its three languages, as the device builds it, in real Chromium.
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

const HEBREW_ONLY = { id: 'm-hebrew-only', title: 'שיעור מיוחד', body: 'שיעור מיוחד הערב בבית המדרש' };

function wall(language: 'he+en' | 'en', kind: Slide['kind']): DisplayModel {
  const model = demoModel(WEDNESDAY_AFTERNOON, (state) => {
    state.settings.language = language;
    state.content.GeneralMessage!.push(HEBREW_ONLY);
  });
  return withSlides(
    model,
    model.slides.filter((s) => s.kind === kind),
  );
}

async function open(model: DisplayModel): Promise<{ page: Page; server: ModelServer }> {
  const server = await serveModels(model);
  const page = await openWall(browser, server.url, { width: 1920, height: 1080 });
  return { page, server };
}

/** The English line sits below the Hebrew one, inside the same element. */
async function beneath(element: Locator): Promise<{ he: string; en: string; below: boolean; enLang: string | null }> {
  const he = element.locator('.he-line');
  const en = element.locator('.en-line');
  const [heBox, enBox] = [await he.boundingBox(), await en.boundingBox()];
  return {
    he: await he.innerText(),
    en: await en.innerText(),
    below: heBox !== null && enBox !== null && enBox.y >= heBox.y + heBox.height - 1,
    enLang: await en.getAttribute('lang'),
  };
}

describe('a bilingual wall (he+en)', () => {
  let page: Page;
  let server: ModelServer;
  beforeAll(async () => ({ page, server } = await open(wall('he+en', 'messages'))));
  afterAll(async () => {
    await page?.close();
    await server?.stop();
  });

  it('reads right to left in Hebrew, with the synagogue’s English name beneath its Hebrew name', async () => {
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir, document.body.classList.contains('bilingual')])).toEqual([
      'he',
      'rtl',
      true,
    ]);
    expect(await beneath(page.locator('.synagogue-name'))).toEqual({ he: 'בית הכנסת אוהל יצחק', en: 'Ohel Yitzchak Synagogue', below: true, enLang: 'en' });
  });

  it('writes each prayer’s English name beneath its Hebrew one', async () => {
    const maariv = page.locator('.panel .time-row[data-id="t-maariv"] .label-text');
    expect(await beneath(maariv)).toEqual({ he: 'ערבית', en: 'Maariv', below: true, enLang: 'en' });
  });

  it('shows each message in Hebrew with its English beneath, and a message without English once', async () => {
    await currentSlide(page).locator('.message-card').first().waitFor();
    const cards = currentSlide(page).locator('.message-card');
    const kiddush = cards.filter({ has: page.locator('.name', { hasText: 'קידוש' }) });
    expect(await beneath(kiddush.locator('.name'))).toEqual({ he: 'קידוש', en: 'Kiddush', below: true, enLang: 'en' });
    expect(await beneath(kiddush.locator('.body'))).toMatchObject({ en: expect.stringMatching(/^Sponsored by the Levi family/), below: true });
    const hebrewOnly = cards.filter({ hasText: HEBREW_ONLY.body });
    expect(await hebrewOnly.locator('.en-line').count()).toBe(0);
    expect(await hebrewOnly.locator('.body').innerText()).toBe(HEBREW_ONLY.body);
  });

  it('gives each message of the band again in English right after its Hebrew, and cuts none of it there or in the header and the prayers', async () => {
    await bandShows(page, 'm-kiddush');
    expect(await page.locator('.ticker-item.shown').getAttribute('lang')).toBeNull();
    await bandShows(page, 'm-kiddush:en');
    const english = page.locator('.ticker-item.shown');
    expect(await english.innerText()).toMatch(/^Kiddush\s*Sponsored by the Levi family/);
    expect(await english.evaluate((e) => [e.getAttribute('lang'), getComputedStyle(e).direction])).toEqual(['en', 'ltr']);
    // The stage's own fitting (shrink, then page) is the layout's; here: the regions that never page.
    const cut = await cutOffText(page);
    expect(cut.filter((problem) => /en-line|he-line|ticker|synagogue-name|city|label/.test(problem) && !problem.includes('slide'))).toEqual([]);
    // A message with no English comes once.
    const seen = await bandThrough(page);
    expect(seen).toContain('m-hebrew-only');
    expect(seen).not.toContain('m-hebrew-only:en');
  });
});

describe('an English wall with English content', () => {
  let page: Page;
  let server: ModelServer;
  beforeAll(async () => ({ page, server } = await open(wall('en', 'messages'))));
  afterAll(async () => {
    await page?.close();
    await server?.stop();
  });

  it('shows the messages in English, left to right', async () => {
    await currentSlide(page).locator('.message-card').first().waitFor();
    const welcome = currentSlide(page)
      .locator('.message-card')
      .filter({ has: page.locator('.name', { hasText: /^Welcome$/ }) });
    expect(await welcome.locator('.body').innerText()).toBe('Please silence your phone during prayers.');
    expect(await welcome.locator('.body').evaluate((e) => getComputedStyle(e).direction)).toBe('ltr');
    expect(await currentSlide(page).innerText()).not.toContain('ברוכים הבאים');
  });

  it('keeps in Hebrew, right to left, only the message that has no English', async () => {
    const body = currentSlide(page).locator('.message-card .body', { hasText: HEBREW_ONLY.body });
    expect(await body.evaluate((e) => [e.getAttribute('lang'), getComputedStyle(e).direction])).toEqual(['he', 'rtl']);
    expect(
      await currentSlide(page)
        .locator('[lang="he"]')
        .evaluateAll((all) => all.map((e) => e.textContent)),
    ).toEqual([HEBREW_ONLY.title, HEBREW_ONLY.body]);
    await bandShows(page, 'm-hebrew-only');
    const band = page.locator('.ticker-item.shown');
    expect(await band.evaluate((e) => [e.getAttribute('lang'), getComputedStyle(e).direction])).toEqual(['he', 'rtl']);
    expect(await band.innerText()).toContain(HEBREW_ONLY.body);
  });

  it('names the yahrzeits in English when the yahrzeit slide comes', async () => {
    server.feed.publish(wall('en', 'yahrzeits'));
    await expect.poll(() => currentSlide(page).getAttribute('data-kind')).toBe('yahrzeits');
    await expect.poll(() => currentSlide(page).locator('.name').allInnerTexts()).toContain('Avraham ben Yaakov Cohen');
    expect(await currentSlide(page).innerText()).not.toMatch(/[\u05d0-\u05ea]{3}/);
  });
});
