import type Database from 'better-sqlite3';
import { unguarded, type StorageGuard } from '../cache/storage-health.js';

export interface LinkTransition {
  at: string;
  state: string;
  error: string | null;
}

/** Link rows kept in event_log: enough to see a night of flapping, never a growing file. */
const KEEP = 200;

/**
 * Link state changes in the cache's event_log, so `luach doctor` (another process) can tell when
 * the device was last online and why it dropped. Only arrivals at online/offline/stopped are kept;
 * each retry's "connecting" would drown them.
 */
export class LinkJournal {
  private readonly insert: Database.Statement;
  private readonly trim: Database.Statement;
  private readonly latest: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly storage: StorageGuard = unguarded,
  ) {
    this.insert = db.prepare("INSERT INTO event_log (at, kind, detail) VALUES (?, 'link.' || ?, ?)");
    this.trim = db.prepare(
      "DELETE FROM event_log WHERE kind LIKE 'link.%' AND seq <= (SELECT seq FROM event_log WHERE kind LIKE 'link.%' ORDER BY seq DESC LIMIT 1 OFFSET ?)",
    );
    this.latest = db.prepare("SELECT at, substr(kind, 6) AS state, detail FROM event_log WHERE kind LIKE 'link.%' ORDER BY seq DESC LIMIT ?");
  }

  record(state: string, at: Date, error: string | null): void {
    if (state !== 'online' && state !== 'offline' && state !== 'stopped') return;
    this.storage.attempt(
      'link journal',
      () => {
        this.insert.run(at.toISOString(), state, JSON.stringify({ error }));
        this.trim.run(KEEP);
      },
      undefined,
    );
  }

  recent(limit: number): LinkTransition[] {
    return (this.latest.all(limit) as { at: string; state: string; detail: string }[]).map((row) => ({
      at: row.at,
      state: row.state,
      error: (JSON.parse(row.detail) as { error?: string | null }).error ?? null,
    }));
  }
}
