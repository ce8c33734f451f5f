// A new image slide, from its upload through /api/v1 until the paired wall draws the picture: the
// upload's checks, the slide's save, the nudge, the runtime's sync, the asset's download and
// sha256 check, the model and Chromium's decode and paint (the built runtime, headless). Five in
// a row; the median and the slowest. Run: npm run build && node --import tsx bench/image-to-wall.ts
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { directoryAssetStore } from '../cloud-sync/server/assets/asset-store.js';
import { launchChromium } from '../test/support/chromium.js';
import { JERUSALEM } from '../test/support/cloud-api.js';
import { CloudStack } from '../test/support/cloud-stack.js';
import { startLuach } from '../test/support/luach-process.js';
import { picture } from '../test/support/media-samples.js';
import { median, report } from './support/report.js';

const SLIDES = 5;
const run = promisify(execFile);
const store = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'luach-bench-assets-'));
const stack = await CloudStack.start({ assets: directoryAssetStore(store) }, 'bench-image');
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
  const samples: number[] = [];
  let previous: string | undefined;
  for (let i = 1; i <= SLIDES; i++) {
    // A photo of a simcha as a phone sends it: 1920x1080 JPEG, a new colour each time (a new file).
    const photo = await picture(1920, 1080, 'jpeg', `hsl(${i * 60}, 60%, 40%)`);
    const t0 = performance.now();
    const uploaded = await a.upload(`/assets?fileName=simcha-${i}.jpg`, photo, 'image/jpeg');
    if (uploaded.status !== 201) throw new Error(`upload ${i} refused: ${uploaded.text}`);
    const body = { slide: 'custom', title: `Mazal tov ${i}`, imageAssetId: uploaded.json.id, durationSeconds: 600 };
    const saved = previous ? await a.patch(`/slides/${previous}`, body) : await a.post('/slides', body);
    if (saved.status !== 200 && saved.status !== 201) throw new Error(`slide ${i} refused: ${saved.text}`);
    previous ??= String(saved.json.id);
    await page.waitForFunction(
      (sha) => {
        const img = document.querySelector<HTMLImageElement>('.slide:not(.leaving) img.custom-image');
        return img !== null && img.src.endsWith(sha) && img.complete && img.naturalWidth > 0;
      },
      String(uploaded.json.sha256),
      { timeout: 30_000 },
    );
    samples.push(performance.now() - t0);
  }
  report('assets.image-slide-to-wall.median', median(samples), 'ms', {
    slowest: Math.round(Math.max(...samples)),
    slides: SLIDES,
    note: 'upload (1920x1080 JPEG, decoded whole by the gateway) + save + nudge + sync + download + verify + decode + paint',
  });
} finally {
  await page.close();
  await luach.stop();
  await browser.close();
  await stack.stop();
  fs.rmSync(store, { recursive: true, force: true });
}
