/**
 * Telemetry CPU cost: process CPU time (user + system, plus reaped children such as the `df` that
 * systeminformation spawns) with telemetry running, minus the same process idling with the link
 * connected, per heartbeat and per DeviceMetrics sample.
 *
 * Honest shortcut: a 10-minute run at the real cadence gives only 20 heartbeats and 10 samples,
 * too few to rise above timer noise, and would blow the bench's one-minute budget. So each phase
 * runs at an accelerated cadence for a few seconds, measures the cost of one heartbeat and one
 * sample, and the 10-minute share is extrapolated as (20 x heartbeat + 10 x sample) / 600 s.
 * LUACH_BENCH_TELEMETRY_MINUTES=10 also measures it the long way: N minutes at the real cadence
 * against N minutes idle, both with the link connected (2N minutes in all; off by default).
 * Run: node --import tsx bench/telemetry-cpu.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { openCache } from '../device/cache/open-cache.js';
import { systemClock } from '../device/clock.js';
import { DeviceLink } from '../device/link/device-link.js';
import { SystemSampler, type MetricsSampler } from '../device/telemetry/system-sampler.js';
import { Telemetry } from '../device/telemetry/telemetry.js';
import { startBenchBroker } from './support/broker.js';

const PHASE_MS = { idle: 8_000, heartbeat: 8_000, metrics: 15_000 };
const CADENCE = { heartbeatSeconds: 0.05, metricsSeconds: 0.5 };
const CLOCK_TICK_MS = 1000 / 100; // USER_HZ on Linux

const broker = await startBenchBroker('cpu');
const { port, dir } = broker;

try {
  const { db } = openCache(path.join(dir, 'cache.db'), new Date());
  const link = new DeviceLink(
    { url: `mqtt://127.0.0.1:${port}`, deviceId: 'bench-device', replay: { ratePerSecond: 1_000, burst: 100, maxInFlight: 20 } },
    { db, clock: systemClock, statusFacts: () => ({ appVersion: 'bench', appliedEtag: '"e1"', display: 'on', shell: 'bench', uptimeSeconds: 0 }) },
  );
  link.start();
  for (let i = 0; i < 200 && link.snapshot().state !== 'online'; i++) await sleep(25);
  if (link.snapshot().state !== 'online') throw new Error('device did not come online within 5 s');

  const system = new SystemSampler();
  await system.sample(); // the slow first sample, as Telemetry.start() does in the background
  let samples = 0;
  let beats = 0;
  const sampler: MetricsSampler = { sample: () => (samples++, system.sample()) };
  const outlet = {
    sendHeartbeat: (h: Parameters<typeof link.sendHeartbeat>[0]) => (beats++, link.sendHeartbeat(h)),
    sendMetrics: (m: Parameters<typeof link.sendMetrics>[0]) => link.sendMetrics(m),
    outboxCounts: () => link.outboxCounts(),
  };
  const sources = { display: () => 'on' as const, appliedEtag: () => '"e1"', appUptimeSeconds: () => 1, rendererMemoryBytes: async () => null };

  const idle: number[] = [];
  for (let i = 0; i < 3; i++) idle.push((await cpuDuring(PHASE_MS.idle / 2, async () => {})) / (PHASE_MS.idle / 2));
  // Idle has stray spikes (GC, WAL checkpoints); the median of three short phases is the baseline.
  const idleMsPerMs = idle.sort((a, b) => a - b)[1]!;

  const heartbeatCpu = await cpuDuring(PHASE_MS.heartbeat, async () => {
    const telemetry = new Telemetry(
      { clock: systemClock, sampler: { sample: () => new Promise(() => {}) }, outlet, sources },
      { heartbeatSeconds: CADENCE.heartbeatSeconds, metricsSeconds: 3_600 },
    );
    telemetry.start();
    return () => telemetry.stop();
  });
  const perBeat = (heartbeatCpu - idleMsPerMs * PHASE_MS.heartbeat) / beats;

  samples = 0;
  const metricsCpu = await cpuDuring(PHASE_MS.metrics, async () => {
    const telemetry = new Telemetry(
      { clock: systemClock, sampler, outlet: { ...outlet, sendHeartbeat: () => {} }, sources },
      { heartbeatSeconds: 3_600, metricsSeconds: CADENCE.metricsSeconds },
    );
    telemetry.start();
    return () => telemetry.stop();
  });
  const perSample = (metricsCpu - idleMsPerMs * PHASE_MS.metrics) / samples;

  const tenMinutesMs = 20 * perBeat + 10 * perSample;
  const share = (tenMinutesMs / 600_000) * 100;
  console.log(
    JSON.stringify({ bench: 'telemetry.heartbeat.cpu', value: round(perBeat, 3), unit: `ms per heartbeat (${beats} beats in ${PHASE_MS.heartbeat / 1000} s)` }),
  );
  console.log(
    JSON.stringify({
      bench: 'telemetry.metrics.cpu',
      value: round(perSample, 2),
      unit: `ms per metrics sample incl. child processes (${samples} samples in ${PHASE_MS.metrics / 1000} s)`,
      target: 10,
    }),
  );
  console.log(
    JSON.stringify({
      bench: 'telemetry.cpu.share',
      value: round(share, 4),
      unit: '% of one core at 30 s heartbeat / 60 s metrics, extrapolated to 10 min from the accelerated phases',
      target: 0.05,
    }),
  );
  console.log(
    JSON.stringify({
      bench: 'telemetry.idle-link.cpu.share',
      value: round(idleMsPerMs * 100, 4),
      unit: '% of one core, link connected, telemetry off (the baseline subtracted)',
    }),
  );

  const minutes = Number(process.env.LUACH_BENCH_TELEMETRY_MINUTES ?? 0);
  if (minutes > 0) {
    const phaseMs = minutes * 60_000;
    const idleLong = await cpuDuring(phaseMs, async () => {});
    const withTelemetry = await cpuDuring(phaseMs, async () => {
      const telemetry = new Telemetry({ clock: systemClock, sampler: system, outlet: link, sources }, { heartbeatSeconds: 30, metricsSeconds: 60 });
      telemetry.start();
      return () => telemetry.stop();
    });
    console.log(
      JSON.stringify({
        bench: 'telemetry.cpu.share.measured',
        value: round(((withTelemetry - idleLong) / phaseMs) * 100, 4),
        unit: `% of one core, measured: ${minutes} min at 30 s heartbeat / 60 s metrics minus ${minutes} min idle`,
      }),
    );
  }

  await link.stop();
  db.close();
} finally {
  broker.stop();
}

/** CPU milliseconds this process (and its reaped children) spent while `run` was active for `ms`. */
async function cpuDuring(ms: number, run: () => Promise<(() => void) | void>): Promise<number> {
  const before = cpuMs();
  const stop = await run();
  await sleep(ms);
  stop?.();
  await sleep(200); // let a sample already under way finish inside the measurement
  return cpuMs() - before;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  const children = (Number(fields[13]) + Number(fields[14])) * CLOCK_TICK_MS;
  return (user + system) / 1000 + children;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function round(n: number, digits: number): number {
  return Number(n.toFixed(digits));
}
