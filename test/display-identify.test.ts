import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { everyKindModel, openWall, serveModels, WEDNESDAY_AFTERNOON, type ModelServer } from './support/model-server.js';

let browser: Browser;
let server: ModelServer;
let page: Page;
const model = everyKindModel();

beforeAll(async () => {
  browser = await launchChromium();
  server = await serveModels(model);
  page = await openWall(browser, server.url, { width: 1920, height: 1080 });
});
afterAll(async () => {
  await page?.close();
  await server?.stop();
  await browser?.close();
});

describe('an operator finding a screen', () => {
  it('sees the device’s name over everything while identify runs, and the wall again after', async () => {
    const overlay = page.locator('.identify');
    await expect(overlay.isVisible()).resolves.toBe(false);
    const until = new Date(WEDNESDAY_AFTERNOON.getTime() + 60_000).toISOString();
    server.feed.publish({ ...model, identify: { label: 'wall-7 · Ohel Yitzchak', until } });
    await expect.poll(() => overlay.isVisible()).toBe(true);
    expect(await overlay.innerText()).toBe('wall-7 · Ohel Yitzchak');
    const box = await overlay.boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 1920, height: 1080 });

    server.feed.publish(model);
    await expect.poll(() => overlay.isVisible()).toBe(false);
  });

  it('reloads the page when the device is told to reload the display', async () => {
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 7));
    const reloaded = page.waitForEvent('load');
    server.server.reloadClients();
    await reloaded;
    await page.locator('.synagogue-name').filter({ hasText: /\S/ }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBeUndefined();
  });
});
