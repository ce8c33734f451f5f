import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopics } from '../cloud-sync/protocol/topics.js';
import { createGateway, type Gateway } from '../cloud-sync/server/gateway.js';
import { createMqttIngest, type MqttIngest } from '../cloud-sync/server/mqtt-ingest.js';
import type { PairedDevice } from '../cloud-sync/server/pairing.js';
import { addBrokerLogin } from './support/gateway-broker.js';
import { capturingLogger, GatewayCloud, postJson } from './support/gateway-cloud.js';
import { Mosquitto } from './support/mosquitto.js';
import { eventually, MqttObserver } from './support/mqtt-observer.js';

const TENANT = 'tenant-p';
let broker: Mosquitto;
let cloud: GatewayCloud;
let gateway: Gateway;
let ingest: MqttIngest;
let url: string;
const log = capturingLogger();

beforeAll(async () => {
  broker = await Mosquitto.start(['someone-else']);
  cloud = GatewayCloud.open();
  await cloud.addTenant(TENANT, { deviceId: 'fresh-display', synagogueName: 'Ohr Somayach' });
  gateway = createGateway({
    prisma: cloud.db,
    logger: log.logger,
    onPaired: (paired) => addBrokerLogin(broker, paired.mqtt.username, paired.mqtt.password),
  });
  ({ url } = await gateway.start(0));
  ingest = createMqttIngest({ prisma: cloud.db, url: broker.url, ...broker.cloud, clientId: 'ingest-pairing-test', logger: log.logger });
  await ingest.start();
});
afterAll(async () => {
  await ingest?.stop();
  await gateway?.stop();
  await broker?.dispose();
  await cloud?.dispose();
});

describe('from pairing to the broker', () => {
  it('a freshly paired display logs in to the broker with its issued login and its heartbeat reaches its tenant', async () => {
    const { code } = await cloud.pairingCode(TENANT, 'fresh-display');
    const paired = (await postJson(`${url}/device/v1/pair`, { code })).json as unknown as PairedDevice;
    const topics = deviceTopics(paired.deviceId);

    const display = await MqttObserver.connect(broker.url, { ...paired.mqtt, clientId: paired.deviceId });
    try {
      await display.publish(topics.heartbeat, {
        v: 1,
        id: 'hb-first',
        at: new Date().toISOString(),
        uptimeSeconds: 3,
        display: 'on',
        appliedEtag: null,
        outboxDepth: 0,
        outboxDropped: 0,
      });
      await eventually(() => ingest.counts().written >= 1, 10_000, 'the first heartbeat is written');
      expect(await cloud.as(TENANT, (db) => db.deviceMonitoring.findMany())).toEqual([
        expect.objectContaining({ deviceId: 'fresh-display', kind: 'heartbeat', userId: TENANT }),
      ]);
      expect(await cloud.as(TENANT, (db) => db.device.findUniqueOrThrow({ where: { id: 'fresh-display' } }))).toMatchObject({ online: true });
    } finally {
      await display.close();
    }
  });

  it("refuses the display's login under another device's name", async () => {
    const { code } = await cloud.pairingCode(TENANT, 'fresh-display');
    const paired = (await postJson(`${url}/device/v1/pair`, { code })).json as unknown as PairedDevice;
    const attempt = MqttObserver.connect(broker.url, { username: 'someone-else', password: paired.mqtt.password, clientId: 'impostor', reconnectPeriod: 0 });
    await expect(attempt).rejects.toThrow(/Not authorized|Bad User Name or Password/i);
  });
});
