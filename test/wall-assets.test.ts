import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PairingAnswer } from '../cloud-sync/protocol/pairing.js';
import { directoryAssetStore } from '../cloud-sync/server/assets/asset-store.js';
import { launchChromium } from './support/chromium.js';
import { CloudApi, JERUSALEM } from './support/cloud-api.js';
import { postJson } from './support/gateway-cloud.js';
import { startLuach, type LuachProcess } from './support/luach-process.js';
import { picture } from './support/media-samples.js';

// The whole path of a picture: uploaded through the people's API, named in the state, fetched
// and verified by the runtime, served from the display's own origin, drawn by Chromium; and
// still there with the cloud gone and the runtime restarted.
const ROOT = path.resolve(import.meta.dirname, '..');
let api: CloudApi;
let browser: Browser;
let luach: LuachProcess | undefined;
const store = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-wall-assets-store-'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-wall-assets-'));
const ids: Record<string, string> = {};

/** A few seconds of VP8 made by Chromium itself (MediaRecorder on a canvas): a real WebM, no fixture, no ffmpeg. */
async function recordWebm(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 160;
    canvas.height = 90;
    const draw = canvas.getContext('2d')!;
    const recorder = new MediaRecorder(canvas.captureStream(15), { mimeType: 'video/webm;codecs=vp8' });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    const stopped = new Promise((resolve) => (recorder.onstop = resolve));
    recorder.start();
    for (let frame = 0; frame < 20; frame++) {
      draw.fillStyle = `hsl(${frame * 18}, 80%, 50%)`;
      draw.fillRect(0, 0, 160, 90);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    recorder.stop();
    await stopped;
    const bytes = new Uint8Array(await new Blob(chunks, { type: 'video/webm' }).arrayBuffer());
    let text = '';
    for (const byte of bytes) text += String.fromCharCode(byte);
    return btoa(text);
  });
  return Buffer.from(base64, 'base64');
}

async function wall(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(luach!.url);
  return page;
}

/** What the wall shows of pictures: the logo, and each picture or video of the slide on screen, with whether it is drawn. */
const shown = (page: Page) =>
  page.evaluate(() => {
    const logo = document.querySelector<HTMLImageElement>('img.logo, header img');
    const media = Array.from(document.querySelectorAll<HTMLImageElement | HTMLVideoElement>('.slide:not(.leaving) .custom-image'));
    return {
      logo: logo && !logo.hidden && logo.complete && logo.naturalWidth > 0 ? new URL(logo.src).pathname : null,
      slides: media.map((m) =>
        m instanceof HTMLVideoElement
          ? { video: new URL(m.src).pathname, playing: !m.paused && m.currentTime > 0, muted: m.muted }
          : { image: new URL(m.src).pathname, drawn: m.complete && m.naturalWidth > 0 },
      ),
      broken: Array.from(document.images).filter((img) => img.complete && img.naturalWidth === 0 && img.getAttribute('src')).length,
    };
  });

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms / 1000} s; last seen: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await read();
  }
  return last;
}

