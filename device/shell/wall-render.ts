import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DisplayModel } from '../model/display-model.js';
import type { Logger } from '../log.js';
import { DisplayServer, displayAssetsDir } from './display-server.js';
import { CDP_PIPE_STDIO, CdpPipe } from './screenshot.js';
import { endProfileProcesses } from './profile-processes.js';

export interface WallRender {
  model: DisplayModel;
  /** The moment the page's clock shows (the header's time, the countdowns). */
  at: Date;
  width: number;
  height: number;
  chromium: string;
  logger: Logger;
}

/**
 * The wall as PNG bytes: the real display served by the real DisplayServer, drawn by a headless
 * system Chromium driven over its DevTools pipe, the page's clock set to `at`. It waits for the
 * wall's own "settled" mark, so the picture is the settled wall, not a cross-fade.
 */
export async function renderWall(options: WallRender): Promise<Uint8Array> {
  const { model, at } = options;
  const server = new DisplayServer({
    feed: { current: () => model, subscribe: () => () => {} },
    assetsDir: displayAssetsDir(),
    port: 0,
    logger: options.logger,
  });
  const url = await server.start();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-render-'));
  const chromium = spawn(
    options.chromium,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-features=Translate',
      `--user-data-dir=${profile}`,
      `--window-size=${options.width},${options.height}`,
      '--remote-debugging-pipe',
      'about:blank',
    ],
    { stdio: [...CDP_PIPE_STDIO] },
  );
  const exited = new Promise((resolve) => chromium.once('exit', resolve));
  try {
    const cdp = CdpPipe.of(chromium);
    const { targetInfos } = await cdp.send<{ targetInfos: { targetId: string; type: string }[] }>('Target.getTargets');
    const page = targetInfos.find((t) => t.type === 'page');
    if (!page) throw new Error('headless Chromium opened no page');
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId: page.targetId, flatten: true });
    const send = <T>(method: string, params: Record<string, unknown> = {}) => cdp.send<T>(method, params, sessionId);
    await send('Page.enable');
    await send('Emulation.setDeviceMetricsOverride', { width: options.width, height: options.height, deviceScaleFactor: 1, mobile: false });
    // The page's clock runs from `at`, as the wall's would at that moment.
    await send('Page.addScriptToEvaluateOnNewDocument', { source: fixedClock(at) });
    await send('Page.navigate', { url });
    await waitForSettledWall(send);
    const { data } = await send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
    return new Uint8Array(Buffer.from(data, 'base64'));
  } finally {
    await server.stop();
    chromium.kill('SIGTERM');
    // A Chromium that does not close when asked (a loaded machine, a hung helper) is ended.
    const forced = setTimeout(() => chromium.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(forced);
    // A Chromium ended by SIGKILL leaves its helper processes behind, still writing the profile.
    await endProfileProcesses(profile);
    // Chromium's helper processes may still be closing files in the profile for a moment; a
    // leftover temporary profile is not worth failing the picture for.
    await fs.promises
      .rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 })
      .catch((error: Error) => options.logger.warn({ event: 'render.profile-left', profile, error: error.message }, 'could not remove the temporary profile'));
  }
}

/** Date and Date.now read `at` plus the time since the page started. */
function fixedClock(at: Date): string {
  return `(() => {
    const offset = ${at.getTime()} - Date.now();
    const RealDate = Date;
    class ShiftedDate extends RealDate {
      constructor(...args) { super(...(args.length ? args : [RealDate.now() + offset])); }
      static now() { return RealDate.now() + offset; }
    }
    globalThis.Date = ShiftedDate;
  })();`;
}

/** Bounded: the wall's own "settled" mark (display/settle.ts: drawn, fonts loaded, fitted, no fade running), or 10 s passed (a still picture is taken then). */
async function waitForSettledWall(send: <T>(method: string, params?: Record<string, unknown>) => Promise<T>): Promise<void> {
  const probe = `document.documentElement.hasAttribute('data-settled')`;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { result } = await send<{ result: { value?: unknown } }>('Runtime.evaluate', { expression: probe, returnByValue: true });
    if (result.value === true) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
