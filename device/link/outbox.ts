import type Database from 'better-sqlite3';
import { unguarded, type StorageGuard } from '../cache/storage-health.js';

export interface OutboxItem {
  seq: number;
  /** The message id the cloud dedupes on. */
  id: string;
  topic: string;
  payload: string;
  createdAt: string;
}

/**
 * Metrics, events and offline command results waiting for the broker, in SQLite so they survive
 * a restart or a power cut. Bounded: past `maxItems` the oldest rows go first, and every drop is
 * counted in outbox_stats so the heartbeat can report it.
 *
 * Invariant: only this object writes the outbox while the runtime runs, so the row count is kept
 * in memory instead of counted per insert. On a full disk (`storage`) an item that cannot be
 * written is lost and counted in memory; a delivered one that cannot be removed stays, and is
 * deduplicated by its id in the cloud if it is sent again.
 */
export class Outbox {
  private count: number;
  private readonly insert: Database.Statement;
  private readonly trim: Database.Statement;
  private readonly removeOne: Database.Statement;
  private readonly page: Database.Statement;
  private readonly addDropped: Database.Statement;
  private readonly readDropped: Database.Statement;
  private lostToFullDisk = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly maxItems: number,
    private readonly storage: StorageGuard = unguarded,
  ) {
    if (!Number.isInteger(maxItems) || maxItems < 1) throw new Error(`outbox maxItems must be a positive integer, got ${maxItems}`);
    this.count = (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    this.insert = db.prepare('INSERT OR IGNORE INTO outbox (id, topic, payload, created_at) VALUES (?, ?, ?, ?)');
    this.trim = db.prepare('DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox ORDER BY seq LIMIT ?)');
    this.removeOne = db.prepare('DELETE FROM outbox WHERE seq = ?');
    this.page = db.prepare('SELECT seq, id, topic, payload, created_at AS createdAt FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?');
    this.addDropped = db.prepare(
      'INSERT INTO outbox_stats (singleton, dropped) VALUES (1, ?) ON CONFLICT(singleton) DO UPDATE SET dropped = dropped + excluded.dropped',
    );
    this.readDropped = db.prepare('SELECT dropped FROM outbox_stats WHERE singleton = 1');
  }

  /** Queue one message; returns how many old ones were dropped to stay within bounds. */
  enqueue(item: { id: string; topic: string; payload: string }, now: Date): { queued: boolean; dropped: number } {
    const write = this.db.transaction(() => {
      const queued = this.insert.run(item.id, item.topic, item.payload, now.toISOString()).changes === 1;
      const dropped = queued && this.count + 1 > this.maxItems ? this.trim.run(this.count + 1 - this.maxItems).changes : 0;
      if (dropped > 0) this.addDropped.run(dropped);
      return { queued, dropped };
    });
    const outcome = this.storage.attempt('outbox', () => write(), null);
    if (!outcome) {
      this.lostToFullDisk += 1;
      return { queued: false, dropped: 0 };
    }
    // Counted only once the transaction committed: a rolled-back insert must not move the count.
    this.count += (outcome.queued ? 1 : 0) - outcome.dropped;
    return outcome;
  }

  /** Give up on items that can never be delivered (the broker refused them); counted as drops. */
  discard(seq: number): void {
    const removed = this.storage.tolerate(
      'outbox',
      () =>
        this.db.transaction(() => {
          const gone = this.removeOne.run(seq).changes === 1;
          if (gone) this.addDropped.run(1);
          return gone;
        })(),
      false,
    );
    if (removed) this.count--;
  }

  /** The broker acknowledged the item. Removing a row already trimmed is harmless. */
  remove(seq: number): void {
    if (this.storage.tolerate('outbox', () => this.removeOne.run(seq).changes === 1, false)) this.count--;
  }

  /** Up to `limit` items after `afterSeq`, oldest first: replay reads pages, never the whole queue. */
  peek(afterSeq: number, limit: number): OutboxItem[] {
    return this.page.all(afterSeq, limit) as OutboxItem[];
  }

  depth(): number {
    return this.count;
  }

  /** Items dropped (oldest first, refused by the broker, or not written on a full disk) since the cache was created. */
  dropped(): number {
    return ((this.readDropped.get() as { dropped: number } | undefined)?.dropped ?? 0) + this.lostToFullDisk;
  }
}
