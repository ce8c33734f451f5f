import type { Clock } from '../clock.js';
import type { CronSchedule } from '../schedule/cron-expression.js';

/**
 * Run `job` at every firing of `schedule`, on `clock`: one timer at a time, armed at the next
 * firing and re-armed from that firing after it runs. Returns the cancel function. A clock that
 * jumps leaves the armed timer stale, so the owner re-arms (cancel and call again) on a jump.
 */
export function armCron(schedule: CronSchedule, clock: Clock, job: () => void): () => void {
  let cancel: (() => void) | undefined;
  const armAfter = (after: Date) => {
    const next = schedule.next(after);
    cancel = next
      ? clock.at(next, () => {
          job();
          armAfter(next);
        })
      : undefined;
  };
  armAfter(clock.now());
  return () => cancel?.();
}
