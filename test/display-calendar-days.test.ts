import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetStateInput } from '../cloud-sync/protocol/target-state.js';
import type { DisplayModel } from '../device/model/display-model.js';
import { launchChromium } from './support/chromium.js';
import { currentSlide, cutOffText, demoModel, openWall, serveModels, withSlides, type ModelServer } from './support/model-server.js';

// The demo shul in Jerusalem on the days a congregation looks at the wall hardest, at fixed
// moments; every time here is what the published calendars give (sea level, 40-minute candles).

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const LANDSCAPE = { width: 1920, height: 1080 };
const PORTRAIT = { width: 1080, height: 1920 };

/** The wall at `now`, showing only its prayer-times slide, in a page whose clock starts at `now`. */
async function wallAt(
  now: Date,
  viewport: { width: number; height: number },
  edit?: (state: TargetStateInput) => void,
): Promise<{ page: Page; server: ModelServer; model: DisplayModel }> {
  const model = demoModel(now, edit);
  const prayers = model.slides.find((s) => s.kind === 'prayerTimes');
  const server = await serveModels(prayers ? withSlides(model, [prayers]) : model);
  const page = await openWall(browser, server.url, viewport, now);
  return { page, server, model };
}

/** What the standing panel's day block says, row by row: "label · note · time". */
async function dayTimes(page: Page): Promise<{ title: string; rows: string[]; next: string[] }> {
  const block = page.locator('.panel .day-times');
  await block.waitFor({ state: 'visible' });
  const rows = await block
    .locator('.time-row')
    .evaluateAll((all) =>
      all.map((row) =>
        [row.querySelector('.label')?.firstChild?.textContent, row.querySelector('.row-note')?.textContent, row.querySelector('.time')?.textContent]
          .filter(Boolean)
          .join(' · '),
      ),
    );
  const next = await block.locator('.time-row.next .time').allInnerTexts();
  return { title: await page.locator('.day-times-title').innerText(), rows, next };
}

const prayerLabels = (page: Page) => page.locator('.panel .panel-body .time-row .label').evaluateAll((all) => all.map((e) => e.firstChild?.textContent ?? ''));

describe('the wall on a Chanukah evening', () => {
  for (const viewport of [LANDSCAPE, PORTRAIT]) {
    it(`shows the third day and tonight’s third candle with its time, at ${viewport.width}x${viewport.height}`, async () => {
      // Sunday 6 December 2026, 16:50 in Jerusalem: after sunset, 27 Kislev 5787.
      const orientation = viewport === PORTRAIT ? 'portrait' : 'landscape';
      const { page, server } = await wallAt(new Date('2026-12-06T14:50:00Z'), viewport, (state) => {
        state.settings.orientation = orientation;
      });
      try {
        expect(await page.locator('.header .occasion').innerText()).toContain('חֲנוּכָּה: יוֹם ג׳');
        expect(await page.locator('.hebrew-date').innerText()).toBe('כ״ז כִּסְלֵו תשפ״ז');
        expect(await dayTimes(page)).toEqual({ title: 'חֲנוּכָּה: יוֹם ג׳', rows: ['הדלקת נרות חנוכה · נר שלישי · 17:14'], next: ['17:14'] });
        expect(await page.locator('.clock-main').innerText()).toBe('16:50');
        expect(await cutOffText(page)).toEqual([]);
      } finally {
        await page.close();
        await server.stop();
      }
    });
  }

  it('counts one candle on the first night after nightfall, lit on Friday before the Shabbat candles, and two on Shabbat morning', async () => {
    const night = await wallAt(new Date('2026-12-04T17:00:00Z'), LANDSCAPE);
    try {
      expect(await night.page.locator('.header .occasion').innerText()).toContain('חֲנוּכָּה: יוֹם א׳');
      expect((await dayTimes(night.page)).rows).toEqual(['הדלקת נרות חנוכה · נר ראשון · לפני נרות שבת · 15:54', 'הדלקת נרות · 15:54']);
    } finally {
      await night.page.close();
      await night.server.stop();
    }
    const morning = await wallAt(new Date('2026-12-05T08:00:00Z'), LANDSCAPE);
    try {
      expect(await morning.page.locator('.header .occasion').innerText()).toContain('שַׁבַּת חֲנוּכָּה');
      expect((await dayTimes(morning.page)).rows).toEqual(['הדלקת נרות חנוכה · נר שני · אחרי הבדלה · 17:14', 'הבדלה · 17:14']);
    } finally {
      await morning.page.close();
      await morning.server.stop();
    }
  });
});

