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
import { DeviceJobs } from './device-jobs.js';

function demoSnapshot(now: Date, settings: Record<string, unknown> = {}, configuration: Record<string, unknown> = {}): CacheSnapshot {
  const db = new Database(':memory:');
  try {
    migrate(db);
    const state = demoTargetState(now);
    state.settings = { ...state.settings, ...settings };
    state.configuration = { ...state.configuration, ...configuration };
    applyTargetState(db, state, { etag: null, source: 'demo', now });
    return readSnapshot(db)!;
  } finally {
    db.close();
  }
}

function harness(start: Date, settings: Record<string, unknown> = {}, options: { cloud?: boolean; configuration?: Record<string, unknown> } = {}) {
  const clock = new VirtualClock(start);
  let snapshot = demoSnapshot(start, settings, options.configuration);
  const done: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _e, callback) => callback(void logs.push(JSON.parse(String(chunk)))) }));
  const when = () => localTimeOf(clock.now(), snapshot.synagogue.timezone);
  const jobs = new DeviceJobs({
    snapshot: () => snapshot,
    clock,
    logger,
    effects: {
      ...(options.cloud ? { sync: () => done.push(`sync at ${when()}`) } : {}),
      setDisplayPower: (on) => done.push(`screen ${on ? 'on' : 'off'} at ${when()}`),
      reloadDisplay: (reason) => done.push(`${reason} at ${when()}`),
    },
  });
  return { clock, jobs, done, logs, replace: (next: CacheSnapshot) => (snapshot = next) };
}

const WEDNESDAY_NOON_JERUSALEM = new Date('2026-11-25T10:00:00Z');

describe('the nightly maintenance job', () => {
  it('reloads the display at the quiet hour every weeknight, re-arming itself each time', () => {
    const h = harness(new Date('2026-11-29T10:00:00Z'));
    h.jobs.start();
    h.clock.advanceBy(3 * 24 * 3600_000);
    expect(h.done).toEqual(['nightly maintenance at 03:30', 'nightly maintenance at 03:30', 'nightly maintenance at 03:30']);
    h.jobs.stop();
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('follows a new maintenanceCron once a new target state is applied, and only then re-arms', () => {
    const h = harness(new Date('2026-11-29T10:00:00Z'));
    h.jobs.start();
    h.jobs.armIfStateChanged();
    expect(h.clock.pendingTimers).toBe(1);
    h.replace(demoSnapshot(new Date('2026-11-29T11:00:00Z'), { maintenanceCron: '0 4 * * *' }));
    h.jobs.armIfStateChanged();
    expect(h.clock.pendingTimers).toBe(1);
    h.clock.advanceBy(24 * 3600_000);
    expect(h.done).toEqual(['nightly maintenance at 04:00']);
    h.jobs.stop();
  });

  it('logs a malformed maintenanceCron and arms nothing, without stopping the kiosk', () => {
    const h = harness(new Date('2026-11-29T10:00:00Z'), { maintenanceCron: 'nightly' });
    expect(() => h.jobs.start()).not.toThrow();
    expect(h.clock.pendingTimers).toBe(0);
    expect(h.logs).toContainEqual(expect.objectContaining({ event: 'maintenance.invalid', error: expect.stringContaining('maintenanceCron "nightly"') }));
    h.jobs.stop();
  });
});

describe('the screen schedule and the fallback sync', () => {
  it('switches the screen off at night and on in the morning, in the synagogue’s time zone', () => {
    const h = harness(WEDNESDAY_NOON_JERUSALEM, { screenOffCron: '0 23 * * *', screenOnCron: '30 5 * * *', maintenanceCron: '0 3 1 1 *' });
    h.jobs.start();
    h.clock.advanceBy(24 * 3600_000);
    expect(h.done).toEqual(['screen off at 23:00', 'screen on at 05:30']);
    h.jobs.stop();
  });

  it('syncs on the configured fallback schedule only when a cloud is configured', () => {
    const withCloud = harness(WEDNESDAY_NOON_JERUSALEM, { maintenanceCron: '0 3 1 1 *' }, { cloud: true, configuration: { syncCron: '*/20 * * * *' } });
    withCloud.jobs.start();
    withCloud.clock.advanceBy(60 * 60_000);
    expect(withCloud.done).toEqual(['sync at 12:20', 'sync at 12:40', 'sync at 13:00']);
    withCloud.jobs.stop();

    const demo = harness(WEDNESDAY_NOON_JERUSALEM, { maintenanceCron: '0 3 1 1 *' }, { configuration: { syncCron: '*/20 * * * *' } });
    demo.jobs.start();
    demo.clock.advanceBy(60 * 60_000);
    expect(demo.done).toEqual([]);
    demo.jobs.stop();
  });

  it('keeps the other jobs when one schedule from the cloud is not a cron expression', () => {
    const h = harness(WEDNESDAY_NOON_JERUSALEM, { screenOffCron: 'at nine, please', screenOnCron: '0 13 * * *', maintenanceCron: '0 3 1 1 *' });
    h.jobs.start();
    h.clock.advanceBy(2 * 3600_000);
    expect(h.done).toEqual(['screen on at 13:00']);
    expect(h.logs).toContainEqual(expect.objectContaining({ event: 'settings.invalid', setting: 'DeviceSettings.screenOffCron' }));
    h.jobs.stop();
  });
});
