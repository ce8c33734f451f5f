import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisplayModel, MessageItem, Slide } from '../device/model/display-model.js';
import { launchChromium } from './support/chromium.js';
import { currentSlide, everyKindModel, openWall, serveModels, settled, withSlides } from './support/model-server.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Every way we know to run script from text or markup; each one would set window.__pwned. */
const ATTACKS = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '<svg onload="window.__pwned = \'svg\'"></svg>',
  '<iframe srcdoc="<script>parent.__pwned = 1</script>"></iframe>',
  '<a href="javascript:window.__pwned = \'link\'">קישור</a>',
  '<p style="background:url(javascript:alert(1))" onclick="window.__pwned = 1">לחצו</p>',
  '<details open ontoggle="window.__pwned = \'details\'">',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned = \'mxss\'">',
].join('');

async function expectNothingRan(page: Page): Promise<void> {
  // Any load or error event has fired once every image has finished (or failed) loading and the wall is at rest.
  await page.waitForFunction(() => Array.from(document.images).every((image) => image.complete));
  await settled(page);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  const dangerous = await page.evaluate(() => {
    const found = [...document.querySelectorAll('#app script, #app img:not(.logo), #app svg, #app iframe, #app a, #app math, #app style, #app details')].map(
      (e) => e.tagName,
    );
    const handlers = [...document.querySelectorAll('#app *')].flatMap((e) =>
      [...e.attributes].filter((a) => a.name.startsWith('on') || a.value.includes('javascript:')).map((a) => a.name),
    );
    return [...found, ...handlers];
  });
  expect(dangerous).toEqual([]);
}

async function wallShowing(model: DisplayModel): Promise<{ page: Page; stop(): Promise<void> }> {
  const server = await serveModels(model);
  const page = await openWall(browser, server.url, { width: 1920, height: 1080 });
  return { page, stop: async () => (await page.close(), await server.stop()) };
}

describe('content from the cloud is never run', () => {
  const message: MessageItem = { id: 'evil', title: '<b onmouseover=alert(1)>כותרת</b>', body: `שלום ${ATTACKS}`, urgent: false, priority: 9 };

  it('shows a message with markup in the band and on a slide as the literal text it is', { timeout: 90_000 }, async () => {
    const base = everyKindModel();
    const slide: Slide = { id: 'messages', kind: 'messages', title: 'הודעות', durationSeconds: 20, entries: [message] };
    const wall = await wallShowing({ ...withSlides(base, [slide]), ticker: [message] });
    try {
      const { page } = wall;
      await expect.poll(() => page.locator('.ticker-item.shown .text-pages-text').innerText()).toBe(message.body);
      // A long message is set on the slide in pieces that page like a list: together they are the text.
      expect((await currentSlide(page).locator('.message-card .body').allTextContents()).join('')).toBe(message.body);
      expect(await currentSlide(page).locator('.message-card .name').innerText()).toBe(message.title);
      await expectNothingRan(page);
    } finally {
      await wall.stop();
    }
  });

  it('shows an urgent message with markup as text', async () => {
    const wall = await wallShowing({ ...everyKindModel(), urgent: { ...message, urgent: true } });
    try {
      await expect.poll(() => wall.page.locator('.urgent-body').innerText()).toBe(message.body);
      await expectNothingRan(wall.page);
    } finally {
      await wall.stop();
    }
  });

  it('keeps the allowed formatting of custom HTML and drops scripts, handlers, links and frames', async () => {
    const html = `<h2 onclick="x()">ערב עיון</h2><p>ביום <strong>חמישי</strong> ב-<em>20:00</em></p><ul><li>כיבוד קל</li></ul>${ATTACKS}`;
    const slide: Slide = { id: 'custom', kind: 'custom', title: 'קהילה', durationSeconds: 20, html };
    const wall = await wallShowing(withSlides(everyKindModel(), [slide]));
    try {
      const rich = currentSlide(wall.page).locator('.rich-text');
      await expect.poll(() => rich.locator('h2').innerText()).toBe('ערב עיון');
      expect(await rich.locator('strong').innerText()).toBe('חמישי');
      expect(await rich.locator('li').innerText()).toBe('כיבוד קל');
      // Text inside dropped elements survives as text where it is content (the link's words), never as code.
      const text = await rich.innerText();
      expect(text).toContain('קישור');
      expect(text).not.toContain('__pwned');
      expect(await rich.evaluate((e) => [...e.querySelectorAll('*')].every((child) => child.attributes.length === 0))).toBe(true);
      await expectNothingRan(wall.page);
    } finally {
      await wall.stop();
    }
  });

  it('is served under a Content-Security-Policy that forbids inline and remote script', async () => {
    const server = await serveModels(everyKindModel());
    try {
      const policy = (await fetch(server.url)).headers.get('content-security-policy') ?? '';
      expect(policy).toContain("default-src 'none'");
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toContain('unsafe-inline');
      expect(policy).not.toContain('unsafe-eval');
      const page = await browser.newPage();
      await page.goto(server.url);
      // Even a script injected into the DOM by hand does not run.
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__pwned = "inline"';
        document.body.append(s);
      });
      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
      await page.close();
    } finally {
      await server.stop();
    }
  });
});
