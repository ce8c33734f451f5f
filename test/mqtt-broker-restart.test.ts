import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceMetrics } from '../cloud-sync/protocol/telemetry.js';
import { deviceTopics } from '../cloud-sync/protocol/topics.js';
import { openCache } from '../device/cache/open-cache.js';
import { systemClock } from '../device/clock.js';
import { DeviceLink } from '../device/link/device-link.js';
import { linkDoctor } from '../device/link/link-doctor.js';
import { Mosquitto } from './support/mosquitto.js';
import { MqttObserver, eventually } from './support/mqtt-observer.js';

const TOTAL = 300;
let broker: Mosquitto;
let dir: string;

beforeAll(async () => {
  broker = await Mosquitto.start(['dev-r']);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-restart-'));
});
afterAll(async () => {
  await broker?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

function metric(n: number): DeviceMetrics {
  return {
    v: 1,
    id: `m-${String(n).padStart(4, '0')}`,
    at: new Date().toISOString(),
    cpuLoadPercent: 10,
    memory: null,
    disk: null,
    cpuTemperatureC: null,
    uptimeSeconds: n,
    network: null,
    throttled: null,
    display: 'on',
    rendererMemoryBytes: null,
    outboxDropped: 0,
  };
}

describe('a broker restart during a metrics stream', () => {
  it('loses no queued metric and delivers each id once, in order', async () => {
    // The cloud ingest keeps a persistent QoS 2 session too, so the broker queues for it across the restart
    // and hands each message over exactly once.
    const ingest = { ...broker.cloud, clientId: 'cloud-ingest', clean: false, protocolVersion: 5 as const, properties: { sessionExpiryInterval: 3600 } };
    const cloud = await MqttObserver.connect(broker.url, ingest);
    await cloud.subscribe(deviceTopics('dev-r').metrics, 2);

    const { db } = openCache(path.join(dir, 'cache.db'), new Date());
    const link = new DeviceLink(
      {
        url: broker.url,
        deviceId: 'dev-r',
        password: broker.device('dev-r').password,
        backoff: { initialMs: 100, maxMs: 500, factor: 2 },
        replay: { ratePerSecond: 200, burst: 20, maxInFlight: 10 },
      },
      { db, clock: systemClock, statusFacts: () => ({ appVersion: '0.1.0', appliedEtag: null, display: 'on', shell: 'test', uptimeSeconds: 1 }) },
    );
    link.start();
    await eventually(() => link.snapshot().state === 'online', 10_000, 'the device is online');

    // One metric every 5 ms; the broker goes down a third of the way in and comes back.
    let sent = 0;
    const stream = setInterval(() => {
      if (sent < TOTAL) link.sendMetrics(metric(++sent));
    }, 5);
    await eventually(() => sent >= TOTAL / 3, 10_000, 'a third of the stream is sent');
    await broker.restart();
    await eventually(() => sent >= TOTAL, 20_000, 'the whole stream is queued');
    clearInterval(stream);

    // A last metric after the stream: once it is in, any late duplicate of the stream would be too.
    link.sendMetrics(metric(TOTAL + 1));
    await cloud.waitFor((m) => (m.json as DeviceMetrics).id === metric(TOTAL + 1).id, 30_000, 'the closing metric');
    await eventually(() => link.outbox.depth() === 0, 10_000, 'the outbox is empty');
    const ids = cloud.received.map((m) => (m.json as DeviceMetrics).id);
    const expected = Array.from({ length: TOTAL + 1 }, (_, i) => metric(i + 1).id);
    expect(ids).toEqual(expected);
    expect(link.outbox.dropped()).toBe(0);
    expect(linkDoctor(db).transitions.map((t) => t.state)).toContain('offline');

    await link.stop();
    db.close();
    await cloud.close();
  });
});
