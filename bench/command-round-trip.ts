/**
 * Command round trip on loopback: the cloud publishes a command, the device records and runs it,
 * the cloud receives the final result. Sequential commands; median and p95.
 *
 * Two rigs, because the figure is dominated by TCP settings outside the device: with Nagle's
 * algorithm on the broker's and the cloud client's sockets (Mosquitto's default
 * `set_tcp_nodelay false`), each of the two hops waits for a delayed ACK (~40 ms each). The
 * primary figure uses the gateway configuration we recommend (broker `set_tcp_nodelay true`, cloud
 * socket noDelay); the second shows the default for comparison.
 * Run: node --import tsx bench/command-round-trip.ts
 */
import type net from 'node:net';
import path from 'node:path';
import mqtt from 'mqtt';
import { deviceTopics } from '../cloud-sync/protocol/topics.js';
import { openCache } from '../device/cache/open-cache.js';
import { systemClock } from '../device/clock.js';
import { CommandBus } from '../device/commands/command-bus.js';
import type { CommandEffects } from '../device/commands/command-effects.js';
import { DeviceLink } from '../device/link/device-link.js';
import { startBenchBroker } from './support/broker.js';

const WARMUP = 20;

const tuned = await roundTrips({ noDelay: true, commands: 500 });
console.log(JSON.stringify({ bench: 'command.round-trip.median', value: tuned.median, unit: 'ms' }));
console.log(JSON.stringify({ bench: 'command.round-trip.p95', value: tuned.p95, unit: 'ms' }));
const nagle = await roundTrips({ noDelay: false, commands: 100 });
console.log(JSON.stringify({ bench: 'command.round-trip.median.broker-nagle-default', value: nagle.median, unit: 'ms' }));

async function roundTrips(rig: { noDelay: boolean; commands: number }): Promise<{ median: number; p95: number }> {
  const broker = await startBenchBroker('rt', rig.noDelay ? ['set_tcp_nodelay true'] : []);
  const { url, dir } = broker;
  try {
    const { db } = openCache(path.join(dir, 'cache.db'), new Date());
    let display = true;
    const effects = { setDisplayPower: async (on: boolean) => void (display = on) } as CommandEffects;
    const facts = () => ({ appVersion: 'bench', appliedEtag: null, display: display ? ('on' as const) : ('off' as const), shell: 'bench', uptimeSeconds: 0 });
    const link = new DeviceLink({ url, deviceId: 'bench-device' }, { db, clock: systemClock, statusFacts: facts });
    const bus = new CommandBus({ db, clock: systemClock, effects, outlet: link });
    link.onCommand((payload) => bus.handle(payload));
    bus.start();
    link.start();

    const topics = deviceTopics('bench-device');
    const cloud = await mqtt.connectAsync(url, { clientId: 'bench-cloud' });
    if (rig.noDelay) (cloud.stream as net.Socket).setNoDelay(true);
    await cloud.subscribeAsync(topics.commandResults, { qos: 1 });
    const waiting = new Map<string, () => void>();
    cloud.on('message', (_topic, payload) => {
      const result = JSON.parse(payload.toString()) as { id: string; status: string };
      if (result.status !== 'accepted') waiting.get(result.id)?.();
    });
    for (let i = 0; i < 200 && link.snapshot().state !== 'online'; i++) await new Promise((r) => setTimeout(r, 25));
    if (link.snapshot().state !== 'online') throw new Error('device did not come online within 5 s');

    const samples: number[] = [];
    for (let i = 0; i < WARMUP + rig.commands; i++) {
      const id = `rt-${i}`;
      const now = Date.now();
      const command = {
        id,
        type: 'display-power',
        params: { on: i % 2 === 0 },
        issuedAt: new Date(now).toISOString(),
        expiresAt: new Date(now + 60_000).toISOString(),
      };
      const done = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no result for ${id} within 5 s`)), 5_000);
        waiting.set(id, () => (clearTimeout(timer), resolve()));
      });
      const started = performance.now();
      await cloud.publishAsync(topics.commands, JSON.stringify(command), { qos: 1 });
      await done;
      if (i >= WARMUP) samples.push(performance.now() - started);
    }
    await cloud.endAsync();
    await link.stop();
    await bus.stop();
    db.close();
    samples.sort((a, b) => a - b);
    const at = (q: number) => Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]! * 100) / 100;
    return { median: at(0.5), p95: at(0.95) };
  } finally {
    broker.stop();
  }
}
