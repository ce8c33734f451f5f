/**
 * What one device may cost the cloud, whatever it sends. A device login can publish at any rate
 * with any timestamps, so the ingest admits, per device:
 *   - messages at a bounded rate (a token bucket: a burst for an outbox replaying after an
 *     outage, a steady rate well above what telemetry needs);
 *   - timestamps in a window: not in the future (beyond clock skew), not older than the outbox
 *     can hold a message;
 *   - one heartbeat row and one metrics row per slot of sample time: the rows a device can add
 *     are bounded by time itself, and the retention prune keeps only the last days of them.
 * Replica-local and in memory: each replica bounds what it accepts; the database's bound is the
 * slots, the same on every replica.
 */
export interface TelemetryBudgetRules {
  /** Sustained messages per second per device. */
  ratePerSecond: number;
  /** Messages a device may send at once (an outbox replay after an outage). */
  burst: number;
  /** How far ahead of the gateway's clock a timestamp may be. */
  futureMs: number;
  /** How old a timestamp may be (a device's outbox keeps messages through a long outage). */
  pastMs: number;
  /** One stored heartbeat or metrics row per device per slot of this length. */
  slotMs: number;
}

export const DEFAULT_TELEMETRY_BUDGET: TelemetryBudgetRules = {
  ratePerSecond: 20,
  burst: 2_000,
  futureMs: 5 * 60_000,
  pastMs: 30 * 24 * 3_600_000,
  slotMs: 10_000,
};

export type Admission = 'admit' | 'overRate' | 'outOfWindow' | 'sameSlot';

/** Devices remembered at most; the least recently heard go first. */
const MAX_DEVICES = 50_000;

export class TelemetryBudget {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly lastSlot = new Map<string, number>();

  constructor(private readonly rules: TelemetryBudgetRules = DEFAULT_TELEMETRY_BUDGET) {}

  /** Any message from `deviceId` arriving at `now`: within the device's rate? */
  withinRate(deviceId: string, now: number): boolean {
    const bucket = this.buckets.get(deviceId) ?? { tokens: this.rules.burst, at: now };
    bucket.tokens = Math.min(this.rules.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.rules.ratePerSecond);
    bucket.at = now;
    this.buckets.delete(deviceId);
    this.buckets.set(deviceId, bucket);
    if (this.buckets.size > MAX_DEVICES) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** A timestamped report: its time in the window, and (for stored telemetry) a slot not yet taken. */
  admitReport(deviceId: string, kind: string, at: string, now: number, slotted: boolean): Admission {
    const t = Date.parse(at);
    if (!(t <= now + this.rules.futureMs && t >= now - this.rules.pastMs)) return 'outOfWindow';
    if (!slotted) return 'admit';
    const key = `${deviceId}|${kind}`;
    const slot = Math.floor(t / this.rules.slotMs);
    if (this.lastSlot.get(key) === slot) return 'sameSlot';
    this.lastSlot.delete(key);
    this.lastSlot.set(key, slot);
    if (this.lastSlot.size > MAX_DEVICES * 2) this.lastSlot.delete(this.lastSlot.keys().next().value!);
    return 'admit';
  }

  /** The start of `at`'s slot: a metrics row is stored at it, so a redelivery or a flood in one slot is one row. */
  slotStart(at: string): Date {
    return new Date(Math.floor(Date.parse(at) / this.rules.slotMs) * this.rules.slotMs);
  }
}
