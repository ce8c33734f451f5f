import type Database from 'better-sqlite3';
import { unguarded, type StorageGuard } from './storage-health.js';

export interface LoggedEvent {
  at: string;
  kind: string;
  detail: unknown;
}

/** Events kept in the cache (link transitions keep their own 200, see link/link-journal.ts). */
const KEEP = 500;

/**
 * What happened to this device that an operator asks about later (`luach doctor`, another
 * process): a cache rebuilt, a state rejected. Bounded: the oldest rows go as new ones come.
 */
export class EventLog {
  private readonly insert: Database.Statement;
  private readonly trim: Database.Statement;
  private readonly latestOfKind: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly storage: StorageGuard = unguarded,
  ) {
    this.insert = db.prepare('INSERT INTO event_log (at, kind, detail) VALUES (?, ?, ?)');
    this.trim = db.prepare(
      "DELETE FROM event_log WHERE kind NOT LIKE 'link.%' AND seq <= (SELECT seq FROM event_log WHERE kind NOT LIKE 'link.%' ORDER BY seq DESC LIMIT 1 OFFSET ?)",
    );
    this.latestOfKind = db.prepare('SELECT at, kind, detail FROM event_log WHERE kind = ? ORDER BY seq DESC LIMIT 1');
  }

  record(kind: string, detail: unknown, at: Date): void {
    this.storage.attempt(
      'event log',
      () => {
        this.insert.run(at.toISOString(), kind, JSON.stringify(detail));
        this.trim.run(KEEP);
      },
      undefined,
    );
  }

  /** The newest event of `kind`, or null. */
  latest(kind: string): LoggedEvent | null {
    const row = this.latestOfKind.get(kind) as { at: string; kind: string; detail: string } | undefined;
    return row ? { at: row.at, kind: row.kind, detail: JSON.parse(row.detail) as unknown } : null;
  }
}

/** The newest events of every kind, for `luach doctor` (which opens the cache read-only). */
export function recentEvents(db: Database.Database, limit: number): LoggedEvent[] {
  return (db.prepare('SELECT at, kind, detail FROM event_log ORDER BY seq DESC LIMIT ?').all(limit) as { at: string; kind: string; detail: string }[]).map(
    (row) => ({ at: row.at, kind: row.kind, detail: JSON.parse(row.detail) as unknown }),
  );
}
