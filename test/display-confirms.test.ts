import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_VERSION, type CommandType } from '../cloud-sync/protocol/commands.js';
import { deviceTopics } from '../cloud-sync/protocol/topics.js';
import { systemClock } from '../device/clock.js';
import { composeDevice, type Device } from '../device/compose-device.js';
import { loadConfig } from '../device/config.js';
import { browserShell } from '../device/shell/browser-shell.js';
import { launchChromium } from './support/chromium.js';
import { Mosquitto } from './support/mosquitto.js';
import { eventually, MqttObserver } from './support/mqtt-observer.js';

// A real device in the browser shell (its display server, no kiosk of its own), a real broker,
// and a real Chromium page that opens the wall the way a screen's browser would.
const DEVICE = 'wall-confirms';
const topics = deviceTopics(DEVICE);
let broker: Mosquitto;
let cloud: MqttObserver;
let device: Device;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  broker = await Mosquitto.start([DEVICE]);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-confirms-'));
  const login = broker.device(DEVICE);
  device = composeDevice(browserShell({ chromium: null }), {
    config: {
      ...loadConfig({ dataDir: dir, env: {} }),
      port: 0,
      cloud: { apiUrl: 'http://127.0.0.1:9', deviceId: DEVICE, token: 'unused' },
      mqtt: { url: broker.url, username: login.username, password: login.password },
    },
    clock: systemClock,
    logger: pino({ level: 'silent' }),
    env: {},
    appVersion: 'test',
    pid: process.pid,
    ntpProbe: async () => true,
  });
  await device.start();
  cloud = await MqttObserver.connect(broker.url, { ...broker.cloud, clientId: 'cloud-confirms' });
  await cloud.subscribe(`${topics.root}/#`);
  await eventually(() => device.runtime.current().status.online === true, 15_000, 'the device comes online');
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await device?.stop();
  await cloud?.close();
  await broker?.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

let sent = 0;
async function run(type: CommandType, params: Record<string, unknown> = {}): Promise<{ status: string; reason?: string }> {
  const id = `confirm-${++sent}`;
  const mark = cloud.mark();
  await cloud.client.publishAsync(
    topics.commands,
    JSON.stringify({ v: COMMAND_VERSION, id, type, issuedAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 120_000).toISOString(), params }),
    { qos: 1 },
  );
  const done = await cloud.waitFor(
    (m) => m.topic === topics.commandResult(id) && ['succeeded', 'failed', 'rejected'].includes((m.json as { status: string }).status),
    40_000,
    `the result of ${type}`,
    mark,
  );
  return done.json as { status: string; reason?: string };
}

async function openWall(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(device.shell.address!);
  await page.locator('.header').waitFor();
  return page;
}

describe('commands that need a display', () => {
  it('fail with the reason when no display is attached: identify and reload-display claim nothing', { timeout: 90_000 }, async () => {
    expect(await run('identify', { seconds: 5 })).toMatchObject({ status: 'failed', reason: expect.stringMatching(/no display is attached.*identify label/) });
    expect(await run('reload-display')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/no display is attached.*reload/) });
  });

  it('succeed only once the open wall drew the identify label, and reloaded and drew again', { timeout: 90_000 }, async () => {
    const page = await openWall();
    try {
      const identified = await run('identify', { seconds: 30 });
      expect(identified).toMatchObject({ status: 'succeeded' });
      expect(await page.locator('.identify-label').textContent()).toContain(DEVICE);

      const loads: number[] = [];
      page.on('load', () => loads.push(Date.now()));
      await page.evaluate(() => ((window as unknown as { before?: boolean }).before = true));
      expect(await run('reload-display')).toMatchObject({ status: 'succeeded' });
      // Succeeded once the new page drew (the page draws the model it was served with, maybe
      // before Playwright hears of its load): what answers is already another page, loaded once.
      expect(await page.evaluate(() => (window as unknown as { before?: boolean }).before)).toBeUndefined();
      await expect.poll(() => loads.length, { timeout: 10_000 }).toBe(1);
      expect(await page.locator('.header').isVisible()).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('refuses a report that is not a drawn report, and the display server goes on serving', async () => {
    const url = new URL('./drawn', device.shell.address!).href;
    const bad = await fetch(url, { method: 'POST', body: '{"generatedAt":"yesterday"}' });
    expect(bad.status).toBe(400);
    const huge = await fetch(url, { method: 'POST', body: 'x'.repeat(10_000) }).catch(() => ({ status: 413 }));
    expect(huge.status).toBe(413);
    expect((await fetch(new URL('./model.json', device.shell.address!).href)).status).toBe(200);
  });
});
