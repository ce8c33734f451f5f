import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopics } from '../cloud-sync/protocol/topics.js';
import { asGateway } from '../cloud-sync/server/gateway-db.js';
import { createMqttIngest, type MqttIngest } from '../cloud-sync/server/mqtt-ingest.js';
import { capturingLogger, GatewayCloud } from './support/gateway-cloud.js';
import { Mosquitto } from './support/mosquitto.js';
import { eventually, MqttObserver } from './support/mqtt-observer.js';

// One device login floods the cloud: thousands of metrics in one slot of time, from the future,
// from long ago, faster than any device sends. The cloud keeps a few rows of it, counts the rest,
// and goes on hearing the device beside it.
const NOW = new Date('2026-11-25T12:00:00Z');
let broker: Mosquitto;
let cloud: GatewayCloud;
let ingest: MqttIngest;
let flooder: MqttObserver;
let neighbour: MqttObserver;

beforeAll(async () => {
  broker = await Mosquitto.start(['flooder', 'neighbour']);
  cloud = GatewayCloud.open();
  await cloud.addTenant('tenant-f', { deviceId: 'flooder', synagogueName: 'F' });
  await cloud.addTenant('tenant-n', { deviceId: 'neighbour', synagogueName: 'N' });
  await cloud.admin((db) => db.device.updateMany({ data: { status: 'active' } }));
  ingest = createMqttIngest({
    prisma: cloud.db,
    url: broker.url,
    ...broker.cloud,
    clientId: 'ingest-flood',
    logger: capturingLogger().logger,
    clock: { now: () => NOW },
    budget: { ratePerSecond: 20, burst: 500, futureMs: 5 * 60_000, pastMs: 30 * 86_400_000, slotMs: 10_000 },
  });
  await ingest.start();
  flooder = await MqttObserver.connect(broker.url, { ...broker.device('flooder'), clientId: 'flooder' });
  neighbour = await MqttObserver.connect(broker.url, { ...broker.device('neighbour'), clientId: 'neighbour' });
});
afterAll(async () => {
  await Promise.all([flooder?.close(), neighbour?.close()]);
  await ingest?.stop();
  await broker?.dispose();
  await cloud?.dispose();
});

const metrics = (id: string, at: Date) => ({
  v: 1,
  id,
  at: at.toISOString(),
  cpuLoadPercent: 99,
  memory: null,
  disk: null,
  cpuTemperatureC: null,
  uptimeSeconds: 1,
  network: null,
  throttled: null,
  display: 'on',
  rendererMemoryBytes: null,
  outboxDropped: 0,
});

describe('a flooding device', () => {
  it('adds a handful of rows, whatever it sends, and the device beside it is still heard', async () => {
    const flood = deviceTopics('flooder').metrics;
    let sent = 0;
    for (let i = 0; i < 1200; i++) {
      const at =
        i % 3 === 0 ? new Date(NOW.getTime() + 86_400_000 * 365) : i % 3 === 1 ? new Date('2001-01-01T00:00:00Z') : new Date(NOW.getTime() - 1000 - (i % 7));
      await flooder.client.publishAsync(flood, JSON.stringify(metrics(`m-${i}`, at)), { qos: 0 });
      sent++;
    }
    await neighbour.publish(deviceTopics('neighbour').metrics, metrics('n-1', new Date(NOW.getTime() - 60_000)));
    const handled = () => {
      const c = ingest.counts();
      return c.written + Object.values(c.dropped).reduce((a, b) => a + b, 0);
    };
    await eventually(() => handled() >= sent + 1, 20_000, 'every message handled');
    await ingest.idle();

    const rows = await cloud.admin((db) => asGateway(() => db.deviceMetrics.groupBy({ by: ['deviceId'], _count: true })));
    const count = (id: string) => rows.find((r) => r.deviceId === id)?._count ?? 0;
    expect(count('flooder')).toBeLessThanOrEqual(1);
    expect(count('neighbour')).toBe(1);
    const dropped = ingest.counts().dropped;
    expect(dropped.outOfWindow).toBeGreaterThan(0);
    expect(dropped.overRate + dropped.outOfWindow + dropped.duplicate).toBeGreaterThanOrEqual(sent - 1);
  });
});
