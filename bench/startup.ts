// Process start to first DisplayModel served, and to first paint in headless Chromium, with the
// demo content on a fresh data directory (the worst case: the cache is created and seeded).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchChromium } from '../test/support/chromium.js';
import { median, report } from './support/report.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUNS = 7;

async function startAndMeasure(onUrl: (url: string, started: number) => Promise<number>): Promise<number> {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-bench-'));
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/luach.js'), 'start', '--headless', '--port', '0', '--data', data], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /Luach display: (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', () => reject(new Error(`luach exited: ${out}`)));
    });
    return await onUrl(url, started);
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(data, { recursive: true, force: true });
  }
}

const toModel: number[] = [];
for (let i = 0; i < RUNS; i++) {
  toModel.push(
    await startAndMeasure(async (url, started) => {
      const response = await fetch(new URL('model.json', url));
      await response.json();
      return performance.now() - started;
    }),
  );
}
report('startup.process_to_first_model', median(toModel), 'ms', { runs: RUNS, target: 300 });

const browser = await launchChromium();
const toPaint: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  toPaint.push(
    await startAndMeasure(async (url, started) => {
      await page.goto(url);
      await page.locator('.panel .time-row').first().waitFor({ state: 'visible' });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      return performance.now() - started;
    }),
  );
  await page.close();
}
await browser.close();
report('startup.process_to_first_paint', median(toPaint), 'ms', { runs: RUNS, target: 1500, note: 'browser already running, as the kiosk is' });

const assets = path.join(ROOT, 'dist/display/assets');
const js = fs.readdirSync(assets).filter((f) => f.endsWith('.js'));
const gz = js.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(assets, f)), { level: 9 }).length, 0);
report('display.renderer_js_gzip', gz / 1024, 'KiB', { files: js.length, target: 80 });
