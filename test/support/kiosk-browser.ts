import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { endProfileProcesses } from '../../device/shell/profile-processes.js';
import { chromiumKioskArgs } from '../../device/shell/launcher.js';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.js';

export interface KioskBrowser {
  browser: Browser;
  /** The kiosk's one window, on an empty page until the benchmark navigates it. */
  page: Page;
  close(): Promise<void>;
}

/** Until Chromium says where its DevTools listen. */
const LAUNCH_TIMEOUT_MS = 30_000;

/**
 * Debian's Chromium started as the wall's kiosk starts it (the switches of device/shell/launcher.ts:
 * one app window, no tabs, no omnibox), headless here, on a fresh profile (nothing cached, as
 * after a reboot), with the DevTools on a loopback port for Playwright instead of the kiosk's
 * pipe. A window Playwright opens itself is a tabbed one: its omnibox WebUI renderer loads beside
 * the page (about 0.8 s of CPU on this machine), which a kiosk never runs, so a first frame
 * measured there pays for a browser the wall does not have.
 */
export async function launchKiosk(viewport = { width: 1920, height: 1080 }): Promise<KioskBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-bench-kiosk-'));
  const args = [
    ...chromiumKioskArgs('data:text/html,', profile).filter((arg) => arg !== '--remote-debugging-pipe'),
    '--headless',
    ...CHROMIUM_ARGS,
    // Headless Chromium's screen is 800x600 unless told, and a kiosk fills its screen.
    `--screen-info={${viewport.width}x${viewport.height}}`,
    `--window-size=${viewport.width},${viewport.height}`,
    '--remote-debugging-port=0',
  ];
  const child = spawn(chromiumPath(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await endProfileProcesses(profile);
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  };
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let said = '';
      const timer = setTimeout(() => reject(new Error(`Chromium did not open its DevTools within ${LAUNCH_TIMEOUT_MS / 1000} s:\n${said}`)), LAUNCH_TIMEOUT_MS);
      child.stderr.on('data', (chunk: Buffer) => {
        said += chunk.toString();
        const found = /DevTools listening on (ws:\/\/\S+)/.exec(said);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Chromium exited (${code}) at start:\n${said}`));
      });
    });
    const browser = await chromium.connectOverCDP(endpoint);
    const page = browser.contexts()[0]?.pages()[0];
    if (!page) throw new Error('the kiosk opened no window');
    const size = await page.evaluate(() => [window.innerWidth, window.innerHeight]);
    if (size[0] !== viewport.width || size[1] !== viewport.height)
      throw new Error(`the kiosk's window is ${size.join('x')}, not ${viewport.width}x${viewport.height}`);
    return {
      browser,
      page,
      close: async () => {
        await browser.close().catch(() => undefined);
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
