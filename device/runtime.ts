import type Database from 'better-sqlite3';
import type { Clock } from './clock.js';
import type { ClockTrust } from './clock-trust.js';
import type { DeviceConfig } from './config.js';
import type { Logger } from './log.js';
import { openCache } from './cache/open-cache.js';
import { applyTargetState, readSnapshot, type CacheSnapshot, type StateSource } from './cache/target-state-store.js';
import { demoTargetState } from './demo/demo-state.js';
import { buildDisplayModel } from './model/build-display-model.js';
import type { DisplayModel } from './model/display-model.js';

export interface RuntimeOptions {
  config: DeviceConfig;
  clock: Clock;
  logger: Logger;
  clockTrust: (now: Date) => ClockTrust;
}

export interface Rebuild {
  at: string;
  /** Why this rebuild happened: 'start', 'state applied (cloud)', or the boundary's reasons. */
  reason: string;
  validUntil: string;
}

/** How many rebuilds the runtime remembers for `luach doctor` and tests. */
const REBUILD_HISTORY = 200;
/** While the clock is not trusted, how often to ask again (NTP usually syncs within a minute of the network). */
const CLOCK_TRUST_RECHECK_MS = 60_000;

/**
 * The composition root: opens the cache, keeps the current DisplayModel, and rebuilds it at
 * exactly its validUntil and on every cache change; never on a polling interval.
 * Start order: cache -> content (seed when empty) -> model -> boundary timer. Stop reverses it.
 */
export class Runtime {
  private db?: Database.Database;
  private snapshot?: CacheSnapshot;
  private model?: DisplayModel;
  private cancelBoundary?: () => void;
  private cancelClockWatch: (() => void)[] = [];
  private clockVerified = false;
  private readonly listeners = new Set<(model: DisplayModel) => void>();
  readonly rebuilds: Rebuild[] = [];

  constructor(private readonly options: RuntimeOptions) {}

  start(): void {
    const { config, clock, logger } = this.options;
    const opened = openCache(config.cacheFile, clock.now(), {
      corruptMovedAside: (info) => logger.error({ event: 'cache.corrupt', ...info }, 'cache file unusable; moved aside and rebuilt'),
    });
    this.db = opened.db;
    if (opened.rebuiltFrom) this.recordEvent('cache.corrupt', opened.rebuiltFrom);
    this.snapshot = readSnapshot(this.db) ?? undefined;
    if (!this.snapshot) {
      if (config.cloud) logger.info({ event: 'cache.empty' }, 'cache is empty; showing the demo until the first sync');
      this.applyTargetState(demoTargetState(clock.now()), null, 'demo');
    } else {
      this.rebuild('start');
    }
    this.cancelClockWatch = [
      clock.onJump((byMs) => {
        logger.warn({ event: 'clock.jump', byMs }, 'the system clock jumped; rebuilding');
        this.rebuild(`clock jumped by ${Math.round(byMs / 1000)} s`);
      }),
      clock.every(CLOCK_TRUST_RECHECK_MS, () => {
        if (!this.clockVerified && this.options.clockTrust(clock.now()).verified) this.rebuild('clock verified');
      }),
    ];
  }

  stop(): void {
    this.cancelClockWatch.forEach((cancel) => cancel());
    this.cancelClockWatch = [];
    this.cancelBoundary?.();
    this.cancelBoundary = undefined;
    this.listeners.clear();
    this.db?.close();
    this.db = undefined;
  }

  /** Replace the cached state (validated; all or nothing) and show it at once. */
  applyTargetState(input: unknown, etag: string | null, source: StateSource): void {
    const db = this.requireDb();
    const state = applyTargetState(db, input, { etag, source, now: this.options.clock.now() });
    this.snapshot = readSnapshot(db) ?? undefined;
    this.options.logger.info({ event: 'state.applied', etag, source, generatedAt: state.generatedAt }, 'target state applied');
    this.rebuild(`state applied (${source})`);
  }

  current(): DisplayModel {
    if (!this.model) throw new Error('the runtime has not started');
    return this.model;
  }

  subscribe(listener: (model: DisplayModel) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get cacheSnapshot(): CacheSnapshot | undefined {
    return this.snapshot;
  }

  get database(): Database.Database {
    return this.requireDb();
  }

  /** Build the model for now, publish it, and arm the timer for its validUntil. */
  rebuild(reason: string): DisplayModel {
    const { clock, clockTrust } = this.options;
    if (!this.snapshot) throw new Error('nothing to show: the cache holds no state');
    const now = clock.now();
    this.clockVerified = clockTrust(now).verified;
    const model = buildDisplayModel({ snapshot: this.snapshot, now, clockVerified: this.clockVerified, online: null });
    this.model = model;
    this.rebuilds.push({ at: now.toISOString(), reason, validUntil: model.validUntil });
    if (this.rebuilds.length > REBUILD_HISTORY) this.rebuilds.shift();
    this.cancelBoundary?.();
    this.cancelBoundary = clock.at(new Date(model.validUntil), () => this.rebuild(`boundary: ${model.validUntilBecause.join(', ')}`));
    for (const listener of this.listeners) listener(model);
    return model;
  }

  private recordEvent(kind: string, detail: unknown): void {
    this.requireDb()
      .prepare('INSERT INTO event_log (at, kind, detail) VALUES (?, ?, ?)')
      .run(this.options.clock.now().toISOString(), kind, JSON.stringify(detail));
  }

  private requireDb(): Database.Database {
    if (!this.db) throw new Error('the runtime has not started');
    return this.db;
  }
}
