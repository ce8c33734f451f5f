import fs from 'node:fs';
import path from 'node:path';
import { uploadScreenshot } from '../cloud-sync/client/upload-screenshot.js';
import type { Clock } from './clock.js';
import type { DeviceConfig } from './config.js';
import type { Logger } from './log.js';
import { EventLog } from './cache/event-log.js';
import { StorageHealth } from './cache/storage-health.js';
import { clearSettingsOverrides, setSettingsOverride } from './cache/settings-override.js';
import type { CloudConnection } from './cloud-connection.js';
import type { DeviceUpdates, UpdateHost } from './update/device-updates.js';
import { ClockTrustMonitor, type NtpState } from './host/clock-trust.js';
import { lockDataDir } from './host/data-dir-lock.js';
import { ScreenPower } from './host/power.js';
import { runSystemCommand } from './host/system-command.js';
import { SystemdNotifier, systemdNotifySend, type NotifySend } from './host/systemd-notify.js';
import { detectDisplayCapability } from './host/display-capability.js';
import type { DeviceJobs } from './jobs/device-jobs.js';
import { AssetCache } from './assets/asset-cache.js';
import { Runtime } from './runtime.js';
import type { Shell, ShellFactory } from './shell/shell.js';
import { StateSync } from './sync/state-sync.js';

export interface DeviceOptions {
  config: DeviceConfig;
  clock: Clock;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  appVersion: string;
  /** The process systemd supervises (sd_notify names it). */
  pid: number;
  /** How NTP is asked (default: the timesync flag file, then `timedatectl`). */
  ntpProbe?: () => Promise<NtpState>;
  /** How sd_notify messages are sent (default: `systemd-notify`, only under systemd). */
  notify?: NotifySend;
  /** Where the running application is, for self-update (its release-keys.json); tests may give keys directly. */
  update?: UpdateHost;
}

