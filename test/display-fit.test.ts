// Nothing on the wall is ever cut: a long day's prayer times, a 2,000-character message in the
// band, on the stage and as an urgent message, at 720p, 1080p and 4K, in both orientations and
// languages. What does not fit shrinks within legible limits, then turns page by page.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisplayModel, MessageItem, TimeRow } from '../device/model/display-model.js';
import { launchChromium } from './support/chromium.js';
import { cutOffText, everyKindModel, openWall, serveModels, settled, WEDNESDAY_AFTERNOON, withSlides } from './support/model-server.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

type Language = 'he' | 'en';
const PRAYERS: Record<Language, string[]> = {
  he: ['שחרית ותיקין', 'שחרית', 'שחרית מניין ב׳', 'מנחה גדולה', 'מנחה', 'מנחה קטנה', 'ערבית', 'ערבית מאוחרת', 'שיעור דף יומי', 'תהילים'],
  en: [
    'Shacharit (sunrise)',
    'Shacharit',
    'Shacharit, 2nd minyan',
    'Mincha Gedola',
    'Mincha',
    'Mincha Ketana',
    'Maariv',
    'Late Maariv',
    'Daf Yomi shiur',
    'Tehillim',
  ],
};

/** `count` prayer times through the day, the first third already said at 16:40. */
function prayerDay(count: number, language: Language): TimeRow[] {
  return Array.from({ length: count }, (_, i) => {
    const minutes = 6 * 60 + Math.round((i * 16 * 60) / count);
    const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    const at = new Date(Date.UTC(2026, 10, 25, Math.floor(minutes / 60) - 2, minutes % 60)).toISOString();
    const state = new Date(at) <= WEDNESDAY_AFTERNOON ? 'past' : 'upcoming';
    return { id: `p${i}`, label: `${PRAYERS[language][i % 10]} ${i + 1}`, time, at, state } as TimeRow;
  }).map((row, i, all) => (row.state === 'upcoming' && all[i - 1]?.state === 'past' ? { ...row, state: 'next' } : row));
}

const screens = [
  { orientation: 'landscape', width: 1280, height: 720, language: 'he' },
  { orientation: 'landscape', width: 1920, height: 1080, language: 'en' },
  { orientation: 'landscape', width: 3840, height: 2160, language: 'he' },
  { orientation: 'portrait', width: 720, height: 1280, language: 'en' },
  { orientation: 'portrait', width: 1080, height: 1920, language: 'he' },
  { orientation: 'portrait', width: 2160, height: 3840, language: 'en' },
] as const;

/** Every page of today's prayers, turned by the page's clock: the labels seen on each. */
async function readPanel(page: Page): Promise<string[][]> {
  const indicator = page.locator('.panel-pages');
  const pages: string[][] = [];
  const count = (await indicator.isVisible()) ? Number((await indicator.innerText()).split(' / ')[1]) : 1;
  for (let p = 1; p <= count; p++) {
    if (count > 1) expect(await indicator.innerText()).toBe(`${p} / ${count}`);
    pages.push(await page.locator('.panel-body .time-row:visible .label').allInnerTexts());
    expect(await cutOffText(page)).toEqual([]);
    if (count > 1) {
      await page.clock.runFor(10_050);
      await settled(page);
    }
  }
  return pages;
}

