import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import si from 'systeminformation';
import type { DeviceMetrics } from '../../cloud-sync/protocol/telemetry.js';
import { parseThrottled, parseThrottledWord } from './throttle-flags.js';

/** The hardware part of DeviceMetrics; the rest (ids, display, renderer) is added by Telemetry. */
export type HardwareSample = Pick<DeviceMetrics, 'cpuLoadPercent' | 'memory' | 'disk' | 'cpuTemperatureC' | 'uptimeSeconds' | 'network' | 'throttled'>;

export interface MetricsSampler {
  sample(): Promise<HardwareSample>;
}

export interface SystemSamplerOptions {
  /** Where /proc and /sys are (a directory tree standing in for `/` in tests). */
  root?: string;
  /** The file system whose space is reported. */
  diskMount?: string;
  /** Asked only where the firmware's sysfs file is absent (older kernels). */
  vcgencmdPath?: string;
}

/** The Pi firmware's throttle word, as the kernel exposes it (raspberrypi-hwmon / firmware driver). */
const GET_THROTTLED = 'sys/devices/platform/soc/soc:firmware/get_throttled';

/**
 * DeviceMetrics at the 60-second cadence for almost nothing: every figure comes from a file the
 * kernel keeps (/proc, /sys) or a system call, and nothing spawns a child process. Memory is
 * systeminformation's `mem()` (it reads /proc/meminfo); its load, disk, temperature and network
 * calls spawn `cat`, `df`, `sensors` and `ip`, so those figures are read here directly, each
 * with the same meaning: load over the interval since the last sample, used/total bytes of the
 * mount, the first thermal zone in °C, the default route's interface and its byte counters.
 * Each reading fails alone: a missing sensor is null, not a lost sample.
 */
export class SystemSampler implements MetricsSampler {
  private lastCpu = cpuTimes();
  /** Unknown until the first try; false after ENOENT so a missing binary is not spawned again. */
  private vcgencmd: boolean | undefined;

  constructor(private readonly options: SystemSamplerOptions = {}) {}

  async sample(): Promise<HardwareSample> {
    const [mem, disk, temperature, network, throttled] = await Promise.all([
      si.mem().catch(() => null),
      this.disk(),
      this.temperature(),
      this.network(),
      this.throttled(),
    ]);
    return {
      cpuLoadPercent: this.cpuLoad(),
      // "available" already counts reclaimable cache; total - available is what programs hold.
      memory: mem ? { usedBytes: mem.total - mem.available, totalBytes: mem.total } : null,
      disk,
      cpuTemperatureC: temperature,
      uptimeSeconds: Math.floor(os.uptime()),
      network,
      throttled,
    };
  }

  private file(relative: string): string {
    return path.join(this.options.root ?? '/', relative);
  }

  private read(relative: string): Promise<string | null> {
    return fs.readFile(this.file(relative), 'utf8').catch(() => null);
  }

  /** Busy share of all cores since the previous sample (os.cpus() reads /proc/stat in-process). */
  private cpuLoad(): number | null {
    const now = cpuTimes();
    const total = now.total - this.lastCpu.total;
    const idle = now.idle - this.lastCpu.idle;
    this.lastCpu = now;
    return total > 0 ? round(Math.min(100, Math.max(0, (100 * (total - idle)) / total))) : null;
  }

  private async disk(): Promise<HardwareSample['disk']> {
    try {
      const stats = await fs.statfs(this.options.diskMount ?? '/');
      return { usedBytes: (stats.blocks - stats.bfree) * stats.bsize, totalBytes: stats.blocks * stats.bsize };
    } catch {
      return null;
    }
  }

  private async temperature(): Promise<number | null> {
    const milli = Number.parseInt((await this.read('sys/class/thermal/thermal_zone0/temp')) ?? '', 10);
    return Number.isFinite(milli) ? round(milli / 1000) : null;
  }

  /** The interface of the default route (/proc/net/route, destination 0), and its counters. */
  private async network(): Promise<HardwareSample['network']> {
    const routes = (await this.read('proc/net/route')) ?? '';
    const iface = routes
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .find((fields) => fields[1] === '00000000')?.[0];
    if (!iface) return null;
    const counter = async (name: string) => Number.parseInt((await this.read(`sys/class/net/${iface}/statistics/${name}`)) ?? '', 10);
    const [rxBytes, txBytes] = await Promise.all([counter('rx_bytes'), counter('tx_bytes')]);
    return Number.isFinite(rxBytes) && Number.isFinite(txBytes) ? { iface, rxBytes, txBytes } : null;
  }

  private async throttled(): Promise<HardwareSample['throttled']> {
    const word = await this.read(GET_THROTTLED);
    if (word !== null) return parseThrottledWord(word);
    if (this.vcgencmd === false) return null;
    return new Promise((resolve) => {
      execFile(this.options.vcgencmdPath ?? 'vcgencmd', ['get_throttled'], { timeout: 2_000 }, (error, stdout) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') this.vcgencmd = false;
        else if (!error) this.vcgencmd = true;
        resolve(error ? null : parseThrottled(stdout));
      });
    });
  }
}

function cpuTimes(): { total: number; idle: number } {
  let total = 0;
  let idle = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
    idle += t.idle;
  }
  return { total, idle };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
