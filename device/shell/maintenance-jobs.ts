import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { CacheSnapshot } from '../model/snapshot.js';
import { planMaintenance } from './maintenance-plan.js';

export interface MaintenanceJobsOptions {
  snapshot(): CacheSnapshot | undefined;
  reload(reason: string): void;
  clock: Clock;
  logger: Logger;
}

/**
 * The nightly maintenance reload, armed at the quiet moment planMaintenance picks from the
 * cached settings and calendar, re-armed after each reload and whenever a new target state is
 * applied (the cron, the prayer times or the place may have changed). The screen on/off
 * schedule is the runtime's (it switches the panel through the shell's setDisplayPower).
 */
export class MaintenanceJobs {
  private appliedAt?: string;
  private cancel?: () => void;

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
      if (!plan.at) {
        logger.warn({ event: 'maintenance.none', why: plan.why }, 'no maintenance reload planned');
        return;
      }
      logger.info({ event: 'maintenance.planned', at: plan.at.toISOString(), skipped: plan.skipped.length }, 'maintenance reload planned');
      this.cancel = clock.at(plan.at, () => {
        this.options.reload('nightly maintenance');
        this.arm();
      });
    } catch (error) {
      logger.error({ event: 'maintenance.invalid', error: String(error) }, 'maintenance reload not armed');
    }
  }

  disarm(): void {
    this.cancel?.();
    this.cancel = undefined;
  }
}
