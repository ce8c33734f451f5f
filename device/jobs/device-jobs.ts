import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { CacheSnapshot } from '../model/snapshot.js';
import { parseCron } from '../schedule/cron-expression.js';
import { planMaintenance } from '../schedule/maintenance-plan.js';
import { armCron } from './cron-timer.js';

/** What the jobs do when they fire; the composition root hands in the shell's and the sync's. */
export interface DeviceJobEffects {
  /** The fallback sync (DeviceConfiguration.syncCron); absent when no cloud is configured. */
  sync?(): void;
  /** The screen on/off schedule (DeviceSettings.screenOnCron / screenOffCron). */
  setDisplayPower(on: boolean): void;
  /** The nightly maintenance reload (DeviceSettings.maintenanceCron, planned clear of prayers and Shabbat). */
  reloadDisplay(reason: string): void;
}

export interface DeviceJobsOptions {
  snapshot(): CacheSnapshot | undefined;
  clock: Clock;
  logger: Logger;
  effects: DeviceJobEffects;
}

/**
 * The recurring jobs people configure, in the synagogue's time zone, on the injected clock:
 * the fallback sync, the screen schedule and the nightly maintenance reload. Armed from the
 * cached settings; re-armed when a new state is applied (the crons, the prayer times or the
 * place may have changed) and when the wall clock jumps (armed timers are then stale).
 * A bad expression from the cloud is logged and skipped: it never stops the wall.
 */
export class DeviceJobs {
  private appliedAt?: string;
  private cancels: (() => void)[] = [];
  private cancelJumpWatch?: () => void;

  constructor(private readonly options: DeviceJobsOptions) {}

  start(): void {
    this.cancelJumpWatch = this.options.clock.onJump(() => this.arm());
    this.arm();
  }

  stop(): void {
    this.cancelJumpWatch?.();
    this.cancelJumpWatch = undefined;
    this.disarm();
  }

  /** Call whenever the model is rebuilt: re-arms only when the applied state changed. */
  armIfStateChanged(): void {
    if (this.cancelJumpWatch && this.options.snapshot()?.applied.appliedAt !== this.appliedAt) this.arm();
  }

  private arm(): void {
    this.disarm();
    const snapshot = this.options.snapshot();
    if (!snapshot) return;
    this.appliedAt = snapshot.applied.appliedAt;
    const { effects } = this.options;
    const sync = effects.sync;
    if (sync) this.armCron(snapshot.configuration.syncCron, 'DeviceConfiguration.syncCron', snapshot, () => sync());
    this.armCron(snapshot.settings.screenOnCron, 'DeviceSettings.screenOnCron', snapshot, () => effects.setDisplayPower(true));
    this.armCron(snapshot.settings.screenOffCron, 'DeviceSettings.screenOffCron', snapshot, () => effects.setDisplayPower(false));
    this.armMaintenance(snapshot);
  }

  private disarm(): void {
    this.cancels.splice(0).forEach((cancel) => cancel());
  }

  private armCron(expression: string | undefined, setting: string, snapshot: CacheSnapshot, job: () => void): void {
    if (!expression) return;
    try {
      this.cancels.push(armCron(parseCron(expression, snapshot.synagogue.timezone, setting), this.options.clock, job));
    } catch (error) {
      this.options.logger.error({ event: 'settings.invalid', setting, error: (error as Error).message }, 'schedule ignored');
    }
  }

  private armMaintenance(snapshot: CacheSnapshot): void {
    const { logger, clock, effects } = this.options;
    try {
      const plan = planMaintenance(snapshot, clock.now());
      if (!plan.at) {
        logger.warn({ event: 'maintenance.none', why: plan.why }, 'no maintenance reload planned');
        return;
      }
      logger.info({ event: 'maintenance.planned', at: plan.at.toISOString(), skipped: plan.skipped.length }, 'maintenance reload planned');
      this.cancels.push(
        clock.at(plan.at, () => {
          effects.reloadDisplay('nightly maintenance');
          this.arm();
        }),
      );
    } catch (error) {
      logger.error({ event: 'maintenance.invalid', error: String(error) }, 'maintenance reload not armed');
    }
  }
}
