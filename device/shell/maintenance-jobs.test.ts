import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { migrate } from '../cache/open-cache.js';
import { applyTargetState, readSnapshot } from '../cache/target-state-store.js';
import { localTimeOf } from '../calendar/local-date.js';
import { VirtualClock } from '../clock.js';
import { demoTargetState } from '../demo/demo-state.js';
import type { CacheSnapshot } from '../model/snapshot.js';
import { MaintenanceJobs, type CronScheduler } from './maintenance-jobs.js';

function demoSnapshot(now: Date, settings: Record<string, unknown> = {}): CacheSnapshot {
  const db = new Database(':memory:');
  try {
    migrate(db);
    const state = demoTargetState(now);
    state.settings = { ...state.settings, ...settings };
    applyTargetState(db, state, { etag: null, source: 'demo', now });
    return readSnapshot(db)!;
  } finally {
    db.close();
  }
}

function harness(start: Date, settings: Record<string, unknown> = {}) {
  const clock = new VirtualClock(start);
  let snapshot = demoSnapshot(start, settings);
  const reloads: string[] = [];
  const switched: boolean[] = [];
  const crons: { expression: string; timezone: string; name: string; job: () => void; cancelled: boolean }[] = [];
  const scheduleCron: CronScheduler = (expression, timezone, job, name) => {
    const entry = { expression, timezone, name, job, cancelled: false };
    crons.push(entry);
    return () => void (entry.cancelled = true);
  };
  const logs: { event?: string }[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _e, done) => done(void logs.push(JSON.parse(String(chunk)))) }));
  const jobs = new MaintenanceJobs({
    snapshot: () => snapshot,
    reload: (reason) => reloads.push(`${reason} at ${localTimeOf(clock.now(), snapshot.synagogue.timezone)}`),
    power: { set: async (on) => (switched.push(on), [{ backend: 'wlr-randr', ok: true, detail: on ? 'on' : 'off' }]) },
    clock,
    logger,
    scheduleCron,
  });
  return { clock, jobs, reloads, switched, crons, logs, replace: (next: CacheSnapshot) => (snapshot = next) };
}

describe('the shell’s configured jobs', () => {
  it('reloads the display at the quiet hour every weeknight, re-arming itself each time', () => {
    const h = harness(new Date('2026-11-29T10:00:00Z'));
    h.jobs.arm();
    h.clock.advanceBy(3 * 24 * 3600_000);
    expect(h.reloads).toEqual(['nightly maintenance at 03:30', 'nightly maintenance at 03:30', 'nightly maintenance at 03:30']);
    h.jobs.disarm();
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('switches the screen by the DeviceSettings schedule, in the synagogue time zone', async () => {
    const h = harness(new Date('2026-11-29T10:00:00Z'), { screenOnCron: '0 6 * * *', screenOffCron: '30 22 * * *' });
    h.jobs.arm();
    expect(h.crons.map((c) => [c.name, c.expression, c.timezone])).toEqual([
      ['screenOnCron', '0 6 * * *', 'Asia/Jerusalem'],
      ['screenOffCron', '30 22 * * *', 'Asia/Jerusalem'],
    ]);
    h.crons[1]!.job();
    h.crons[0]!.job();
    await Promise.resolve();
    expect(h.switched).toEqual([false, true]);
    h.jobs.disarm();
  });

  it('logs a malformed screen schedule and keeps the rest running', () => {
    const h = harness(new Date('2026-11-29T10:00:00Z'), { screenOnCron: 'at six', screenOffCron: '30 22 * * *' });
    h.jobs.arm();
    expect(h.crons.map((c) => c.name)).toEqual(['screenOffCron']);
    expect(h.logs).toContainEqual(expect.objectContaining({ event: 'screen-schedule.invalid', setting: 'screenOnCron', expression: 'at six' }));
    h.jobs.disarm();
  });

  it('re-arms only when a new target state was applied', () => {
    const h = harness(new Date('2026-11-29T10:00:00Z'), { screenOffCron: '30 22 * * *' });
    h.jobs.arm();
    h.jobs.armIfStateChanged();
    expect(h.crons).toHaveLength(1);
    h.replace(demoSnapshot(new Date('2026-11-29T11:00:00Z'), { screenOffCron: '0 23 * * *' }));
    h.jobs.armIfStateChanged();
    expect(h.crons.map((c) => [c.expression, c.cancelled])).toEqual([
      ['30 22 * * *', true],
      ['0 23 * * *', false],
    ]);
    h.jobs.disarm();
  });
});
