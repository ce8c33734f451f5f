import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import type { ApiClient } from './support/cloud-api.js';
import { JERUSALEM } from './support/cloud-api.js';
import { CloudStack } from './support/cloud-stack.js';
import { startLuach, type LuachProcess } from './support/luach-process.js';

// A gabbai's edit, through the API, onto a real wall: paired with `luach pair`, running the built
// runtime headless, drawn by Chromium. The other tenant's wall runs beside it and must not move.
const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '..', 'bin', 'luach.js');
let stack: CloudStack;
let browser: Browser;
const walls: { luach: LuachProcess; page: Page }[] = [];

async function wallFor(client: ApiClient, name: string): Promise<{ luach: LuachProcess; page: Page }> {
  const synagogueId = (await client.post('/synagogues', { ...JERUSALEM, name })).json.id;
  const deviceId = (await client.post('/devices', { name: `${name} wall`, synagogueId })).json.id as string;
  const { code } = (await client.post(`/devices/${deviceId}/pairing-code`, {})).json as { code: string };
  const data = path.join(stack.api.cloud.dir, `wall-${deviceId}`);
  fs.mkdirSync(data, { recursive: true });
  await run(process.execPath, [bin, 'pair', '--data', data, '--api', stack.api.url, '--broker', stack.broker.url, '--code', code]);
  const luach = await startLuach(data);
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(luach.url);
  await page.locator('.synagogue-name', { hasText: name }).waitFor({ timeout: 30_000 });
  return { luach, page };
}

const labels = (page: Page) => page.locator('.panel .time-row .label').allInnerTexts();

beforeAll(async () => {
  stack = await CloudStack.start({}, 'wall');
  browser = await launchChromium();
  walls.push(await wallFor(stack.api.a, 'אהל משה'));
  walls.push(await wallFor(stack.api.b, 'היכל שלמה'));
}, 120_000);
afterAll(async () => {
  for (const wall of walls) {
    await wall.page.close();
    await wall.luach.stop();
  }
  await browser?.close();
  await stack?.stop();
});

describe('an edit through the API', () => {
  it("reaches the paired wall by the cloud's nudge, and never the other tenant's wall", { timeout: 60_000 }, async () => {
    const [wallA, wallB] = walls as [(typeof walls)[0], (typeof walls)[0]];
    const started = Date.now();
    const created = await stack.api.a.post('/prayer-times', { name: 'ערבית מאוחרת', category: 'maariv', time: { kind: 'fixed', time: '23:58' }, sortOrder: 9 });
    expect(created.status).toBe(201);
    // The fallback sync is every 15 minutes: seeing it within seconds means the nudge brought it.
    await expect.poll(() => labels(wallA.page), { timeout: 15_000, interval: 50 }).toContain('ערבית מאוחרת');
    console.log(`api edit -> wall: ${Date.now() - started} ms`);

    const own = await stack.api.b.post('/prayer-times', { name: 'שחרית של ב', category: 'shacharit', time: { kind: 'fixed', time: '23:57' } });
    expect(own.status).toBe(201);
    await expect.poll(() => labels(wallB.page), { timeout: 15_000, interval: 50 }).toContain('שחרית של ב');
    expect(await labels(wallB.page)).not.toContain('ערבית מאוחרת');
    expect(await labels(wallA.page)).not.toContain('שחרית של ב');
  });
});
