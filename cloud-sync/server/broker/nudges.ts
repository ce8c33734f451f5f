import type { Logger } from 'pino';
import { TELEMETRY_VERSION, type StateChanged } from '../../protocol/telemetry.js';
import { deviceTopics } from '../../protocol/topics.js';
import type { Publish } from '../device-commands.js';

export interface NudgerOptions {
  publish?: Publish | undefined;
  clock: { now(): Date };
  logger: Logger;
  /** How long a burst of writes is gathered before the nudges go out; default 150 ms. */
  gatherMs?: number;
}

/**
 * Sync nudges (`state/changed`) for the devices a committed write affects. Writes within
 * `gatherMs` are gathered, so a 500-row import or a gabbai's ten quick edits is one nudge per
 * device, sent well within a second of the commit. Without a broker nothing is sent: devices
 * then pick the change up at their fallback sync.
 */
export class Nudger {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();
  private sent = 0;

  constructor(private readonly options: NudgerOptions) {}

  affect(deviceIds: Iterable<string>): void {
    for (const id of deviceIds) this.pending.add(id);
    if (this.pending.size === 0 || this.timer || !this.options.publish) return;
    this.timer = setTimeout(() => void this.flush(), this.options.gatherMs ?? 150);
  }

  /** Send what is pending now; resolves when the broker has every nudge. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const publish = this.options.publish;
    const devices = [...this.pending];
    this.pending.clear();
    if (!publish || devices.length === 0) return this.sending;
    const payload: StateChanged = { v: TELEMETRY_VERSION, at: this.options.clock.now().toISOString() };
    this.sending = this.sending.then(async () => {
      const results = await Promise.allSettled(devices.map((id) => publish(deviceTopics(id).stateChanged, payload)));
      const failed = results.filter((r) => r.status === 'rejected').length;
      this.sent += devices.length - failed;
      if (failed) this.options.logger.warn({ failed, of: devices.length }, 'some sync nudges were not sent; those devices sync at their fallback time');
    });
    return this.sending;
  }

  /** Nudges sent so far. */
  count(): number {
    return this.sent;
  }

  async stop(): Promise<void> {
    await this.flush();
  }
}
