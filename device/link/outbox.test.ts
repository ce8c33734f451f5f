import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCache } from '../cache/open-cache.js';
import { Outbox } from './outbox.js';

const now = new Date('2026-03-01T10:00:00Z');
let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-outbox-'));
  file = path.join(dir, 'cache.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function metric(n: number) {
  return { id: `m-${n}`, topic: 'luach/v1/devices/d1/metrics', payload: JSON.stringify({ n }) };
}

describe('Outbox', () => {
  it('keeps items in the order they were queued', () => {
    const outbox = new Outbox(openCache(file, now).db, 100);
    for (let n = 1; n <= 5; n++) outbox.enqueue(metric(n), now);
    expect(outbox.peek(0, 10).map((item) => item.id)).toEqual(['m-1', 'm-2', 'm-3', 'm-4', 'm-5']);
    expect(outbox.depth()).toBe(5);
  });

  it('drops the oldest items first when full and counts every drop', () => {
    const outbox = new Outbox(openCache(file, now).db, 3);
    const drops = [1, 2, 3, 4, 5].map((n) => outbox.enqueue(metric(n), now).dropped);
    expect(drops).toEqual([0, 0, 0, 1, 1]);
    expect(outbox.peek(0, 10).map((item) => item.id)).toEqual(['m-3', 'm-4', 'm-5']);
    expect(outbox.depth()).toBe(3);
    expect(outbox.dropped()).toBe(2);
  });

  it('queues an id only once, so a repeated enqueue cannot double a message', () => {
    const outbox = new Outbox(openCache(file, now).db, 10);
    expect(outbox.enqueue(metric(1), now).queued).toBe(true);
    expect(outbox.enqueue(metric(1), now).queued).toBe(false);
    expect(outbox.depth()).toBe(1);
  });

  it('survives a restart: depth and drop count come back from the file', () => {
    const first = openCache(file, now).db;
    const outbox = new Outbox(first, 2);
    for (let n = 1; n <= 4; n++) outbox.enqueue(metric(n), now);
    first.close();
    const reopened = new Outbox(openCache(file, now).db, 2);
    expect(reopened.depth()).toBe(2);
    expect(reopened.dropped()).toBe(2);
    expect(reopened.peek(0, 10).map((item) => item.id)).toEqual(['m-3', 'm-4']);
  });

  it('pages after a sequence number and forgets acknowledged items', () => {
    const outbox = new Outbox(openCache(file, now).db, 10);
    for (let n = 1; n <= 4; n++) outbox.enqueue(metric(n), now);
    const [first, second] = outbox.peek(0, 2);
    expect(outbox.peek(second!.seq, 10).map((item) => item.id)).toEqual(['m-3', 'm-4']);
    outbox.remove(first!.seq);
    outbox.remove(first!.seq);
    expect(outbox.depth()).toBe(3);
  });

  it('counts a message the broker refused as dropped', () => {
    const outbox = new Outbox(openCache(file, now).db, 10);
    outbox.enqueue(metric(1), now);
    outbox.discard(outbox.peek(0, 1)[0]!.seq);
    expect(outbox.depth()).toBe(0);
    expect(outbox.dropped()).toBe(1);
  });
});
