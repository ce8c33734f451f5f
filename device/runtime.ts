import type Database from 'better-sqlite3';
import type { SettingsPatch } from '../cloud-sync/protocol/commands.js';
import { fetchTargetState } from '../cloud-sync/client/fetch-target-state.js';
import { uploadScreenshot } from '../cloud-sync/client/upload-screenshot.js';
import type { Clock } from './clock.js';
import type { ClockTrust } from './clock-trust.js';
import type { DeviceConfig } from './config.js';
import type { Logger } from './log.js';
import { openCache } from './cache/open-cache.js';
import {
  applyTargetState,
  markSynced,
  patchSettings,
  readSnapshot,
  TargetStateRejected,
  type CacheSnapshot,
  type StateSource,
} from './cache/target-state-store.js';
import { CloudConnection, type ShellEffects } from './cloud-connection.js';
import { scheduleCron } from './cron.js';
import { demoTargetState } from './demo/demo-state.js';
import { buildDisplayModel } from './model/build-display-model.js';
import type { DisplayModel } from './model/display-model.js';

export interface RuntimeOptions {
  config: DeviceConfig;
  clock: Clock;
  logger: Logger;
  clockTrust: (now: Date) => ClockTrust;
  /** What the shell can do to the screen; a headless runtime has a shell that can do nothing. */
  shell?: ShellEffects;
  appVersion?: string;
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

export const headlessShell: ShellEffects = {
  name: 'headless',
  reloadDisplay: async () => {},
  captureScreenshot: () => Promise.reject(new Error('no screen to capture: this device runs headless')),
  setDisplayPower: () => Promise.reject(new Error('no screen to switch: this device runs headless')),
  displayPower: () => 'unknown',
  restartApp: async () => void process.kill(process.pid, 'SIGTERM'),
  rendererMemoryBytes: async () => null,
};

/**
 * The composition root: opens the cache, keeps the current DisplayModel, and rebuilds it at
 * exactly its validUntil and on every cache change; never on a polling interval.
 * Start order: cache -> content (seed when empty) -> model -> timers -> cloud (sync, MQTT).
 * Stop reverses it.
 */
export class Runtime {
  private db?: Database.Database;
  private snapshot?: CacheSnapshot;
  private model?: DisplayModel;
  private cancelBoundary?: () => void;
  private cancels: (() => void)[] = [];
  /** Cron jobs from the cached settings and configuration, re-armed whenever those change. */
  private cancelSchedules: (() => void)[] = [];
  private started = false;
  private connection?: CloudConnection;
  private clockVerified = false;
  private online: boolean | null = null;
  private identify?: { label: string; until: Date };
  private syncing?: Promise<{ appliedEtag: string | null }>;
  private readonly listeners = new Set<(model: DisplayModel) => void>();
  readonly rebuilds: Rebuild[] = [];

  constructor(private readonly options: RuntimeOptions) {}

  start(): void {
    const { config, clock, logger } = this.options;
    const opened = openCache(config.cacheFile, clock.now(), {
      corruptMovedAside: (info) => logger.error({ event: 'cache.corrupt', ...info }, 'cache file unusable; moved aside and rebuilt'),
    });
    this.db = opened.db;
    const corrupt = opened.rebuiltFrom;
    if (corrupt) this.recordEvent('cache.corrupt', corrupt);
    this.snapshot = readSnapshot(this.db) ?? undefined;
    if (!this.snapshot) {
      if (config.cloud) logger.info({ event: 'cache.empty' }, 'cache is empty; showing the demo until the first sync');
      this.applyTargetState(demoTargetState(clock.now()), null, 'demo');
    } else {
      this.rebuild('start');
    }
    this.cancels.push(
      clock.onJump((byMs) => {
        logger.warn({ event: 'clock.jump', byMs }, 'the system clock jumped; rebuilding');
        this.rebuild(`clock jumped by ${Math.round(byMs / 1000)} s`);
      }),
      clock.every(CLOCK_TRUST_RECHECK_MS, () => {
        if (!this.clockVerified && this.options.clockTrust(clock.now()).verified) this.rebuild('clock verified');
      }),
    );
    this.started = true;
    this.armSchedules();
    this.startCloud();
    // The operator hears of a rebuilt cache too (through the outbox, so even if offline now).
    if (corrupt) this.connection?.link.sendEvent('cache.corrupt', { movedTo: corrupt.movedTo, reason: corrupt.reason });
  }

  async stop(): Promise<void> {
    await this.connection?.stop();
    this.connection = undefined;
    this.cancels.splice(0).forEach((cancel) => cancel());
    this.cancelSchedules.splice(0).forEach((cancel) => cancel());
    this.started = false;
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
    if (this.started) this.armSchedules();
    this.connection?.link.refreshStatus();
  }

  /**
   * Fetch the target state now and apply it. Concurrent calls share one request. A state that
   * fails validation is reported and changes nothing; the wall keeps what it had.
   */
  syncNow(options: { fromScratch?: boolean } = {}): Promise<{ appliedEtag: string | null }> {
    this.syncing ??= this.sync(options.fromScratch ?? false).finally(() => (this.syncing = undefined));
    return this.syncing;
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
    const model = buildDisplayModel({
      snapshot: this.snapshot,
      now,
      clockVerified: this.clockVerified,
      online: this.online,
      ...(this.identify ? { identify: this.identify } : {}),
    });
    this.model = model;
    this.rebuilds.push({ at: now.toISOString(), reason, validUntil: model.validUntil });
    if (this.rebuilds.length > REBUILD_HISTORY) this.rebuilds.shift();
    this.cancelBoundary?.();
    this.cancelBoundary = clock.at(new Date(model.validUntil), () => this.rebuild(`boundary: ${model.validUntilBecause.join(', ')}`));
    for (const listener of this.listeners) listener(model);
    return model;
  }

