import type Database from 'better-sqlite3';
import { contentCollectionNames, contentCollections, DeviceConfiguration, DeviceSettings, Synagogue } from '../../cloud-sync/protocol/content.js';
import { AssetRef } from '../../cloud-sync/protocol/assets.js';
import { parseTargetState, SoftwareTarget, upgradeTargetState, type TargetState } from '../../cloud-sync/protocol/target-state.js';
import type { AppliedState, CacheSnapshot, StateSource } from '../model/snapshot.js';
import { dropOverriddenByCloud, overrides } from './settings-override.js';

export type { AppliedState, CacheSnapshot, StateSource };

export class TargetStateRejected extends Error {
  constructor(readonly errors: string[]) {
    super(`target state rejected, nothing changed:\n  ${errors.join('\n  ')}`);
    this.name = 'TargetStateRejected';
  }
}

/**
 * Replace the whole cached state with `input` in one transaction: after a crash at any point
 * the cache holds the old state or the new one, never a mix. Input that fails validation
 * changes nothing. Rows are stored as the cloud sent them (unknown fields included), an older
 * schema's document rewritten to say what it meant.
 */
export function applyTargetState(db: Database.Database, input: unknown, meta: { etag: string | null; source: StateSource; now: Date }): TargetState {
  const parsed = parseTargetState(input);
  if (!parsed.ok) throw new TargetStateRejected(parsed.errors);
  // Stored as v2 says it: a v1 document's rows would otherwise be read with v2's defaults.
  const raw = upgradeTargetState(input) as Record<string, unknown> & { content: Record<string, unknown[] | undefined> };
  const state = parsed.state;

  const putDocument = db.prepare('INSERT OR REPLACE INTO document (kind, body) VALUES (?, ?)');
  db.transaction(() => {
    putDocument.run('synagogue', JSON.stringify(raw.synagogue));
    putDocument.run('settings', JSON.stringify(raw.settings));
    putDocument.run('configuration', JSON.stringify(raw.configuration));
    if (raw.software === undefined) db.prepare("DELETE FROM document WHERE kind = 'software'").run();
    else putDocument.run('software', JSON.stringify(raw.software));
    for (const name of contentCollectionNames) {
      db.prepare(`DELETE FROM content_${name}`).run();
      const insert = db.prepare(`INSERT INTO content_${name} (id, body) VALUES (?, ?)`);
      for (const row of raw.content[name] ?? []) insert.run((row as { id: string }).id, JSON.stringify(row));
    }
    db.prepare(
      `INSERT OR REPLACE INTO applied_state (singleton, etag, schema_version, generated_at, applied_at, source)
       VALUES (1, ?, ?, ?, ?, ?)`,
    ).run(meta.etag, state.schemaVersion, state.generatedAt, meta.now.toISOString(), meta.source);
    db.prepare('DELETE FROM asset_ref').run();
    const insertAsset = db.prepare('INSERT OR REPLACE INTO asset_ref (id, body) VALUES (?, ?)');
    for (const ref of state.assets) insertAsset.run(ref.id, JSON.stringify(ref));
    dropOverriddenByCloud(db, raw.settings as Record<string, unknown>);
  })();
  return state;
}

/** The applied state's record, or null when nothing was ever applied. */
export function readAppliedState(db: Database.Database): AppliedState | null {
  const row = db.prepare('SELECT etag, schema_version, generated_at, applied_at, source FROM applied_state WHERE singleton = 1').get() as
    { etag: string | null; schema_version: number; generated_at: string; applied_at: string; source: StateSource } | undefined;
  if (!row) return null;
  return { etag: row.etag, schemaVersion: row.schema_version, generatedAt: row.generated_at, appliedAt: row.applied_at, source: row.source };
}

/**
 * A snapshot is read once per start and per applied state: zod's compiled fast path for an
 * object schema costs more to generate than it saves on so few rows, and the first model waits.
 */
const ONCE = { jitless: true };

/** Read the cached state, validated (defaults filled in), or null when nothing was ever applied. */
export function readSnapshot(db: Database.Database): CacheSnapshot | null {
  const applied = readAppliedState(db);
  if (!applied) return null;
  const documents = new Map(
    (db.prepare('SELECT kind, body FROM document').all() as { kind: string; body: string }[]).map((d) => [d.kind, JSON.parse(d.body) as unknown]),
  );
  const synagogue = Synagogue.parse(documents.get('synagogue'), ONCE);
  // A row of another synagogue of the account is never shown here, even in a state applied by hand.
  const content = Object.fromEntries(
    contentCollectionNames.map((name) => {
      const rows = db.prepare(`SELECT body FROM content_${name} WHERE synagogue_id IS NULL OR synagogue_id = ? ORDER BY rowid`).all(synagogue.id) as {
        body: string;
      }[];
      return [name, rows.map((r) => contentCollections[name].parse(JSON.parse(r.body), ONCE))];
    }),
  ) as CacheSnapshot['content'];
  const software = documents.get('software');
  return {
    synagogue,
    settings: DeviceSettings.parse({ ...(documents.get('settings') as Record<string, unknown>), ...overrides(db) }, ONCE),
    configuration: DeviceConfiguration.parse(documents.get('configuration'), ONCE),
    content,
    ...(software === undefined ? {} : { software: SoftwareTarget.parse(software, ONCE) }),
    assets: (db.prepare('SELECT body FROM asset_ref ORDER BY id').all() as { body: string }[]).map((r) => AssetRef.parse(JSON.parse(r.body), ONCE)),
    applied,
  };
}

/** The raw rows of one collection as stored, unknown fields included (what a newer cloud sent). */
export function readRawRows(db: Database.Database, name: (typeof contentCollectionNames)[number]): Record<string, unknown>[] {
  return (db.prepare(`SELECT body FROM content_${name} ORDER BY rowid`).all() as { body: string }[]).map((r) => JSON.parse(r.body) as Record<string, unknown>);
}

/** A 304 from the gateway: what the cache holds is current as of `now` (it is no longer stale). */
export function markSynced(db: Database.Database, now: Date): void {
  db.prepare('UPDATE applied_state SET applied_at = ? WHERE singleton = 1').run(now.toISOString());
}
