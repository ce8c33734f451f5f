import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { CorruptCache } from '../cache/open-cache.js';
import type { Clock } from '../clock.js';
import type { DeviceConfig } from '../config.js';
import type { LinkState } from '../link/device-link.js';
import type { Logger } from '../log.js';
import type { CacheSnapshot } from '../model/snapshot.js';
import type { Fallback } from '../runtime.js';
import type { ShellEffects } from '../shell/shell.js';
import { hostRuntime } from './release-manifest.js';
import { releaseLayout } from './release-layout.js';
import type { TrustedKey } from './release-signature.js';
import { readTrustedKeys, RELEASE_KEYS_FILE } from './trusted-keys.js';
import { proveRelease } from './prove-release.js';
import { Updater } from './updater.js';

/** How often the health check asks the gateway again while it has not answered. */
const GATEWAY_RETRY_MS = 5_000;

/** Where the running application is, and (for tests) what it trusts and how free space is measured. */
export interface UpdateHost {
  /** The running application's directory (its release-keys.json is what it trusts). */
  appDir?: string;
  /** Instead of the app's release-keys.json. */
  trustedKeys?: TrustedKey[];
  /** Free bytes of the file system holding `dir`; default fs.statfs. */
  freeBytes?(dir: string): Promise<number>;
}

export interface DeviceUpdatesOptions {
  config: DeviceConfig;
  clock: Clock;
  logger: Logger;
  appVersion: string;
  host: UpdateHost;
  shell: { effects: Pick<ShellEffects, 'restartApp'>; firstPaint: Promise<void> };
  runtime: { readonly cacheSnapshot: CacheSnapshot | undefined; readonly database: Database.Database };
  /** The state sync, when a cloud is configured: its success is "the gateway was reached". */
  sync?: { syncNow(): Promise<unknown> };
  /** What the cache and the first model came to at this start. */
  started: { corrupt?: CorruptCache; fallback?: Fallback };
}

/**
 * The updater as this device runs it: wired to the cache (target state, backups), the shell
 * (first paint, restart), the sync and the MQTT link's state. composeDevice builds it after the
 * wall is up, before the MQTT side, and hands the link's state to `linkState`.
 */
export class DeviceUpdates {
  readonly updater: Updater;
  private brokerOnline = false;
  private painted = false;
  private stopped = false;
  private checkOver = false;
  private readonly onlineWaiters = new Set<() => void>();

  constructor(private readonly options: DeviceUpdatesOptions) {
    const { config, clock, logger, host, shell, runtime } = options;
    void shell.firstPaint.then(() => (this.painted = true));
    this.updater = new Updater({
      layout: releaseLayout(config.dataDir),
      runningVersion: options.appVersion,
      settings: config.update,
      host: hostRuntime(),
      clock,
      logger: logger.child({ part: 'update' }),
      trustedKeys: () => {
        if (host.trustedKeys) return host.trustedKeys;
        if (!host.appDir) throw new Error('this device does not know where its application is, so it trusts no release key');
        return readTrustedKeys(path.join(host.appDir, RELEASE_KEYS_FILE));
      },
      freeBytes: host.freeBytes ?? (async (dir) => fs.promises.statfs(dir).then((s) => s.bavail * s.bsize)),
      snapshot: () => runtime.cacheSnapshot,
      ...(options.sync ? { syncNow: () => options.sync!.syncNow() } : {}),
      backupCache: async (file) => void (await runtime.database.backup(file)),
      reachable: async () => ({ display: this.painted, broker: this.brokerOnline, gateway: await this.reachesGateway() }),
      restart: (reason) => shell.effects.restartApp(reason),
    });
  }

  /** The MQTT link went online or offline. */
  linkState(state: LinkState): void {
    this.brokerOnline = state === 'online';
    if (this.brokerOnline) this.onlineWaiters.forEach((wake) => wake());
  }

  /**
   * Report what the boot decided and, if this release is on trial, prove it; offers wait for
   * the verdict (a failed release restarts to be rolled back and takes none).
   */
  start(): void {
    const { started, shell, config, clock, logger } = this.options;
    this.updater.start();
    void proveRelease({
      layout: releaseLayout(config.dataDir),
      runningVersion: this.options.appVersion,
      clock,
      logger: logger.child({ part: 'update' }),
      reports: this.updater.reports,
      restart: (reason) => shell.effects.restartApp(reason),
      probes: {
        cacheProblem: started.corrupt ? `it was unusable and was moved aside to ${started.corrupt.movedTo} (${started.corrupt.reason})` : null,
        modelProblem: started.fallback ? `${started.fallback.reason}; the wall fell back to ${started.fallback.to}` : null,
        firstPaint: shell.firstPaint,
        brokerOnline: () => this.untilBrokerOnline(),
        gatewayReached: () => this.untilGatewayReached(),
      },
    })
      .then((verdict) => verdict !== 'failed')
      // A check that could not run must not stop this wall from ever taking the release that fixes it.
      .catch((error: Error) => {
        logger.error({ event: 'update.check-error', error: error.message }, 'the health check could not run');
        return true;
      })
      .then((takeOffers) => {
        this.checkOver = true;
        if (takeOffers && !this.stopped) this.updater.takeOffers();
      });
  }

  stop(): void {
    this.stopped = true;
    this.updater.stop();
    this.onlineWaiters.clear();
  }

  private untilBrokerOnline(): Promise<void> {
    if (this.brokerOnline) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        this.onlineWaiters.delete(wake);
        resolve();
      };
      this.onlineWaiters.add(wake);
    });
  }

  private async untilGatewayReached(): Promise<void> {
    while (!this.stopped && !this.checkOver && !(await this.reachesGateway())) {
      await new Promise<void>((resolve) => this.options.clock.at(new Date(this.options.clock.now().getTime() + GATEWAY_RETRY_MS), resolve));
    }
  }

  /** A sync that got an answer from the gateway (a state it sent but this device refused counts: it answered). */
  private async reachesGateway(): Promise<boolean> {
    if (!this.options.sync) return false;
    try {
      await this.options.sync.syncNow();
      return true;
    } catch (error) {
      return ['StateStillRefused', 'TargetStateRejected'].includes((error as Error).name);
    }
  }
}
