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
import type { DisplayModel } from '../model/display-model.js';
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

  it('stays when a sync only confirms the state, and a wall for a moment (an identify label) is not kept', () => {
    runtime.confirmSynced();
    const wall = runtime.current();
    expect(readShownModel(cacheFile, RELEASE, clock.now())?.model).toEqual(wall);
    runtime.identify('lobby screen', new Date(clock.now().getTime() + 30_000));
    expect(runtime.current().identify?.label).toBe('lobby screen');
    // A restart now would not know of the label: the wall without it is the one kept.
    expect(readShownModel(cacheFile, RELEASE, clock.now())?.model).toEqual(wall);
  });

  it('costs a full disk only the next start’s speed: the wall goes on changing', () => {
    const db = runtime.database;
    db.prepare('DELETE FROM kept_model').run();
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

  it('keeps the walls ahead: at each moment of the next 48 hours, the wall kept is the one the device then shows', async () => {
    await runtime.keptAhead;
    const db = sqliteDatabase(cacheFile, { readonly: true });
    const rows = db.prepare('SELECT from_ms, until_ms FROM kept_model ORDER BY from_ms').all() as { from_ms: number; until_ms: number }[];
    db.close();
    // About twenty walls a day, one after the other with no gap, as far as two days ahead.
    expect(rows.length).toBeGreaterThan(20);
    for (const [i, row] of rows.entries()) if (i > 0) expect(row.from_ms).toBe(rows[i - 1]!.until_ms);
    expect(rows.at(-1)!.until_ms).toBeGreaterThanOrEqual(START.getTime() + 48 * 3_600_000);
    // Read every kept wall first (a minute into its time, and a second before its end), then live through those moments.
    const moments = rows.flatMap((row) => [new Date(row.from_ms + 60_000), new Date(row.until_ms - 1_000)]).filter((t, i, all) => i === 0 || t > all[i - 1]!);
    const kept = moments.map((t) => readShownModel(cacheFile, RELEASE, t)?.model);
    const wall = (model: DisplayModel | undefined) => model && { ...model, generatedAt: '' };
    for (const [i, t] of moments.entries()) {
      clock.advanceTo(t);
      expect(wall(kept[i]), t.toISOString()).toEqual(wall(runtime.current()));
    }
  });

  it('builds the walls ahead again when the wall changes, and keeps none for a moment it is not', async () => {
    await runtime.keptAhead;
    const tomorrow = new Date(START.getTime() + 30 * 3_600_000);
    expect(readShownModel(cacheFile, RELEASE, tomorrow)?.model.header.synagogueName).not.toBe('Beit Knesset Hanasi');
    runtime.applyTargetState(renamed('Beit Knesset Hanasi'), null, 'demo');
    await runtime.keptAhead;
    expect(readShownModel(cacheFile, RELEASE, tomorrow)?.model.header.synagogueName).toBe('Beit Knesset Hanasi');
    expect(readShownModel(cacheFile, RELEASE, new Date(START.getTime() + 60 * 3_600_000))).toBeNull();
  });

  it('keeps no wall of cloud data past the moment it would be marked stale', async () => {
    runtime.applyTargetState(renamed('Ohel Yaakov'), 'etag-1', 'cloud');
    await runtime.keptAhead;
    const staleAt = START.getTime() + 24 * 3_600_000;
    expect(readShownModel(cacheFile, RELEASE, new Date(staleAt - 60_000))?.model.status.stale).toBe(false);
    expect(readShownModel(cacheFile, RELEASE, new Date(staleAt + 3_600_000))).toBeNull();
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
