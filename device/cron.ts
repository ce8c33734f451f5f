import cron from 'node-cron';

/**
 * Run `job` on a cron expression people configured (DeviceSettings, DeviceConfiguration), in
 * the synagogue's time zone. An invalid expression is refused with a message naming it.
 * Everything tied to the calendar is a model boundary instead, never a cron job.
 */
export function scheduleCron(expression: string, timezone: string, job: () => void, name: string): () => void {
  if (!cron.validate(expression)) throw new Error(`${name}: "${expression}" is not a cron expression (e.g. "*/15 * * * *")`);
  const task = cron.schedule(expression, job, { timezone, name, noOverlap: true });
  return () => void task.destroy();
}
