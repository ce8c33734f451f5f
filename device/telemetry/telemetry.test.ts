import { describe, expect, it } from 'vitest';
import { DeviceMetrics, Heartbeat, HEARTBEAT_MAX_BYTES } from '../../cloud-sync/protocol/telemetry.js';
import { VirtualClock } from '../clock.js';
import type { HardwareSample, MetricsSampler } from './system-sampler.js';
import { Telemetry, type TelemetrySources } from './telemetry.js';

const start = new Date('2026-03-01T10:00:00Z');
const hardware: HardwareSample = {
  cpuLoadPercent: 12.5,
  memory: { usedBytes: 1e9, totalBytes: 4e9 },
  disk: { usedBytes: 5e9, totalBytes: 32e9 },
  cpuTemperatureC: 51.2,
  uptimeSeconds: 3600,
  network: { iface: 'wlan0', rxBytes: 1000, txBytes: 2000 },
  throttled: null,
};

/** A sampler whose answers the test releases one by one, to play a slow systeminformation. */
class HeldSampler implements MetricsSampler {
  readonly waiting: ((sample: HardwareSample) => void)[] = [];
  sample() {
    return new Promise<HardwareSample>((resolve) => this.waiting.push(resolve));
  }
}

function setup(sampler: MetricsSampler, sources: Partial<TelemetrySources> = {}) {
  const clock = new VirtualClock(start);
  const heartbeats: Heartbeat[] = [];
  const metrics: DeviceMetrics[] = [];
  const telemetry = new Telemetry(
    {
      clock,
      sampler,
      outlet: { sendHeartbeat: (h) => heartbeats.push(h), sendMetrics: (m) => metrics.push(m), outboxCounts: () => ({ depth: 3, dropped: 7 }) },
      sources: { display: () => 'on', appliedEtag: () => '"abc"', appUptimeSeconds: () => 42, rendererMemoryBytes: async () => 150e6, ...sources },
    },
    { heartbeatSeconds: 30, metricsSeconds: 60 },
  );
  return { clock, telemetry, heartbeats, metrics };
}
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Telemetry', () => {
  it('beats at start and every 30 s, each heartbeat valid and within 300 bytes', () => {
    const { clock, telemetry, heartbeats } = setup({ sample: async () => hardware });
    telemetry.start();
    clock.advanceBy(10 * 60_000);
    expect(heartbeats).toHaveLength(21);
    for (const heartbeat of heartbeats) {
      expect(Heartbeat.parse(heartbeat)).toEqual(heartbeat);
      expect(Buffer.byteLength(JSON.stringify(heartbeat))).toBeLessThanOrEqual(HEARTBEAT_MAX_BYTES);
    }
    expect(heartbeats[0]).toMatchObject({ display: 'on', appliedEtag: '"abc"', uptimeSeconds: 42, outboxDepth: 3, outboxDropped: 7 });
    telemetry.stop();
    expect(clock.pendingTimers).toBe(0);
  });

  it('keeps the heartbeat within 300 bytes even with a huge etag and counters', () => {
    const { telemetry, heartbeats } = setup({ sample: async () => hardware }, { appliedEtag: () => `"${'f'.repeat(500)}"`, appUptimeSeconds: () => 9e9 });
    telemetry.beat();
    expect(Buffer.byteLength(JSON.stringify(heartbeats[0]))).toBeLessThanOrEqual(HEARTBEAT_MAX_BYTES);
    expect(heartbeats[0]!.appliedEtag).toHaveLength(64);
  });

  it('drops the etag rather than the beat when escaping would push it over 300 bytes', () => {
    const { telemetry, heartbeats } = setup({ sample: async () => hardware }, { appliedEtag: () => '\u0001'.repeat(64) });
    telemetry.beat();
    expect(heartbeats[0]!.appliedEtag).toBeNull();
    expect(Buffer.byteLength(JSON.stringify(heartbeats[0]))).toBeLessThanOrEqual(HEARTBEAT_MAX_BYTES);
  });

  it('sends DeviceMetrics every 60 s with display state and renderer memory', async () => {
    const { clock, telemetry, metrics } = setup({ sample: async () => hardware });
    telemetry.start();
    await settle();
    for (let minute = 1; minute <= 3; minute++) {
      clock.advanceBy(60_000);
      await settle();
    }
    expect(metrics).toHaveLength(3);
    expect(DeviceMetrics.parse(metrics[0])).toMatchObject({ ...hardware, display: 'on', rendererMemoryBytes: 150e6, outboxDropped: 7 });
    expect(metrics.map((m) => m.at)).toEqual(['2026-03-01T10:01:00.000Z', '2026-03-01T10:02:00.000Z', '2026-03-01T10:03:00.000Z']);
    telemetry.stop();
  });

  it('never lets a slow first sample hold up the heartbeat, and skips metrics ticks rather than stacking samples', async () => {
    const sampler = new HeldSampler();
    const { clock, telemetry, heartbeats, metrics } = setup(sampler);
    telemetry.start();
    expect(heartbeats).toHaveLength(1);
    clock.advanceBy(3 * 60_000);
    await settle();
    expect(heartbeats).toHaveLength(7);
    expect(sampler.waiting).toHaveLength(1);
    sampler.waiting[0]!(hardware);
    await settle();
    clock.advanceBy(60_000);
    await settle();
    expect(sampler.waiting).toHaveLength(2);
    sampler.waiting[1]!(hardware);
    await settle();
    expect(metrics).toHaveLength(1);
    telemetry.stop();
  });

  it('reports renderer memory as null when the shell cannot tell', async () => {
    const { telemetry, metrics } = setup({ sample: async () => hardware }, { rendererMemoryBytes: () => Promise.reject(new Error('no renderer')) });
    telemetry.start();
    await settle();
    expect(await telemetry.measure()).toBe(true);
    expect(metrics[0]!.rendererMemoryBytes).toBeNull();
    telemetry.stop();
  });
});
