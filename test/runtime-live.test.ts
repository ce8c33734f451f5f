import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../device/clock.js';
import { loadConfig } from '../device/config.js';
import { Runtime } from '../device/runtime.js';
import { DisplayServer, displayAssetsDir } from '../device/shell/display-server.js';
import { launchChromium } from './support/chromium.js';

// Thursday 26 November 2026, 16:00 in Jerusalem: forty minutes before sunset.
const START = new Date('2026-11-26T14:00:00Z');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-live-'));
const clock = new VirtualClock(START);
const logger = pino({ level: 'silent' });
const runtime = new Runtime({ config: loadConfig({ dataDir: dir, env: {} }), clock, logger, clockTrust: () => ({ verified: true, reason: 'test' }) });
let server: DisplayServer;
let browser: Browser;

beforeAll(async () => {
  runtime.start();
  server = new DisplayServer({ feed: runtime, assetsDir: displayAssetsDir(), port: 0, logger });
  [browser] = await Promise.all([launchChromium(), server.start()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await runtime.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the wall at a boundary', () => {
  it('turns the Hebrew date at sunset, live, without reloading the page', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(server.url);
    const hebrewDate = page.locator('.hebrew-date');
    await expect.poll(() => hebrewDate.innerText()).toBe(runtime.current().header.hebrewDate);
    const before = await hebrewDate.innerText();
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    const zmanim = runtime.current().slides.find((s) => s.kind === 'zmanim');
    const target = zmanim?.kind === 'zmanim' ? zmanim.rows.find((r) => r.id === 'sunset')?.at : undefined;
    expect(target).toBeDefined();
    // Boundary by boundary up to a second before sunset: the page follows each model, the date holds.
    clock.advanceTo(new Date(Date.parse(target!) - 1000));
    await expect.poll(() => page.locator('.panel .time-row.past').count()).toBeGreaterThan(3);
    expect(await hebrewDate.innerText()).toBe(before);

    clock.advanceTo(new Date(target!));
    await expect.poll(() => hebrewDate.innerText()).not.toBe(before);
    expect(await hebrewDate.innerText()).toBe(runtime.current().header.hebrewDate);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await page.close();
  });
});
