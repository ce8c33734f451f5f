import { fetchTargetState } from '../../cloud-sync/client/fetch-target-state.js';
import type { DeviceConfig } from '../config.js';
import type { Clock } from '../clock.js';
import type { EventLog } from '../cache/event-log.js';
import { TargetStateRejected } from '../cache/target-state-store.js';
import type { Logger } from '../log.js';
import type { AppliedState } from '../model/snapshot.js';

/** Where a synced state goes: the runtime, which commits it to the cache and shows it. */
export interface SyncTarget {
  applied(): AppliedState | undefined;
  /** Validate and commit `body` in one transaction, or throw TargetStateRejected and change nothing. */
  apply(body: unknown, etag: string | null): void;
  /** The cloud confirmed the cached state is current (a 304). */
  confirmed(): void;
}

export interface StateSyncOptions {
  cloud: NonNullable<DeviceConfig['cloud']>;
  target: SyncTarget;
  events: EventLog;
  clock: Clock;
  logger: Logger;
  fetch?: typeof globalThis.fetch;
}

/** The cloud still holds a state this device refused; said once when refused, then quietly. */
export class StateStillRefused extends Error {
  constructor(readonly etag: string) {
    super(`the cloud still holds the target state ${etag} this device refused; fix it in the cloud (the reasons were reported when it was refused)`);
    this.name = 'StateStillRefused';
  }
}

/** The first lines of a refusal that travel to the cloud and the log; the rest add nothing an operator reads. */
const REPORTED_ERRORS = 20;

/**
 * Brings the cache to the cloud's target state: one conditional GET (concurrent calls share it),
 * then apply, confirm or refuse. A refused state's ETag is remembered (in the event log, so it
 * survives a restart) and offered back as known, so the same bad document is not downloaded,
 * refused and reported again on every nudge; a fixed state has a new ETag and comes through.
 */
export interface StateRefusal {
  etag: string | null;
  errors: string[];
}

export class StateSync {
  private refusedEtag: string | null;
  private running?: Promise<{ appliedEtag: string | null }>;
  private readonly refusalListeners = new Set<(refusal: StateRefusal) => void>();

  constructor(private readonly options: StateSyncOptions) {
    const refused = options.events.latest('state.rejected')?.detail as { etag?: string | null } | undefined;
    this.refusedEtag = refused?.etag ?? null;
  }

  /** Hear each refused state once, when it is refused (the cloud is told through the link's outbox). */
  onRefused(listener: (refusal: StateRefusal) => void): () => void {
    this.refusalListeners.add(listener);
    return () => this.refusalListeners.delete(listener);
  }

  /** Sync now; `fromScratch` (the clear-cache command) asks for the whole state whatever the cache holds. */
  syncNow(options: { fromScratch?: boolean } = {}): Promise<{ appliedEtag: string | null }> {
    this.running ??= this.sync(options.fromScratch ?? false).finally(() => (this.running = undefined));
    return this.running;
  }

  private async sync(fromScratch: boolean): Promise<{ appliedEtag: string | null }> {
    const { cloud, target, logger } = this.options;
    if (fromScratch) this.refusedEtag = null;
    const applied = target.applied();
    const etag = !fromScratch && applied?.source === 'cloud' ? applied.etag : null;
    const outcome = await fetchTargetState({
      apiUrl: cloud.apiUrl,
      deviceId: cloud.deviceId,
      token: cloud.token,
      etag,
      refusedEtags: this.refusedEtag ? [this.refusedEtag] : [],
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
    switch (outcome.kind) {
      case 'unchanged':
        if (outcome.etag && outcome.etag === this.refusedEtag && outcome.etag !== etag) {
          logger.info({ event: 'state.still-rejected', etag: outcome.etag }, 'the cloud still holds the state this device refused');
          throw new StateStillRefused(outcome.etag);
        }
        target.confirmed();
        return { appliedEtag: outcome.etag };
      case 'changed':
        this.applyOrRefuse(outcome.body, outcome.etag);
        return { appliedEtag: outcome.etag };
      default:
        logger.warn({ event: 'sync.failed', outcome: outcome.kind, reason: outcome.reason }, 'sync failed; keeping the cached state');
        throw new Error(`sync failed: ${outcome.reason}`);
    }
  }

  private applyOrRefuse(body: unknown, etag: string | null): void {
    const { target, logger, events, clock } = this.options;
    try {
      target.apply(body, etag);
      this.refusedEtag = null;
    } catch (error) {
      if (!(error instanceof TargetStateRejected)) throw error;
      const refusal: StateRefusal = { etag, errors: error.errors.slice(0, REPORTED_ERRORS) };
      logger.error({ event: 'state.rejected', ...refusal }, 'target state rejected; keeping the current one');
      events.record('state.rejected', refusal, clock.now());
      for (const listener of this.refusalListeners) listener(refusal);
      this.refusedEtag = etag;
      throw error;
    }
  }
}
