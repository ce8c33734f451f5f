// The renderer across 1,000 image-slide transitions: a playlist of full-HD photos (a simcha, a
// shiur's poster) turning every ten seconds, as a wall shows them for weeks. Reported: the
// renderer's CPU per transition, its JS heap after a forced GC and its resident memory (decoded
// pictures live outside the JS heap), early in the run against late. Budget: no growth beyond 10%. Time is Chromium's virtual time
// (bench/support/virtual-time.ts). Run: npm run build && node --import tsx bench/display-image-slides.ts
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CDPSession } from 'playwright-core';
import type { Slide } from '../device/model/display-model.js';
import { launchChromium } from '../test/support/chromium.js';
import { picture } from '../test/support/media-samples.js';
import { demoModel, serveModels, WEDNESDAY_AFTERNOON } from '../test/support/model-server.js';
import { sampleChromiumTree } from './support/process-tree-cpu.js';
import { median, report } from './support/report.js';
import { advance, heapAfterGc, openVirtualTimeWall } from './support/virtual-time.js';

const TRANSITIONS = 1000;
const SLIDE_SECONDS = 10;
const PHOTOS = 6;

// Six photos as a phone sends them (1920x1080 JPEG), each its own file in a content-addressed store.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-bench-images-'));
const files = new Map<string, string>();
for (let i = 0; i < PHOTOS; i++) {
  const bytes = await picture(1920, 1080, 'jpeg', `hsl(${i * 60}, 55%, 45%)`);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  fs.writeFileSync(path.join(dir, sha256), bytes);
  files.set(sha256, path.join(dir, sha256));
}
const media = { lookup: (sha256: string) => (files.has(sha256) ? { file: files.get(sha256)!, mimeType: 'image/jpeg' } : undefined) };

const model = demoModel(WEDNESDAY_AFTERNOON);
model.slides = [...files.keys()].map((sha256, i): Slide => ({
  id: `photo-${i}`,
  kind: 'custom',
  title: `Mazal tov ${i + 1}`,
  durationSeconds: SLIDE_SECONDS,
  imageUrl: `/media/${sha256}`,
}));

/** Chromium's renderers (the page's, and any spare it keeps warm; headless Chromium's own webui aside): CPU seconds and resident MiB. */
function renderers(): { cpu: number; resident: number } {
  const found = sampleChromiumTree().filter((p) => p.kind === 'renderer');
  if (found.length === 0) throw new Error('no renderer process found');
  let resident = 0;
  for (const { pid } of found) resident += Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  return { cpu: found.reduce((sum, p) => sum + p.cpu, 0), resident };
}

/** Advance until `count` more slides have come in; returns the renderer's CPU seconds spent. */
async function transitions(session: CDPSession, seen: () => Promise<number>, count: number): Promise<number> {
  const before = renderers().cpu;
  const target = (await seen()) + count;
  // A picture is fetched and decoded in real time while virtual time waits for nothing: when a
  // step brought no slide, give the renderer a moment of real time before the next.
  const deadline = performance.now() + 60_000 + count * 1000;
  for (let shown = await seen(); shown < target;) {
    if (performance.now() > deadline) throw new Error(`the wall stopped turning at ${shown} of ${target} slides`);
    await advance(session, SLIDE_SECONDS * 1000);
    const now = await seen();
    if (now === shown) await new Promise((resolve) => setTimeout(resolve, 20));
    shown = now;
  }
  return renderers().cpu - before;
}

async function memory(session: CDPSession): Promise<{ heap: number; resident: number }> {
  // The last cross-fade ends and its slide leaves the DOM before anything is read.
  await advance(session, 2000);
  return { heap: (await heapAfterGc(session)) / 1024 / 1024, resident: renderers().resident };
}

const server = await serveModels(model, undefined, media);
const browser = await launchChromium();
try {
  const { page, session, transitions: seen } = await openVirtualTimeWall(browser, server.url, '.slide img.custom-image');

  // Ten blocks of a hundred transitions, each followed by a reading of memory. A renderer's
  // resident memory swings by a hundred MiB with its image caches and collections, so a growth
  // is the median of the last three readings against the median of the first three, not one
  // reading against another.
  await transitions(session, seen, 10);
  const blocks: { cpu: number; heap: number; resident: number }[] = [];
  for (let block = 0; block < TRANSITIONS / 100; block++) {
    const cpu = await transitions(session, seen, 100);
    blocks.push({ cpu, ...(await memory(session)) });
  }
  const shown = await page.locator('.slide:not(.leaving) img.custom-image').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
  if (!shown) throw new Error('after 1,000 transitions the slide on the wall has no picture');

  const early = (key: 'cpu' | 'heap' | 'resident') => median(blocks.slice(0, 3).map((b) => b[key]));
  const late = (key: 'cpu' | 'heap' | 'resident') => median(blocks.slice(-3).map((b) => b[key]));
  const growth = (key: 'cpu' | 'heap' | 'resident') => (100 * (late(key) - early(key))) / early(key);
  report('display.image_slides.cpu_per_transition', (1000 * late('cpu')) / 100, 'ms', {
    first300: (1000 * early('cpu')) / 100,
    growth: growth('cpu'),
    transitions: await seen(),
  });
  report('display.image_slides.heap_growth', growth('heap'), '%', { target: 10, earlyMiB: early('heap'), lateMiB: late('heap') });
  report('display.image_slides.resident_growth', growth('resident'), '%', {
    target: 10,
    earlyMiB: early('resident'),
    lateMiB: late('resident'),
    readings: blocks.map((b) => Math.round(b.resident)).join(' '),
  });
} finally {
  await browser.close();
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
