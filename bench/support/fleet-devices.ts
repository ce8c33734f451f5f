/**
 * A fleet of simulated screens on real MQTT connections, in its own process so it does not share
 * the gateway's CPU. Env: LUACH_BROKER_URL, LUACH_DEVICE_IDS (comma-separated), LUACH_SPAN_MS.
 * Prints `ready` once every screen is connected and subscribed to its nudges; on `go` (stdin) it
 * sends each screen's two heartbeats and one metrics report, spread over LUACH_SPAN_MS, and prints
 * `sent <n>`; it prints `nudged <n> <last epoch ms>` when every screen has had a nudge.
 */
import readline from 'node:readline';
import mqtt, { type MqttClient } from 'mqtt';
import { deviceTopics } from '../../cloud-sync/protocol/topics.js';

const url = process.env.LUACH_BROKER_URL!;
const ids = process.env.LUACH_DEVICE_IDS!.split(',');
const spanMs = Number(process.env.LUACH_SPAN_MS ?? 60_000);
const clients: MqttClient[] = [];
const nudged = new Set<string>();
let lastNudge = 0;

for (let i = 0; i < ids.length; i += 100) {
  await Promise.all(
    ids.slice(i, i + 100).map(async (id) => {
      const client = await mqtt.connectAsync(url, { clientId: `luach-${id}`, username: id, clean: true, keepalive: 120, reconnectPeriod: 0 });
      client.on('message', () => {
        lastNudge = Date.now();
        nudged.add(id);
        if (nudged.size === ids.length) process.stdout.write(`nudged ${nudged.size} ${lastNudge}\n`);
      });
      await client.subscribeAsync(deviceTopics(id).stateChanged, { qos: 1 });
      clients[ids.indexOf(id)] = client;
    }),
  );
}
process.stdout.write('ready\n');

const heartbeat = (id: string, n: number) => ({
  v: 1,
  id: `hb-${id}-${n}`,
  at: new Date().toISOString(),
  uptimeSeconds: 60 + n,
  display: 'on',
  appliedEtag: '"bench"',
  outboxDepth: 0,
  outboxDropped: 0,
});
const metrics = (id: string) => ({
  v: 1,
  id: `m-${id}`,
  at: new Date().toISOString(),
  cpuLoadPercent: 12,
  memory: { usedBytes: 1e9, totalBytes: 4e9 },
  disk: { usedBytes: 5e9, totalBytes: 3.2e10 },
  cpuTemperatureC: 50,
  uptimeSeconds: 90,
  network: { iface: 'eth0', rxBytes: 1, txBytes: 2 },
  throttled: null,
  display: 'on',
  rendererMemoryBytes: 2e8,
  outboxDropped: 0,
});

async function go(): Promise<void> {
  const started = Date.now();
  // Each screen's heartbeats 30 s apart and its metrics once a minute, the whole fleet's compressed into spanMs.
  const events: { at: number; send: () => Promise<unknown> }[] = [];
  ids.forEach((id, i) => {
    const topics = deviceTopics(id);
    const offset = (i / ids.length) * (spanMs / 2);
    events.push({ at: offset, send: () => clients[i]!.publishAsync(topics.heartbeat, JSON.stringify(heartbeat(id, 1)), { qos: 1 }) });
    events.push({ at: offset + spanMs / 2, send: () => clients[i]!.publishAsync(topics.heartbeat, JSON.stringify(heartbeat(id, 2)), { qos: 1 }) });
    events.push({ at: (i / ids.length) * spanMs, send: () => clients[i]!.publishAsync(topics.metrics, JSON.stringify(metrics(id)), { qos: 1 }) });
  });
  events.sort((a, b) => a.at - b.at);
  const sending: Promise<unknown>[] = [];
  for (const event of events) {
    const wait = started + event.at - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sending.push(event.send());
  }
  await Promise.all(sending);
  process.stdout.write(`sent ${events.length}\n`);
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'go') void go();
  if (line === 'stop') void Promise.all(clients.map((c) => c.endAsync(true))).then(() => process.exit(0));
});
