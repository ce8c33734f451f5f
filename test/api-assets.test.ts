import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTargetState } from '../cloud-sync/client/fetch-target-state.js';
import type { PairingAnswer } from '../cloud-sync/protocol/pairing.js';
import { TargetState } from '../cloud-sync/protocol/target-state.js';
import { directoryAssetStore } from '../cloud-sync/server/assets/asset-store.js';
import { CloudApi, JERUSALEM } from './support/cloud-api.js';
import { postJson } from './support/gateway-cloud.js';
import { LEAKY_SVG, mp4Boxes, picture, PLAIN_SVG, SCRIPTED_SVG } from './support/media-samples.js';

let api: CloudApi;
let synagogueId: string;
let paired: PairingAnswer;
let pairedB: PairingAnswer;
const store = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-assets-api-'));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function pair(client: CloudApi['a'], synagogue: string): Promise<PairingAnswer> {
  const deviceId = (await client.post('/devices', { name: 'Hall', synagogueId: synagogue })).json.id as string;
  const { code } = (await client.post(`/devices/${deviceId}/pairing-code`, {})).json as { code: string };
  return (await postJson(`${api.url}/device/v1/pair`, { code })).json as unknown as PairingAnswer;
}
const deviceGet = (answer: PairingAnswer, url: string, headers: Record<string, string> = {}) =>
  fetch(new URL(url, api.url), { headers: { Authorization: `Bearer ${answer.token}`, ...headers } });
const assetCount = () => api.cloud.as(api.a.userId, (db) => db.uploadAsset.count());

beforeAll(async () => {
  api = await CloudApi.start({ assets: directoryAssetStore(store) });
  synagogueId = (await api.a.post('/synagogues', JERUSALEM)).json.id as string;
  paired = await pair(api.a, synagogueId);
  pairedB = await pair(api.b, (await api.b.post('/synagogues', JERUSALEM)).json.id as string);
});
afterAll(async () => {
  await api?.stop();
  fs.rmSync(store, { recursive: true, force: true });
});

describe('uploading pictures and videos', () => {
  it('keeps a PNG by its content, with its size, hash and dimensions, for its owner only', async () => {
    const png = await picture(640, 200, 'png');
    const uploaded = await api.a.upload('/assets?fileName=logo.png&purpose=logo', png, 'image/png');
    expect(uploaded.status).toBe(201);
    expect(uploaded.json).toMatchObject({ mimeType: 'image/png', sizeBytes: png.length, sha256: sha256(png), width: 640, height: 200, purpose: 'logo' });
    const file = await api.a.bytes(`/assets/${uploaded.json.id}/file`);
    expect(file.body).toEqual(png);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect((await api.a.get('/assets')).json.items!.map((a) => a.id)).toContain(uploaded.json.id);
    expect((await api.b.get(`/assets/${uploaded.json.id}`)).status).toBe(404);
    expect((await api.b.get('/assets')).json.items).toEqual([]);
  });

  it('makes a photo larger than any screen smaller, once, upright and without its metadata', async () => {
    const photo = await sharp({ create: { width: 4320, height: 2880, channels: 3, background: '#a33' } })
      .withMetadata({ exif: { IFD0: { Artist: 'somebody', ImageDescription: 'gps would be here' } } })
      .jpeg()
      .toBuffer();
    const uploaded = await api.a.upload('/assets?fileName=kiddush.jpg&purpose=slide', photo, 'image/jpeg');
    expect(uploaded.status).toBe(201);
    expect(uploaded.json).toMatchObject({ width: 3240, height: 2160, downscaledFrom: { width: 4320, height: 2880 } });
    const kept = (await api.a.bytes(`/assets/${uploaded.json.id}/file`)).body;
    expect(sha256(kept)).toBe(uploaded.json.sha256);
    const meta = await sharp(kept).metadata();
    expect([meta.width, meta.height, meta.exif]).toEqual([3240, 2160, undefined]);
  });

  it('accepts a plain SVG, WebP, AVIF and an H.264 MP4 (with its length)', async () => {
    expect((await api.a.upload('/assets?fileName=logo.svg', PLAIN_SVG, 'image/svg+xml')).json).toMatchObject({
      mimeType: 'image/svg+xml',
      width: 200,
      height: 100,
    });
    expect((await api.a.upload('/assets', await picture(20, 10, 'webp'), 'image/webp')).json).toMatchObject({ mimeType: 'image/webp', width: 20 });
    expect((await api.a.upload('/assets', await picture(20, 10, 'avif'), 'image/avif')).json).toMatchObject({ mimeType: 'image/avif', height: 10 });
    expect((await api.a.upload('/assets?fileName=chanukah.mp4', mp4Boxes('avc1'), 'video/mp4')).json).toMatchObject({
      mimeType: 'video/mp4',
      durationMs: 4200,
    });
  });

  it.each([
    ['a JPEG sent as a PNG', async () => [await picture(10, 10, 'jpeg'), 'image/png'], 415, 'content-mismatch', /its content is a JPEG image/],
    [
      'a text file',
      async () => [Buffer.from('hello, not a picture'), 'application/octet-stream'],
      415,
      'unsupported-media-type',
      /PNG, JPEG, WebP, AVIF or SVG/,
    ],
    ['an SVG with a script', async () => [SCRIPTED_SVG, 'image/svg+xml'], 400, 'unsafe-svg', /<script>/],
    ['an SVG that loads a file from elsewhere', async () => [LEAKY_SVG, 'image/svg+xml'], 400, 'unsafe-svg', /outside itself/],
    [
      'a PNG cut short',
      async () => [(await picture(300, 300, 'png', '#123456')).subarray(0, 200), 'image/png'],
      400,
      'undecodable-image',
      /cut short or damaged/,
    ],
    ['an HEVC MP4', async () => [mp4Boxes('hvc1'), 'video/mp4'], 415, 'unsupported-codec', /H\.264.*hvc1/],
    ['an MP4 without its index', async () => [mp4Boxes('avc1', { withIndex: false }), 'video/mp4'], 400, 'incomplete-video', /moov/],
    [
      'a picture over 25 MiB',
      async () => [Buffer.concat([await picture(10, 10, 'png'), Buffer.alloc(26 * 1024 * 1024)]), 'image/png'],
      413,
      'file-too-large',
      /at most 25 MiB/,
    ],
  ] as const)('refuses %s, saying why, and keeps nothing', async (_name, make, status, error, message) => {
    const before = await assetCount();
    const [bytes, type] = await make();
    const answer = await api.a.upload('/assets', bytes as Buffer, type as string);
    expect(answer.status).toBe(status);
    expect(answer.json.error).toBe(error);
    expect(answer.json.message).toMatch(message);
    expect(await assetCount()).toBe(before);
  });
});

