import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadScreenshot } from '../cloud-sync/client/upload-screenshot.js';
import type { PairingAnswer } from '../cloud-sync/protocol/pairing.js';
import { directoryAssetStore } from '../cloud-sync/server/assets/asset-store.js';
import { CloudApi, JERUSALEM } from './support/cloud-api.js';
import { postJson } from './support/gateway-cloud.js';
import { TINY_PNG } from './support/recording-effects.js';

let api: CloudApi;
let deviceId: string;
let paired: PairingAnswer;
const assets = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-assets-'));

beforeAll(async () => {
  api = await CloudApi.start({ assets: directoryAssetStore(assets) });
  const synagogueId = (await api.a.post('/synagogues', JERUSALEM)).json.id;
  deviceId = (await api.a.post('/devices', { name: 'Hall', synagogueId })).json.id as string;
  const { code } = (await api.a.post(`/devices/${deviceId}/pairing-code`, {})).json as { code: string };
  paired = (await postJson(`${api.url}/device/v1/pair`, { code })).json as unknown as PairingAnswer;
});
afterAll(async () => {
  await api?.stop();
  fs.rmSync(assets, { recursive: true, force: true });
});

describe('screenshots', () => {
  it('what a screen uploads is listed for its owner and served as a PNG, to no one else', async () => {
    const id = await uploadScreenshot({ apiUrl: api.url, token: paired.token, png: TINY_PNG });
    const list = await api.a.get(`/devices/${deviceId}/screenshots`);
    expect(list.json.items).toEqual([expect.objectContaining({ id, deviceId, width: 1, height: 1, url: `/api/v1/screenshots/${id}` })]);
    const png = await api.a.get(`/screenshots/${id}`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await api.b.get(`/screenshots/${id}`)).status).toBe(404);
    expect((await api.b.get(`/devices/${deviceId}/screenshots`)).status).toBe(404);
  });

  it('the pairing itself is in the owner’s audit trail', async () => {
    const trail = await api.a.get(`/audit?entityId=${deviceId}`);
    expect(trail.json.items!.map((e) => e.action)).toEqual(expect.arrayContaining(['paired', 'pairing-code', 'create']));
  });
});
