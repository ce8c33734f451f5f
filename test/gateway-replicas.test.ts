import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopics } from '../cloud-sync/protocol/topics.js';
import { dynsecBrokerAccounts } from '../cloud-sync/server/broker/broker-accounts.js';
import type { DynamicSecurity } from '../cloud-sync/server/broker/dynamic-security.js';
import { createMqttIngest, type MqttIngest } from '../cloud-sync/server/mqtt-ingest.js';
import { provisionCloudLogin } from './support/dynsec-cloud.js';
import { capturingLogger, GatewayCloud } from './support/gateway-cloud.js';
import { Mosquitto } from './support/mosquitto.js';
import { eventually, MqttObserver } from './support/mqtt-observer.js';

const DEVICES = 10;
const EACH = 100;
let broker: Mosquitto;
let dynsec: DynamicSecurity;
let cloud: GatewayCloud;
let replicas: MqttIngest[] = [];
const screens: MqttObserver[] = [];

beforeAll(async () => {
  broker = await Mosquitto.start([], { dynamicSecurity: true });
  ({ dynsec } = await provisionCloudLogin(broker));
  cloud = GatewayCloud.open();
  const accounts = dynsecBrokerAccounts(dynsec);
  for (let i = 0; i < DEVICES; i++) {
    const id = `replica-wall-${i}`;
    await cloud.addTenant(i % 2 ? 'tenant-odd' : 'tenant-even', { deviceId: id, synagogueName: `Shul ${i}` });
    await accounts.provision({ deviceId: id, password: `password-of-${id}` });
    screens.push(await MqttObserver.connect(broker.url, { username: id, password: `password-of-${id}`, clientId: `luach-${id}` }));
  }
  await cloud.admin((db) => db.device.updateMany({ data: { status: 'active' } }));
  replicas = ['a', 'b'].map((name) =>
    createMqttIngest({
      prisma: cloud.db,
      url: broker.url,
      ...broker.cloud,
      clientId: `gateway-${name}`,
      sharedGroup: 'luach-ingest',
      logger: capturingLogger().logger,
    }),
  );
  for (const replica of replicas) await replica.start();
}, 60_000);
afterAll(async () => {
  for (const screen of screens) await screen.close();
  for (const replica of replicas) await replica.stop();
  await dynsec?.stop();
  await broker?.dispose();
  await cloud?.dispose();
});

describe('two gateway replicas on a shared subscription', () => {
  it('ingest 1,000 heartbeats between them with no loss and no duplicate', { timeout: 120_000 }, async () => {
    // Each heartbeat at its own time, 30 s apart and all in the past, as a device sends them.
    const start = Date.now() - EACH * 30_000;
    await Promise.all(
      screens.map(async (screen, d) => {
        for (let n = 0; n < EACH; n++)
          await screen.publish(deviceTopics(`replica-wall-${d}`).heartbeat, {
            v: 1,
            id: `hb-${d}-${n}`,
            at: new Date(start + n * 30_000).toISOString(),
            uptimeSeconds: n,
            display: 'on',
            appliedEtag: null,
            outboxDepth: 0,
            outboxDropped: 0,
          });
      }),
    );
    const written = () => replicas.reduce((sum, r) => sum + r.counts().written, 0);
    await eventually(() => written() >= DEVICES * EACH, 90_000, `${DEVICES * EACH} heartbeats written (so far ${written()})`);
    await Promise.all(replicas.map((r) => r.idle()));

    expect(written()).toBe(DEVICES * EACH);
    for (const replica of replicas) expect(replica.counts().written, 'each replica takes a share').toBeGreaterThan(0);
    const rows = await cloud.admin((db) => db.deviceMonitoring.findMany({ select: { detail: true, userId: true, deviceId: true } }));
    const ids = rows.map((r) => (r.detail as { messageId: string }).messageId);
    expect(ids).toHaveLength(DEVICES * EACH);
    expect(new Set(ids).size).toBe(DEVICES * EACH);
    expect(rows.filter((r) => r.userId === 'tenant-odd').every((r) => Number(r.deviceId.split('-').at(-1)) % 2 === 1)).toBe(true);
  });
});