describe('the wall on an erev Pesach morning', () => {
  it('shows the end of eating and of burning chametz by both reckonings, the next one highlighted, beside the day’s prayers', async () => {
    // Wednesday 1 April 2026, 09:00 in Jerusalem: 14 Nisan 5786.
    const { page, server } = await wallAt(new Date('2026-04-01T06:00:00Z'), LANDSCAPE);
    try {
      expect(await page.locator('.header .occasion').innerText()).toContain('עֶרֶב פֶּסַח');
      expect(await dayTimes(page)).toEqual({
        title: 'עֶרֶב פֶּסַח',
        rows: [
          'סוף זמן אכילת חמץ · מג״א · 10:14',
          'סוף זמן אכילת חמץ · גר״א · 10:38',
          'סוף זמן שריפת חמץ · מג״א · 11:28',
          'סוף זמן שריפת חמץ · גר״א · 11:40',
          'הדלקת נרות · 18:18',
        ],
        next: ['10:14'],
      });
      expect(await prayerLabels(page)).toContain('מנחה וערבית ערב חג');
      // The coming yom tov's section is named by the day, with its candles and havdalah.
      expect(await currentSlide(page).locator('.section-title').first().innerText()).toBe('פֶּסַח א׳');
      expect(await cutOffText(page)).toEqual([]);
    } finally {
      await page.close();
      await server.stop();
    }
  });
});

describe('the wall on a yom-tov day', () => {
  it('on Pesach I lists only the yom-tov minyanim and gives havdalah, named by the day', async () => {
    // Thursday 2 April 2026, 08:30 in Jerusalem: 15 Nisan 5786, one day of yom tov in Israel.
    const { page, server } = await wallAt(new Date('2026-04-02T05:30:00Z'), LANDSCAPE);
    try {
      expect(await page.locator('.header .occasion').innerText()).toContain('פֶּסַח א׳');
      expect(await prayerLabels(page)).toEqual(['שחרית שבת וחג', 'מנחה שבת וחג', 'ערבית מוצאי שבת וחג']);
      expect(await dayTimes(page)).toMatchObject({ title: 'פֶּסַח א׳', rows: ['הבדלה · 19:36'] });
      expect(await cutOffText(page)).toEqual([]);
    } finally {
      await page.close();
      await server.stop();
    }
  });

  it('in New York on Shabbat Sukkot I, lights for Sukkot II only after nightfall from an existing flame', async () => {
    const inNewYork = (state: TargetStateInput) => {
      state.synagogue = { ...state.synagogue, latitude: 40.7128, longitude: -74.006, timezone: 'America/New_York', israel: false, walledCity: false };
      state.settings = { ...state.settings, language: 'en', clock24h: false, candleLightingMinutes: 18 };
    };
    // Shabbat 26 September 2026, 10:00 in New York: Sukkot I; Sukkot II follows on Sunday.
    const { page, server, model } = await wallAt(new Date('2026-09-26T14:00:00Z'), LANDSCAPE, inNewYork);
    try {
      expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
      expect(await page.locator('.header .occasion').innerText()).toContain('Sukkot I');
      const block = await dayTimes(page);
      expect(block.title).toBe('Sukkot I');
      expect(block.rows).toHaveLength(1);
      expect(block.rows[0]).toMatch(/^Candle lighting · not before nightfall, from an existing flame · 7:\d\d PM$/);
      expect(await prayerLabels(page)).not.toContain('Shacharit');
      const titles = await currentSlide(page).locator('.section-title').allInnerTexts();
      expect(titles).toContain('Sukkot II');
      expect(model.occasion?.rows[0]?.id).toBe('candleLighting');
      expect(await cutOffText(page)).toEqual([]);
    } finally {
      await page.close();
      await server.stop();
    }
  });
});

describe('the wall before a fast and during the omer', () => {
  it("shows on the afternoon before Tish'a B'Av when the fast begins and when it ends, on the standing panel", async () => {
    // Wednesday 22 July 2026, 15:00 in Jerusalem: the fast begins at sunset.
    const { page, server } = await wallAt(new Date('2026-07-22T12:00:00Z'), LANDSCAPE);
    try {
      expect(await dayTimes(page)).toEqual({ title: 'תִּשְׁעָה בְּאָב', rows: ['תחילת הצום · 19:42', 'סוף הצום · מחר · 20:11'], next: ['19:42'] });
    } finally {
      await page.close();
      await server.stop();
    }
  });

  it('says the omer count in Hebrew words, right to left, with the English beneath on an English wall', async () => {
    // Monday 20 April 2026, 21:00 in Jerusalem: after tzeit, the nineteenth day.
    const now = new Date('2026-04-20T18:00:00Z');
    const model = demoModel(now, (state) => {
      state.settings.language = 'en';
      state.settings.clock24h = false;
    });
    const server = await serveModels(withSlides(model, [model.slides.find((s) => s.kind === 'omer')!]));
    const page = await openWall(browser, server.url, LANDSCAPE, now);
    try {
      const slide = currentSlide(page);
      expect(await slide.locator('.omer-day').innerText()).toBe('19');
      const hebrew = slide.locator('.omer-text');
      expect(await hebrew.getAttribute('dir')).toBe('rtl');
      expect((await hebrew.innerText()).normalize('NFD').replace(/[\u0591-\u05C7]/g, '')).toBe('היום תשעה עשר יום, שהם שני שבועות וחמשה ימים לעומר');
      expect(await slide.locator('.omer-translation').innerText()).toBe('Today is 19 days, which are 2 weeks and 5 days of the Omer');
      expect(await cutOffText(page)).toEqual([]);
    } finally {
      await page.close();
      await server.stop();
    }
  });
});
