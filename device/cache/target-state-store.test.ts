import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { demoTargetState } from '../demo/demo-state.js';
import { openCache } from './open-cache.js';
import { applyTargetState, readRawRows, readSnapshot, TargetStateRejected } from './target-state-store.js';

const NOW = new Date('2026-11-25T10:00:00Z');
let dir: string;
let db: Database.Database;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-cache-'));
  db = openCache(path.join(dir, 'cache.sqlite'), NOW).db;
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('applyTargetState', () => {
  it('holds nothing before the first state is applied', () => {
    expect(readSnapshot(db)).toBeNull();
  });

  it('stores a whole target state and reads it back with defaults filled in', () => {
    applyTargetState(db, demoTargetState(NOW), { etag: '"v1"', source: 'demo', now: NOW });
    const snapshot = readSnapshot(db)!;
    expect(snapshot.synagogue.name).toBe('בית הכנסת אוהל יצחק');
    expect(snapshot.content.TfilaTime.length).toBeGreaterThan(5);
    expect(snapshot.settings.orientation).toBe('landscape');
    expect(snapshot.applied).toMatchObject({ etag: '"v1"', source: 'demo', appliedAt: NOW.toISOString() });
  });

  it('replaces the previous state instead of merging with it', () => {
    applyTargetState(db, demoTargetState(NOW), { etag: 'a', source: 'demo', now: NOW });
    const next = demoTargetState(NOW);
    next.content.GeneralMessage = [{ id: 'only', body: 'the only message' }];
    applyTargetState(db, next, { etag: 'b', source: 'cloud', now: NOW });
    expect(readSnapshot(db)!.content.GeneralMessage.map((m) => m.id)).toEqual(['only']);
  });

  it('keeps fields this device does not know, so a newer cloud loses nothing', () => {
    const state = demoTargetState(NOW);
    state.content.GeneralMessage = [{ id: 'm', body: 'hello', fontScale: 1.4, audience: { women: true } }];
    (state.synagogue as Record<string, unknown>).rabbi = 'Rav Cohen';
    applyTargetState(db, state, { etag: null, source: 'cloud', now: NOW });
    expect(readRawRows(db, 'GeneralMessage')[0]).toMatchObject({ fontScale: 1.4, audience: { women: true } });
    expect(readSnapshot(db)!.synagogue).toMatchObject({ rabbi: 'Rav Cohen' });
  });

  it('rejects a malformed state, names the bad field, and changes nothing', () => {
    applyTargetState(db, demoTargetState(NOW), { etag: 'good', source: 'demo', now: NOW });
    const bad = demoTargetState(NOW);
    bad.content.TfilaTime = [{ id: 'x', name: 'Mincha', time: { kind: 'fixed', time: '25:99' } }];
    let error: unknown;
    try {
      applyTargetState(db, bad, { etag: 'bad', source: 'cloud', now: NOW });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TargetStateRejected);
    expect((error as TargetStateRejected).errors.join('\n')).toContain('content.TfilaTime.0.time.time');
    expect(readSnapshot(db)!.applied.etag).toBe('good');
  });

  it('keeps a state from before the transitions setting, and refuses one it does not know, naming the field', () => {
    const old = demoTargetState(NOW);
    expect(old.settings).not.toHaveProperty('transitions');
    applyTargetState(db, old, { etag: 'old', source: 'cloud', now: NOW });
    expect(readSnapshot(db)!.settings.transitions).toBeUndefined();
    const bad = demoTargetState(NOW);
    Object.assign(bad.settings, { transitions: 'sparkle' });
    let error: unknown;
    try {
      applyTargetState(db, bad, { etag: 'bad', source: 'cloud', now: NOW });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TargetStateRejected);
    expect((error as TargetStateRejected).errors.join('\n')).toContain('settings.transitions');
    expect(readSnapshot(db)!.applied.etag).toBe('old');
  });

  it('rejects a schema version newer than this device understands', () => {
    const future = { ...demoTargetState(NOW), schemaVersion: 99 };
    expect(() => applyTargetState(db, future, { etag: null, source: 'cloud', now: NOW })).toThrow(/schemaVersion.*understands/);
  });
});
