import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandEnvelope } from '../cloud-sync/protocol/commands.js';
import { StateChanged } from '../cloud-sync/protocol/telemetry.js';
import { deviceTopics } from '../cloud-sync/protocol/topics.js';
import { createMqttIngest, type MqttIngest } from '../cloud-sync/server/mqtt-ingest.js';
import { runWithTenant } from '../prisma/tenancy/index.js';
import { capturingLogger, GatewayCloud } from './support/gateway-cloud.js';
import { Mosquitto } from './support/mosquitto.js';
import { eventually, MqttObserver } from './support/mqtt-observer.js';

const A = 'tenant-a';
const B = 'tenant-b';
const a = deviceTopics('dev-in-a');
let broker: Mosquitto;
let cloud: GatewayCloud;
let ingest: MqttIngest;
let deviceA: MqttObserver;
let deviceB: MqttObserver;
let ghost: MqttObserver;
const log = capturingLogger();

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, seconds)).toISOString();
/** The ingest's clock: a little after the reports' own times, as in the field. */
const NOW = new Date(Date.UTC(2026, 10, 25, 12, 0, 0));
/** Heartbeats 30 s apart, as a device sends them: each has its own slot of time. */
let beats = 0;
const heartbeat = (id: string, extra: object = {}) => ({
  v: 1,
  id,
  at: at(30 * beats++),
  uptimeSeconds: 120,
  display: 'on',
  appliedEtag: '"etag-1"',
  outboxDepth: 0,
  outboxDropped: 0,
  ...extra,
});
const metrics = (id: string, second: number) => ({
  v: 1,
  id,
  at: at(second),
  cpuLoadPercent: 12.5,
  memory: { usedBytes: 1_000_000_000, totalBytes: 4_000_000_000 },
  disk: { usedBytes: 5e9, totalBytes: 3.2e10 },
  cpuTemperatureC: 48.2,
  uptimeSeconds: 120,
  network: { iface: 'eth0', rxBytes: 1000, txBytes: 2000 },
  throttled: null,
  display: 'on',
  rendererMemoryBytes: 2e8,
  outboxDropped: 0,
});

/** Everything published so far has been handled: the ingest handles messages in order, so a marker behind them settles it. */
async function settled(expectedWritten: number) {
  await eventually(() => ingest.counts().written >= expectedWritten, 10_000, `${expectedWritten} messages written`);
  await ingest.idle();
}

beforeAll(async () => {
  broker = await Mosquitto.start(['dev-in-a', 'dev-in-b', 'dev-ghost']);
  cloud = GatewayCloud.open();
  await cloud.addTenant(A, { deviceId: 'dev-in-a', synagogueName: 'A' });
  await cloud.addTenant(B, { deviceId: 'dev-in-b', synagogueName: 'B' });
  await cloud.admin((db) => db.device.updateMany({ data: { status: 'active' } }));
  ingest = createMqttIngest({ prisma: cloud.db, url: broker.url, ...broker.cloud, clientId: 'ingest-test', logger: log.logger, clock: { now: () => NOW } });
  await ingest.start();
  deviceA = await MqttObserver.connect(broker.url, { ...broker.device('dev-in-a'), clientId: 'dev-in-a' });
  deviceB = await MqttObserver.connect(broker.url, { ...broker.device('dev-in-b'), clientId: 'dev-in-b' });
  ghost = await MqttObserver.connect(broker.url, { ...broker.device('dev-ghost'), clientId: 'dev-ghost' });
  await deviceA.subscribe(`${a.root}/#`);
});
afterAll(async () => {
  await Promise.all([deviceA?.close(), deviceB?.close(), ghost?.close()]);
  await ingest?.stop();
  await broker?.dispose();
  await cloud?.dispose();
});

