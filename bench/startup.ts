// What the wall costs to come back: process start to the first DisplayModel served and to the
// first paint (browser already running, as the kiosk is), and `luach model` on an existing
// cache, each interleaved with a bare `node -e 0` in the same run and reported as a ratio to it,
// since this machine's speed drifts. The restart case (an existing cache) is the one budgeted:
// it is what a crash, a watchdog relaunch, an update and a power cut cost. There the cache keeps
// the model the wall showed, and the start serves it before the rest loads (device/shell/early-wall.ts).
// Beside it: a restart whose kept model cannot be used (the state changed while the device was
// down, or the model's validity ran out), and a fresh data directory (cache created, demo seeded).
// Last, a Pi's restart as a whole: luach starts its own kiosk, from spawn to the page's first drawing.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sqliteDatabase } from '../device/cache/sqlite-database.js';
import { setTimeout as delay } from 'node:timers/promises';
import { launchKiosk } from '../test/support/kiosk-browser.js';
import { SCREEN_ENV } from '../test/support/luach-process.js';
import { median, report } from './support/report.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const LUACH = path.join(ROOT, 'bin/luach.js');
const RUNS = 9;
/** Each of these starts and stops a whole Chromium. */
const KIOSK_RUNS = 5;

function bareNode(): number {
  const started = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return performance.now() - started;
}

async function startAndMeasure(data: string, onUrl: (url: string, started: number) => Promise<number>): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [LUACH, 'start', '--headless', '--port', '0', '--data', data], { stdio: ['ignore', 'pipe', 'ignore'] });
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
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const toModel = async (url: string, started: number) => {
  await (await fetch(new URL('model.json', url))).json();
  return performance.now() - started;
};

const existing = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-bench-restart-'));
await startAndMeasure(existing, toModel);

/** Forget the models the last run kept, as a change to the state made while the device was down does. */
function forgetKeptModel(data: string): void {
  const db = sqliteDatabase(path.join(data, 'cache.sqlite'));
  db.prepare('DELETE FROM kept_model').run();
  db.close();
}

const node: number[] = [];
const restart: number[] = [];
const unkept: number[] = [];
const fresh: number[] = [];
const model: number[] = [];
for (let i = 0; i < RUNS; i++) {
  node.push(bareNode());
  restart.push(await startAndMeasure(existing, toModel));
  forgetKeptModel(existing);
  unkept.push(await startAndMeasure(existing, toModel));
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-bench-fresh-'));
  fresh.push(await startAndMeasure(data, toModel));
  fs.rmSync(data, { recursive: true, force: true });
  const started = performance.now();
  spawnSync(process.execPath, [LUACH, 'model', '--data', existing]);
  model.push(performance.now() - started);
}
const baseline = median(node);
report('startup.bare_node', baseline, 'ms', { runs: RUNS, note: '`node -e 0`, interleaved with the figures below' });
report('startup.process_to_first_model', median(restart) / baseline, 'x bare node', {
  ms: median(restart),
  runs: RUNS,
  target: 2,
  cache: 'existing, keeping the model last shown',
});
report('startup.process_to_first_model_unkept', median(unkept) / baseline, 'x bare node', {
  ms: median(unkept),
  runs: RUNS,
  cache: 'existing, no usable kept model (state changed while down, or its validity ran out)',
});
report('startup.process_to_first_model_fresh', median(fresh) / baseline, 'x bare node', { ms: median(fresh), runs: RUNS, cache: 'created, demo seeded' });
report('startup.luach_model', median(model) / baseline, 'x bare node', { ms: median(model), runs: RUNS, target: 2, cache: 'existing' });

// The kiosk's window, already open (as a Chromium that outlived the restart is): each run sends it to the new address.
const kioskWindow = await launchKiosk();
const toPaint: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const { page } = kioskWindow;
    toPaint.push(
      await startAndMeasure(existing, async (url, started) => {
        await page.goto(url);
        await page.locator('.panel .time-row').first().waitFor({ state: 'visible' });
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        return performance.now() - started;
      }),
    );
    await page.goto('data:text/html,');
  }
} finally {
  await kioskWindow.close();
}
report('startup.process_to_first_paint', median(toPaint), 'ms', {
  runs: RUNS,
  target: 1000,
  note: 'existing cache; the kiosk window already open (Chromium started as the kiosk), sent to the new address',
});

/**
 * A Pi's restart: `luach start` with a screen starts its own kiosk (Debian's Chromium, headless
 * here), from spawn to the moment the log says the page drew; the process is stopped with SIGTERM,
 * as systemd stops it, which ends the kiosk too.
 */
async function startKioskAndMeasure(data: string): Promise<number> {
  fs.rmSync(path.join(data, 'logs'), { recursive: true, force: true });
  const log = path.join(data, 'logs', 'luach.log');
  const started = performance.now();
  const child = spawn(process.execPath, [LUACH, 'start', '--port', '0', '--data', data], {
    stdio: 'ignore',
    env: { ...process.env, ...SCREEN_ENV },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (let polls = 0; polls < 3000; polls++) {
      if (fs.existsSync(log) && /"event":"display\.(early-painted|first-paint)"/.test(fs.readFileSync(log, 'utf8'))) return performance.now() - started;
      if (child.exitCode !== null) break;
      await delay(10);
    }
    throw new Error(`the kiosk never drew: ${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : 'no log'}`);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const kiosk: number[] = [];
const kioskUnkept: number[] = [];
for (let i = 0; i < KIOSK_RUNS; i++) {
  kiosk.push(await startKioskAndMeasure(existing));
  forgetKeptModel(existing);
  kioskUnkept.push(await startKioskAndMeasure(existing));
}
fs.rmSync(existing, { recursive: true, force: true });
report('startup.process_to_first_paint_kiosk', median(kiosk), 'ms', {
  runs: KIOSK_RUNS,
  note: 'existing cache, keeping the model last shown; luach starts its own kiosk (headless Chromium), as on a Pi after a restart',
});
report('startup.process_to_first_paint_kiosk_unkept', median(kioskUnkept), 'ms', {
  runs: KIOSK_RUNS,
  note: 'the same with no usable kept model: the kiosk starts once the device is up',
});

const assets = path.join(ROOT, 'dist/display/assets');
const js = fs.readdirSync(assets).filter((f) => f.endsWith('.js'));
const gz = js.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(assets, f)), { level: 9 }).length, 0);
report('display.renderer_js_gzip', gz / 1024, 'KiB', { files: js.length, target: 80 });
