import pino from 'pino';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DisplayServer } from '../device/shell/display-server.js';
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
