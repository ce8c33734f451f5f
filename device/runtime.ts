import type Database from 'better-sqlite3';
import { describeIssues } from '../cloud-sync/protocol/primitives.js';
import type { Clock } from './clock.js';
import type { ClockTrust } from './host/clock-trust.js';
import type { DeviceConfig } from './config.js';
import type { Logger } from './log.js';
import { openCache, type CorruptCache } from './cache/open-cache.js';
import { lastGoodFile, readLastGood, saveLastGood } from './cache/last-good-state.js';
import { applyTargetState, markSynced, readSnapshot, TargetStateRejected, type CacheSnapshot, type StateSource } from './cache/target-state-store.js';
import { demoTargetState } from './demo/demo-state.js';
import { buildDisplayModel, STALE_AFTER_MS } from './model/build-display-model.js';
import type { DisplayModel, Transitions } from './model/display-model.js';
import type { HeldMedia } from './model/snapshot.js';
import { forgetKeptModels, keepModels, keptModelAt, keptUntil, type ShownMedia, type ShownModel } from './cache/shown-model.js';
import { isVideo } from '../cloud-sync/protocol/assets.js';
import type { ModelFeed } from './model/model-feed.js';

export interface RuntimeOptions {
  config: Pick<DeviceConfig, 'cacheFile' | 'cloud'>;
  clock: Clock;
  logger: Logger;
  /** Whether the clock is known to be right at `now`: a pure read, called at every rebuild. */
  clockTrust(now: Date): ClockTrust;
  /** The transitions this screen affords when the room does not choose (detected once at start). */
  detectedTransitions?: Transitions;
  /** Which files the device holds (device/assets): only those are shown. Absent: none. */
  assets?: { has(sha256: string): boolean };
  /**
   * The running release. Given, each model shown is kept in the cache with it, for the next
   * start of the same release to show at once (device/shell/early-wall.ts).
   */
  appVersion?: string;
}

/** The committed state could not be shown, and what the wall shows instead. */
export interface Fallback {
  reason: string;
  to: StateSource | 'last good';
}

export interface Rebuild {
  at: string;
  /** Why this rebuild happened: 'start', 'state applied (cloud)', or the boundary's reasons. */
  reason: string;
  validUntil: string;
}

/** How many rebuilds the runtime remembers for `luach doctor` and tests. */
const REBUILD_HISTORY = 200;
/**
 * How far ahead the walls are kept for a restart: past a night with the screen's power off and
 * a Shabbat's timer. A day has about twenty walls; KEEP_AHEAD_MAX bounds a day that has many more.
 */
const KEEP_AHEAD_MS = 48 * 3_600_000;
const KEEP_AHEAD_MAX = 200;

/**
 * The cache and the model: opens the cache, keeps the current DisplayModel, and rebuilds it at
 * exactly its validUntil, on every cache change and when what the wall marks (online, clock,
 * identify) changes; never on a polling interval. Everything else (sync, MQTT, jobs, the
 * shell) is built around it by composeDevice and reaches it through these methods.
 */
export class Runtime implements ModelFeed {
  private db?: Database.Database;
  private snapshot?: CacheSnapshot;
  private model?: DisplayModel;
  private cancelBoundary?: () => void;
  private cancelJumpWatch?: () => void;
  private online: boolean | null = null;
  private identifying?: { label: string; until: Date };
  private setupNotice?: { url: string; code: string; qr: string[] };
  private fallingBack = false;
  /** The walls ahead being built, one an event-loop turn; a newer wall cancels it. */
  private keeping?: { cancelled: boolean };
  private keepingDone: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(model: DisplayModel) => void>();
  private readonly appliedListeners = new Set<(source: StateSource) => void>();
  private readonly fallbackListeners = new Set<(fallback: Fallback) => void>();
  readonly rebuilds: Rebuild[] = [];

  constructor(private readonly options: RuntimeOptions) {}

