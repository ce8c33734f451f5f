import type Database from 'better-sqlite3';
import { CommandResult, type CommandStatus } from '../../cloud-sync/protocol/commands.js';
import type { CommandRecord } from './decide.js';

export interface CommandHistoryRow {
  id: string;
  type: string;
  batchId: string | null;
  status: CommandStatus;
  receivedAt: string;
  finishedAt: string | null;
  reason: string | null;
}

/** Rows kept: far more ids than can be redelivered before they expire, never an unbounded table. */
const KEEP = 1_000;

/**
 * CommandHistory in SQLite: the record that makes each command id run at most once, across
 * redeliveries and restarts. Writes are synchronous (better-sqlite3), so an id is taken before
 * the MQTT PUBACK for its message goes out.
 */
export class CommandHistory {
  private readonly select: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly update: Database.Statement;
  private readonly unfinishedRows: Database.Statement;
  private readonly latest: Database.Statement;
  private readonly trim: Database.Statement;

  constructor(db: Database.Database) {
    this.select = db.prepare('SELECT id, type, batch_id AS batchId, status, result FROM command_history WHERE id = ?');
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO command_history (id, type, batch_id, received_at, status, result, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.update = db.prepare('UPDATE command_history SET status = ?, result = ?, finished_at = ? WHERE id = ?');
    this.unfinishedRows = db.prepare(
      "SELECT id, type, batch_id AS batchId, status, result FROM command_history WHERE status = 'accepted' ORDER BY received_at",
    );
    this.latest = db.prepare(
      'SELECT id, type, batch_id AS batchId, status, received_at AS receivedAt, finished_at AS finishedAt, result FROM command_history ORDER BY received_at DESC, rowid DESC LIMIT ?',
    );
    this.trim = db.prepare('DELETE FROM command_history WHERE rowid <= (SELECT rowid FROM command_history ORDER BY rowid DESC LIMIT 1 OFFSET ?)');
  }

  get(id: string): Omit<CommandRecord, 'running'> | undefined {
    const row = this.select.get(id) as RawRow | undefined;
    return row && toRecord(row);
  }

  /** Take an id; false when it was already taken (then nothing may run). */
  take(entry: { id: string; type: string; batchId: string | null; status: CommandStatus; result: CommandResult }, at: Date): boolean {
    const final = entry.status === 'accepted' ? null : at.toISOString();
    const taken = this.insert.run(entry.id, entry.type, entry.batchId, at.toISOString(), entry.status, JSON.stringify(entry.result), final).changes === 1;
    if (taken) this.trim.run(KEEP);
    return taken;
  }

  finish(result: CommandResult): void {
    this.update.run(result.status, JSON.stringify(result), result.at, result.id);
  }

  /** Ids a previous run accepted and never finished. */
  unfinished(): Omit<CommandRecord, 'running'>[] {
    return (this.unfinishedRows.all() as RawRow[]).map(toRecord);
  }

  /** The newest commands first, for `luach doctor`. */
  recent(limit: number): CommandHistoryRow[] {
    return (this.latest.all(limit) as (RawRow & { receivedAt: string; finishedAt: string | null })[]).map((row) => ({
      id: row.id,
      type: row.type,
      batchId: row.batchId,
      status: row.status,
      receivedAt: row.receivedAt,
      finishedAt: row.finishedAt,
      reason: toRecord(row).result?.reason ?? null,
    }));
  }
}

interface RawRow {
  id: string;
  type: string;
  batchId: string | null;
  status: CommandStatus;
  result: string | null;
}

function toRecord(row: RawRow): Omit<CommandRecord, 'running'> {
  const parsed = row.result ? CommandResult.safeParse(JSON.parse(row.result)) : undefined;
  return { id: row.id, type: row.type, batchId: row.batchId, status: row.status, result: parsed?.success ? parsed.data : null };
}
