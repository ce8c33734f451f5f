import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../cache/open-cache.js';
import { applyTargetState, readSnapshot } from '../cache/target-state-store.js';
import { localTimeOf } from '../calendar/local-date.js';
import { demoTargetState } from '../demo/demo-state.js';
import { planMaintenance } from './maintenance-plan.js';

function demoSnapshot(now: Date, maintenanceCron?: string) {
  const db = new Database(':memory:');
  try {
    migrate(db);
    const state = demoTargetState(now);
    if (maintenanceCron) state.settings = { ...state.settings, maintenanceCron };
    applyTargetState(db, state, { etag: null, source: 'demo', now });
    return readSnapshot(db)!;
  } finally {
    db.close();
  }
}

describe('planning maintenance for the shul in the cache', () => {
  it('uses the configured cron in the shul time zone, clear of its own prayer times', () => {
    const now = new Date('2026-11-25T10:00:00Z');
    const snapshot = demoSnapshot(now, '0 4 * * *');
    const plan = planMaintenance(snapshot, now);
    expect(plan.at).not.toBeNull();
    expect(localTimeOf(plan.at!, snapshot.synagogue.timezone)).toBe('04:00');
  });

  it('skips every firing that falls near one of the shul’s prayers', () => {
    const now = new Date('2026-11-25T03:00:00Z');
    const plan = planMaintenance(demoSnapshot(now, '*/30 * * * *'), now);
    expect(plan.skipped.length).toBeGreaterThan(0);
    expect(plan.skipped[0]!.why).toMatch(/ at 2026-11-25T/);
    expect(plan.at!.getTime()).toBeGreaterThan(plan.skipped.at(-1)!.at.getTime());
  });
});