describe.each([12, 30])('a day with %i prayer times', (count) => {
  it.each(screens)(
    'shows every time still to come, whole, on a $orientation $width x $height wall in $language',
    async ({ orientation, width, height, language }) => {
      const base = everyKindModel({ orientation, language });
      const rows = prayerDay(count, language);
      const model: DisplayModel = { ...withSlides(base, [base.slides[1]!]), todayPrayerTimes: rows };
      const server = await serveModels(model);
      const page = await openWall(browser, server.url, { width, height });
      try {
        const pages = await readPanel(page);
        const seen = pages.flat();
        const toCome = rows.filter((r) => r.state !== 'past').map((r) => r.label);
        for (const label of toCome) expect(seen, `${label} should be shown`).toContain(label);
        // Each row once, in the order of the day, the next one first.
        expect(seen.filter((label) => toCome.includes(label))).toEqual(toCome);
        // Turning pages start from the next prayer: those already said gave way first.
        if (pages.length > 1) expect(pages[0]![0]).toBe(rows.find((r) => r.state === 'next')!.label);
        // Legible from the back: the rows are at least 2.6% of the screen's shorter side.
        const size = await page
          .locator('.panel-body .time-row:visible .label')
          .first()
          .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
        expect(size / Math.min(width, height)).toBeGreaterThan(0.026);
      } finally {
        await page.close();
        await server.stop();
      }
    },
  );
});

const WORDS = 'בית הכנסת יקיים השבוע ערב עיון לזכר חברי הקהילה, ובו שיעורים, ניגונים וסעודה משותפת לכל המשפחה. ';
/** About 2,000 characters, numbered word by word so a test can tell that every word was shown. */
function longText(characters = 2_000): string {
  const words = WORDS.trim().split(' ');
  const out: string[] = [];
  for (let i = 0; out.join(' ').length < characters; i++) out.push(`${words[i % words.length]}${i}`);
  return out.join(' ');
}

/** The words of a text-pages box seen on each page as its owner turns them: every line fully on its page. */
async function wordsOnPage(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluate((box) => {
    const clip = box.getBoundingClientRect();
    const text = box.querySelector('.text-pages-text')!;
    const words: string[] = [];
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const value = node.textContent ?? '';
      for (const match of value.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const r = range.getBoundingClientRect();
        const middle = (r.top + r.bottom) / 2;
        if (middle > clip.top && middle < clip.bottom) words.push(match[0]);
      }
    }
    return words;
  });
}

describe('a 2,000-character message', () => {
  const body = longText();
  const message: MessageItem = { id: 'long', title: 'ערב עיון', body, urgent: false, priority: 5 };

  it.each([
    { orientation: 'landscape', width: 1280, height: 720 },
    { orientation: 'portrait', width: 1080, height: 1920 },
  ] as const)(
    'is read whole in the band, page by page at a steady pace, on a $orientation wall',
    { timeout: 120_000 },
    async ({ orientation, width, height }) => {
      const base = everyKindModel({ orientation });
      const server = await serveModels({
        ...withSlides(base, [base.slides[1]!]),
        ticker: [message, { id: 'short', body: 'קידוש', urgent: false, priority: 1 }],
      });
      const page = await openWall(browser, server.url, { width, height });
      try {
        const seen: string[] = [];
        for (let turn = 0; turn < 80; turn++) {
          expect(await cutOffText(page)).toEqual([]);
          const words = await wordsOnPage(page, '.ticker-item.shown');
          if (words[0] === 'קידוש') break;
          seen.push(...words);
          const before = words.join(' ');
          // Nothing turns before a short message's minimum; then second by second until the page turns.
          await page.clock.runFor(7_000);
          let waited = 7_000;
          while (waited < 60_000 && (await wordsOnPage(page, '.ticker-item.shown')).join(' ') === before) {
            await page.clock.runFor(1000);
            waited += 1000;
          }
          // The page stays for the time its own words take to read (2 s, and 60 ms a letter): a steady pace, never a rush.
          const reading = 2_000 + before.length * 60;
          expect(waited, 'a page of the band is on screen long enough to read it').toBeGreaterThanOrEqual(Math.max(8_000, reading * 0.8) - 1000);
          expect(waited).toBeLessThanOrEqual(Math.max(8_000, reading * 1.25) + 1000);
          await settled(page);
        }
        expect(seen).toEqual(body.split(' '));
      } finally {
        await page.close();
        await server.stop();
      }
    },
  );

  it('as an urgent message takes the stage and turns its pages, while the clock and today’s prayers stay in view', { timeout: 120_000 }, async () => {
    const base = everyKindModel();
    const urgent: MessageItem = { ...message, id: 'urgent-long', urgent: true, priority: 100 };
    const server = await serveModels({ ...withSlides(base, [base.slides[1]!]), urgent });
    const page = await openWall(browser, server.url, { width: 1920, height: 1080 });
    try {
      const card = (await page.locator('.urgent-card').boundingBox())!;
      const panel = (await page.locator('.panel').boundingBox())!;
      expect(await page.locator('.panel').isVisible()).toBe(true);
      expect(await page.locator('.clock-main').innerText()).toBe('16:40');
      expect(card.x + card.width).toBeLessThanOrEqual(panel.x + 1);
      expect(await page.locator('.stage .slide').count()).toBe(0);
      const seen: string[] = [];
      for (let turn = 0; turn < 40; turn++) {
        expect(await cutOffText(page)).toEqual([]);
        const words = await wordsOnPage(page, '.urgent-body');
        if (seen.length && words[0] === seen[0]) break;
        seen.push(...words);
        const before = words.join(' ');
        await page.clock.runFor(7_000);
        for (let s = 0; s < 120 && (await wordsOnPage(page, '.urgent-body')).join(' ') === before; s++) await page.clock.runFor(1000);
        await settled(page);
      }
      expect(seen).toEqual(body.split(' '));
    } finally {
      await page.close();
      await server.stop();
    }
  });
});

