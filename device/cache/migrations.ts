import { contentCollectionNames } from '../../cloud-sync/protocol/content.js';

/**
 * Versioned schema of the device cache, tracked in PRAGMA user_version.
 * Append only: a shipped migration is never edited, because devices in the field already ran it.
 * Migration N (1-based) brings user_version from N-1 to N inside one transaction.
 *
 * Content rows keep the whole cloud record as JSON in `body`, so fields this build does not
 * know survive a round trip.
 */
const contentTables = contentCollectionNames.map((name) => `CREATE TABLE content_${name} (id TEXT PRIMARY KEY, body TEXT NOT NULL);`).join('\n');

const synagogueColumns = contentCollectionNames
  .map(
    (name) => `ALTER TABLE content_${name} ADD COLUMN synagogue_id TEXT GENERATED ALWAYS AS (json_extract(body, '$.synagogueId')) VIRTUAL;
  CREATE INDEX content_${name}_synagogue ON content_${name} (synagogue_id);`,
  )
  .join('\n  ');

/**
 * The tables a model is built from. Any write to one of them forgets the kept models (the table
 * `kept`: shown_model in 6, kept_model since 7), whoever writes: the runtime, `luach state
 * apply`, a settings override. A later migration that rebuilds one of these tables (as 3 did)
 * drops its triggers and must add them again.
 */
const modelSources = ['document', 'applied_state', 'settings_override', 'asset_ref', ...contentCollectionNames.map((name) => `content_${name}`)];
const modelSourceTriggers = (kept: string) =>
  modelSources.flatMap((table) =>
    ['INSERT', 'UPDATE', 'DELETE'].map((change) => ({ table, change, name: `${table}_${change.toLowerCase()}_forgets_${kept}` })),
  );
const forgetKeptModels = (kept: string) =>
  modelSourceTriggers(kept)
    .map(({ table, change, name }) => {
      // A sync that only confirms the state moves applied_at; the wall it shows stays the same,
      // and the card is not written for it.
      const what = table === 'applied_state' && change === 'UPDATE' ? 'UPDATE OF etag, schema_version, generated_at, source' : change;
      return `CREATE TRIGGER ${name} AFTER ${what} ON ${table} BEGIN DELETE FROM ${kept}; END;`;
    })
    .join('\n  ');

export const migrations: readonly string[] = [
  `
  CREATE TABLE document (kind TEXT PRIMARY KEY CHECK (kind IN ('synagogue','settings','configuration','software')), body TEXT NOT NULL);
  ${contentTables}
  CREATE TABLE applied_state (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    etag TEXT,
    schema_version INTEGER NOT NULL,
    generated_at TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('cloud','demo'))
  );
  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    topic TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE outbox_stats (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), dropped INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE command_history (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    batch_id TEXT,
    received_at TEXT NOT NULL,
    status TEXT NOT NULL,
    result TEXT,
    finished_at TEXT
  );
  CREATE TABLE event_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL);
  `,
  // 2: target-state v2 reads sunrise and sunset at sea level unless the synagogue sets
  // useElevation. A cached cloud synagogue keeps what v1 meant (its elevation, when not 0); the
  // demo is the device's own and takes v2's sea level, as published calendars do.
  `
  UPDATE document
     SET body = json_set(body, '$.useElevation', json(CASE
           WHEN (SELECT source FROM applied_state WHERE singleton = 1) = 'cloud' AND coalesce(json_extract(body, '$.elevation'), 0) <> 0 THEN 'true'
           ELSE 'false' END))
   WHERE kind = 'synagogue' AND json_type(body, '$.useElevation') IS NULL;
  `,
  // 3: a state applied by hand (luach state apply) is its own source, 'local'; and settings
  // changed on the device (a set-settings command) are kept as overrides beside the cloud's,
  // each with the cloud's value it replaced, so the cloud's next change of that key wins.
  `
  CREATE TABLE applied_state_v3 (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    etag TEXT,
    schema_version INTEGER NOT NULL,
    generated_at TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('cloud','demo','local'))
  );
  INSERT INTO applied_state_v3 SELECT singleton, etag, schema_version, generated_at, applied_at, source FROM applied_state;
  DROP TABLE applied_state;
  ALTER TABLE applied_state_v3 RENAME TO applied_state;
  CREATE TABLE settings_override (key TEXT PRIMARY KEY, value TEXT NOT NULL, replaced TEXT, at TEXT NOT NULL);
  `,
  // 4: a content row may belong to one synagogue of the account (synagogueId) or to the whole
  // account (absent). The column is read from the row itself, so rows cached before it existed
  // read as the whole account's and stay on the wall.
  synagogueColumns,
  // 5: the files the state refers to (logo, image and video slides): what each asset id is, kept
  // with the state it came with, so the asset cache and the model read the same list.
  `
  CREATE TABLE asset_ref (id TEXT PRIMARY KEY, body TEXT NOT NULL);
  `,
  // 6: the model the wall last showed, with the release that built it and the files it shows,
  // so that a restart shows it at once, before the calendar is loaded (device/shell/early-wall.ts).
  // Forgotten by any change to what it was built from.
  `
  CREATE TABLE shown_model (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    app_version TEXT NOT NULL,
    generated_at TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    media TEXT NOT NULL,
    body TEXT NOT NULL
  );
  ${forgetKeptModels('shown_model')}
  `,
  // 7: the walls ahead, not only the one shown: each row a model and the moments it is the wall
  // for ([from_ms, until_ms), milliseconds since the epoch), built ahead along the day's
  // boundaries, so that a start hours later (the power back in the morning, after Shabbat) still
  // finds its wall kept. Forgotten, all of them, by any change to what they were built from.
  `
  ${modelSourceTriggers('shown_model')
    .map(({ name }) => `DROP TRIGGER ${name};`)
    .join('\n  ')}
  DROP TABLE shown_model;
  CREATE TABLE kept_model (
    from_ms INTEGER PRIMARY KEY,
    until_ms INTEGER NOT NULL,
    app_version TEXT NOT NULL,
    media TEXT NOT NULL,
    body TEXT NOT NULL
  );
  ${forgetKeptModels('kept_model')}
  `,
];

export const CACHE_SCHEMA_VERSION = migrations.length;
