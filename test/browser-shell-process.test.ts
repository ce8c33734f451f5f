import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLuach } from './support/luach-process.js';

// `luach start` under systemd, as the Chromium kiosk deployment runs it: the same device the
// Electron main composes (device/compose-device.ts), so the same jobs and the same sd_notify.
let work: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-browser-shell-'));
  fs.mkdirSync(path.join(work, 'bin'));
  fs.writeFileSync(path.join(work, 'bin', 'systemd-notify'), '#!/bin/sh\necho "$*" >> "$FAKE_NOTIFY_LOG"\n', { mode: 0o755 });
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('the browser shell under systemd', () => {
  it('tells systemd READY once the display is served, arms the maintenance reload, and says STOPPING on the way out', async () => {
    const notifyLog = path.join(work, 'notify.log');
    const dataDir = path.join(work, 'data');
    const luach = await startLuach(dataDir, [], {
      PATH: `${path.join(work, 'bin')}:${process.env.PATH}`,
      NOTIFY_SOCKET: '/run/fake-notify',
      WATCHDOG_USEC: '60000000',
      FAKE_NOTIFY_LOG: notifyLog,
    });
    const response = await fetch(new URL('model.json', luach.url));
    expect(response.status).toBe(200);
    await expect.poll(() => (fs.existsSync(notifyLog) ? fs.readFileSync(notifyLog, 'utf8') : '')).toMatch(/^--pid=\d+ READY=1 STATUS=showing the display$/m);
    await luach.stop();
    expect(luach.child.exitCode).toBe(0);
    expect(fs.readFileSync(notifyLog, 'utf8').trim().split('\n').at(-1)).toMatch(/^--pid=\d+ STOPPING=1$/);
    const events = fs
      .readFileSync(path.join(dataDir, 'logs', 'luach.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { event?: string }).event);
    expect(events).toContain('maintenance.planned');
  });
});