/** A device as both shells run it: the same parts, the same jobs, started and stopped in one order. */
export interface Device {
  readonly runtime: Runtime;
  readonly shell: Shell;
  /** Present while started, when config.json names a cloud. */
  readonly sync: StateSync | undefined;
  /** Present while started, when config.json names a cloud and a broker. */
  readonly connection: CloudConnection | undefined;
  /**
   * Start in order; `wallUp` is told as soon as the shell shows the first model, before the
   * cloud's parts and the jobs are started (the browser shell prints its URL then).
   */
  start(wallUp?: () => void): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The composition root, for the Electron kiosk (device/main.ts) and the browser shell
 * (device/cli.ts) alike. Parts are built in dependency order, each from parts that already
 * exist, and wired by subscriptions; none holds a reference to one built after it.
 *
 * Start: the data directory's lock -> cache and first model -> the shell shows it -> clock
 * trust probe -> sync and MQTT (link, commands, telemetry) -> configured jobs -> sd_notify
 * READY. Stop reverses it. A start that fails at any step undoes what had started and rethrows:
 * the process then exits with the reason, never half-running.
 */
export function composeDevice(createShell: ShellFactory, options: DeviceOptions): Device {
  const { config, clock, logger, env } = options;
  const clockTrust = new ClockTrustMonitor({ clock, ...(options.ntpProbe ? { probe: options.ntpProbe } : {}) });
  const capability = detectDisplayCapability();
  logger.info({ event: 'display.capability', transitions: capability.transitions, reason: capability.reason }, 'transitions when the room does not choose');
  const assets = new AssetCache({
    dir: path.join(config.dataDir, 'assets'),
    quotaBytes: config.assets.quotaBytes,
    bytesPerSecond: config.assets.downloadBytesPerSecond,
    timeoutMs: config.assets.downloadTimeoutSeconds * 1000,
    source: config.cloud,
    logger,
    clock,
  });
  const runtime = new Runtime({
    config,
    clock,
    logger,
    clockTrust: (now) => clockTrust.trust(now),
    detectedTransitions: capability.transitions,
    assets,
    appVersion: options.appVersion,
  });
  // A file that arrives shows at once: its slide joins the rotation, the logo its header.
  assets.onArrived(() => runtime.rebuild('asset stored'));
  clockTrust.onChange((trust) => runtime.rebuild(trust.verified ? 'clock verified' : `clock not verified: ${trust.reason}`));
  const storage = new StorageHealth(logger, () => clock.now());
  const power = new ScreenPower({ run: (argv) => runSystemCommand(argv, 10_000), env, now: () => clock.now() });
  const shell = createShell({ feed: runtime, config, clock, logger, power, media: assets });
  const notifier = new SystemdNotifier({
    env,
    pid: options.pid,
    clock,
    send: options.notify ?? systemdNotifySend(env, options.pid),
    healthy: () => shell.healthy(),
  });

  let lock: { release(): void } | undefined;
  let sync: StateSync | undefined;
  let connection: CloudConnection | undefined;
  let updates: DeviceUpdates | undefined;
  let jobs: DeviceJobs | undefined;
  const unsubscribes: (() => void)[] = [];

  const syncInBackground = (why: string) =>
    void sync?.syncNow().catch((error: Error) => logger.warn({ event: 'sync.error', why, error: error.message }, 'sync did not complete'));

  /**
   * The parts that need the open cache, built once the runtime has started and the wall is up.
   * The MQTT side (mqtt.js, systeminformation, the commands) is loaded only now and only when a
   * broker is configured, and the jobs only now: the first model never waits for them.
   */
  async function connect({ corrupt, fallback }: ReturnType<Runtime['start']>): Promise<void> {
    const events = new EventLog(runtime.database, storage);
    if (corrupt) events.record('cache.corrupt', corrupt, clock.now());
    if (fallback) events.record('state.fallback', fallback, clock.now());
    unsubscribes.push(runtime.onFallback((later) => events.record('state.fallback', later, clock.now())));
    const fetchAssets = () =>
      void assets
        .want(runtime.cacheSnapshot?.assets ?? [])
        .catch((error: Error) => logger.warn({ event: 'asset.error', error: error.message }, 'assets not fetched'));
    unsubscribes.push(
      runtime.onApplied(fetchAssets),
      assets.onProblem((problem) => events.record('asset.refused', problem, clock.now())),
    );
    const cloud = config.cloud;
    if (cloud) {
      sync = new StateSync({
        cloud,
        target: {
          applied: () => runtime.cacheSnapshot?.applied,
          apply: (body, etag) => {
            if (!storage.attempt('cache', () => (runtime.applyTargetState(body, etag, 'cloud'), true), false))
              throw new Error('no room to write the new state: the wall keeps showing the one it has');
          },
          confirmed: () => storage.attempt('cache', () => runtime.confirmSynced(), undefined),
        },
        events,
        clock,
        logger,
      });
    }
    // Self-update: offered by the cloud, or a release on trial that must prove itself.
    if (cloud || fs.existsSync(path.join(config.dataDir, 'releases'))) {
      const { DeviceUpdates } = await import('./update/device-updates.js');
      updates = new DeviceUpdates({
        config,
        clock,
        logger,
        appVersion: options.appVersion,
        host: options.update ?? {},
        shell,
        runtime,
        ...(sync ? { sync } : {}),
        started: { ...(corrupt ? { corrupt } : {}), ...(fallback ? { fallback } : {}) },
      });
    }
    const updating = updates;
    const snapshot = runtime.cacheSnapshot;
    if (cloud && sync && config.mqtt && snapshot) {
      const stateSync = sync;
      const { CloudConnection } = await import('./cloud-connection.js');
      connection = new CloudConnection({
        config: { ...config, cloud, mqtt: config.mqtt },
        db: runtime.database,
        clock,
        logger,
        shell: shell.effects,
        appVersion: options.appVersion,
        storage,
        telemetry: {
          heartbeatSeconds: snapshot.configuration.heartbeatSeconds,
          metricsSeconds: snapshot.configuration.metricsSeconds,
          outboxMaxItems: snapshot.configuration.outboxMaxItems,
        },
        runtime: {
          syncNow: () => stateSync.syncNow(),
          clearCacheAndResync: () => {
            clearSettingsOverrides(runtime.database);
            runtime.reloadFromCache('settings overrides cleared');
            return stateSync.syncNow({ fromScratch: true });
          },
          applySettings: async (patch) => {
            setSettingsOverride(runtime.database, patch, clock.now());
            runtime.reloadFromCache('settings changed by command');
          },
          identify: async (seconds) => {
            const until = new Date(clock.now().getTime() + seconds * 1000);
            const shown = until.toISOString();
            // Confirmed by a display that drew the label: a wall with no screen does not claim it.
            const confirmed = shell.effects.confirmDrawn('the identify label', (drawn) => drawn.identifyUntil === shown);
            runtime.identify(`${cloud.deviceId} · ${runtime.cacheSnapshot?.synagogue.name ?? ''}`, until);
            await confirmed;
          },
          uploadScreenshot: (png) => uploadScreenshot({ apiUrl: cloud.apiUrl, token: cloud.token, png }),
          appliedEtag: () => (runtime.cacheSnapshot?.applied.source === 'cloud' ? runtime.cacheSnapshot.applied.etag : null),
          updateSoftware: async (params) => {
            if (!updating) throw new Error('self-update is not running on this device');
            return updating.updater.request(params);
          },
        },
      });
      const link = connection.link;
      link.onLinkState((state) => {
        if (state !== 'connecting') runtime.setOnline(state === 'online');
        updating?.linkState(state);
      });
      if (updating) unsubscribes.push(updating.updater.reports.onReport((report) => link.sendUpdate(report)));
      unsubscribes.push(
        stateSync.onRefused((refusal) => link.sendEvent('state.rejected', { ...refusal })),
        runtime.onApplied(() => link.refreshStatus()),
      );
      // The operator hears of a rebuilt cache and a fallback too (through the outbox, so even if offline now).
      if (corrupt) link.sendEvent('cache.corrupt', { ...corrupt });
      if (fallback) link.sendEvent('state.fallback', { ...fallback });
      unsubscribes.push(
        runtime.onFallback((later) => link.sendEvent('state.fallback', { ...later })),
        assets.onProblem((problem) => link.sendEvent('asset.refused', { ...problem })),
      );
      connection.start(() => syncInBackground('cloud nudge'));
    }
    syncInBackground('start');
    fetchAssets();
    if (updating) {
      updating.start();
      unsubscribes.push(runtime.onApplied(() => updating.updater.offerFromTarget()));
    }

    // The jobs (croner and the cron tables) are loaded here, once the wall is up, like the MQTT side.
    const { DeviceJobs } = await import('./jobs/device-jobs.js');
    jobs = new DeviceJobs({
      snapshot: () => runtime.cacheSnapshot,
      clock,
      logger,
      effects: {
        ...(sync ? { sync: () => syncInBackground('fallback schedule') } : {}),
        setDisplayPower: (on) =>
          void shell.effects.setDisplayPower(on).then(
            () => connection?.link.refreshStatus(),
            (error: Error) => logger.warn({ event: 'display.power.failed', on, error: error.message }, 'could not switch the screen'),
          ),
        reloadDisplay: (reason) =>
          void shell.effects
            .reloadDisplay(reason)
            .catch((error: Error) => logger.warn({ event: 'display.reload.failed', reason, error: error.message }, 'no reload')),
      },
    });
    const scheduled = jobs;
    scheduled.start();
    unsubscribes.push(runtime.onApplied(() => scheduled.armIfStateChanged()));
  }

  return {
    runtime,
    shell,
    get sync() {
      return sync;
    },
    get connection() {
      return connection;
    },
    async start(wallUp) {
      lock = lockDataDir(config.dataDir, options.pid);
      try {
        assets.start();
        const started = runtime.start();
        await shell.start();
        wallUp?.();
        clockTrust.start();
        await connect(started);
      } catch (error) {
        await this.stop().catch(() => {});
        throw error;
      }
      await notifier
        .ready('showing the display')
        .catch((error: unknown) => logger.warn({ event: 'sd-notify.failed', error: String(error) }, 'sd_notify failed'));
    },
    async stop() {
      await notifier.stopping().catch(() => {});
      unsubscribes.splice(0).forEach((unsubscribe) => unsubscribe());
      jobs?.stop();
      jobs = undefined;
      updates?.stop();
      updates = undefined;
      await connection?.stop();
      connection = undefined;
      sync = undefined;
      clockTrust.stop();
      await shell.stop();
      assets.stop();
      runtime.stop();
      lock?.release();
      lock = undefined;
    },
  };
}
