import cron from 'node-cron';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { CacheSnapshot } from '../model/snapshot.js';
import { planMaintenance } from './maintenance-plan.js';
import type { PowerAttempt, PowerReason } from './power.js';

/** Run `job` on a person-configured cron in `timezone`; returns the cancel function. */
export type CronScheduler = (expression: string, timezone: string, job: () => void, name: string) => () => void;

export const nodeCronScheduler: CronScheduler = (expression, timezone, job, name) => {
  const task = cron.schedule(expression, job, { timezone, name, noOverlap: true });
  return () => void task.destroy();
};

export interface MaintenanceJobsOptions {
  snapshot(): CacheSnapshot | undefined;
  reload(reason: string): void;
  power: { set(on: boolean, reason: PowerReason): Promise<PowerAttempt[]> };
  clock: Clock;
  logger: Logger;
  scheduleCron?: CronScheduler;
}

/**
 * The shell's configured jobs: the nightly maintenance reload (at the quiet moment
 * planMaintenance picks) and the screen on/off schedule of DeviceSettings. Armed from the cached
 * settings, and armed again whenever a new target state is applied (settings may have changed).
 */
export class MaintenanceJobs {
  private appliedAt?: string;
  private cancels: (() => void)[] = [];

  constructor(private readonly options: MaintenanceJobsOptions) {}

  /** Call on every model rebuild: re-arms only when the applied state changed. */
  armIfStateChanged(): void {
    if (this.options.snapshot()?.applied.appliedAt !== this.appliedAt) this.arm();
  }

  arm(): void {
    this.disarm();
    const { logger, clock } = this.options;
    const snapshot = this.options.snapshot();
    if (!snapshot) return;
    this.appliedAt = snapshot.applied.appliedAt;
    try {
      const plan = planMaintenance(snapshot, clock.now());
      if (plan.at) {
        logger.info({ event: 'maintenance.planned', at: plan.at.toISOString(), skipped: plan.skipped.length }, 'maintenance reload planned');
        this.cancels.push(
          clock.at(plan.at, () => {
            this.options.reload('nightly maintenance');
            this.arm();
          }),
        );
      } else {
        logger.warn({ event: 'maintenance.none', why: plan.why }, 'no maintenance reload planned');
      }
    } catch (error) {
      logger.error({ event: 'maintenance.invalid', error: String(error) }, 'maintenance reload not armed');
    }
    const schedule = this.options.scheduleCron ?? nodeCronScheduler;
    const { screenOnCron, screenOffCron } = snapshot.settings;
    for (const [setting, expression, on] of [['screenOnCron', screenOnCron, true], ['screenOffCron', screenOffCron, false]] as const) {
      if (!expression) continue;
      if (!cron.validate(expression)) {
        logger.error({ event: 'screen-schedule.invalid', setting, expression }, `${setting} is not a cron expression; that switch is not scheduled`);
        continue;
      }
      this.cancels.push(schedule(expression, snapshot.synagogue.timezone, () => this.switchScreen(on), setting));
    }
  }

  disarm(): void {
    while (this.cancels.length) this.cancels.pop()!();
  }

  private switchScreen(on: boolean): void {
    this.options.power.set(on, 'schedule').then(
      (attempts) => this.options.logger.info({ event: 'screen.power', on, backend: attempts.at(-1)?.backend }, `screen ${on ? 'on' : 'off'} by schedule`),
      (error: unknown) => this.options.logger.error({ event: 'screen.power-fault', on, error: String(error) }, 'screen power failed'),
    );
  }
}
