import fs from 'node:fs';
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';

/** Where npm's install (build or prebuilt download) puts better-sqlite3's addon. */
const ADDON = 'better-sqlite3/build/Release/better_sqlite3.node';

let addonPath: string | null | undefined;

/**
 * The addon's path when it is where the install puts it, else null. Without it better-sqlite3
 * asks the `bindings` package, which tries a dozen paths and reads the caller's stack: the
 * slowest part of opening the cache at start (tens of milliseconds here, more on a Pi).
 */
function installedAddon(): string | null {
  if (addonPath === undefined) {
    try {
      const file = createRequire(import.meta.url).resolve(ADDON);
      addonPath = fs.existsSync(file) ? file : null;
    } catch {
      addonPath = null;
    }
  }
  return addonPath;
}

/** better-sqlite3's Database, loading its addon by path when the install put it in its place. */
export function sqliteDatabase(file: string, options: Database.Options = {}): Database.Database {
  const nativeBinding = installedAddon();
  return new Database(file, nativeBinding === null ? options : { ...options, nativeBinding });
}
