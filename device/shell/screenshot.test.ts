import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureChromiumScreenshot, CDP_PIPE_STDIO, CdpPipe } from './screenshot.js';
import { endProfileProcesses } from './profile-processes.js';

/** Debian's Chromium, as the browser-shell tests use it (test/support/chromium.ts): as root, no GPU. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p)) ?? 'chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
let chromium: ChildProcess;
let profile: string;

beforeAll(() => {
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-cdp-'));
  chromium = spawn(
    CHROMIUM,
    [
      ...CHROMIUM_ARGS,
      '--headless',
      '--remote-debugging-pipe',
      `--user-data-dir=${profile}`,
      '--window-size=640,360',
      'data:text/html,<body style="margin:0;background:%23102030"><h1>Luach</h1>',
    ],
    { stdio: [...CDP_PIPE_STDIO] },
  );
});

afterAll(async () => {
  // Killed hard, Chromium leaves its helper processes writing the profile: they are ended too, then the removal is retried.
  const exited = new Promise((resolve) => (chromium.exitCode !== null ? resolve(null) : chromium.once('exit', resolve)));
  chromium.kill('SIGKILL');
  await exited;
  await endProfileProcesses(profile);
  fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
});

describe('the browser shell screenshot, over the DevTools pipe of real Chromium', () => {
  it('captures the page as a PNG as wide as the window', async () => {
    const cdp = CdpPipe.of(chromium);
    const png = await captureChromiumScreenshot(cdp);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const ihdr = Buffer.from(png.subarray(16, 24));
    // Headless Chromium keeps room for browser UI it does not draw, so only the width is exact.
    expect(ihdr.readUInt32BE(0)).toBe(640);
    expect(ihdr.readUInt32BE(4)).toBeGreaterThan(100);
  });

  it('reports a protocol error with the method that failed', async () => {
    const cdp = CdpPipe.of(chromium);
    await expect(cdp.send('Page.noSuchMethod', {})).rejects.toThrow(/^Page.noSuchMethod: /);
  });

  it('refuses a Chromium spawned without the pipes, saying how to spawn it', () => {
    const plain = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    expect(() => CdpPipe.of(plain)).toThrow(/--remote-debugging-pipe/);
  });
});
