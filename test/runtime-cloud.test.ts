import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { createGateway, type Gateway } from '../cloud-sync/server/gateway.js';
import { directoryAssetStore } from '../cloud-sync/server/assets/asset-store.js';
import { createMqttIngest, type MqttIngest } from '../cloud-sync/server/mqtt-ingest.js';
import type { PairedDevice } from '../cloud-sync/server/pairing.js';
import { systemClock } from '../device/clock.js';
import { loadConfig } from '../device/config.js';
import { composeDevice, type Device } from '../device/compose-device.js';
import { tenantOwned } from '../prisma/tenancy/index.js';
import { addBrokerLogin } from './support/gateway-broker.js';
import { capturingLogger, GatewayCloud, postJson } from './support/gateway-cloud.js';
import { Mosquitto } from './support/mosquitto.js';
import { eventually } from './support/mqtt-observer.js';
import { TINY_PNG } from './support/recording-effects.js';
import { recordingShell } from './support/test-shell.js';

// The whole loop on one machine: cloud database, gateway, broker and the device runtime.
const TENANT = 'tenant-loop';
const DEVICE = 'wall-loop';
let broker: Mosquitto;
let cloud: GatewayCloud;
let gateway: Gateway;
let ingest: MqttIngest;
let device: Device;
let apiUrl: string;

beforeAll(async () => {
  broker = await Mosquitto.start([]);
  cloud = GatewayCloud.open();
  await cloud.addTenant(TENANT, { deviceId: DEVICE, synagogueName: 'Kehilat Shaarei Tefila' });
  await cloud.as(TENANT, (db) =>
    db.tfilaTime.create({ data: tenantOwned({ name: 'ערבית', category: 'maariv', time: { kind: 'fixed', time: '23:40' }, sortOrder: 3 }) }),
  );
  const log = capturingLogger();
  gateway = createGateway({
    prisma: cloud.db,
    logger: log.logger,
    assets: directoryAssetStore(path.join(cloud.dir, 'assets')),
    onPaired: (paired) => addBrokerLogin(broker, paired.mqtt.username, paired.mqtt.password),
  });
  ({ url: apiUrl } = await gateway.start(0));
  ingest = createMqttIngest({ prisma: cloud.db, url: broker.url, ...broker.cloud, clientId: 'ingest-loop-test', logger: log.logger });
  await ingest.start();
});
afterAll(async () => {
  await device?.stop();
  await ingest?.stop();
  await gateway?.stop();
  await broker?.dispose();
  await cloud?.dispose();
});

function maariv(): string | undefined {
  const runtime = device.runtime;
  return runtime.current().todayPrayerTimes.find((t) => t.label === 'ערבית')?.time ?? runtime.current().todayPrayerTimes.at(-1)?.time;
}

describe('a paired wall and its cloud', () => {
  it('syncs at start, goes online, and follows the gabbai’s change after the cloud’s nudge', { timeout: 60_000 }, async () => {
    const { code } = await cloud.pairingCode(TENANT, DEVICE);
    const paired = (await postJson(`${apiUrl}/device/v1/pair`, { code })).json as unknown as PairedDevice;
    const config = loadConfig({ dataDir: path.join(cloud.dir, 'device'), env: {} });
    // The screen itself is the one thing this machine lacks: a shell that hands over a fixed PNG.
    device = composeDevice(recordingShell().factory, {
      config: {
        ...config,
        cloud: { apiUrl, deviceId: paired.deviceId, token: paired.token },
        mqtt: { url: broker.url, username: paired.mqtt.username, password: paired.mqtt.password },
      },
      clock: systemClock,
      logger: pino({ level: 'silent' }),
      env: {},
      appVersion: 'test',
      pid: process.pid,
      ntpProbe: async () => true,
    });
    await device.start();
    const runtime = device.runtime;

    await eventually(() => runtime.current().header.synagogueName === 'Kehilat Shaarei Tefila', 15_000, 'the first sync reaches the wall');
    expect(runtime.current().status.source).toBe('cloud');
    await eventually(() => runtime.current().status.online === true, 15_000, 'the link comes online and the wall knows it');
    await eventually(() => ingest.counts().written >= 1, 15_000, 'the cloud hears the device');

    await cloud.as(TENANT, (db) => db.tfilaTime.updateMany({ where: { name: 'ערבית' }, data: { time: { kind: 'fixed', time: '23:50' } } }));
    await ingest.publishStateChanged(DEVICE);
    await eventually(
      () => runtime.current().todayPrayerTimes.some((t) => t.label === 'ערבית' && t.time === '23:50'),
      15_000,
      `the moved Maariv reaches the wall (shows ${maariv()})`,
    );

    const command = await ingest.dispatchCommand(DEVICE, { type: 'set-settings', params: { settings: { language: 'en' } } });
    await eventually(() => runtime.current().locale.language === 'en', 15_000, 'the settings command changes the wall');
    const finished = async (id: string) => {
      const row = () => cloud.as(TENANT, (db) => db.commandHistory.findUnique({ where: { commandId: id } }));
      for (let i = 0; i < 100 && !['succeeded', 'failed'].includes((await row())?.status ?? ''); i++)
        await ingest.idle().then(() => new Promise((r) => setTimeout(r, 100)));
      return row();
    };
    expect(await finished(command.id)).toMatchObject({ status: 'succeeded' });

    // The setting changed on the device survives the next content sync (the cloud did not touch it)...
    await cloud.as(TENANT, (db) => db.tfilaTime.updateMany({ where: { name: 'ערבית' }, data: { time: { kind: 'fixed', time: '23:55' } } }));
    await ingest.publishStateChanged(DEVICE);
    await eventually(() => runtime.current().todayPrayerTimes.some((t) => t.time === '23:55'), 15_000, 'the next change reaches the wall');
    expect(runtime.current().locale.language).toBe('en');
    // ...and a change of another setting in the cloud: the cloud's theme shows, the device's language stays.
    await cloud.as(TENANT, (db) => db.deviceSettings.create({ data: tenantOwned({ deviceId: DEVICE, theme: 'light' }) }));
    await ingest.publishStateChanged(DEVICE);
    await eventually(() => runtime.current().layout.theme === 'light', 15_000, 'the cloud’s theme reaches the wall');
    expect(runtime.current().locale.language).toBe('en');

    // A screenshot goes up to the gateway's asset store; the command's result names the asset.
    const shot = await ingest.dispatchCommand(DEVICE, { type: 'screenshot' });
    const done = await finished(shot.id);
    expect(done).toMatchObject({ status: 'succeeded' });
    const assets = await cloud.as(TENANT, (db) => db.uploadAsset.findMany());
    expect(assets).toHaveLength(1);
    expect(JSON.stringify(done?.result)).toContain(assets[0]!.id);
    expect(fs.readFileSync(path.join(cloud.dir, 'assets', assets[0]!.storageKey))).toEqual(TINY_PNG);
  });
});