describe('an urgent message', () => {
  const urgent: MessageItem = { id: 'u', title: 'שינוי מקום התפילה', body: 'עקב תקלת חשמל, תפילת ערבית הערב תתקיים באולם הקטן.', urgent: true, priority: 100 };

  it.each(screens)('keeps the clock and today’s prayers in view on a $orientation $width x $height wall', async ({ orientation, width, height, language }) => {
    const base = everyKindModel({ orientation, language });
    const server = await serveModels({ ...withSlides(base, [base.slides[1]!]), urgent });
    const page = await openWall(browser, server.url, { width, height });
    try {
      const at = async (selector: string) => (await page.locator(selector).boundingBox())!;
      const [card, panel, header] = [await at('.urgent-card'), await at('.panel'), await at('.header')];
      const overlap = (a: typeof card, b: typeof card) =>
        a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;
      expect(overlap(card, panel)).toBe(false);
      expect(overlap(card, header)).toBe(false);
      // What a person sees at the middle of today's prayers is today's prayers.
      const middle = { x: panel.x + panel.width / 2, y: panel.y + panel.height / 2 };
      expect(await page.evaluate(({ x, y }) => Boolean(document.elementFromPoint(x, y)?.closest('.panel')), middle)).toBe(true);
      expect(await page.locator('.urgent-title').innerText()).toBe(urgent.title);
      expect(await cutOffText(page)).toEqual([]);
    } finally {
      await page.close();
      await server.stop();
    }
  });

  it('covers the whole wall only when the cloud marks it full-screen', async () => {
    const base = everyKindModel();
    const server = await serveModels({ ...withSlides(base, [base.slides[1]!]), urgent: { ...urgent, fullScreen: true } });
    const page = await openWall(browser, server.url, { width: 1920, height: 1080 });
    try {
      expect(await page.locator('.urgent').boundingBox()).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
      const onTop = await page.evaluate(() =>
        [
          [960, 540],
          [20, 20],
          [1900, 1060],
        ].map(([x, y]) => Boolean(document.elementFromPoint(x!, y!)?.closest('.urgent'))),
      );
      expect(onTop).toEqual([true, true, true]);
      await settled(page, async () => server.feed.publish({ ...withSlides(base, [base.slides[1]!]) }));
      expect(await page.locator('.urgent').isVisible()).toBe(false);
      expect(await page.locator('.stage .slide').count()).toBe(1);
    } finally {
      await page.close();
      await server.stop();
    }
  });
});

