import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceMetrics } from '../../cloud-sync/protocol/telemetry.js';
import { SystemSampler } from './system-sampler.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A directory tree standing in for a Raspberry Pi's /proc and /sys. */
function piRoot(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-pi-root-'));
  dirs.push(root);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

const ROUTES = 'Iface\tDestination\tGateway\tFlags\nwlan0\t0000A8C0\t00000000\t0001\neth0\t00000000\t0101A8C0\t0003\n';

describe('the system sampler', () => {
  it('reads a Pi’s temperature, default-route counters and throttle flags from the kernel’s files, spawning nothing', async () => {
    const marker = path.join(os.tmpdir(), `luach-vcgencmd-ran-${process.pid}`);
    const vcgencmd = path.join(piRoot({}), 'vcgencmd');
    fs.writeFileSync(vcgencmd, `#!/bin/sh\ntouch ${marker}\necho throttled=0x0\n`, { mode: 0o755 });
    const root = piRoot({
      'sys/class/thermal/thermal_zone0/temp': '61234\n',
      'proc/net/route': ROUTES,
      'sys/class/net/eth0/statistics/rx_bytes': '123456789\n',
      'sys/class/net/eth0/statistics/tx_bytes': '987654\n',
      'sys/devices/platform/soc/soc:firmware/get_throttled': '50005\n',
    });
    const sample = await new SystemSampler({ root, vcgencmdPath: vcgencmd }).sample();
    expect(sample.cpuTemperatureC).toBe(61.2);
    expect(sample.network).toEqual({ iface: 'eth0', rxBytes: 123456789, txBytes: 987654 });
    expect(sample.throttled).toMatchObject({ raw: '0x50005', underVoltageNow: true, throttledNow: true, underVoltageOccurred: true });
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('asks vcgencmd only where the kernel has no throttle file', async () => {
    const marker = path.join(os.tmpdir(), `luach-vcgencmd-asked-${process.pid}`);
    const vcgencmd = path.join(piRoot({}), 'vcgencmd');
    fs.writeFileSync(vcgencmd, `#!/bin/sh\ntouch ${marker}\necho throttled=0x20000\n`, { mode: 0o755 });
    try {
      const sample = await new SystemSampler({ root: piRoot({}), vcgencmdPath: vcgencmd }).sample();
      expect(sample.throttled).toMatchObject({ raw: '0x20000', frequencyCappedOccurred: true });
      expect(fs.existsSync(marker)).toBe(true);
    } finally {
      fs.rmSync(marker, { force: true });
    }
  });

  it('on this machine: memory, disk, load and uptime as DeviceMetrics, and null for what the hardware lacks', async () => {
    const sampler = new SystemSampler({ root: piRoot({}), vcgencmdPath: '/nonexistent/vcgencmd' });
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
    expect(metrics.disk!.totalBytes).toBeGreaterThan(metrics.disk!.usedBytes);
    expect(metrics.uptimeSeconds).toBeGreaterThan(0);
    expect(metrics.cpuTemperatureC).toBeNull();
    expect(metrics.network).toBeNull();
    expect(metrics.throttled).toBeNull();
  });
});