beforeAll(async () => {
  browser = await launchChromium();
  api = await CloudApi.start({ assets: directoryAssetStore(store) });
  const synagogueId = (await api.a.post('/synagogues', { ...JERUSALEM, name: 'Ohel Moshe' })).json.id as string;
  const upload = async (name: string, bytes: Buffer, type: string) => {
    const answer = await api.a.upload(`/assets?fileName=${name}`, bytes, type);
    if (answer.status !== 201) throw new Error(`upload of ${name} refused: ${answer.text}`);
    return answer.json as { id: string; sha256: string; sizeBytes: number };
  };
  const logo = await upload('logo.png', await picture(240, 120, 'png', '#c8a000'), 'image/png');
  const simcha = await upload('simcha.jpg', await picture(1600, 900, 'jpeg', '#2a6f3a'), 'image/jpeg');
  const recorder = await browser.newPage();
  await recorder.goto('about:blank');
  const video = await upload('chanukah.webm', await recordWebm(recorder), 'video/webm');
  await recorder.close();
  const tampered = await upload('tampered.png', await picture(64, 64, 'png', '#ff0000'), 'image/png');
  // The store's copy no longer matches the hash the cloud recorded: the device must refuse it.
  const row = await api.cloud.as(api.a.userId, (db) => db.uploadAsset.findUniqueOrThrow({ where: { id: tampered.id } }));
  fs.writeFileSync(path.join(store, row.storageKey), await picture(64, 64, 'png', '#00ff00'));
  Object.assign(ids, { logo: logo.id, logoSha: logo.sha256, simchaSha: simcha.sha256, videoSha: video.sha256, tampered: tampered.id });

  await api.a.patch(`/synagogues/${synagogueId}`, { logoAssetId: logo.id });
  for (const slide of [
    { title: 'Mazal tov', imageAssetId: simcha.id, sortOrder: 1 },
    { title: 'Chanukah', videoAssetId: video.id, videoRepeat: 'loop', sortOrder: 2 },
    { title: 'Never shown', imageAssetId: tampered.id, sortOrder: 3 },
  ]) {
    const created = await api.a.post('/slides', { slide: 'custom', durationSeconds: 3, ...slide });
    if (created.status !== 201) throw new Error(`slide refused: ${created.text}`);
  }
  const deviceId = (await api.a.post('/devices', { name: 'Hall', synagogueId })).json.id as string;
  const { code } = (await api.a.post(`/devices/${deviceId}/pairing-code`, {})).json as { code: string };
  const paired = (await postJson(`${api.url}/device/v1/pair`, { code })).json as unknown as PairingAnswer;
  fs.writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ cloud: { apiUrl: api.url, deviceId: paired.deviceId, token: paired.token } }));
}, 90_000);
afterAll(async () => {
  await luach?.stop();
  await browser?.close();
  await api?.stop();
  fs.rmSync(store, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('pictures and video on the wall', () => {
  it('shows the logo, the image slide and the video slide (muted, playing), and never the file that fails its hash', { timeout: 120_000 }, async () => {
    luach = await startLuach(dataDir);
    const page = await wall();
    await until(
      'the logo beside the name',
      () => shown(page),
      (s) => s.logo === `/media/${ids.logoSha}`,
    );
    const seen = new Set<string>();
    await until(
      'the image slide, drawn, and the video slide, playing',
      async () => {
        const now = await shown(page);
        for (const slide of now.slides) {
          if ('image' in slide && slide.drawn) seen.add(slide.image);
          if ('video' in slide && slide.playing && slide.muted) seen.add(slide.video);
        }
        expect(now.broken).toBe(0);
        return [...seen];
      },
      (s) => s.includes(`/media/${ids.simchaSha}`) && s.includes(`/media/${ids.videoSha}`),
      60_000,
    );
    expect([...seen].some((url) => !url.endsWith(ids.simchaSha!) && !url.endsWith(ids.videoSha!))).toBe(false);
    const model = await (await fetch(new URL('model.json', luach.url))).json();
    expect(model.slides.map((s: { title: string }) => s.title)).not.toContain('Never shown');
    const doctor = JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'bin', 'luach.js'), 'doctor', '--data', dataDir], { encoding: 'utf8' }));
    expect(doctor.assets.missing).toEqual([
      expect.objectContaining({ id: ids.tampered, reason: expect.stringMatching(/sha256 .* not the .* the state names/) }),
    ]);
    await page.close();
  });

  it('keeps them after the cloud is gone and the runtime restarts', { timeout: 120_000 }, async () => {
    await api.gateway.stop();
    await luach!.stop();
    luach = await startLuach(dataDir);
    const page = await wall();
    const seen = await until(
      'the logo and the image slide from the cache',
      async () => shown(page),
      (s) => s.logo === `/media/${ids.logoSha}` && s.slides.some((m) => 'image' in m && m.drawn),
      60_000,
    );
    expect(seen.broken).toBe(0);
    await page.screenshot({ path: path.join(os.tmpdir(), 'luach-wall-assets.png') });
    await page.close();
  });
});
