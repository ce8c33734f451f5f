import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceMetrics } from '../cloud-sync/protocol/telemetry.js';
import { deviceTopics } from '../cloud-sync/protocol/topics.js';
import { openCache } from '../device/cache/open-cache.js';
import { systemClock } from '../device/clock.js';
import { DeviceLink } from '../device/link/device-link.js';
import type { ReplayPolicy } from '../device/link/outbox-replay.js';
import { Mosquitto } from './support/mosquitto.js';
import { MqttObserver, eventually } from './support/mqtt-observer.js';

const QUEUED = 1_000;
const policy: ReplayPolicy = { ratePerSecond: 250, burst: 25, maxInFlight: 10 };
let broker: Mosquitto;
let dir: string;

beforeAll(async () => {
  broker = await Mosquitto.start(['dev-o']);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-replay-'));
});
afterAll(async () => {
  await broker?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('outbox replay after an outage', () => {
  it(`sends ${QUEUED} queued metrics in order, never faster than the configured rate`, async () => {
    const cloud = await MqttObserver.connect(broker.url, { ...broker.cloud, clientId: 'cloud-replay-test' });
    await cloud.subscribe(deviceTopics('dev-o').metrics, 2);
    const { db } = openCache(path.join(dir, 'cache.db'), new Date());
    const link = new DeviceLink(
      { url: broker.url, deviceId: 'dev-o', password: broker.device('dev-o').password, replay: policy, outboxMaxItems: 10_000 },
      { db, clock: systemClock, statusFacts: () => ({ appVersion: '0.1.0', appliedEtag: null, display: 'on', shell: 'test', uptimeSeconds: 1 }) },
    );
    // Offline: the link has not started, so everything waits in SQLite.
    for (let n = 1; n <= QUEUED; n++) link.sendMetrics(metric(n));
    expect(link.outbox.depth()).toBe(QUEUED);

    link.start();
    const arrivals = await cloud.waitForCount(() => true, QUEUED, 30_000, 'replayed metrics');
    await eventually(() => link.outbox.depth() === 0, 10_000, 'the outbox is empty');

    expect(arrivals.map((m) => (m.json as DeviceMetrics).id)).toEqual(Array.from({ length: QUEUED }, (_, i) => metric(i + 1).id));
    // The token bucket allows at most burst + rate x T in any window T of sending. Arrival times are
    // taken by an observer sharing this process's event loop, so they carry up to ~100 ms of jitter.
    const times = arrivals.map((m) => m.at);
    let busiest = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1_000) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    expect(busiest).toBeLessThanOrEqual(policy.burst + policy.ratePerSecond * 1.1);
    const seconds = (times.at(-1)! - times[0]!) / 1_000;
    expect(seconds).toBeGreaterThanOrEqual(((QUEUED - policy.burst) / policy.ratePerSecond) * 0.9);
    console.log(JSON.stringify({ replayed: QUEUED, seconds: Number(seconds.toFixed(2)), busiestSecond: busiest, ratePerSecond: policy.ratePerSecond }));

    await link.stop();
    db.close();
    await cloud.close();
  });
});

function metric(n: number): DeviceMetrics {
  return {
    v: 1,
    id: `m-${String(n).padStart(5, '0')}`,
    at: new Date(Date.UTC(2026, 2, 1, 0, n)).toISOString(),
    cpuLoadPercent: 5,
    memory: { usedBytes: 1e9, totalBytes: 4e9 },
    disk: null,
    cpuTemperatureC: 48,
    uptimeSeconds: n * 60,
    network: null,
    throttled: null,
    display: 'on',
    rendererMemoryBytes: null,
    outboxDropped: 0,
  };
}
