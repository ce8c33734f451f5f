import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopics } from '../cloud-sync/protocol/topics.js';
import type { UpdateReport } from '../cloud-sync/protocol/update-report.js';
import { createMqttIngest, type MqttIngest } from '../cloud-sync/server/mqtt-ingest.js';
import { tenantOwned } from '../prisma/tenancy/index.js';
import { capturingLogger, GatewayCloud } from './support/gateway-cloud.js';
import { Mosquitto } from './support/mosquitto.js';
import { eventually, MqttObserver } from './support/mqtt-observer.js';

// The gateway's side of self-update: each step a device reports on `update` lands on its
// UpdateStatus row for that release, written as the device's owner and never for another tenant.
const A = 'tenant-a';
const B = 'tenant-b';
const topics = deviceTopics('dev-up-a');
const SHA = 'e'.repeat(64);
let broker: Mosquitto;
let cloud: GatewayCloud;
let ingest: MqttIngest;
let device: MqttObserver;
let releaseA: string;
let releaseB: string;
let sent = 0;

const report = (step: UpdateReport['step'], extra: Partial<UpdateReport> = {}): UpdateReport => ({
  v: 1,
  id: `up-${++sent}`,
  at: new Date(Date.UTC(2026, 10, 25, 10, 0, sent)).toISOString(),
  step,
  version: '1.5.0',
  fromVersion: '1.4.0',
  sha256: SHA,
  releaseId: releaseA,
  ...extra,
});

async function publish(...reports: UpdateReport[]): Promise<void> {
  const before = ingest.counts();
  for (const r of reports) await device.publish(topics.update, r);
  const handled = () => {
    const now = ingest.counts();
    const dropped = Object.values(now.dropped).reduce((a, b) => a + b, 0) - Object.values(before.dropped).reduce((a, b) => a + b, 0);
    return now.written - before.written + dropped >= reports.length;
  };
  await eventually(handled, 10_000, `${reports.length} reports handled`);
  await ingest.idle();
}

const row = () =>
  cloud.as(A, (db) => db.updateStatus.findUnique({ where: { deviceId_softwareUpdateId: { deviceId: 'dev-up-a', softwareUpdateId: releaseA } } }));

beforeAll(async () => {
  broker = await Mosquitto.start(['dev-up-a']);
  cloud = GatewayCloud.open();
  await cloud.addTenant(A, { deviceId: 'dev-up-a', synagogueName: 'A' });
  await cloud.addTenant(B, { deviceId: 'dev-up-b', synagogueName: 'B' });
  await cloud.admin((db) => db.device.updateMany({ data: { status: 'active' } }));
  const release = { version: '1.5.0', url: 'https://releases.example/luach-1.5.0.tar.gz', sha256: SHA, signature: 'ed25519:x', status: 'published' };
  releaseA = (await cloud.as(A, (db) => db.softwareUpdate.create({ data: tenantOwned(release) }))).id;
  releaseB = (await cloud.as(B, (db) => db.softwareUpdate.create({ data: tenantOwned(release) }))).id;
  ingest = createMqttIngest({ prisma: cloud.db, url: broker.url, ...broker.cloud, clientId: 'ingest-update-test', logger: capturingLogger().logger });
  await ingest.start();
  device = await MqttObserver.connect(broker.url, { ...broker.device('dev-up-a'), clientId: 'dev-up-a' });
});
afterAll(async () => {
  await device?.close();
  await ingest?.stop();
  await broker?.dispose();
  await cloud?.dispose();
});

describe('UpdateStatus from what a device reports', () => {
  it('follows the steps on one row per device and release, with progress, and keeps when the attempt began', async () => {
    await publish(report('pending'), report('downloading', { progressPercent: 40 }));
    const started = (await row())!;
    expect(started).toMatchObject({ state: 'downloading', progressPercent: 40, fromVersion: '1.4.0', toVersion: '1.5.0', userId: A, finishedAt: null });
    await publish(report('verifying'), report('installing', { detail: 'switching' }), report('checking'), report('succeeded'));
    expect(await row()).toMatchObject({ state: 'succeeded', progressPercent: 100, startedAt: started.startedAt, finishedAt: expect.any(Date), error: null });
    expect(await cloud.admin((db) => db.updateStatus.count())).toBe(1);
  });

  it('records why it failed or was rolled back, and starts the row over when the device tries again', async () => {
    await publish(report('rolledBack', { reason: 'within 180 s of starting: the display did not report a first paint' }));
    const rolledBack = (await row())!;
    expect(rolledBack).toMatchObject({ state: 'rolledBack', error: 'within 180 s of starting: the display did not report a first paint' });
    await publish(report('pending', { detail: 'offered by the command' }));
    const again = (await row())!;
    expect(again).toMatchObject({ state: 'pending', error: null, finishedAt: null, detail: 'offered by the command' });
    expect(again.startedAt!.getTime()).toBeGreaterThanOrEqual(rolledBack.startedAt!.getTime());
  });

  it('finds the release by version and artifact when the offer carried no id', async () => {
    await publish(report('failed', { releaseId: undefined, reason: 'unsigned' }));
    expect(await row()).toMatchObject({ state: 'failed', error: 'unsigned' });
  });

  it("never writes on another tenant's release, even when a device names its id", async () => {
    const before = ingest.counts().dropped.unknownRelease;
    await publish(report('failed', { releaseId: releaseB, sha256: 'd'.repeat(64), reason: 'planted' }));
    expect(ingest.counts().dropped.unknownRelease).toBe(before + 1);
    expect(await cloud.as(B, (db) => db.updateStatus.count())).toBe(0);
  });

  it('drops a report that is not one, and goes on', async () => {
    const before = ingest.counts().dropped.invalidPayload;
    await device.publish(topics.update, { v: 1, id: 'up-bad', at: 'yesterday', step: 'exploding', version: '1.5.0' });
    await eventually(() => ingest.counts().dropped.invalidPayload === before + 1, 10_000, 'the bad report is dropped');
    await publish(report('checking'));
    expect((await row())?.state).toBe('checking');
  });
});
