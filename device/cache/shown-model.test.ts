import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { demoTargetState } from '../demo/demo-state.js';
import { Runtime } from '../runtime.js';
import { openCache } from './open-cache.js';
import { setSettingsOverride } from './settings-override.js';
import { readShownModel } from './shown-model.js';
import { sqliteDatabase } from './sqlite-database.js';
import { applyTargetState } from './target-state-store.js';

const START = new Date('2026-11-26T10:00:00Z');
const RELEASE = '1.4.0';
let dir: string;
let cacheFile: string;
let clock: VirtualClock;
let runtime: Runtime;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-shown-model-'));
  cacheFile = path.join(dir, 'cache.sqlite');
  clock = new VirtualClock(START);
  runtime = new Runtime({
    config: loadConfig({ dataDir: dir, env: {} }),
    clock,
    logger: pino({ level: 'silent' }),
    clockTrust: () => ({ verified: true, reason: 'test' }),
    appVersion: RELEASE,
  });
  runtime.start();
});
afterEach(() => {
  runtime.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The demo with another synagogue name: a change a congregant would see. */
function renamed(name: string): unknown {
  const state = demoTargetState(clock.now()) as { synagogue: { name: string } };
  return { ...state, synagogue: { ...state.synagogue, name } };
}

describe('the model kept for the next start', () => {
  it('is the model on the wall, for the release that built it, until its validUntil', () => {
    const shown = runtime.current();
    expect(readShownModel(cacheFile, RELEASE, clock.now())?.model).toEqual(shown);
    expect(readShownModel(cacheFile, '1.4.1', clock.now())).toBeNull();
    const until = new Date(shown.validUntil);
    expect(readShownModel(cacheFile, RELEASE, new Date(until.getTime() - 1))?.model).toEqual(shown);
    expect(readShownModel(cacheFile, RELEASE, until)).toBeNull();
    // A clock set back before the model was built (a Pi without its network after a power cut).
    expect(readShownModel(cacheFile, RELEASE, new Date(START.getTime() - 60_000))).toBeNull();
  });

  it('follows the wall: a new state, the next boundary', () => {
    runtime.applyTargetState(renamed('Beit Knesset Hanasi'), null, 'demo');
    expect(readShownModel(cacheFile, RELEASE, clock.now())?.model.header.synagogueName).toBe('Beit Knesset Hanasi');
    clock.advanceTo(new Date(runtime.current().validUntil));
    expect(readShownModel(cacheFile, RELEASE, clock.now())?.model).toEqual(runtime.current());
  });

  it('is forgotten by any write to the state it was built from, from another process too', () => {
    const other = openCache(cacheFile, clock.now()).db;
    try {
      applyTargetState(other, renamed('Ohel Moshe'), { etag: null, source: 'local', now: clock.now() });
      expect(readShownModel(cacheFile, RELEASE, clock.now())).toBeNull();
      runtime.reloadFromCache('state applied by hand');
      expect(readShownModel(cacheFile, RELEASE, clock.now())?.model.header.synagogueName).toBe('Ohel Moshe');
      setSettingsOverride(other, { theme: 'light' }, clock.now());
      expect(readShownModel(cacheFile, RELEASE, clock.now())).toBeNull();
    } finally {
      other.close();
    }
  });

  it('stays when a sync only confirms the state, and is not kept for a moment (an identify label)', () => {
    runtime.confirmSynced();
    expect(readShownModel(cacheFile, RELEASE, clock.now())?.model).toEqual(runtime.current());
    runtime.identify('lobby screen', new Date(clock.now().getTime() + 30_000));
    expect(readShownModel(cacheFile, RELEASE, clock.now())).toBeNull();
  });

  it('costs a full disk only the next start’s speed: the wall goes on changing', () => {
    const db = runtime.database;
    db.prepare('DELETE FROM shown_model').run();
    // The file may not grow, and the room inside it is used up (as the event log would on a full card).
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    db.exec('CREATE TABLE filler (bytes BLOB)');
    const fill = db.prepare('INSERT INTO filler VALUES (zeroblob(4096))');
    expect(() => {
      for (let i = 0; i < 10_000; i++) fill.run();
    }).toThrow(/full/);
    const before = runtime.current();
    clock.advanceTo(new Date(before.validUntil));
    expect(runtime.current().validUntil).not.toBe(before.validUntil);
    expect(readShownModel(cacheFile, RELEASE, clock.now())).toBeNull();
  });

  it('is not there in a cache that is missing, damaged or older than the table', () => {
    expect(readShownModel(path.join(dir, 'none.sqlite'), RELEASE, clock.now())).toBeNull();
    const damaged = path.join(dir, 'damaged.sqlite');
    fs.writeFileSync(damaged, 'not a database at all, just words');
    expect(readShownModel(damaged, RELEASE, clock.now())).toBeNull();
    const older = path.join(dir, 'older.sqlite');
    const db = sqliteDatabase(older);
    db.exec('CREATE TABLE document (kind TEXT PRIMARY KEY, body TEXT NOT NULL)');
    db.close();
    expect(readShownModel(older, RELEASE, clock.now())).toBeNull();
  });
});
