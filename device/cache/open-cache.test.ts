import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { CACHE_SCHEMA_VERSION } from './migrations.js';
import { openCache } from './open-cache.js';

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
