import pino from 'pino';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DisplayServer, INLINE_MODEL_ID, withInlineModel } from '../device/shell/display-server.js';
import { launchChromium } from './support/chromium.js';
import { demoModel, ManualFeed } from './support/model-server.js';

// What a new release's health check relies on: the page says when it drew its first model, and a
// page left open across a restart of the app loads itself afresh from the new run.
const ROOT = path.resolve(import.meta.dirname, '..');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const serve = (port = 0) =>
  new DisplayServer({ feed: new ManualFeed(demoModel(new Date())), assetsDir: path.join(ROOT, 'dist', 'display'), port, logger: pino({ level: 'silent' }) });

describe('the display server and the first paint', () => {
  it('hears the page report its first paint once it drew a model', async () => {
    const server = serve();
    const url = await server.start();
    let painted = false;
    void server.firstPaint.then(() => (painted = true));
    const page = await browser.newPage();
    try {
      expect(painted).toBe(false);
      await page.goto(url);
      await page.locator('.slide').first().waitFor();
      await expect.poll(() => painted, { timeout: 10_000 }).toBe(true);
    } finally {
      await page.close();
      await server.stop();
    }
  });

  it('has a page still open from the previous run of the app reload itself, and paint for the new run', async () => {
    const first = serve();
    const url = await first.start();
    const page = await browser.newPage();
    try {
      await page.goto(url);
      await page.locator('.slide').first().waitFor();
      const loads: string[] = [];
      page.on('load', () => loads.push(page.url()));
      await first.stop();
      const second = serve(Number(new URL(url).port));
      await second.start();
      let painted = false;
      void second.firstPaint.then(() => (painted = true));
      await expect.poll(() => painted, { timeout: 15_000 }).toBe(true);
      expect(loads).toEqual([url]);
      await second.stop();
    } finally {
      await page.close();
    }
  });
});

describe('the page served with its model', () => {
  it('draws the wall it was served with before its event stream connects', async () => {
    const server = serve();
    const url = await server.start();
    const page = await browser.newPage();
    try {
      // The stream never answers: everything on the wall came with the page itself.
      await page.route('**/events', () => undefined);
      await page.goto(url);
      await page.locator('.panel .time-row').first().waitFor({ timeout: 10_000 });
      await page.locator('.slide').first().waitFor({ timeout: 10_000 });
      expect(await page.locator('.synagogue-name').textContent()).toBe('בית הכנסת אוהל יצחק');
      // Read once, then gone from the page.
      expect(await page.locator(`#${INLINE_MODEL_ID}`).count()).toBe(0);
    } finally {
      await page.close();
      await server.stop();
    }
  });

  it('draws it once: the stream’s first frame, the same model, is not drawn again; a new model is', async () => {
    const feed = new ManualFeed(demoModel(new Date()));
    const server = new DisplayServer({ feed, assetsDir: path.join(ROOT, 'dist', 'display'), port: 0, logger: pino({ level: 'silent' }) });
    const url = await server.start();
    const page = await browser.newPage();
    const drawn: { generatedAt: string; fresh: boolean }[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/drawn')) drawn.push(request.postDataJSON());
    });
    try {
      await page.goto(url);
      await page.locator('.slide').first().waitFor();
      await expect.poll(() => server.attachedDisplays, { timeout: 10_000 }).toBe(1);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      expect(drawn).toEqual([expect.objectContaining({ generatedAt: feed.current().generatedAt, fresh: true })]);
      const next = structuredClone(feed.current());
      next.generatedAt = new Date(Date.parse(next.generatedAt) + 60_000).toISOString();
      next.header.synagogueName = 'Ohel Yitzchak';
      feed.publish(next);
      await expect.poll(() => page.locator('.synagogue-name').textContent(), { timeout: 10_000 }).toBe('Ohel Yitzchak');
      await expect.poll(() => drawn.length, { timeout: 10_000 }).toBe(2);
      expect(drawn[1]).toMatchObject({ generatedAt: next.generatedAt, fresh: false });
    } finally {
      await page.close();
      await server.stop();
    }
  });

  it('shows a name that tries to close the block as text: no script of the model runs, nothing is cut', async () => {
    const hostile = '</script><script>window.pwned = 1</script><!-- א';
    const model = demoModel(new Date());
    model.header.synagogueName = hostile;
    const html = withInlineModel('<html><body><div id="app"></div></body></html>', model);
    // The block holds the JSON whole, with no "<" a parser could take for a tag.
    const block = /<script type="application\/json" id="luach-model">([^<]*)<\/script>/.exec(html);
    expect(block).not.toBeNull();
    expect(JSON.parse(block![1]!)).toEqual(model);

    const server = new DisplayServer({
      feed: new ManualFeed(model),
      assetsDir: path.join(ROOT, 'dist', 'display'),
      port: 0,
      logger: pino({ level: 'silent' }),
    });
    const url = await server.start();
    const page = await browser.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    try {
      await page.route('**/events', () => undefined);
      await page.goto(url);
      await expect.poll(() => page.locator('.synagogue-name').textContent(), { timeout: 10_000 }).toBe(hostile);
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(await page.locator('script:not([type="module"])').count()).toBe(0);
      expect(refused).toEqual([]);
    } finally {
      await page.close();
      await server.stop();
    }
  });

  it('leaves a page without a body to close as it is', () => {
    expect(withInlineModel('<p>no body</p>', demoModel(new Date()))).toBe('<p>no body</p>');
  });
});
