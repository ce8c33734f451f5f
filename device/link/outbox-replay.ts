import type { Clock } from '../clock.js';
import type { Outbox, OutboxItem } from './outbox.js';

export interface ReplayPolicy {
  /** Sustained messages per second the cloud is asked to absorb after an outage. */
  ratePerSecond: number;
  /** Messages that may go at once after an idle spell; any window T carries at most burst + rate x T. */
  burst: number;
  /** Unacknowledged messages at a time: bounds memory and keeps the broker's inflight queue short. */
  maxInFlight: number;
}

export const defaultReplayPolicy: ReplayPolicy = { ratePerSecond: 20, burst: 20, maxInFlight: 10 };

/** A publish that the broker refused for good (MQTT 5 reason code >= 0x80): retrying cannot help. */
export class RefusedByBroker extends Error {}

/**
 * Sends the outbox to the broker oldest first through a token bucket, deleting each row only on
 * its acknowledgement (PUBCOMP at QoS 2). Idle costs nothing: a timer exists only while there is work and no token.
 *
 * Invariant: `cursor` is the highest seq handed to `publish`; everything at or below it is either
 * in flight or acknowledged. Unacknowledged items survive a reconnect inside mqtt.js's session
 * store; after a process restart they are sent again from SQLite and the cloud drops the
 * duplicate by id.
 */
export class OutboxReplay {
  private running = false;
  private cursor = 0;
  private tokens: number;
  private refilledAt: number;
  private readonly inFlight = new Set<number>();
  private cancelTimer: (() => void) | undefined;
  /** When the armed timer fires: never more than one token's wait away, unless the wall clock was set back. */
  private wakeAt = 0;

  constructor(
    private readonly outbox: Outbox,
    private readonly publish: (item: OutboxItem) => Promise<void>,
    private readonly clock: Clock,
    private readonly policy: ReplayPolicy,
    private readonly onRefused: (item: OutboxItem, reason: string) => void = () => {},
  ) {
    if (!(policy.ratePerSecond > 0) || !(policy.burst >= 1) || !(policy.maxInFlight >= 1)) {
      throw new Error(`replay policy needs ratePerSecond > 0, burst >= 1 and maxInFlight >= 1, got ${JSON.stringify(policy)}`);
    }
    this.tokens = policy.burst;
    this.refilledAt = clock.now().getTime();
  }

  /** The link is up: start (or continue) sending. */
  resume(): void {
    this.running = true;
    this.pump();
  }

  /** The link is down: send nothing more; what is in flight stays with the MQTT session. */
  pause(): void {
    this.running = false;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  /** The MQTT session was replaced (new client): in-flight items will never be acknowledged there. */
  forgetInFlight(): void {
    this.inFlight.clear();
    this.cursor = 0;
  }

  /** Something was queued. */
  poke(): void {
    const setBack = this.wakeAt - this.clock.now().getTime() > Math.ceil(1000 / this.policy.ratePerSecond);
    if (this.running && (!this.cancelTimer || setBack)) this.pump();
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private refill(): void {
    const now = this.clock.now().getTime();
    // A clock set back (NTP on a Pi that booted ahead) must not owe days of tokens.
    this.tokens = Math.min(this.policy.burst, this.tokens + (Math.max(0, now - this.refilledAt) * this.policy.ratePerSecond) / 1000);
    this.refilledAt = now;
  }

  private pump(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (!this.running) return;
    this.refill();
    const room = Math.min(Math.floor(this.tokens), this.policy.maxInFlight - this.inFlight.size);
    if (room > 0) {
      let sent = 0;
      // After a rewind the page may hold items still in flight: those are skipped, not re-sent.
      for (const item of this.outbox.peek(this.cursor, room + this.inFlight.size)) {
        if (sent === room) break;
        this.cursor = item.seq;
        if (this.inFlight.has(item.seq)) continue;
        this.tokens -= 1;
        sent++;
        this.send(item);
      }
    }
    const windowFull = this.inFlight.size >= this.policy.maxInFlight;
    if (this.tokens < 1 && !windowFull && this.outbox.peek(this.cursor, 1).length > 0) {
      const waitMs = Math.ceil(((1 - this.tokens) * 1000) / this.policy.ratePerSecond);
      this.wakeAt = this.clock.now().getTime() + waitMs;
      this.cancelTimer = this.clock.at(new Date(this.wakeAt), () => {
        this.cancelTimer = undefined;
        this.pump();
      });
    }
  }

  private send(item: OutboxItem): void {
    this.inFlight.add(item.seq);
    this.publish(item).then(
      () => {
        if (!this.inFlight.delete(item.seq)) return;
        this.outbox.remove(item.seq);
        this.poke();
      },
      (error: unknown) => {
        if (!this.inFlight.delete(item.seq)) return;
        if (error instanceof RefusedByBroker) {
          this.outbox.discard(item.seq);
          this.onRefused(item, error.message);
        } else {
          this.cursor = Math.min(this.cursor, item.seq - 1);
        }
        this.poke();
      },
    );
  }
}