  /**
   * Open the cache (seeding the demo when it is empty) and build the first model. Returns what
   * the cache had to be rebuilt from, when the file was unusable and was moved aside, and the
   * fallback, when the committed state could not be shown.
   */
  start(): { corrupt?: CorruptCache; fallback?: Fallback } {
    const { config, clock, logger } = this.options;
    const opened = openCache(config.cacheFile, clock.now(), {
      corruptMovedAside: (info) => logger.error({ event: 'cache.corrupt', ...info }, 'cache file unusable; moved aside and rebuilt'),
    });
    this.db = opened.db;
    let fallback: Fallback | undefined;
    const stopListening = this.onFallback((f) => (fallback = f));
    let unreadable: unknown;
    try {
      this.snapshot = readSnapshot(this.db) ?? undefined;
    } catch (error) {
      unreadable = error;
    }
    if (unreadable) this.fallBack(unreadable);
    else if (!this.snapshot) {
      if (config.cloud) logger.info({ event: 'cache.empty' }, 'cache is empty; showing the demo until the first sync');
      this.applyTargetState(demoTargetState(clock.now()), null, 'demo');
    } else {
      this.rebuild('start');
    }
    this.cancelJumpWatch = clock.onJump((byMs) => {
      logger.warn({ event: 'clock.jump', byMs }, 'the system clock jumped; rebuilding');
      this.rebuild(`clock jumped by ${Math.round(byMs / 1000)} s`);
    });
    stopListening();
    return { ...(opened.rebuiltFrom ? { corrupt: opened.rebuiltFrom } : {}), ...(fallback ? { fallback } : {}) };
  }

  stop(): void {
    if (this.keeping) this.keeping.cancelled = true;
    this.cancelJumpWatch?.();
    this.cancelJumpWatch = undefined;
    this.cancelBoundary?.();
    this.cancelBoundary = undefined;
    this.listeners.clear();
    this.appliedListeners.clear();
    this.fallbackListeners.clear();
    this.db?.close();
    this.db = undefined;
  }

  /**
   * Replace the cached state and show it at once. All or nothing: a state that fails its schema,
   * or from which no model can be built now, is refused before it is committed.
   */
  applyTargetState(input: unknown, etag: string | null, source: StateSource): void {
    const db = this.requireDb();
    const now = this.options.clock.now();
    const state = db.transaction(() => {
      const applied = applyTargetState(db, input, { etag, source, now });
      try {
        this.build(readSnapshot(db)!, now);
      } catch (error) {
        throw new TargetStateRejected([`(model): no wall can be built from this state: ${(error as Error).message}`]);
      }
      return applied;
    })();
    this.snapshot = readSnapshot(db) ?? undefined;
    this.options.logger.info({ event: 'state.applied', etag, source, generatedAt: state.generatedAt }, 'target state applied');
    this.rebuild(`state applied (${source})`);
    try {
      saveLastGood(lastGoodFile(this.options.config.cacheFile), { etag, source, state: input });
    } catch (error) {
      this.options.logger.warn({ event: 'state.last-good-unsaved', error: (error as Error).message }, 'could not keep a copy of the state to fall back to');
    }
    for (const listener of this.appliedListeners) listener(source);
  }

  /** Hear the device fall back from a committed state that no longer builds a model. */
  onFallback(listener: (fallback: Fallback) => void): () => void {
    this.fallbackListeners.add(listener);
    return () => this.fallbackListeners.delete(listener);
  }

  /** The cloud confirmed the cached state is current: it is no longer stale. */
  confirmSynced(): void {
    markSynced(this.requireDb(), this.options.clock.now());
    this.snapshot = readSnapshot(this.requireDb()) ?? undefined;
    if (this.model?.status.stale) this.rebuild('sync: data confirmed current');
  }

  /** Read the cache again after a change made beside applyTargetState (a settings override). */
  reloadFromCache(reason: string): void {
    this.snapshot = readSnapshot(this.requireDb()) ?? undefined;
    this.rebuild(reason);
    for (const listener of this.appliedListeners) listener(this.snapshot?.applied.source ?? 'demo');
  }

