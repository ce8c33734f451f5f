// A gabbai's edit through /api/v1 until a paired wall shows it: the gateway's nudge, the runtime's
// sync, the model and Chromium's paint (the built runtime, headless, paired with `luach pair`).
// Ten edits in a row; the median and the slowest. Run: npm run build && node --import tsx bench/edit-to-wall.ts
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { launchChromium } from '../test/support/chromium.js';
import { JERUSALEM } from '../test/support/cloud-api.js';
import { CloudStack } from '../test/support/cloud-stack.js';
import { startLuach } from '../test/support/luach-process.js';
import { median, report } from './support/report.js';

const EDITS = 10;
const run = promisify(execFile);
const stack = await CloudStack.start({}, 'bench-wall');
const browser = await launchChromium();
const { a } = stack.api;
const synagogueId = (await a.post('/synagogues', JERUSALEM)).json.id;
const deviceId = (await a.post('/devices', { name: 'Hall', synagogueId })).json.id as string;
const { code } = (await a.post(`/devices/${deviceId}/pairing-code`, {})).json as { code: string };
const data = path.join(stack.api.cloud.dir, 'wall');
fs.mkdirSync(data, { recursive: true });
await run(process.execPath, [
  path.join(import.meta.dirname, '..', 'bin', 'luach.js'),
  'pair',
  '--data',
  data,
  '--api',
  stack.api.url,
  '--broker',
  stack.broker.url,
  '--code',
  code,
]);
const luach = await startLuach(data);
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
try {
  await page.goto(luach.url);
  await page.locator('.synagogue-name', { hasText: JERUSALEM.name }).waitFor({ timeout: 30_000 });
  const rule = await a.post('/prayer-times', { name: 'ערבית 0', category: 'maariv', time: { kind: 'fixed', time: '23:58' } });
  await page.locator('.panel .time-row .label', { hasText: 'ערבית 0' }).waitFor({ timeout: 30_000 });
  const samples: number[] = [];
  for (let i = 1; i <= EDITS; i++) {
    const t0 = performance.now();
    const changed = await a.patch(`/prayer-times/${String(rule.json.id)}`, { name: `ערבית ${i}` });
    if (changed.status !== 200) throw new Error(`edit ${i} refused: ${changed.text}`);
    await page.locator('.panel .time-row .label', { hasText: `ערבית ${i}` }).waitFor({ timeout: 30_000 });
    samples.push(performance.now() - t0);
  }
  report('api.edit-to-wall.median', median(samples), 'ms', {
    target: '<= 2000',
    slowest: Math.round(Math.max(...samples)),
    edits: EDITS,
    note: 'includes the PATCH (read for the ETag, then write)',
  });
} finally {
  await page.close();
  await luach.stop();
  await browser.close();
  await stack.stop();
}
