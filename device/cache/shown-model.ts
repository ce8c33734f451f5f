import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { DisplayModel } from '../model/display-model.js';
import { sqliteDatabase } from './sqlite-database.js';

/** A file the kept model shows, by hash, with the type it is served as. */
export interface ShownMedia {
  sha256: string;
  mimeType: string;
}

/** The model the wall last showed, as a restart may show it again. */
export interface ShownModel {
  model: DisplayModel;
  media: ShownMedia[];
}

/**
 * Keep the model the wall now shows, with the release that built it and the files it shows.
 * Any later write to the state it was built from forgets it (the triggers of migration 6).
 */
export function keepShownModel(db: Database.Database, appVersion: string, shown: ShownModel): void {
  const { model } = shown;
  db.prepare('INSERT OR REPLACE INTO shown_model (singleton, app_version, generated_at, valid_until, media, body) VALUES (1, ?, ?, ?, ?, ?)').run(
    appVersion,
    model.generatedAt,
    model.validUntil,
    JSON.stringify(shown.media),
    JSON.stringify(model),
  );
}

/**
 * The kept model, when it is still the one the device would build at `now`: kept by this
 * release, built before `now` and valid past it, and for no one moment (an identify label, the
 * setup notice). Null otherwise, and when the cache is missing, unreadable or from another
 * build: the start then builds the model the slow way. Opened read-only, before the data
 * directory's lock, and with nothing but the SQLite addon loaded.
 */
export function readShownModel(cacheFile: string, appVersion: string, now: Date): ShownModel | null {
  if (!fs.existsSync(cacheFile)) return null;
  let db: Database.Database | undefined;
  try {
    db = sqliteDatabase(cacheFile, { readonly: true, fileMustExist: true });
    const row = db.prepare('SELECT app_version, generated_at, valid_until, media, body FROM shown_model WHERE singleton = 1').get() as
      { app_version: string; generated_at: string; valid_until: string; media: string; body: string } | undefined;
    if (!row || row.app_version !== appVersion) return null;
    const at = now.getTime();
    if (!(Date.parse(row.generated_at) <= at && at < Date.parse(row.valid_until))) return null;
    const model = JSON.parse(row.body) as DisplayModel;
    if (model.identify || model.setup) return null;
    return { model, media: JSON.parse(row.media) as ShownMedia[] };
  } catch {
    // No such table (a cache older than this build), a locked or damaged file: the slow way.
    return null;
  } finally {
    db?.close();
  }
}
