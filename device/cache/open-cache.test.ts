import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { CACHE_SCHEMA_VERSION, migrations } from './migrations.js';
import { openCache } from './open-cache.js';
import { readSnapshot } from './target-state-store.js';

const NOW = new Date('2026-11-25T10:00:00Z');
let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-open-'));
  file = path.join(dir, 'cache.sqlite');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('openCache', () => {
  it('creates a WAL database at the newest schema version', () => {
    const { db } = openCache(file, NOW);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(CACHE_SCHEMA_VERSION);
    db.close();
  });

  it('moves a file that is not a database aside, keeps it, and starts afresh', () => {
    fs.writeFileSync(file, 'this is not a database, it is a shopping list');
    const moved: string[] = [];
    const opened = openCache(file, NOW, { corruptMovedAside: (info) => moved.push(info.movedTo) });
    expect(opened.rebuiltFrom?.movedTo).toBe(`${file}.corrupt-2026-11-25T10-00-00-000Z`);
    expect(fs.readFileSync(opened.rebuiltFrom!.movedTo, 'utf8')).toContain('shopping list');
    expect(moved).toHaveLength(1);
    expect(opened.db.pragma('user_version', { simple: true })).toBe(CACHE_SCHEMA_VERSION);
    opened.db.close();
  });

  it('moves aside a database whose pages are damaged', () => {
    openCache(file, NOW).db.close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0xab, 4096, Math.min(bytes.length, 4096 * 3));
    fs.writeFileSync(file, bytes);
    const opened = openCache(file, NOW);
    expect(opened.rebuiltFrom).toBeDefined();
    opened.db.close();
  });

  it('refuses to downgrade a cache written by a newer build, keeping that file', () => {
    const newer = new Database(file);
    newer.pragma(`user_version = ${CACHE_SCHEMA_VERSION + 5}`);
    newer.close();
    const opened = openCache(file, NOW);
    expect(opened.rebuiltFrom?.reason).toMatch(/newer than this build/);
    expect(fs.existsSync(opened.rebuiltFrom!.movedTo)).toBe(true);
    opened.db.close();
  });
});

describe('a cache written before target-state v2 (migration 2)', () => {
  /** A cache as the v1 build left it: schema 1, a v1 state applied from `source`. */
  function v1Cache(source: 'cloud' | 'demo', synagogue: Record<string, unknown>): void {
    const db = new Database(file);
    db.exec(migrations[0]!);
    db.pragma('user_version = 1');
    const put = db.prepare('INSERT INTO document (kind, body) VALUES (?, ?)');
    put.run(
      'synagogue',
      JSON.stringify({ id: 's', name: 'Shul', latitude: 31.778, longitude: 35.2354, timezone: 'Asia/Jerusalem', israel: true, ...synagogue }),
    );
    put.run('settings', JSON.stringify({ id: 'st', candleLightingMinutes: 40 }));
    put.run('configuration', JSON.stringify({ id: 'c' }));
    db.prepare('INSERT INTO content_TfilaTime (id, body) VALUES (?, ?)').run(
      'mincha',
      JSON.stringify({ id: 'mincha', name: 'Mincha', time: { kind: 'zman', zman: 'sunset', offsetMinutes: -15 }, dayKinds: ['weekday'] }),
    );
    db.prepare(`INSERT INTO applied_state (singleton, etag, schema_version, generated_at, applied_at, source) VALUES (1, 'e', 1, ?, ?, ?)`).run(
      NOW.toISOString(),
      NOW.toISOString(),
      source,
    );
    db.close();
  }

  it('keeps a cloud synagogue on the elevation v1 used, and its rules as they were', () => {
    v1Cache('cloud', { elevation: 754 });
    const { db } = openCache(file, NOW);
    const snapshot = readSnapshot(db)!;
    expect(snapshot.synagogue.useElevation).toBe(true);
    expect(snapshot.content.TfilaTime[0]).toMatchObject({ id: 'mincha', dayKinds: ['weekday'] });
    expect(snapshot.content.TfilaTime[0]!.excludeDayKinds).toBeUndefined();
    expect(snapshot.applied.schemaVersion).toBe(1);
    db.close();
  });

  it('keeps a cloud synagogue at sea level when v1 had no elevation for it', () => {
    v1Cache('cloud', { elevation: 0 });
    const { db } = openCache(file, NOW);
    expect(readSnapshot(db)!.synagogue.useElevation).toBe(false);
    db.close();
  });

  it('puts the demo synagogue at sea level, as published calendars are', () => {
    v1Cache('demo', { elevation: 780 });
    const { db } = openCache(file, NOW);
    expect(readSnapshot(db)!.synagogue.useElevation).toBe(false);
    db.close();
  });

  it('leaves a synagogue that already says what it wants alone', () => {
    v1Cache('cloud', { elevation: 754, useElevation: false });
    const { db } = openCache(file, NOW);
    expect(readSnapshot(db)!.synagogue.useElevation).toBe(false);
    db.close();
  });
});

describe('a cache written before content belonged to synagogues (migration 4)', () => {
  it('keeps showing the rows it cached, as the whole account’s', () => {
    const old = new Database(file);
    for (const migration of migrations.slice(0, 3)) old.exec(migration);
    old.pragma('user_version = 3');
    const put = old.prepare('INSERT INTO document (kind, body) VALUES (?, ?)');
    put.run('synagogue', JSON.stringify({ id: 's', name: 'Shul', latitude: 31.778, longitude: 35.2354, timezone: 'Asia/Jerusalem' }));
    put.run('settings', JSON.stringify({ id: 'st' }));
    put.run('configuration', JSON.stringify({ id: 'c' }));
    old.prepare('INSERT INTO content_GeneralMessage (id, body) VALUES (?, ?)').run('m', JSON.stringify({ id: 'm', body: 'Kiddush after Musaf' }));
    old
      .prepare(`INSERT INTO applied_state (singleton, etag, schema_version, generated_at, applied_at, source) VALUES (1, 'e', 2, ?, ?, 'cloud')`)
      .run(NOW.toISOString(), NOW.toISOString());
    old.close();

    const { db } = openCache(file, NOW);
    expect(db.pragma('user_version', { simple: true })).toBe(CACHE_SCHEMA_VERSION);
    expect(readSnapshot(db)!.content.GeneralMessage.map((m) => m.body)).toEqual(['Kiddush after Musaf']);
    db.close();
  });
});
