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
import { MaintenanceJobs } from './maintenance-jobs.js';

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
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _e, done) => done(void logs.push(JSON.parse(String(chunk)))) }));
  const jobs = new MaintenanceJobs({
    snapshot: () => snapshot,
    reload: (reason) => reloads.push(`${reason} at ${localTimeOf(clock.now(), snapshot.synagogue.timezone)}`),
    clock,
    logger,
  });
  return { clock, jobs, reloads, logs, replace: (next: CacheSnapshot) => (snapshot = next) };
}

describe('the nightly maintenance job', () => {
  it('reloads the display at the quiet hour every weeknight, re-arming itself each time', () => {
    const h = harness(new Date('2026-11-29T10:00:00Z'));
    h.jobs.arm();
    h.clock.advanceBy(3 * 24 * 3600_000);
    expect(h.reloads).toEqual(['nightly maintenance at 03:30', 'nightly maintenance at 03:30', 'nightly maintenance at 03:30']);
    h.jobs.disarm();
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('follows a new maintenanceCron once a new target state is applied, and only then re-arms', () => {
    const h = harness(new Date('2026-11-29T10:00:00Z'));
    h.jobs.arm();
    h.jobs.armIfStateChanged();
    expect(h.clock.pendingTimers).toBe(1);
    h.replace(demoSnapshot(new Date('2026-11-29T11:00:00Z'), { maintenanceCron: '0 4 * * *' }));
    h.jobs.armIfStateChanged();
    expect(h.clock.pendingTimers).toBe(1);
    h.clock.advanceBy(24 * 3600_000);
    expect(h.reloads).toEqual(['nightly maintenance at 04:00']);
    h.jobs.disarm();
  });

  it('logs a malformed maintenanceCron and arms nothing, without stopping the kiosk', () => {
    const h = harness(new Date('2026-11-29T10:00:00Z'), { maintenanceCron: 'nightly' });
    expect(() => h.jobs.arm()).not.toThrow();
    expect(h.clock.pendingTimers).toBe(0);
    expect(h.logs).toContainEqual(expect.objectContaining({ event: 'maintenance.invalid', error: expect.stringContaining('maintenanceCron "nightly"') }));
  });
});