describe('the candle-lighting countdown', () => {
  it('shares the stage with the schedule beneath it, both whole', async () => {
    const base = everyKindModel();
    const countdown = base.slides.find((s) => s.kind === 'candleCountdown')!;
    const prayers = base.slides.find((s) => s.kind === 'prayerTimes')!;
    const server = await serveModels({ ...withSlides(base, [prayers]), takeover: countdown });
    const page = await openWall(browser, server.url, { width: 1920, height: 1080 });
    try {
      expect(await page.locator('.stage-strip .countdown-value').innerText()).toBe('25:30');
      expect(await page.locator('.stage .slide').getAttribute('data-kind')).toBe('prayerTimes');
      const [strip, slide] = [(await page.locator('.stage-strip').boundingBox())!, (await page.locator('.stage .slide-title').boundingBox())!];
      expect(slide.y).toBeGreaterThanOrEqual(strip.y + strip.height - 1);
      expect(await page.locator('.stage .slide').innerText()).toContain('שבת קודש');
      expect(await cutOffText(page)).toEqual([]);
      await page.clock.runFor(1010);
      expect(await page.locator('.stage-strip .countdown-value').innerText()).toBe('25:29');
    } finally {
      await page.close();
      await server.stop();
    }
  });
});

describe('text of any length', () => {
  it('never freezes the wall: a 100 KB message is laid out a page at a time, and the clock goes on', { timeout: 90_000 }, async () => {
    const huge = longText(100_000);
    const base = everyKindModel();
    const messages = base.slides.find((s) => s.kind === 'messages')!;
    const server = await serveModels(withSlides(base, [messages]));
    const page = await openWall(browser, server.url, { width: 1920, height: 1080 });
    try {
      const giant: MessageItem = { id: 'huge', title: 'הודעה', body: huge, urgent: false, priority: 1 };
      await settled(page, async () =>
        server.feed.publish({
          ...withSlides(base, [{ ...messages, kind: 'messages', entries: [giant] } as typeof messages]),
          ticker: [giant],
          urgent: { ...giant, id: 'huge-urgent', urgent: true },
        }),
      );
      // What is laid out is bounded: the page holds a few pages of text, not the 100 KB.
      expect(await page.evaluate(() => document.body.innerText.length)).toBeLessThan(10_000);
      const before = await page.locator('.clock').innerText();
      await page.clock.runFor(1010);
      expect(await page.locator('.clock').innerText()).not.toBe(before);
      expect(await cutOffText(page)).toEqual([]);
    } finally {
      await page.close();
      await server.stop();
    }
  });

  it('breaks a word longer than its line rather than running it under its neighbour', async () => {
    const word = 'א'.repeat(400);
    const base = everyKindModel();
    const messages = base.slides.find((s) => s.kind === 'messages')!;
    const long: MessageItem = { id: 'word', title: word.slice(0, 40), body: `${word} ${word}`, urgent: false, priority: 1 };
    const server = await serveModels({
      ...withSlides(base, [{ ...messages, kind: 'messages', entries: [long] } as typeof messages]),
      ticker: [long],
      // A name is a line (200 characters at most on the wire): here one unbroken word of 80.
      header: { ...base.header, synagogueName: word.slice(0, 80) },
    });
    const page = await openWall(browser, server.url, { width: 1280, height: 720 });
    try {
      expect(await cutOffText(page)).toEqual([]);
      const stage = (await page.locator('.stage').boundingBox())!;
      const bodies = await page
        .locator('.stage .message-card .body:visible')
        .evaluateAll((all) => all.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
      expect(bodies.length).toBeGreaterThan(0);
      for (const body of bodies) {
        expect(body.x).toBeGreaterThanOrEqual(stage.x);
        expect(body.x + body.width).toBeLessThanOrEqual(stage.x + stage.width);
      }
    } finally {
      await page.close();
      await server.stop();
    }
  });
});
