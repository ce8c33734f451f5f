import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TargetState } from '../protocol/target-state.js';
import type { PrismaClient } from '../../prisma/generated/sqlite/index.js';
import { tenantOwned } from '../../prisma/tenancy/index.js';
import { buildTargetState, TargetStateUnavailable } from './build-target-state.js';
import { rolloutBucket } from './desired-software.js';
import { asDeviceOwner, asGateway, openSqliteGatewayDb, type GatewayDb } from './gateway-db.js';

const TENANT = 'tenant-a';
const NOW = new Date('2026-11-25T10:00:00Z');
const silent = pino({ level: 'silent' });
let dir: string;
let client: PrismaClient;
let db: GatewayDb;
let device: { id: string; synagogueId: string | null };

const build = () => asDeviceOwner(TENANT, () => buildTargetState(db, device, NOW, silent));
const asTenant = <T>(fn: () => T) => asDeviceOwner(TENANT, fn);
const release = (version: string, extra: object = {}) =>
  asTenant(() =>
    db.softwareUpdate.create({
      data: tenantOwned({
        version,
        url: `https://updates.example/luach-${version}.deb`,
        sha256: 'a'.repeat(64),
        signature: 'sig',
        status: 'published',
        publishedAt: NOW,
        ...extra,
      }),
    }),
  );

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-build-state-'));
  ({ client, db } = openSqliteGatewayDb(path.join(dir, 'cloud.db')));
  const synagogue = await asGateway(() =>
    db.synagogue.create({ data: { userId: TENANT, name: 'Beit El', latitude: 31.77, longitude: 35.21, timezone: 'Asia/Jerusalem' } }),
  );
  await asGateway(() =>
    db.device.create({ data: { id: 'dev-1', userId: TENANT, name: 'hall', credentialId: 'pending-dev-1', synagogueId: synagogue.id, status: 'active' } }),
  );
  device = { id: 'dev-1', synagogueId: synagogue.id };
});
afterEach(async () => {
  await client.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('buildTargetState', () => {
  it('gives a device without settings or configuration the defaults every device knows', async () => {
    const { state, omitted } = await build();
    const parsed = TargetState.parse(state);
    expect(parsed.settings).toMatchObject({ id: 'default-settings-dev-1', language: 'he', yahrzeitWindow: { kind: 'week' } });
    expect(parsed.configuration).toMatchObject({ id: 'default-configuration-dev-1', syncCron: '*/15 * * * *' });
    expect(state).not.toHaveProperty('software');
    expect(omitted).toEqual([]);
  });

  it('falls back to default settings when the stored ones fail the wire schema, and says so', async () => {
    await asTenant(() => db.deviceSettings.create({ data: tenantOwned({ deviceId: 'dev-1', language: 'fr' }) }));
    const { state, omitted } = await build();
    expect(TargetState.parse(state).settings.language).toBe('he');
    expect(omitted).toEqual([{ collection: 'DeviceSettings', id: expect.any(String), problems: [expect.stringMatching(/^language: /)] }]);
  });

  it('refuses to build without a usable synagogue, naming what to fix', async () => {
    await expect(asDeviceOwner(TENANT, () => buildTargetState(db, { ...device, synagogueId: null }, NOW, silent))).rejects.toThrow(TargetStateUnavailable);
    await asTenant(() => db.synagogue.update({ where: { id: device.synagogueId! }, data: { latitude: 123 } }));
    await expect(build()).rejects.toThrow(/fails the wire schema \(latitude: /);
  });

  it('keeps the ETag when only generatedAt would differ, and changes it with the content', async () => {
    const first = await build();
    expect((await build()).etag).toBe(first.etag);
    await asTenant(() => db.generalMessage.create({ data: tenantOwned({ body: 'Shiur moved to the small hall' }) }));
    expect((await build()).etag).not.toBe(first.etag);
  });

  it('offers the newest published stable release that targets the device and includes it in its rollout', async () => {
    await release('1.0.0', { publishedAt: new Date('2026-10-01T00:00:00Z') });
    await release('1.1.0', { status: 'draft' });
    await release('1.2.0', { targetDeviceIds: ['another-device'] });
    await release('1.3.0', { channel: 'beta' });
    expect((await build()).state.software).toMatchObject({ version: '1.0.0', channel: 'stable' });
    const staged = await release('1.4.0', { rolloutPercent: 0 });
    expect((await build()).state.software).toMatchObject({ version: '1.0.0' });
    await asTenant(() => db.softwareUpdate.update({ where: { id: staged.id }, data: { rolloutPercent: rolloutBucket(staged.id, 'dev-1') + 1 } }));
    expect((await build()).state.software).toMatchObject({ version: '1.4.0' });
  });
});
