import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../cloud-sync/protocol/telemetry.js';
import { openCache } from '../device/cache/open-cache.js';
import { systemClock } from '../device/clock.js';
import { DeviceLink, type DeviceLinkOptions } from '../device/link/device-link.js';
import { Mosquitto } from './support/mosquitto.js';
import { MqttObserver, eventually } from './support/mqtt-observer.js';

let broker: Mosquitto;
let dir: string;

beforeAll(async () => {
  broker = await Mosquitto.start(['dev-tls'], { tls: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-tls-'));
});
afterAll(async () => {
  await broker?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

function link(tls: DeviceLinkOptions['tls'], file: string) {
  const { db } = openCache(path.join(dir, file), new Date());
  const device = new DeviceLink(
    { url: broker.tlsUrl, deviceId: 'dev-tls', password: broker.device('dev-tls').password, tls, backoff: { initialMs: 100, maxMs: 500, factor: 2 } },
    { db, clock: systemClock, statusFacts: () => ({ appVersion: '0.1.0', appliedEtag: null, display: 'on', shell: 'test', uptimeSeconds: 1 }) },
  );
  return { device, db };
}

describe('TLS', () => {
  it('connects over mqtts with the CA it was given', async () => {
    const cloud = await MqttObserver.connect(broker.url, { ...broker.cloud, clientId: 'cloud-tls-test' });
    await cloud.subscribe('luach/#');
    const { device, db } = link({ ca: broker.caCertificate }, 'good.db');
    device.start();
    await cloud.waitFor((m) => m.topic === device.topics.status && (m.json as DeviceStatus).online === true, 10_000, 'online over TLS');
    expect(device.snapshot().broker).toBe(broker.tlsUrl);
    await device.stop();
    db.close();
    await cloud.close();
  });

  it('refuses a broker whose certificate it cannot verify, and says why', async () => {
    const { device, db } = link(undefined, 'bad.db');
    device.start();
    await eventually(() => device.snapshot().reconnectAttempt >= 1 && device.snapshot().lastError !== null, 10_000, 'a failed attempt');
    expect(device.snapshot().state).not.toBe('online');
    expect(device.snapshot().lastError).toMatch(/certificate/i);
    await device.stop();
    db.close();
  });
});
