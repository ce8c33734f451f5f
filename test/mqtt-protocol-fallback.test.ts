import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../cloud-sync/protocol/telemetry.js';
import { openCache } from '../device/cache/open-cache.js';
import { systemClock } from '../device/clock.js';
import { DeviceLink } from '../device/link/device-link.js';
import { Mosquitto } from './support/mosquitto.js';
import { MqttObserver, eventually } from './support/mqtt-observer.js';

/**
 * A broker that speaks only MQTT 3.1.1, played by a TCP proxy in front of Mosquitto: a CONNECT at
 * protocol level 5 gets the 3.1.1 answer "unacceptable protocol version" (CONNACK return code 1),
 * anything else is passed through.
 */
function onlyMqtt311(upstreamPort: number): Promise<{ port: number; refusedV5: () => number; close: () => void }> {
  let refused = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.once('data', (first) => {
      // Fixed header (1 byte + 1-4 bytes remaining length), then protocol name "MQTT" (2 + 4), then the level.
      let offset = 1;
      while (first[offset]! & 0x80) offset++;
      const level = first[offset + 1 + 6];
      if (level === 5) {
        refused++;
        client.end(Buffer.from([0x20, 0x02, 0x00, 0x01]));
        return;
      }
      const upstream = net.connect(upstreamPort, '127.0.0.1', () => upstream.write(first));
      sockets.add(upstream);
      client.pipe(upstream).pipe(client);
      const closeBoth = () => (client.destroy(), upstream.destroy());
      client.once('close', closeBoth).once('error', closeBoth);
      upstream.once('close', closeBoth).once('error', closeBoth);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        refusedV5: () => refused,
        close: () => {
          for (const socket of sockets) socket.destroy();
          server.close();
        },
      }),
    ),
  );
}

let broker: Mosquitto;
let dir: string;

beforeAll(async () => {
  broker = await Mosquitto.start(['dev-old']);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-fallback-'));
});
afterAll(async () => {
  await broker?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('protocol fallback', () => {
  it('falls back from MQTT 5 to 3.1.1 when the broker refuses version 5, and then works normally', async () => {
    const proxy = await onlyMqtt311(broker.port);
    const cloud = await MqttObserver.connect(broker.url, { ...broker.cloud, clientId: 'cloud-fallback-test' });
    await cloud.subscribe('luach/#');
    const { db } = openCache(path.join(dir, 'cache.db'), new Date());
    const link = new DeviceLink(
      {
        url: `mqtt://127.0.0.1:${proxy.port}`,
        deviceId: 'dev-old',
        password: broker.device('dev-old').password,
        backoff: { initialMs: 100, maxMs: 500, factor: 2 },
      },
      { db, clock: systemClock, statusFacts: () => ({ appVersion: '0.1.0', appliedEtag: null, display: 'on', shell: 'test', uptimeSeconds: 1 }) },
    );
    link.start();
    await eventually(() => link.snapshot().state === 'online', 10_000, 'the device is online');
    expect(proxy.refusedV5()).toBe(1);
    expect(link.snapshot().protocolVersion).toBe(4);
    await cloud.waitFor((m) => m.topic === link.topics.status && (m.json as DeviceStatus).online === true, 5_000, 'the online status');

    await link.stop();
    db.close();
    await cloud.close();
    proxy.close();
  });
});
