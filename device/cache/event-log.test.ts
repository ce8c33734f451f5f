import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LinkJournal } from '../link/link-journal.js';
import { EventLog, recentEvents } from './event-log.js';
import { migrate } from './open-cache.js';

function cache(): Database.Database {
  const db = new Database(':memory:');
  migrate(db);
  return db;
}

describe('the event log', () => {
  it('keeps the newest 500 events and drops the oldest, so the cache never grows with them', () => {
    const db = cache();
    const log = new EventLog(db);
    const start = Date.parse('2026-11-25T10:00:00Z');
    for (let i = 1; i <= 600; i++) log.record('state.rejected', { n: i }, new Date(start + i * 1000));
    expect((db.prepare('SELECT count(*) AS n FROM event_log').get() as { n: number }).n).toBe(500);
    expect(log.latest('state.rejected')).toMatchObject({ kind: 'state.rejected', detail: { n: 600 } });
    expect(recentEvents(db, 500).at(-1)).toMatchObject({ detail: { n: 101 } });
  });

  it('leaves the link’s own transitions to the link journal’s limit', () => {
    const db = cache();
    const journal = new LinkJournal(db);
    journal.record('offline', new Date('2026-11-25T09:00:00Z'), 'connection refused');
    const log = new EventLog(db);
    for (let i = 1; i <= 600; i++) log.record('cache.corrupt', { n: i }, new Date('2026-11-25T10:00:00Z'));
    expect(journal.recent(5)).toEqual([{ at: '2026-11-25T09:00:00.000Z', state: 'offline', error: 'connection refused' }]);
  });

  it('answers null for a kind that never happened', () => {
    expect(new EventLog(cache()).latest('state.rejected')).toBeNull();
  });
});
