import { describe, expect, it } from 'vitest';
import { DeviceMetrics } from '../../cloud-sync/protocol/telemetry.js';
import { SystemSampler } from './system-sampler.js';

describe('SystemSampler on this machine', () => {
  it('reads memory, disk and uptime, and nulls what the hardware lacks instead of failing', async () => {
    const sampler = new SystemSampler({ vcgencmdPath: '/nonexistent/vcgencmd' });
    await sampler.sample();
    const sample = await sampler.sample();
    const metrics = DeviceMetrics.parse({
      v: 1,
      id: 'm-1',
      at: new Date().toISOString(),
      ...sample,
      display: 'unknown',
      rendererMemoryBytes: null,
      outboxDropped: 0,
    });
    expect(metrics.memory!.totalBytes).toBeGreaterThan(0);
    expect(metrics.disk!.totalBytes).toBeGreaterThan(0);
    expect(metrics.uptimeSeconds).toBeGreaterThan(0);
    expect(metrics.throttled).toBeNull();
  });
});
