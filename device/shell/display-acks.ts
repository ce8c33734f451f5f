import type { Clock } from '../clock.js';
import type { DrawnReport } from '../model/drawn-report.js';

/** How long a display may take to confirm a command before the command is reported failed. */
export const CONFIRM_TIMEOUT_MS = 20_000;

interface Waiter {
  test(report: DrawnReport): boolean;
  settle(error?: Error): void;
}

/**
 * The displays' confirmations, for commands that must not report what did not happen: a
 * command waits here for the first report that shows it done, and fails with the reason when
 * no display is attached or none confirms in time.
 */
export class DisplayAcks {
  private readonly waiters = new Set<Waiter>();

  constructor(
    private readonly clock: Clock,
    /** How many displays are attached now (open pages, a live kiosk window). */
    private readonly attached: () => number,
  ) {}

  report(report: DrawnReport): void {
    for (const waiter of this.waiters) if (waiter.test(report)) waiter.settle();
  }

  /**
   * Resolves when a display reports a picture that passes `test`, after `act` ran. Rejects at
   * once when no display is attached, and after `timeoutMs` when none confirmed `what`.
   */
  confirm(what: string, act: () => void, test: (report: DrawnReport) => boolean, timeoutMs = CONFIRM_TIMEOUT_MS): Promise<void> {
    if (this.attached() === 0) return Promise.reject(new Error(`no display is attached to this device, so nobody saw ${what}`));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        test,
        settle: (error) => {
          this.waiters.delete(waiter);
          cancel();
          if (error) reject(error);
          else resolve();
        },
      };
      const cancel = this.clock.at(new Date(this.clock.now().getTime() + timeoutMs), () =>
        waiter.settle(new Error(`no display confirmed ${what} within ${Math.round(timeoutMs / 1000)} s`)),
      );
      this.waiters.add(waiter);
      try {
        act();
      } catch (error) {
        waiter.settle(error as Error);
      }
    });
  }

  /** Reload the displays (`reload`) and resolve when a reloaded page drew its first picture. */
  reloaded(reason: string, reload: () => void): Promise<void> {
    return this.confirm(`the reload (${reason})`, reload, (drawn) => drawn.fresh);
  }

  /** Commands still waiting fail with the reason (the shell is stopping). */
  close(reason: string): void {
    for (const waiter of [...this.waiters]) waiter.settle(new Error(reason));
  }
}
