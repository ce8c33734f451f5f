import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopics } from '../cloud-sync/protocol/topics.js';
import { DeviceStatus } from '../cloud-sync/protocol/telemetry.js';
import { systemClock } from '../device/clock.js';
import { openCache } from '../device/cache/open-cache.js';
import { DeviceLink, type DeviceLinkOptions } from '../device/link/device-link.js';
import { Mosquitto } from './support/mosquitto.js';
import { MqttObserver, eventually } from './support/mqtt-observer.js';

const facts = { appVersion: '0.1.0', appliedEtag: '"e1"', display: 'on' as const, shell: 'browser', uptimeSeconds: 5 };
let broker: Mosquitto;
let cloud: MqttObserver;
let dir: string;
const cleanup: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  broker = await Mosquitto.start(['dev-a', 'dev-v4']);
  cloud = await MqttObserver.connect(broker.url, { ...broker.cloud, clientId: 'cloud-link-test' });
  await cloud.subscribe('luach/#');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-link-'));
});
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});
afterAll(async () => {
  await cloud?.close();
  await broker?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

function startLink(deviceId: string, extra: Partial<DeviceLinkOptions> = {}) {
  const { db } = openCache(path.join(dir, `${deviceId}.db`), new Date());
  const from = cloud.mark();
  const link = new DeviceLink(
    { url: broker.url, deviceId, password: broker.device(deviceId).password, backoff: { initialMs: 100, maxMs: 1_000, factor: 2 }, ...extra },
    { db, clock: systemClock, statusFacts: () => facts },
  );
  link.start();
  cleanup.push(async () => {
    await link.stop();
    db.close();
  });
  const online = () => cloud.waitFor((m) => m.topic === link.topics.status && (m.json as DeviceStatus).online === true, 10_000, `${deviceId} online`, from);
  return { link, online };
}

describe('DeviceLink against Mosquitto', () => {
  it('publishes a retained online status with version, etag, display, shell and uptime', async () => {
    const status = await startLink('dev-a').online();
    expect(status.topic).toBe(deviceTopics('dev-a').status);
    expect(status.retain).toBe(false);
    expect(DeviceStatus.parse(status.json)).toMatchObject({ v: 1, online: true, ...facts });
  });

  it('says online: false, retained, when it stops cleanly', async () => {
    const { link, online } = startLink('dev-a');
    await online();
    const before = cloud.mark();
    await link.stop();
    const offline = await cloud.waitFor((m) => m.topic === link.topics.status, 5_000, 'offline status', before);
    expect(offline.json).toMatchObject({ online: false, reason: 'stopped' });
    const late = await MqttObserver.connect(broker.url, { ...broker.cloud, clientId: 'late-reader' });
    await late.subscribe(link.topics.status);
    const retained = await late.waitFor((m) => m.retain);
    expect(retained.json).toMatchObject({ online: false });
    await late.close();
  });

  it('speaks MQTT 3.1.1 when configured for it', async () => {
    const { link, online } = startLink('dev-v4', { protocolVersion: 4 });
    await online();
    link.sendEvent('test.hello', { over: 'v4' });
    await cloud.waitFor((m) => m.topic === link.topics.events && (m.json as { kind: string; detail: { over?: string } }).detail.over === 'v4');
    await eventually(() => link.outbox.depth() === 0, 5_000, 'the PUBACK empties the outbox');
    expect(link.snapshot()).toMatchObject({ state: 'online', protocolVersion: 4, outbox: { depth: 0, dropped: 0 } });
  });

  it('hands state/changed nudges to the runtime and ignores malformed ones', async () => {
    const { link, online } = startLink('dev-a');
    const nudges: unknown[] = [];
    link.onStateChanged((nudge) => nudges.push(nudge));
    await online();
    await cloud.publish(link.topics.stateChanged, 'not json');
    await cloud.publish(link.topics.stateChanged, { v: 1, etag: '"e2"' });
    await eventually(() => nudges.length > 0, 5_000, 'a nudge arrives');
    expect(nudges).toEqual([{ v: 1, etag: '"e2"' }]);
  });

  it('keeps only the latest heartbeat while the broker is away and sends it on reconnect', async () => {
    // The device retries after 0.75-1.5 s, the observer every 0.2 s: the cloud is listening again
    // before the device's QoS 0 heartbeat goes out.
    const { link, online } = startLink('dev-a', { backoff: { initialMs: 1_500, maxMs: 1_500, factor: 1 } });
    await online();
    await broker.stop();
    await eventually(() => link.snapshot().state !== 'online', 10_000, 'the device notices the broker is gone');
    const beat = (n: number) => ({
      v: 1,
      id: `hb-offline-${n}`,
      at: new Date().toISOString(),
      uptimeSeconds: n,
      display: 'on' as const,
      appliedEtag: null,
      outboxDepth: 0,
      outboxDropped: 0,
    });
    for (let n = 1; n <= 3; n++) link.sendHeartbeat(beat(n));
    expect(link.snapshot().heartbeatWaiting).toBe(true);
    const from = cloud.mark();
    await broker.resume();
    await cloud.waitFor((m) => m.topic === link.topics.heartbeat, 15_000, 'the waiting heartbeat', from);
    // A status published after it on the same connection arrives after it: then all heartbeats are in.
    const afterHeartbeat = cloud.mark();
    link.refreshStatus();
    await cloud.waitFor((m) => m.topic === link.topics.status, 5_000, 'a later status', afterHeartbeat);
    const heartbeats = cloud.received.slice(from).filter((m) => m.topic === link.topics.heartbeat);
    expect(heartbeats.map((m) => (m.json as { id: string }).id)).toEqual(['hb-offline-3']);
    expect(link.snapshot().heartbeatWaiting).toBe(false);
  });

  it('stops within its grace period even when the broker has stopped answering', async () => {
    const { link, online } = startLink('dev-a');
    await online();
    broker.freeze();
    try {
      const started = performance.now();
      await link.stop(500);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(link.snapshot().state).toBe('stopped');
    } finally {
      broker.thaw();
    }
  });

  it('reports wrong credentials in words and keeps retrying with backoff', async () => {
    const { link } = startLink('dev-a', { password: 'wrong' });
    await eventually(() => link.snapshot().reconnectAttempt >= 2, 5_000, 'two retries');
    const snapshot = link.snapshot();
    expect(snapshot.state).not.toBe('online');
    expect(snapshot.lastError).toMatch(/refused the credentials of dev-a/);
    expect(JSON.stringify(snapshot)).not.toContain(broker.device('dev-a').password);
  });
});
