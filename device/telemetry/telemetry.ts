import { HEARTBEAT_MAX_BYTES, TELEMETRY_VERSION, type DeviceMetrics, type DisplayPower, type Heartbeat } from '../../cloud-sync/protocol/telemetry.js';
import type { Clock } from '../clock.js';
import type { MetricsSampler } from './system-sampler.js';

/** Where telemetry goes: the DeviceLink implements this. */
export interface TelemetryOutlet {
  /** Latest-only while offline. */
  sendHeartbeat(heartbeat: Heartbeat): void;
  /** Through the outbox. */
  sendMetrics(metrics: DeviceMetrics): void;
  outboxCounts(): { depth: number; dropped: number };
  /** Whether the device has room to write. */
  storageFull?(): boolean;
}

/** Facts only the runtime knows, read at each beat. */
export interface TelemetrySources {
  display(): DisplayPower;
  appliedEtag(): string | null;
  /** Seconds since the app started. */
  appUptimeSeconds(): number;
  /** The renderer's memory (Electron's process metrics, or null in the browser shell). */
  rendererMemoryBytes(): Promise<number | null>;
}

export interface TelemetryOptions {
  heartbeatSeconds?: number;
  metricsSeconds?: number;
}

export interface TelemetryLogger {
  warn(obj: object, msg?: string): void;
}

/** The heartbeat names the etag the cloud knows; a longer one is cut to stay within 300 bytes. */
const HEARTBEAT_ETAG_CHARS = 64;

/**
 * Heartbeat every 30 s and DeviceMetrics every 60 s (both configurable). The heartbeat never
 * waits on systeminformation; a metrics sample runs in the background and a slow one is
 * skipped over rather than stacked. start() warms the sampler up off the hot path, because the
 * first systeminformation reading is slow and its CPU load figure meaningless.
 */
export class Telemetry {
  private cancels: (() => void)[] = [];
  private sampling = false;
  private stopped = true;

  constructor(
    private readonly deps: { clock: Clock; sampler: MetricsSampler; outlet: TelemetryOutlet; sources: TelemetrySources; logger?: TelemetryLogger },
    private readonly options: TelemetryOptions = {},
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const heartbeatMs = (this.options.heartbeatSeconds ?? 30) * 1000;
    const metricsMs = (this.options.metricsSeconds ?? 60) * 1000;
    this.cancels.push(this.deps.clock.every(heartbeatMs, () => this.beat()));
    this.cancels.push(this.deps.clock.every(metricsMs, () => void this.measure()));
    this.sampling = true;
    void this.deps.sampler
      .sample()
      .catch(() => undefined)
      .finally(() => (this.sampling = false));
    this.beat();
  }

  stop(): void {
    this.stopped = true;
    for (const cancel of this.cancels.splice(0)) cancel();
  }

  /** One heartbeat now (also used by the runtime right after the display switches). */
  beat(): void {
    const { sources, outlet, clock } = this.deps;
    const now = clock.now();
    const counts = outlet.outboxCounts();
    const heartbeat: Heartbeat = {
      v: TELEMETRY_VERSION,
      id: `hb-${now.getTime()}`,
      at: now.toISOString(),
      uptimeSeconds: Math.max(0, Math.floor(sources.appUptimeSeconds())),
      display: sources.display(),
      appliedEtag: sources.appliedEtag()?.slice(0, HEARTBEAT_ETAG_CHARS) ?? null,
      outboxDepth: counts.depth,
      outboxDropped: counts.dropped,
      ...(outlet.storageFull?.() ? { storage: 'full' as const } : {}),
    };
    const bytes = Buffer.byteLength(JSON.stringify(heartbeat));
    if (bytes > HEARTBEAT_MAX_BYTES) {
      // Only an etag full of escaped characters can do this; the beat matters more than the etag.
      this.deps.logger?.warn(
        { event: 'telemetry.heartbeat-too-big', bytes, limit: HEARTBEAT_MAX_BYTES },
        'heartbeat over its size limit; sent without the etag',
      );
      heartbeat.appliedEtag = null;
    }
    outlet.sendHeartbeat(heartbeat);
  }

  /** One DeviceMetrics sample; resolves false when skipped because the previous one is still running. */
  async measure(): Promise<boolean> {
    if (this.sampling) return false;
    this.sampling = true;
    try {
      const [hardware, renderer] = await Promise.all([this.deps.sampler.sample(), this.deps.sources.rendererMemoryBytes().catch(() => null)]);
      if (this.stopped) return false;
      const now = this.deps.clock.now();
      this.deps.outlet.sendMetrics({
        v: TELEMETRY_VERSION,
        id: `m-${now.getTime()}`,
        at: now.toISOString(),
        ...hardware,
        display: this.deps.sources.display(),
        rendererMemoryBytes: renderer,
        outboxDropped: this.deps.outlet.outboxCounts().dropped,
      });
      return true;
    } catch (error) {
      this.deps.logger?.warn({ event: 'telemetry.sample-failed', error: error instanceof Error ? error.message : String(error) }, 'metrics sample failed');
      return false;
    } finally {
      this.sampling = false;
    }
  }
}
