import type Database from 'better-sqlite3';
import { CommandHistory, type CommandHistoryRow } from '../commands/command-history.js';
import type { LinkSnapshot } from './device-link.js';
import { LinkJournal, type LinkTransition } from './link-journal.js';

export interface LinkDoctorReport {
  /** Live state when the link runs in this process; null when doctor runs as its own process. */
  live: LinkSnapshot | null;
  /** The last link state changes, newest first (from the cache, so another process sees them too). */
  transitions: LinkTransition[];
  outbox: { depth: number; dropped: number; oldestQueuedAt: string | null };
  lastCommands: CommandHistoryRow[];
}

/**
 * What `luach doctor` shows about the link: state, outbox depth and the last commands. Reads the
 * cache directly, so it works from the CLI while the runtime owns the connection elsewhere.
 */
export function linkDoctor(db: Database.Database, live?: { snapshot(): LinkSnapshot }, limits = { commands: 10, transitions: 5 }): LinkDoctorReport {
  const outbox = db.prepare('SELECT count(*) AS depth, min(created_at) AS oldest FROM outbox').get() as { depth: number; oldest: string | null };
  const dropped = (db.prepare('SELECT dropped FROM outbox_stats WHERE singleton = 1').get() as { dropped: number } | undefined)?.dropped ?? 0;
  return {
    live: live?.snapshot() ?? null,
    transitions: new LinkJournal(db).recent(limits.transitions),
    outbox: { depth: outbox.depth, dropped, oldestQueuedAt: outbox.oldest },
    lastCommands: new CommandHistory(db).recent(limits.commands),
  };
}