describe('MQTT ingest', () => {
  it("writes a heartbeat and metrics from a real device into DeviceMonitoring and DeviceMetrics for the device's tenant", async () => {
    await deviceA.publish(a.heartbeat, heartbeat('hb-1'));
    await deviceA.publish(a.metrics, metrics('m-1', 0));
    await settled(2);

    const monitoring = await cloud.as(A, (db) => db.deviceMonitoring.findMany());
    expect(monitoring).toEqual([
      expect.objectContaining({ userId: A, deviceId: 'dev-in-a', kind: 'heartbeat', appliedStateEtag: '"etag-1"', uptimeSeconds: 120 }),
    ]);
    expect(monitoring[0]!.detail).toMatchObject({ messageId: 'hb-1', display: 'on', outboxDepth: 0 });
    const rows = await cloud.as(A, (db) => db.deviceMetrics.findMany());
    expect(rows).toEqual([
      expect.objectContaining({
        userId: A,
        deviceId: 'dev-in-a',
        sampledAt: new Date(at(0)),
        cpuPercent: 12.5,
        memoryUsedBytes: 1e9,
        cpuTemperatureC: 48.2,
        displayOn: true,
        throttled: null,
      }),
    ]);
    expect(rows[0]!.extra).toMatchObject({ messageId: 'm-1', network: { iface: 'eth0' }, rendererMemoryBytes: 2e8 });
    expect(await cloud.admin((db) => db.device.findUniqueOrThrow({ where: { id: 'dev-in-a' } }))).toMatchObject({
      online: true,
      appliedStateEtag: '"etag-1"',
      lastSeenAt: expect.any(Date),
    });
    expect(await cloud.as(B, (db) => db.deviceMonitoring.count())).toBe(0);
    expect(await cloud.as(B, (db) => db.deviceMetrics.count())).toBe(0);
  });

  it('writes a redelivered metrics report once', async () => {
    const before = ingest.counts();
    await deviceA.publish(a.metrics, metrics('m-2', 30));
    await deviceA.publish(a.metrics, metrics('m-2', 30));
    await deviceA.publish(a.heartbeat, heartbeat('hb-marker'));
    await settled(before.written + 2);
    expect(ingest.counts().dropped.duplicate).toBe(before.dropped.duplicate + 1);
    expect(await cloud.as(A, (db) => db.deviceMetrics.count())).toBe(2);
  });

  it('drops and counts malformed payloads and unknown devices, writes nothing for them, and keeps going', async () => {
    const before = ingest.counts();
    const monitoringBefore = await cloud.admin((db) => db.deviceMonitoring.count());
    await deviceA.publish(a.heartbeat, '{"v":1,"id":');
    await deviceA.publish(a.heartbeat, { v: 1, id: 'hb-bad', at: 'yesterday' });
    await deviceA.publish(a.metrics, { ...metrics('m-bad', 45), cpuLoadPercent: 250 });
    await ghost.publish(deviceTopics('dev-ghost').heartbeat, heartbeat('hb-ghost'));
    await deviceB.publish(deviceTopics('dev-in-b').heartbeat, heartbeat('hb-b'));
    await settled(before.written + 1);

    const after = ingest.counts();
    expect(after.dropped.invalidPayload - before.dropped.invalidPayload).toBe(3);
    expect(after.dropped.unknownDevice - before.dropped.unknownDevice).toBe(1);
    expect(await cloud.admin((db) => db.deviceMonitoring.count())).toBe(monitoringBefore + 1);
    expect(await cloud.as(B, (db) => db.deviceMonitoring.findMany())).toEqual([expect.objectContaining({ userId: B, deviceId: 'dev-in-b' })]);
    const problems = log.lines.filter((l) => l.reason === 'invalidPayload').map((l) => String(l.problems));
    expect(problems.some((p) => p.includes('cpuLoadPercent'))).toBe(true);
    expect(JSON.stringify(log.lines)).not.toContain('hb-bad');
  });

  it('records status changes: online, then offline by the last will', async () => {
    const before = ingest.counts();
    await deviceA.publish(a.status, { v: 1, online: true, appVersion: '1.4.2', shell: 'electron', uptimeSeconds: 5 });
    await deviceA.publish(a.status, { v: 1, online: false, reason: 'lost' });
    await settled(before.written + 2);
    const kinds = (await cloud.as(A, (db) => db.deviceMonitoring.findMany({ orderBy: { createdAt: 'asc' } }))).map((m) => m.kind);
    expect(kinds.slice(-2)).toEqual(['online', 'offline']);
    expect(await cloud.as(A, (db) => db.device.findUniqueOrThrow({ where: { id: 'dev-in-a' } }))).toMatchObject({ online: false, appVersion: '1.4.2' });
  });
});

