import type Database from 'better-sqlite3';
import { DeviceSettings } from '../../cloud-sync/protocol/content.js';

/**
 * Settings changed on the device itself (a `set-settings` command reaching it), kept beside
 * the cloud's DeviceSettings and laid over them. The precedence is "the last to change a key
 * wins": each override remembers the cloud's value it replaced, and when a sync brings a
 * different cloud value for that key (someone changed it in the cloud after), the cloud's
 * wins and the override goes. A sync that leaves the key as it was keeps the override.
 */
export function setSettingsOverride(db: Database.Database, patch: Record<string, unknown>, now: Date): DeviceSettings {
  return db.transaction(() => {
    const cloud = cloudSettings(db);
    if (!cloud) throw new Error('no settings to change: the cache holds no state yet');
    const merged = { ...cloud, ...overrides(db), ...patch };
    const settings = DeviceSettings.parse(merged);
    const put = db.prepare('INSERT OR REPLACE INTO settings_override (key, value, replaced, at) VALUES (?, ?, ?, ?)');
    for (const [key, value] of Object.entries(patch)) put.run(key, JSON.stringify(value), key in cloud ? JSON.stringify(cloud[key]) : null, now.toISOString());
    return settings;
  })();
}

/** The overrides in force, key to value. */
export function overrides(db: Database.Database): Record<string, unknown> {
  const rows = db.prepare('SELECT key, value FROM settings_override').all() as { key: string; value: string }[];
  return Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]));
}

/** After the cloud's settings were replaced: drop each override whose key the cloud has changed since. */
export function dropOverriddenByCloud(db: Database.Database, cloud: Record<string, unknown>): string[] {
  const rows = db.prepare('SELECT key, replaced FROM settings_override').all() as { key: string; replaced: string | null }[];
  const changed = rows.filter((row) => (row.key in cloud ? JSON.stringify(cloud[row.key]) : null) !== row.replaced).map((row) => row.key);
  const remove = db.prepare('DELETE FROM settings_override WHERE key = ?');
  for (const key of changed) remove.run(key);
  return changed;
}

/** Forget every override (clear-cache: the device takes the cloud's settings whole). */
export function clearSettingsOverrides(db: Database.Database): void {
  db.prepare('DELETE FROM settings_override').run();
}

function cloudSettings(db: Database.Database): Record<string, unknown> | null {
  const row = db.prepare("SELECT body FROM document WHERE kind = 'settings'").get() as { body: string } | undefined;
  return row ? (JSON.parse(row.body) as Record<string, unknown>) : null;
}
