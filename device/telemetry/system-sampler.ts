import { execFile } from 'node:child_process';
import si from 'systeminformation';
import type { DeviceMetrics } from '../../cloud-sync/protocol/telemetry.js';
import { parseThrottled } from './throttle-flags.js';

/** The hardware part of DeviceMetrics; the rest (ids, display, renderer) is added by Telemetry. */
export type HardwareSample = Pick<DeviceMetrics, 'cpuLoadPercent' | 'memory' | 'disk' | 'cpuTemperatureC' | 'uptimeSeconds' | 'network' | 'throttled'>;

export interface MetricsSampler {
  sample(): Promise<HardwareSample>;
}

/**
 * DeviceMetrics from systeminformation, plus the Pi firmware's throttling flags where
 * `vcgencmd` exists. Each reading fails alone: a missing sensor is null, not a lost sample.
 */
export class SystemSampler implements MetricsSampler {
  /** Unknown until the first try; false after ENOENT so we stop spawning a missing binary. */
  private vcgencmd: boolean | undefined;

  constructor(private readonly options: { vcgencmdPath?: string; diskMount?: string } = {}) {}

  async sample(): Promise<HardwareSample> {
    const [load, mem, disks, temperature, network, throttled] = await Promise.all([
      si.currentLoad().catch(() => null),
      si.mem().catch(() => null),
      si.fsSize().catch(() => null),
      si.cpuTemperature().catch(() => null),
      si.networkStats().catch(() => null),
      this.throttled(),
    ]);
    const mount = this.options.diskMount ?? '/';
    const disk = disks?.find((d) => d.mount === mount) ?? null;
    const iface = network?.[0] ?? null;
    return {
      cpuLoadPercent: load && Number.isFinite(load.currentLoad) ? round(Math.min(100, Math.max(0, load.currentLoad))) : null,
      // "available" already counts reclaimable cache; total - available is what programs hold.
      memory: mem ? { usedBytes: mem.total - mem.available, totalBytes: mem.total } : null,
      disk: disk ? { usedBytes: disk.used, totalBytes: disk.size } : null,
      cpuTemperatureC: typeof temperature?.main === 'number' && Number.isFinite(temperature.main) ? round(temperature.main) : null,
      uptimeSeconds: Math.floor(Number(si.time().uptime) || 0),
      network: iface ? { iface: iface.iface, rxBytes: iface.rx_bytes, txBytes: iface.tx_bytes } : null,
      throttled,
    };
  }

  private throttled(): Promise<HardwareSample['throttled']> {
    if (this.vcgencmd === false) return Promise.resolve(null);
    return new Promise((resolve) => {
      execFile(this.options.vcgencmdPath ?? 'vcgencmd', ['get_throttled'], { timeout: 2_000 }, (error, stdout) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') this.vcgencmd = false;
        else if (!error) this.vcgencmd = true;
        resolve(error ? null : parseThrottled(stdout));
      });
    });
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