describe('commands and nudges', () => {
  it('dispatches a command at QoS 1, records it, and follows its results to the end', async () => {
    const from = deviceA.mark();
    const sent = await ingest.dispatchCommand('dev-in-a', { type: 'display-power', params: { on: false } });
    const received = await deviceA.waitFor((m) => m.topic === a.commands, 10_000, 'the command', from);
    expect(CommandEnvelope.parse(received.json)).toMatchObject({ id: sent.id, type: 'display-power', params: { on: false } });
    expect(await cloud.as(A, (db) => db.commandHistory.findUniqueOrThrow({ where: { commandId: sent.id } }))).toMatchObject({
      status: 'sent',
      type: 'display-power',
      sentAt: expect.any(Date),
    });

    const before = ingest.counts();
    const result = (status: string, extra: object = {}) => ({ v: 1, id: sent.id, type: 'display-power', status, at: at(50), ...extra });
    await deviceA.publish(a.commandResult(sent.id), result('accepted'));
    await deviceA.publish(a.commandResult(sent.id), result('succeeded', { output: { display: 'off' } }));
    await deviceA.publish(a.commandResult(sent.id), result('accepted'));
    await deviceA.publish(a.heartbeat, heartbeat('hb-after-results'));
    await settled(before.written + 3);
    expect(ingest.counts().dropped.duplicate).toBe(before.dropped.duplicate + 1);
    expect(await cloud.as(A, (db) => db.commandHistory.findUniqueOrThrow({ where: { commandId: sent.id } }))).toMatchObject({
      userId: A,
      status: 'succeeded',
      result: { display: 'off' },
      completedAt: expect.any(Date),
    });
  });

  it("refuses a command for another tenant's device from a customer's request, and results about another device's command", async () => {
    const asB = runWithTenant({ userId: B, role: 'customer' }, () => ingest.dispatchCommand('dev-in-a', { type: 'reboot' }));
    await expect(asB).rejects.toThrow(/no device dev-in-a for this account/);
    await expect(ingest.dispatchCommand('dev-in-a', { type: 'display-power', params: { on: 'yes' } })).rejects.toThrow(
      /params of display-power are invalid: on:/,
    );

    const commandOfA = await ingest.dispatchCommand('dev-in-a', { type: 'sync-now' });
    const before = ingest.counts();
    await deviceB.publish(deviceTopics('dev-in-b').commandResult(commandOfA.id), { v: 1, id: commandOfA.id, status: 'failed', at: at(55), reason: 'forged' });
    await deviceB.publish(deviceTopics('dev-in-b').heartbeat, heartbeat('hb-b-marker'));
    await settled(before.written + 1);
    expect(ingest.counts().dropped.unknownCommand).toBe(before.dropped.unknownCommand + 1);
    expect((await cloud.as(A, (db) => db.commandHistory.findUniqueOrThrow({ where: { commandId: commandOfA.id } }))).status).toBe('sent');
  });

  it('nudges a device to sync now', async () => {
    const from = deviceA.mark();
    await ingest.publishStateChanged('dev-in-a', '"etag-2"');
    const nudge = await deviceA.waitFor((m) => m.topic === a.stateChanged, 10_000, 'the nudge', from);
    expect(StateChanged.parse(nudge.json)).toMatchObject({ v: 1, etag: '"etag-2"' });
  });
});

describe('the ingest connection', () => {
  it('picks up what devices sent while it was stopped, from its persistent session', async () => {
    await ingest.stop();
    await deviceA.publish(a.heartbeat, heartbeat('hb-while-away'));
    ingest = createMqttIngest({ prisma: cloud.db, url: broker.url, ...broker.cloud, clientId: 'ingest-test', logger: log.logger, clock: { now: () => NOW } });
    await ingest.start();
    await settled(1);
    const rows = await cloud.as(A, (db) => db.deviceMonitoring.findMany({ where: { kind: 'heartbeat' } }));
    expect(rows.map((r) => (r.detail as { messageId: string }).messageId)).toContain('hb-while-away');
  });

  it('says which broker and user failed when the cloud login is refused', async () => {
    const wrong = createMqttIngest({ prisma: cloud.db, url: broker.url, username: 'cloud', password: 'wrong', clientId: 'ingest-wrong', logger: log.logger });
    await expect(wrong.start()).rejects.toThrow(/could not connect to mqtt:\/\/127\.0\.0\.1:\d+ as cloud: .*check the broker address/);
  });
});