  /** The link to the cloud came up or went down: the wall's quiet "offline" mark follows it. */
  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    this.rebuild(online ? 'link online' : 'link offline');
  }

  /** An operator asked "which screen is this?": the wall shows `label` until `until`. */
  identify(label: string, until: Date): void {
    this.identifying = { label, until };
    this.rebuild('identify');
  }

  /** A standalone screen's first run: the wall shows where to set it up until `showSetup(undefined)`. */
  showSetup(notice: { url: string; code: string; qr: string[] } | undefined): void {
    this.setupNotice = notice;
    this.rebuild(notice ? 'setup notice shown' : 'setup done');
  }

  /** Hear every applied state (cloud or demo) and settings override: jobs re-arm, the status refreshes. */
  onApplied(listener: (source: StateSource) => void): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
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

  /**
   * Build the model for now, publish it, and arm the timer for its validUntil. When the
   * committed state cannot build one, the wall falls back to the last state that could.
   */
  rebuild(reason: string): DisplayModel {
    const { clock } = this.options;
    if (!this.snapshot) throw new Error('nothing to show: the cache holds no state');
    const now = clock.now();
    let model: DisplayModel;
    try {
      model = this.build(this.snapshot, now);
    } catch (error) {
      return this.fallBack(error);
    }
    this.model = model;
    this.rebuilds.push({ at: now.toISOString(), reason, validUntil: model.validUntil });
    if (this.rebuilds.length > REBUILD_HISTORY) this.rebuilds.shift();
    this.cancelBoundary?.();
    this.cancelBoundary = clock.at(new Date(model.validUntil), () => this.rebuild(`boundary: ${model.validUntilBecause.join(', ')}`));
    for (const listener of this.listeners) listener(model);
    this.keepShown(model);
    return model;
  }

  /** Resolves once the walls ahead of the last rebuild are kept (or that was given up): for tests and benchmarks. */
  get keptAhead(): Promise<void> {
    return this.keepingDone;
  }

  /**
   * Keep the model on the wall, and the walls ahead of it, for the next start (see KEEP_AHEAD_MS).
   * When the wall is the one already kept for now, those ahead stand, and only the far end grows;
   * otherwise (a new state, a file arrived) they are all built again. A wall for a moment (an
   * identify label) leaves them as they are: a restart shows the wall without it. A cache that
   * cannot take them (a full disk) costs only the next start's speed.
   */
  private keepShown(model: DisplayModel): void {
    const { appVersion, clock, logger } = this.options;
    if (this.keeping) this.keeping.cancelled = true;
    this.keeping = undefined;
    if (appVersion === undefined || !this.db || !this.snapshot || model.identify) return;
    const db = this.db;
    const snapshot = this.snapshot;
    const now = clock.now();
    const media = this.heldAssets(snapshot).map((a) => ({ sha256: a.sha256, mimeType: a.mimeType }));
    try {
      // The setup notice is for this run only: no wall is kept while it shows.
      if (model.setup) return forgetKeptModels(db);
      const kept = keptModelAt(db, appVersion, now);
      const same = kept !== null && sameWall(kept.model, model);
      keepModels(db, appVersion, same ? [] : [{ model, media }], { replace: !same, now });
    } catch (error) {
      logger.debug({ event: 'model.not-kept', error: (error as Error).message }, 'the shown model was not kept for the next start');
      return;
    }
    // Cloud data goes stale after a while, and its mark comes with the next sync's time: no wall is kept past that moment.
    const horizon = Math.min(
      now.getTime() + KEEP_AHEAD_MS,
      snapshot.applied.source === 'cloud' ? Date.parse(snapshot.applied.appliedAt) + STALE_AFTER_MS : Infinity,
    );
    this.keepAhead(db, snapshot, appVersion, media, horizon);
  }

  /**
   * Build the walls from where the kept ones end until `horizon`, one an event-loop turn so the
   * wall, its feed and the commands never wait on it, then keep them in one transaction.
   */
  private keepAhead(db: Database.Database, snapshot: CacheSnapshot, appVersion: string, media: ShownMedia[], horizon: number): void {
    const job = { cancelled: false };
    this.keeping = job;
    const ahead: ShownModel[] = [];
    let at = keptUntil(db, appVersion);
    this.keepingDone = new Promise<void>((resolve) => {
      const keep = () => {
        try {
          if (ahead.length) keepModels(db, appVersion, ahead, { replace: false, now: this.options.clock.now() });
        } catch (error) {
          this.options.logger.debug({ event: 'model.not-kept', error: (error as Error).message }, 'the walls ahead were not kept for the next start');
        }
        resolve();
      };
      const step = () => {
        if (job.cancelled || this.db !== db) return resolve();
        if (!at || at.getTime() >= horizon || ahead.length >= KEEP_AHEAD_MAX) return keep();
        try {
          const model = this.build(snapshot, at);
          ahead.push({ model, media });
          at = new Date(model.validUntil);
        } catch {
          // A wall that cannot be built ahead is built when its time comes, with the fallback then.
          return keep();
        }
        setImmediate(step);
      };
      setImmediate(step);
    });
  }

  private build(snapshot: CacheSnapshot, now: Date): DisplayModel {
    return buildDisplayModel({
      snapshot,
      now,
      clockVerified: this.options.clockTrust(now).verified,
      online: this.online,
      ...(this.options.detectedTransitions ? { detectedTransitions: this.options.detectedTransitions } : {}),
      media: this.heldMedia(snapshot),
      ...(this.identifying ? { identify: this.identifying } : {}),
      ...(this.setupNotice ? { setup: this.setupNotice } : {}),
    });
  }

  /** The state's files that the device holds, as the display fetches them: from its own origin, by hash. */
  private heldMedia(snapshot: CacheSnapshot): Map<string, HeldMedia> {
    return new Map(this.heldAssets(snapshot).map((a) => [a.id, { url: `media/${a.sha256}`, video: isVideo(a.mimeType) }]));
  }

  /** The state's files the device holds whole (none without an asset cache). */
  private heldAssets(snapshot: CacheSnapshot): CacheSnapshot['assets'] {
    const assets = this.options.assets;
    return assets ? snapshot.assets.filter((a) => assets.has(a.sha256)) : [];
  }

  /**
   * The committed state cannot be read or shown: apply the last state that showed (kept beside
   * the cache), else the demo, so the wall is never dark and the next sync can bring a fix.
   */
  private fallBack(problem: unknown): DisplayModel {
    const { logger, clock, config } = this.options;
    const reason = isRefusal(problem) ? describeIssues(problem).join('; ') : problem instanceof Error ? problem.message : String(problem);
    // Falling back from the fallback would loop: then the state is truly unknown, and the process says so.
    if (this.fallingBack) throw problem;
    this.fallingBack = true;
    try {
      const current = this.snapshot?.applied;
      const lastGood = readLastGood(lastGoodFile(config.cacheFile));
      const usable = lastGood && !(lastGood.etag === current?.etag && lastGood.source === current?.source) ? lastGood : null;
      let to: StateSource | 'last good' = 'demo';
      try {
        if (!usable) throw new Error('no earlier state to fall back to');
        this.applyTargetState(usable.state, usable.etag, usable.source);
        to = 'last good';
      } catch {
        this.applyTargetState(demoTargetState(clock.now()), null, 'demo');
      }
      logger.error({ event: 'state.unshowable', reason, fallback: to }, 'the cached state cannot be shown; fell back');
      for (const listener of this.fallbackListeners) listener({ reason, to });
      return this.current();
    } finally {
      this.fallingBack = false;
    }
  }

  private requireDb(): Database.Database {
    if (!this.db) throw new Error('the runtime has not started');
    return this.db;
  }
}

/** A schema's refusal (zod's error): said field by field rather than as its JSON message. */
function isRefusal(problem: unknown): problem is Parameters<typeof describeIssues>[0] {
  return problem instanceof Error && Array.isArray((problem as { issues?: unknown }).issues);
}

/** Whether two models show the same wall: what the moment of building and the marks a restart sets anew (link, clock) aside. */
function sameWall(a: DisplayModel, b: DisplayModel): boolean {
  const wall = (m: DisplayModel) => JSON.stringify({ ...m, generatedAt: '', status: { ...m.status, online: null, clockVerified: false } });
  return wall(a) === wall(b);
}
