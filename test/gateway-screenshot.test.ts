import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadScreenshot } from '../cloud-sync/client/upload-screenshot.js';
import { DEVICE_HTTP } from '../cloud-sync/protocol/device-http.js';
import { createGateway, type Gateway } from '../cloud-sync/server/gateway.js';
import { directoryAssetStore } from '../cloud-sync/server/assets/asset-store.js';
import { capturingLogger, GatewayCloud, postJson } from './support/gateway-cloud.js';
import { TINY_PNG } from './support/recording-effects.js';

let cloud: GatewayCloud;
let gateway: Gateway;
let bare: Gateway;
let apiUrl: string;
let bareUrl: string;
let token: string;

beforeAll(async () => {
  cloud = GatewayCloud.open();
  await cloud.addTenant('tenant-shot', { deviceId: 'wall-shot', synagogueName: 'Beit Knesset HaGadol' });
  await cloud.addTenant('tenant-else', { deviceId: 'wall-else', synagogueName: 'Elsewhere' });
  gateway = createGateway({ prisma: cloud.db, logger: capturingLogger().logger, assets: directoryAssetStore(path.join(cloud.dir, 'assets')) });
  bare = createGateway({ prisma: cloud.db, logger: capturingLogger().logger });
  [{ url: apiUrl }, { url: bareUrl }] = await Promise.all([gateway.start(0), bare.start(0)]);
  const { code } = await cloud.pairingCode('tenant-shot', 'wall-shot');
  token = (await postJson(`${apiUrl}/device/v1/pair`, { code })).json.token as string;
});
afterAll(async () => {
  await gateway?.stop();
  await bare?.stop();
  await cloud?.dispose();
});

describe('screenshot uploads', () => {
  it('keep the PNG for the device’s owner only and answer with its id', async () => {
    const id = await uploadScreenshot({ apiUrl, token, png: TINY_PNG });
    const mine = await cloud.as('tenant-shot', (db) => db.uploadAsset.findMany());
    expect(mine).toEqual([expect.objectContaining({ id, mimeType: 'image/png', sizeBytes: TINY_PNG.length, width: 1, height: 1 })]);
    expect(fs.readFileSync(path.join(cloud.dir, 'assets', mine[0]!.storageKey))).toEqual(TINY_PNG);
    expect(await cloud.as('tenant-else', (db) => db.uploadAsset.findMany())).toEqual([]);
  });

  it('refuse a body that is not a PNG, and store nothing', async () => {
    const before = await cloud.as('tenant-shot', (db) => db.uploadAsset.count());
    const response = await fetch(new URL(DEVICE_HTTP.screenshots, apiUrl), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'image/png' },
      body: '<script>alert(1)</script>',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'not-a-png' });
    expect(await cloud.as('tenant-shot', (db) => db.uploadAsset.count())).toBe(before);
  });

  it('refuse a device without valid credentials', async () => {
    await expect(uploadScreenshot({ apiUrl, token: 'nobody.secret', png: TINY_PNG })).rejects.toThrow(/401/);
  });

  it('say so when the gateway keeps no uploads', async () => {
    await expect(uploadScreenshot({ apiUrl: bareUrl, token, png: TINY_PNG })).rejects.toThrow(/501/);
  });
});
