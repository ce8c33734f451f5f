/**
 * Outbox replay of 10,000 metrics queued while offline: the time it takes at the configured rate,
 * the rate actually achieved, and memory before, during and after (it should stay flat: the
 * replay reads pages from SQLite and keeps at most maxInFlight messages in memory).
 * Run: node --import tsx bench/outbox-replay.ts
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { DeviceMetrics } from '../cloud-sync/protocol/telemetry.js';
import { deviceTopics } from '../cloud-sync/protocol/topics.js';
import { openCache } from '../device/cache/open-cache.js';
import { systemClock } from '../device/clock.js';
import { DeviceLink } from '../device/link/device-link.js';
import type { ReplayPolicy } from '../device/link/outbox-replay.js';
import { startBenchBroker } from './support/broker.js';

const QUEUED = 10_000;
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const policy: ReplayPolicy = { ratePerSecond: 500, burst: 50, maxInFlight: 20 };

const broker = await startBenchBroker('replay');
const { port, dir } = broker;

try {
  const topics = deviceTopics('bench-device');
  // The receiver is mosquitto_sub in its own process, so arrival times carry no jitter from this
  // process's event loop; %U is the arrival time in seconds with nanoseconds. It subscribes at
  // QoS 0 so the broker forwards each message as it comes in, without an inflight window of its
  // own that would queue and then bunch them: arrivals then show the device's sending pace.
  const receiver = spawn(
    'mosquitto_sub',
    ['-h', '127.0.0.1', '-p', String(port), '-i', 'bench-cloud', '-q', '0', '-t', topics.metrics, '-F', '%U %p', '-C', String(QUEUED)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let received = 0;
  const arrivals = new Float64Array(QUEUED);
  let outOfOrder = 0;
  let last = 0;
  let pending = '';
  receiver.stdout.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const space = line.indexOf(' ');
      const n = (JSON.parse(line.slice(space + 1)) as { uptimeSeconds: number }).uptimeSeconds;
      if (n <= last) outOfOrder++;
      last = n;
      if (received < QUEUED) arrivals[received] = Number(line.slice(0, space)) * 1000;
      received++;
    }
  });
  await new Promise((r) => setTimeout(r, 300)); // mosquitto_sub subscribes before the replay starts

  const { db } = openCache(path.join(dir, 'cache.db'), new Date());
  const link = new DeviceLink(
    { url: `mqtt://127.0.0.1:${port}`, deviceId: 'bench-device', replay: policy, outboxMaxItems: QUEUED },
    { db, clock: systemClock, statusFacts: () => ({ appVersion: 'bench', appliedEtag: null, display: 'on', shell: 'bench', uptimeSeconds: 0 }) },
  );
  for (let n = 1; n <= QUEUED; n++) link.sendMetrics(metric(n));

  // Retained heap (after a full GC) once the replay is warm (5 % sent: code compiled, buffers
  // sized), then at each further quarter: flat means nothing grows with the number replayed.
  let heapBefore = 0;
  let rssBefore = 0;
  const retained: number[] = [];
  let rssPeak = 0;
  const watch = setInterval(() => {
    if (!heapBefore) {
      if (received < QUEUED / 20) return;
      gc();
      heapBefore = process.memoryUsage().heapUsed;
      rssBefore = rssPeak = process.memoryUsage().rss;
    }
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    if (received >= ((retained.length + 1) * QUEUED) / 4 && retained.length < 3) {
      gc();
      retained.push(process.memoryUsage().heapUsed - heapBefore);
    }
  }, 100);

  link.start();
  const deadline = performance.now() + 50_000;
  while ((received < QUEUED || link.outbox.depth() > 0) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  clearInterval(watch);
  if (received < QUEUED) throw new Error(`only ${received} of ${QUEUED} arrived within 50 s`);
  gc();
  retained.push(process.memoryUsage().heapUsed - heapBefore);

  const seconds = (arrivals[QUEUED - 1]! - arrivals[0]!) / 1000;
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  console.log(
    JSON.stringify({
      bench: 'outbox.replay.duration',
      value: Math.round(seconds * 100) / 100,
      unit: `s for ${QUEUED} items at ${policy.ratePerSecond}/s (burst ${policy.burst})`,
    }),
  );
  console.log(
    JSON.stringify({ bench: 'outbox.replay.rate', value: Math.round(QUEUED / seconds), unit: `msg/s achieved (configured ${policy.ratePerSecond})` }),
  );
  let busiest = 0;
  for (let i = 0, j = 0; i < QUEUED; i++) {
    while (arrivals[i]! - arrivals[j]! >= 1_000) j++;
    busiest = Math.max(busiest, i - j + 1);
  }
  // The token bucket bounds sending (burst + rate in any second; unit tests check it on a virtual
  // clock). mqtt.js's store and the broker can bunch a few of those sends on the way, so the
  // receiver may see slightly more in its busiest second.
  console.log(
    JSON.stringify({
      bench: 'outbox.replay.busiest-second.receiver',
      value: busiest,
      unit: `messages in any 1 s window at the receiver (sender bucket: ${policy.burst + policy.ratePerSecond})`,
    }),
  );
  console.log(JSON.stringify({ bench: 'outbox.replay.out-of-order', value: outOfOrder, unit: 'messages' }));
  console.log(
    JSON.stringify({
      bench: 'outbox.replay.retained-heap-growth',
      value: mb(Math.max(...retained)),
      unit: `MB, largest of ${retained.map(mb).join(' / ')} after GC at each quarter, relative to 5 % replayed`,
    }),
  );
  console.log(JSON.stringify({ bench: 'outbox.replay.rss-peak-growth', value: mb(rssPeak - rssBefore), unit: 'MB from 5 % replayed to the end' }));

  await link.stop();
  receiver.kill();
  db.close();
} finally {
  broker.stop();
}

function metric(n: number): DeviceMetrics {
  return {
    v: 1,
    id: `m-${n}`,
    at: new Date(Date.UTC(2026, 2, 1) + n * 60_000).toISOString(),
    cpuLoadPercent: 7.5,
    memory: { usedBytes: 1.2e9, totalBytes: 4e9 },
    disk: { usedBytes: 6e9, totalBytes: 32e9 },
    cpuTemperatureC: 52.1,
    uptimeSeconds: n,
    network: { iface: 'wlan0', rxBytes: n * 1000, txBytes: n * 500 },
    throttled: null,
    display: 'on',
    rendererMemoryBytes: 180e6,
    outboxDropped: 0,
  };
}
