// First paint of the wall after navigation, with the demo model served by the real display
// server and the browser already running (as the kiosk's is): the median first-contentful-paint
// and the time until today's prayers are on screen. Budget: 1 s. Also the renderer's JavaScript,
// gzipped (fonts excluded). Budget: 80 KB.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchChromium } from '../test/support/chromium.js';
import { demoModel, serveModels } from '../test/support/model-server.js';
import { median, report } from './support/report.js';

const RUNS = 9;
const ROOT = path.resolve(import.meta.dirname, '..');

const server = await serveModels(demoModel(new Date()));
const browser = await launchChromium();
try {
  const contentful: number[] = [];
  const prayers: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // A fresh context each time: nothing cached, as after a reboot.
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.locator('.panel .time-row').first().waitFor({ state: 'visible' });
    const prayersAt = await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))));
    // The paint entry is reported once the frame is presented, which may be after that frame's callbacks.
    const fcp = await page.evaluate(
      () =>
        new Promise<number>((resolve) =>
          new PerformanceObserver((list) => {
            const entry = list.getEntriesByName('first-contentful-paint')[0];
            if (entry) resolve(entry.startTime);
          }).observe({ type: 'paint', buffered: true }),
        ),
    );
    const timing = { fcp, prayers: prayersAt };
    contentful.push(timing.fcp);
    prayers.push(timing.prayers);
    await context.close();
  }
  report('display.first_contentful_paint', median(contentful), 'ms', { runs: RUNS, target: 1000 });
  report('display.prayers_on_screen', median(prayers), 'ms', {
    runs: RUNS,
    target: 1000,
    note: 'navigation start to the frame after today’s prayers are visible',
  });
} finally {
  await browser.close();
  await server.stop();
}

const assets = path.join(ROOT, 'dist/display/assets');
const scripts = fs.readdirSync(assets).filter((f) => f.endsWith('.js'));
const gzipped = scripts.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(assets, f)), { level: 9 }).length, 0);
report('display.bundle_js_gzip', gzipped / 1024, 'KiB', { files: scripts.length, target: 80 });
