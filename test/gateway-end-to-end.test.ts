import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTargetState } from '../cloud-sync/client/fetch-target-state.js';
import { createGateway, type Gateway } from '../cloud-sync/server/gateway.js';
import { openCache } from '../device/cache/open-cache.js';
import { applyTargetState, readAppliedState, readSnapshot } from '../device/cache/target-state-store.js';
import { buildDisplayModel } from '../device/model/build-display-model.js';
import { tenantOwned } from '../prisma/tenancy/index.js';
import { capturingLogger, GatewayCloud, postJson } from './support/gateway-cloud.js';

const TENANT = 'tenant-e2e';
const DEVICE = 'display-e2e';
/** A Wednesday noon in Jerusalem: Shacharit is past, Maariv still ahead, so the board shows today. */
const NOON = new Date('2026-11-25T10:00:00Z');
let cloud: GatewayCloud;
let gateway: Gateway;
let apiUrl: string;

beforeAll(async () => {
  cloud = GatewayCloud.open();
  await cloud.addTenant(TENANT, { deviceId: DEVICE, synagogueName: 'Kehilat Netzach Yisrael' });
  await cloud.addTenant('tenant-other', { deviceId: 'display-other', synagogueName: 'Another shul' });
  await cloud.as(TENANT, async (db) => {
    await db.tfilaTime.create({ data: tenantOwned({ name: 'שחרית ותיקין', category: 'shacharit', time: { kind: 'fixed', time: '06:45' }, sortOrder: 1 }) });
    await db.tfilaTime.create({ data: tenantOwned({ name: 'ערבית', category: 'maariv', time: { kind: 'fixed', time: '20:15' }, sortOrder: 3 }) });
  });
  await cloud.as('tenant-other', (db) => db.tfilaTime.create({ data: tenantOwned({ name: 'מנחה של אחרים', time: { kind: 'fixed', time: '13:13' } }) }));
  gateway = createGateway({ prisma: cloud.db, logger: capturingLogger().logger });
  ({ url: apiUrl } = await gateway.start(0));
});
afterAll(async () => {
  await gateway?.stop();
  await cloud?.dispose();
});

describe('cloud to wall', () => {
  it("pairs, syncs through the device client into a real cache, and the wall shows the cloud's synagogue and prayer time", async () => {
    const { code } = await cloud.pairingCode(TENANT, DEVICE);
    const { json: paired } = await postJson(`${apiUrl}/device/v1/pair`, { code });
    const token = paired.token as string;

    const { db } = openCache(path.join(cloud.dir, 'device', 'cache.db'), NOON);
    try {
      const fetched = await fetchTargetState({ apiUrl, deviceId: DEVICE, token, etag: null });
      if (fetched.kind !== 'changed') throw new Error(`expected a new state, got ${JSON.stringify(fetched)}`);
      applyTargetState(db, fetched.body, { etag: fetched.etag, source: 'cloud', now: NOON });
      expect(readAppliedState(db)?.etag).toBe(fetched.etag);

      const model = buildDisplayModel({ snapshot: readSnapshot(db)!, now: NOON, clockVerified: true, online: true });
      expect(model.header.synagogueName).toBe('Kehilat Netzach Yisrael');
      expect(model.status.source).toBe('cloud');
      expect(model.todayPrayerTimes).toContainEqual(expect.objectContaining({ label: 'שחרית ותיקין', time: '06:45', state: 'past' }));
      expect(model.todayPrayerTimes).toContainEqual(expect.objectContaining({ label: 'ערבית', time: '20:15' }));
      expect(JSON.stringify(model)).not.toContain('מנחה של אחרים');

      // The next sync with the applied tag is a 304, and the cloud records what the device holds.
      expect(await fetchTargetState({ apiUrl, deviceId: DEVICE, token, etag: fetched.etag })).toEqual({ kind: 'unchanged', etag: fetched.etag });
      expect((await cloud.admin((d) => d.device.findUniqueOrThrow({ where: { id: DEVICE } }))).appliedStateEtag).toBe(fetched.etag);

      // The gabbai moves Maariv; the device's next sync brings it to the wall.
      await cloud.as(TENANT, (d) => d.tfilaTime.updateMany({ where: { name: 'ערבית' }, data: { time: { kind: 'fixed', time: '20:30' } } }));
      const moved = await fetchTargetState({ apiUrl, deviceId: DEVICE, token, etag: fetched.etag });
      if (moved.kind !== 'changed') throw new Error(`expected the moved Maariv, got ${moved.kind}`);
      applyTargetState(db, moved.body, { etag: moved.etag, source: 'cloud', now: NOON });
      const after = buildDisplayModel({ snapshot: readSnapshot(db)!, now: NOON, clockVerified: true, online: true });
      expect(after.todayPrayerTimes).toContainEqual(expect.objectContaining({ label: 'ערבית', time: '20:30' }));
    } finally {
      db.close();
    }
  });

  it('a device whose credentials were revoked is told to re-pair', async () => {
    const { code } = await cloud.pairingCode('tenant-other', 'display-other');
    const { json: paired } = await postJson(`${apiUrl}/device/v1/pair`, { code });
    await cloud.as('tenant-other', (d) => d.device.update({ where: { id: 'display-other' }, data: { revokedAt: new Date() } }));
    const outcome = await fetchTargetState({ apiUrl, deviceId: 'display-other', token: paired.token as string, etag: null });
    expect(outcome).toMatchObject({ kind: 'refused', status: 401, reason: expect.stringMatching(/re-pair/) });
  });
});
