import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { sqliteDatabase } from './sqlite-database.js';
import { migrations } from './migrations.js';

export interface CacheEvents {
  /** The cache file could not be opened or failed its integrity check; it was kept at `movedTo` and rebuilt empty. */
  corruptMovedAside?(info: { file: string; movedTo: string; reason: string }): void;
}

/** A cache file found unusable: kept at `movedTo`, with the reason it could not be used. */
export interface CorruptCache {
  movedTo: string;
  reason: string;
}

export interface OpenedCache {
  db: Database.Database;
  file: string;
  /** Set when this open found the old file unusable and started afresh. */
  rebuiltFrom?: CorruptCache;
}

/**
 * Open (or create) the device cache: WAL, foreign keys, migrations to the current version.
 * A file that is not a database, fails quick_check, or comes from a newer build is moved
 * aside with a timestamp, never deleted, and a fresh cache is built in its place.
 */
export function openCache(file: string, now: Date, events: CacheEvents = {}): OpenedCache {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    return { db: openAndMigrate(file), file };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const movedTo = moveAside(file, now);
    events.corruptMovedAside?.({ file, movedTo, reason });
    return { db: openAndMigrate(file), file, rebuiltFrom: { movedTo, reason } };
  }
}

function openAndMigrate(file: string): Database.Database {
  const db = sqliteDatabase(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity check failed: ${String(check)}`);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Bring the schema to the newest version, one transaction per migration. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`cache schema version ${current} is newer than this build understands (${migrations.length})`);
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

function moveAside(file: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const movedTo = `${file}.corrupt-${stamp}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, movedTo + suffix);
  }
  return movedTo;
}
