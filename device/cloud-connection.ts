import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { CommandParams, SettingsPatch } from '../cloud-sync/protocol/commands.js';
import type { Clock } from './clock.js';
import type { DeviceConfig } from './config.js';
import type { Logger } from './log.js';
import type { StorageHealth } from './cache/storage-health.js';
import { CommandBus } from './commands/command-bus.js';
import type { CommandEffects } from './commands/command-effects.js';
import { runSystemCommand } from './host/system-command.js';
import type { ShellEffects } from './shell/shell.js';
import { DeviceLink } from './link/device-link.js';
import { readDeviceInfo } from './telemetry/device-info.js';
import { Telemetry } from './telemetry/telemetry.js';
import { SystemSampler } from './telemetry/system-sampler.js';

/** What the runtime does for a command: sync, settings, identify, the screenshot upload. */
export interface RuntimeEffects {
  syncNow(): Promise<{ appliedEtag: string | null }>;
  clearCacheAndResync(): Promise<{ appliedEtag: string | null }>;
  applySettings(patch: SettingsPatch): Promise<void>;
  identify(seconds: number): Promise<void>;
  uploadScreenshot(png: Uint8Array): Promise<string>;
  appliedEtag(): string | null;
  updateSoftware(params: CommandParams<'update-software'>): Promise<Record<string, unknown>>;
}

export interface CloudConnectionOptions {
  config: DeviceConfig & { cloud: NonNullable<DeviceConfig['cloud']>; mqtt: NonNullable<DeviceConfig['mqtt']> };
  db: Database.Database;
  clock: Clock;
  logger: Logger;
  shell: ShellEffects;
  runtime: RuntimeEffects;
  appVersion: string;
  telemetry: { heartbeatSeconds: number; metricsSeconds: number; outboxMaxItems: number };
  storage: StorageHealth;
}

/**
 * The device's side of the MQTT wire: the link, the command bus and telemetry, wired to the
 * shell and runtime effects. Start order: bus (so nothing arrives unheard), link, telemetry.
 * Stop reverses it.
 */
export class CloudConnection {
  readonly link: DeviceLink;
  private readonly bus: CommandBus;
  readonly telemetry: Telemetry;
  private readonly startedAt: number;

  constructor(private readonly options: CloudConnectionOptions) {
    const { config, db, clock, logger, shell, runtime } = options;
    this.startedAt = clock.now().getTime();
    this.link = new DeviceLink(
      {
        url: config.mqtt.url,
        deviceId: config.cloud.deviceId,
        username: config.mqtt.username,
        password: config.mqtt.password,
        ...(config.mqtt.caFile ? { tls: { ca: fs.readFileSync(config.mqtt.caFile) } } : {}),
        outboxMaxItems: options.telemetry.outboxMaxItems,
      },
      {
        db,
        clock,
        logger: logger.child({ part: 'link' }),
        storage: options.storage,
        statusFacts: () => ({
          appVersion: options.appVersion,
          appliedEtag: runtime.appliedEtag(),
          display: shell.displayPower(),
          shell: shell.name,
          uptimeSeconds: this.uptimeSeconds(),
        }),
      },
    );
    const effects: CommandEffects = {
      reloadDisplay: () => shell.reloadDisplay('reload-display command'),
      restartApp: () => shell.restartApp('restart-app command'),
      reboot: async () => void (await runSystemCommand(config.rebootCommand)),
      syncNow: () => runtime.syncNow(),
      captureScreenshot: () => shell.captureScreenshot(),
      uploadScreenshot: (png) => runtime.uploadScreenshot(png),
      applySettings: (patch) => runtime.applySettings(patch),
      setDisplayPower: (on) => shell.setDisplayPower(on),
      identify: (seconds) => runtime.identify(seconds),
      readLogLines: async (count) => lastLines(config.logFile, count),
      clearCacheAndResync: () => runtime.clearCacheAndResync(),
      updateSoftware: (params) => runtime.updateSoftware(params),
    };
    this.bus = new CommandBus({ db, clock, effects, outlet: this.link, logger: logger.child({ part: 'commands' }), storage: options.storage });
    this.telemetry = new Telemetry(
      {
        clock,
        sampler: new SystemSampler(),
        outlet: this.link,
        logger: logger.child({ part: 'telemetry' }),
        sources: {
          display: () => shell.displayPower(),
          appliedEtag: () => runtime.appliedEtag(),
          appUptimeSeconds: () => this.uptimeSeconds(),
          rendererMemoryBytes: () => shell.rendererMemoryBytes(),
        },
      },
      options.telemetry,
    );
  }

  start(onStateChanged: () => void): void {
    this.link.onCommand((payload) => this.bus.handle(payload));
    this.link.onStateChanged(() => onStateChanged());
    this.bus.start();
    this.link.start();
    this.telemetry.start();
    // What never changes is read once and said once per start, not sampled at every cadence.
    void readDeviceInfo(this.options.appVersion).then((info) => this.link.sendEvent('device.info', { ...info }));
  }

  async stop(): Promise<void> {
    this.telemetry.stop();
    await this.link.stop();
    await this.bus.stop();
  }

  private uptimeSeconds(): number {
    return Math.round((this.options.clock.now().getTime() - this.startedAt) / 1000);
  }
}

/** The last `count` lines of the log file (and its rotated predecessor when the current one is short). */
function lastLines(file: string, count: number): string[] {
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8').split('\n').filter(Boolean) : []);
  const current = read(file);
  const lines = current.length >= count ? current : [...read(`${file}.1`), ...current];
  return lines.slice(-count);
}
