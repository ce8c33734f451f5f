import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { DisplayModel } from '../model/display-model.js';
import { sqliteDatabase } from './sqlite-database.js';

/** A file a kept model shows, by hash, with the type it is served as. */
export interface ShownMedia {
  sha256: string;
  mimeType: string;
}

/** A model the wall shows, or will show, as a restart may show it at once. */
export interface ShownModel {
  model: DisplayModel;
  media: ShownMedia[];
}

interface KeptRow {
  media: string;
  body: string;
}

/**
 * Keep `shown` (the wall now, and the walls ahead, in order) for the next start of `appVersion`.
 * Each is the wall from its generatedAt until its validUntil. `replace` forgets every model kept
 * before (the wall changed); otherwise only those whose time is over go, and the new ones join.
 * Any later write to the state they were built from forgets them all (the triggers of migrations
 * 6 and 7). One transaction: a full disk keeps what was kept before, whole.
 */
export function keepModels(db: Database.Database, appVersion: string, shown: ShownModel[], options: { replace: boolean; now: Date }): void {
  const insert = db.prepare('INSERT OR REPLACE INTO kept_model (from_ms, until_ms, app_version, media, body) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    if (options.replace) db.prepare('DELETE FROM kept_model').run();
    else db.prepare('DELETE FROM kept_model WHERE until_ms <= ? OR app_version <> ?').run(options.now.getTime(), appVersion);
    for (const { model, media } of shown)
      insert.run(Date.parse(model.generatedAt), Date.parse(model.validUntil), appVersion, JSON.stringify(media), JSON.stringify(model));
  })();
}

/** Forget every kept model (a wall for this run only is shown: the setup notice). */
export function forgetKeptModels(db: Database.Database): void {
  db.prepare('DELETE FROM kept_model').run();
}

/** Where the kept walls end: the validUntil of the last one, or null when none is kept for `appVersion`. */
export function keptUntil(db: Database.Database, appVersion: string): Date | null {
  const row = db.prepare('SELECT max(until_ms) AS until FROM kept_model WHERE app_version = ?').get(appVersion) as { until: number | null };
  return row.until === null ? null : new Date(row.until);
}

/**
 * For `luach doctor`: how many walls are kept, and until when a restart finds its wall at once.
 * Null for a cache from before the table (the next start of this release brings it up to date).
 */
export function keptWallsReport(db: Database.Database): { walls: number; until: string | null } | null {
  let row: { walls: number; until: number | null };
  try {
    row = db.prepare('SELECT count(*) AS walls, max(until_ms) AS until FROM kept_model').get() as typeof row;
  } catch {
    return null;
  }
  return { walls: row.walls, until: row.until === null ? null : new Date(row.until).toISOString() };
}

/**
 * The kept model that is the wall at `at` for `appVersion`: built for a moment at or before
 * `at`, valid past it, and for no one moment (an identify label, the setup notice). Null
 * otherwise (a clock set back before it was built, a moment past the walls kept ahead).
 */
export function keptModelAt(db: Database.Database, appVersion: string, at: Date): ShownModel | null {
  const t = at.getTime();
  const row = db
    .prepare('SELECT media, body FROM kept_model WHERE app_version = ? AND from_ms <= ? AND ? < until_ms ORDER BY from_ms DESC LIMIT 1')
    .get(appVersion, t, t) as KeptRow | undefined;
  if (!row) return null;
  const model = JSON.parse(row.body) as DisplayModel;
  if (model.identify || model.setup) return null;
  return { model, media: JSON.parse(row.media) as ShownMedia[] };
}

/**
 * The kept model that is the wall at `now`, read from the cache file before anything else is
 * loaded: opened read-only, before the data directory's lock, with nothing but the SQLite addon.
 * Null when the cache is missing, unreadable or from another build (no such table): the start
 * then builds the model the slow way.
 */
export function readShownModel(cacheFile: string, appVersion: string, now: Date): ShownModel | null {
  if (!fs.existsSync(cacheFile)) return null;
  let db: Database.Database | undefined;
  try {
    db = sqliteDatabase(cacheFile, { readonly: true, fileMustExist: true });
    return keptModelAt(db, appVersion, now);
  } catch {
    // No such table (a cache older than this build), a locked or damaged file: the slow way.
    return null;
  } finally {
    db?.close();
  }
}
