// A fleet on real MQTT: 2,000 simulated screens (their own process) connected to a local
// Mosquitto, their 30 s heartbeats and 60 s metrics compressed into one minute, ingested by one
// gateway into SQLite: the lag from a message's timestamp to its row, and whether anything was
// lost; then one sync nudge fanned out to all of them. Run: node --import tsx bench/fleet-ingest.ts
// (LUACH_BENCH_DEVICES=200 for a quick run).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { pino } from 'pino';
import { Nudger } from '../cloud-sync/server/broker/nudges.js';
import { asGateway, openSqliteGatewayDb } from '../cloud-sync/server/gateway-db.js';
import { createMqttIngest } from '../cloud-sync/server/mqtt-ingest.js';
import { startBenchBroker } from './support/broker.js';
import { report } from './support/report.js';

const DEVICES = Number(process.env.LUACH_BENCH_DEVICES ?? 2000);
const SPAN_MS = 60_000;
const broker = await startBenchBroker('fleet', ['set_tcp_nodelay true', 'max_queued_messages 100000']);
const { client, db } = openSqliteGatewayDb(path.join(broker.dir, 'cloud.db'));
const ids = Array.from({ length: DEVICES }, (_, i) => `fleet-${i}`);
await asGateway(() =>
  db.device.createMany({ data: ids.map((id, i) => ({ id, userId: `tenant-${i % 20}`, name: id, credentialId: `bench-${id}`, status: 'active' })) }),
);
const logger = pino({ level: 'silent' });
const ingest = createMqttIngest({
  prisma: db,
  url: broker.url,
  username: 'cloud',
  password: 'bench',
  clientId: 'bench-ingest',
  logger,
  mqtt: { protocolVersion: 5 },
});
await ingest.start();

const fleet = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'support', 'fleet-devices.ts')], {
  env: { ...process.env, LUACH_BROKER_URL: broker.url, LUACH_DEVICE_IDS: ids.join(','), LUACH_SPAN_MS: String(SPAN_MS) },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const lines = readline.createInterface({ input: fleet.stdout! });
const said = (prefix: string, timeoutMs: number) =>
  new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulated fleet did not say "${prefix}" within ${timeoutMs} ms`)), timeoutMs);
    lines.on('line', (line) => {
      if (!line.startsWith(prefix)) return;
      clearTimeout(timer);
      resolve(line);
    });
  });

try {
  await said('ready', 300_000);
  fleet.stdin!.write('go\n');
  const sent = Number((await said('sent', SPAN_MS + 120_000)).split(' ')[1]);
  const handled = () => {
    const c = ingest.counts();
    return c.written + Object.values(c.dropped).reduce((a, b) => a + b, 0);
  };
  const deadline = Date.now() + 300_000;
  while (handled() < sent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  await ingest.idle();
  const counts = ingest.counts();

  const samples: { sentAt: number; lag: number }[] = [];
  const monitoring = await asGateway(() => db.deviceMonitoring.findMany({ select: { createdAt: true, detail: true } }));
  for (const row of monitoring) {
    const sentAt = Date.parse((row.detail as { at: string }).at);
    samples.push({ sentAt, lag: row.createdAt.getTime() - sentAt });
  }
  const metrics = await asGateway(() => db.deviceMetrics.findMany({ select: { createdAt: true, sampledAt: true } }));
  for (const row of metrics) samples.push({ sentAt: row.sampledAt.getTime(), lag: row.createdAt.getTime() - row.sampledAt.getTime() });
  const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? NaN;
  const lags = samples.map((s) => s.lag).sort((a, b) => a - b);
  const at = (q: number) => quantile(lags, q);
  // The first seconds include each of the fleet's first messages (device lookups, cold query plans).
  const firstSent = Math.min(...samples.map((s) => s.sentAt));
  const steady = samples.filter((s) => s.sentAt - firstSent >= 10_000).map((s) => s.lag);
  const context = { devices: DEVICES, messages: sent, written: counts.written, dropped: counts.dropped };
  report('fleet.ingest.lag.p99', at(0.99), 'ms', { target: '<= 1000', p50: at(0.5), max: lags.at(-1), p99AfterFirst10s: quantile(steady, 0.99), ...context });
  report('fleet.ingest.lost', sent - lags.length, 'messages', { target: 0, ...context });

  const nudger = new Nudger({ publish: (topic, payload) => ingest.publish(topic, payload), clock: { now: () => new Date() }, logger, gatherMs: 0 });
  const reached = said('nudged', 60_000);
  const t0 = Date.now();
  nudger.affect(ids);
  await nudger.flush();
  const last = Number((await reached).split(' ')[2]);
  report('fleet.nudge.fan-out', last - t0, 'ms', { target: '<= 2000', devices: DEVICES });
} finally {
  fleet.stdin!.write('stop\n');
  await new Promise((resolve) => fleet.once('exit', resolve));
  await ingest.stop();
  await client.$disconnect();
  broker.stop();
  fs.rmSync(broker.dir, { recursive: true, force: true });
}