describe('assets in the target state', () => {
  it('carries the logo and each slide’s image with their hash, size and where the device fetches them', async () => {
    const logo = (await api.a.upload('/assets?fileName=logo.png', await picture(300, 100, 'png'), 'image/png')).json;
    const image = (await api.a.upload('/assets?fileName=simcha.webp', await picture(800, 450, 'webp'), 'image/webp')).json;
    const video = (await api.a.upload('/assets?fileName=v.mp4', mp4Boxes('avc1'), 'video/mp4')).json;
    expect((await api.a.patch(`/synagogues/${synagogueId}`, { logoAssetId: logo.id })).status).toBe(200);
    expect((await api.a.post('/slides', { slide: 'custom', title: 'Mazal tov', imageAssetId: image.id })).status).toBe(201);
    const wrongKind = await api.a.post('/slides', { slide: 'custom', imageAssetId: video.id });
    expect([wrongKind.status, wrongKind.json.fields]).toEqual([400, { imageAssetId: expect.stringMatching(/video\/mp4; this field takes an image/) }]);
    const othersAsset = (await api.b.upload('/assets', await picture(5, 5, 'png'), 'image/png')).json;
    const foreign = await api.a.post('/slides', { slide: 'custom', imageAssetId: othersAsset.id });
    expect([foreign.status, foreign.json.fields]).toEqual([400, { imageAssetId: expect.stringMatching(/no asset .* in this account/) }]);

    const fetched = await fetchTargetState({ apiUrl: api.url, deviceId: paired.deviceId, token: paired.token, etag: null });
    if (fetched.kind !== 'changed') throw new Error(`no state: ${fetched.kind}`);
    const state = TargetState.parse(fetched.body);
    expect(state.assets.map((a) => a.id).sort()).toEqual([logo.id, image.id].sort());
    const ref = state.assets.find((a) => a.id === image.id)!;
    expect(ref).toMatchObject({
      sha256: image.sha256,
      sizeBytes: image.sizeBytes,
      mimeType: 'image/webp',
      width: 800,
      height: 450,
      url: `/device/v1/assets/${image.id}`,
    });

    const whole = await deviceGet(paired, ref.url);
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(sha256(new Uint8Array(bytes))).toBe(ref.sha256);
    // A download resumed where it was cut, and a middle piece: exactly those bytes, streamed from the store.
    const rest = await deviceGet(paired, ref.url, { Range: 'bytes=100-' });
    expect([rest.status, rest.headers.get('content-range')]).toEqual([206, `bytes 100-${ref.sizeBytes - 1}/${ref.sizeBytes}`]);
    expect(Buffer.from(await rest.arrayBuffer()).equals(bytes.subarray(100))).toBe(true);
    const piece = await deviceGet(paired, ref.url, { Range: 'bytes=10-19' });
    expect([piece.status, piece.headers.get('content-length')]).toEqual([206, '10']);
    expect(Buffer.from(await piece.arrayBuffer()).equals(bytes.subarray(10, 20))).toBe(true);
    expect((await deviceGet(paired, ref.url, { Range: `bytes=${ref.sizeBytes}-` })).status).toBe(416);
    expect((await deviceGet(pairedB, ref.url)).status).toBe(404);
    expect((await fetch(new URL(ref.url, api.url))).status).toBe(401);
  });

  it('keeps an asset a slide shows from being deleted, and deletes one nothing shows', async () => {
    const used = (await api.a.upload('/assets', await picture(30, 30, 'png', '#010203'), 'image/png')).json;
    await api.a.post('/slides', { slide: 'custom', imageAssetId: used.id });
    const refused = await api.a.delete(`/assets/${used.id}`);
    expect([refused.status, refused.json.message]).toEqual([409, expect.stringMatching(/1 slides/)]);
    const unused = (await api.a.upload('/assets', await picture(31, 31, 'png'), 'image/png')).json;
    expect((await api.a.delete(`/assets/${unused.id}`)).status).toBe(204);
    expect((await api.a.get(`/assets/${unused.id}`)).status).toBe(404);
  });
});