  private async sync(fromScratch: boolean): Promise<{ appliedEtag: string | null }> {
    const { config, logger, clock } = this.options;
    if (!config.cloud) throw new Error('no cloud is configured (config.json "cloud"): this device shows the embedded demo');
    const applied = this.snapshot?.applied;
    const etag = !fromScratch && applied?.source === 'cloud' ? applied.etag : null;
    const outcome = await fetchTargetState({ apiUrl: config.cloud.apiUrl, deviceId: config.cloud.deviceId, token: config.cloud.token, etag });
    switch (outcome.kind) {
      case 'unchanged':
        markSynced(this.requireDb(), clock.now());
        this.snapshot = readSnapshot(this.requireDb()) ?? undefined;
        if (this.model?.status.stale) this.rebuild('sync: data confirmed current');
        return { appliedEtag: outcome.etag };
      case 'changed':
        try {
          this.applyTargetState(outcome.body, outcome.etag, 'cloud');
        } catch (error) {
          if (error instanceof TargetStateRejected) {
            logger.error({ event: 'state.rejected', errors: error.errors.slice(0, 20) }, 'target state rejected; keeping the current one');
            this.recordEvent('state.rejected', { errors: error.errors.slice(0, 20) });
            this.connection?.link.sendEvent('state.rejected', { errors: error.errors.slice(0, 20) });
          }
          throw error;
        }
        return { appliedEtag: outcome.etag };
      default:
        logger.warn({ event: 'sync.failed', outcome: outcome.kind, reason: outcome.reason }, 'sync failed; keeping the cached state');
        throw new Error(`sync failed: ${outcome.reason}`);
    }
  }

  private startCloud(): void {
    const { config, clock, logger } = this.options;
    const cloud = config.cloud;
    if (!cloud || !this.snapshot) return;
    const sync = (why: string) => this.syncInBackground(why);
    sync('start');
    if (!config.mqtt) return;
    const shell = this.options.shell ?? headlessShell;
    this.connection = new CloudConnection({
      config: { ...config, cloud, mqtt: config.mqtt },
      db: this.requireDb(),
      clock,
      logger,
      shell,
      appVersion: this.options.appVersion ?? 'dev',
      telemetry: {
        heartbeatSeconds: this.snapshot.configuration.heartbeatSeconds,
        metricsSeconds: this.snapshot.configuration.metricsSeconds,
        outboxMaxItems: this.snapshot.configuration.outboxMaxItems,
      },
      runtime: {
        syncNow: () => this.syncNow(),
        clearCacheAndResync: () => this.syncNow({ fromScratch: true }),
        applySettings: async (patch: SettingsPatch) => {
          patchSettings(this.requireDb(), patch);
          this.snapshot = readSnapshot(this.requireDb()) ?? undefined;
          this.rebuild('settings changed by command');
          this.armSchedules();
        },
        identify: async (seconds) => {
          this.identify = { label: `${cloud.deviceId} · ${this.snapshot?.synagogue.name ?? ''}`, until: new Date(clock.now().getTime() + seconds * 1000) };
          this.rebuild('identify');
        },
        uploadScreenshot: (png) => uploadScreenshot({ apiUrl: cloud.apiUrl, token: cloud.token, png }),
        appliedEtag: () => (this.snapshot?.applied.source === 'cloud' ? this.snapshot.applied.etag : null),
      },
    });
    this.connection.link.onLinkState((state) => {
      const online = state === 'online';
      if (state !== 'connecting' && online !== this.online) {
        this.online = online;
        this.rebuild(online ? 'link online' : 'link offline');
      }
    });
    this.connection.start(() => sync('cloud nudge'));
  }

  private syncInBackground(why: string): void {
    void this.syncNow().catch((error: Error) => this.options.logger.warn({ event: 'sync.error', why, error: error.message }, 'sync did not complete'));
  }

  /**
   * The cron jobs people configure: the fallback sync (DeviceConfiguration.syncCron) and the
   * screen on/off schedule (DeviceSettings), in the synagogue's time zone. Re-armed whenever the
   * settings change. A bad expression from the cloud is logged and skipped; it never stops the wall.
   */
  private armSchedules(): void {
    this.cancelSchedules.splice(0).forEach((cancel) => cancel());
    const snapshot = this.snapshot;
    if (!snapshot) return;
    const { logger, config } = this.options;
    const timezone = snapshot.synagogue.timezone;
    const arm = (expression: string | undefined, setting: string, job: () => void) => {
      if (!expression) return;
      try {
        this.cancelSchedules.push(scheduleCron(expression, timezone, job, setting));
      } catch (error) {
        logger.error({ event: 'settings.invalid', setting, error: (error as Error).message }, 'schedule ignored');
      }
    };
    if (config.cloud) arm(snapshot.configuration.syncCron, 'DeviceConfiguration.syncCron', () => this.syncInBackground('fallback schedule'));
    const shell = this.options.shell;
    if (!shell) return;
    const power = (on: boolean) => () =>
      void shell.setDisplayPower(on).then(
        () => this.connection?.link.refreshStatus(),
        (error: Error) => logger.warn({ event: 'display.power.failed', on, error: error.message }, 'could not switch the screen'),
      );
    arm(snapshot.settings.screenOnCron, 'DeviceSettings.screenOnCron', power(true));
    arm(snapshot.settings.screenOffCron, 'DeviceSettings.screenOffCron', power(false));
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
