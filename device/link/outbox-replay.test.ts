import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock.js';
import { openCache } from '../cache/open-cache.js';
import { Outbox, type OutboxItem } from './outbox.js';
import { OutboxReplay, RefusedByBroker } from './outbox-replay.js';

const start = new Date('2026-03-01T10:00:00Z');
let dir: string;
let outbox: Outbox;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-replay-'));
  outbox = new Outbox(openCache(path.join(dir, 'cache.db'), start).db, 10_000);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function fill(n: number) {
  for (let i = 1; i <= n; i++) outbox.enqueue({ id: `m-${i}`, topic: 't', payload: String(i) }, start);
}
/** Let acknowledged publishes settle (promise callbacks run as microtasks). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

async function runFor(clock: VirtualClock, ms: number, stepMs: number) {
  for (let t = 0; t < ms; t += stepMs) {
    clock.advanceBy(stepMs);
    await settle();
  }
}

describe('OutboxReplay', () => {
  it('sends everything in order, never faster than burst + rate x time, and empties the outbox', async () => {
    fill(100);
    const clock = new VirtualClock(start);
    const sent: { id: string; at: number }[] = [];
    const publish = async (item: OutboxItem) => void sent.push({ id: item.id, at: clock.now().getTime() });
    const replay = new OutboxReplay(outbox, publish, clock, { ratePerSecond: 10, burst: 5, maxInFlight: 3 });
    replay.resume();
    await runFor(clock, 12_000, 50);
    expect(sent.map((s) => s.id)).toEqual(Array.from({ length: 100 }, (_, i) => `m-${i + 1}`));
    for (const first of sent) {
      const inWindow = sent.filter((s) => s.at >= first.at && s.at < first.at + 1_000).length;
      expect(inWindow).toBeLessThanOrEqual(5 + 10);
    }
    expect(sent.at(-1)!.at - start.getTime()).toBeGreaterThanOrEqual(9_000);
    expect(outbox.depth()).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('goes on sending at its rate after NTP sets the clock back by days', async () => {
    fill(30);
    const clock = new VirtualClock(start);
    const sent: string[] = [];
    const publish = async (item: OutboxItem) => void sent.push(item.id);
    const replay = new OutboxReplay(outbox, publish, clock, { ratePerSecond: 10, burst: 5, maxInFlight: 3 });
    replay.resume();
    await runFor(clock, 500, 50);
    clock.jumpTo(new Date(start.getTime() - 3 * 24 * 3_600_000));
    outbox.enqueue({ id: 'after-the-jump', topic: 't', payload: 'x' }, clock.now());
    replay.poke();
    await runFor(clock, 5_000, 50);
    expect(sent).toHaveLength(31);
    expect(sent.at(-1)).toBe('after-the-jump');
  });

  it('stops at the in-flight window until the broker acknowledges', async () => {
    fill(10);
    const clock = new VirtualClock(start);
    const pending: (() => void)[] = [];
    const publish = (_item: OutboxItem) => new Promise<void>((resolve) => pending.push(resolve));
    const replay = new OutboxReplay(outbox, publish, clock, { ratePerSecond: 100, burst: 100, maxInFlight: 3 });
    replay.resume();
    await runFor(clock, 1_000, 100);
    expect(pending).toHaveLength(3);
    pending.shift()!();
    await settle();
    expect(pending).toHaveLength(3);
    expect(outbox.depth()).toBe(9);
  });

  it('sends nothing while paused and picks up where it left off', async () => {
    fill(6);
    const clock = new VirtualClock(start);
    const sent: string[] = [];
    const replay = new OutboxReplay(outbox, async (item) => void sent.push(item.id), clock, { ratePerSecond: 1, burst: 2, maxInFlight: 5 });
    replay.resume();
    await settle();
    replay.pause();
    await runFor(clock, 10_000, 500);
    expect(sent).toEqual(['m-1', 'm-2']);
    replay.resume();
    await runFor(clock, 10_000, 500);
    expect(sent).toEqual(['m-1', 'm-2', 'm-3', 'm-4', 'm-5', 'm-6']);
  });

  it('drops and reports a message the broker refuses instead of retrying it forever', async () => {
    fill(2);
    const clock = new VirtualClock(start);
    const refused: string[] = [];
    const publish = async (item: OutboxItem) => {
      if (item.id === 'm-1') throw new RefusedByBroker('not authorized');
    };
    const replay = new OutboxReplay(outbox, publish, clock, { ratePerSecond: 10, burst: 10, maxInFlight: 5 }, (item) => refused.push(item.id));
    replay.resume();
    await settle();
    expect(refused).toEqual(['m-1']);
    expect(outbox.depth()).toBe(0);
    expect(outbox.dropped()).toBe(1);
  });

  it('sends a failed message again, before anything newer that is not yet in flight', async () => {
    fill(3);
    const clock = new VirtualClock(start);
    const sent: string[] = [];
    let failOnce = true;
    const publish = async (item: OutboxItem) => {
      sent.push(item.id);
      if (item.id === 'm-1' && failOnce) {
        failOnce = false;
        throw new Error('client disconnecting');
      }
    };
    const replay = new OutboxReplay(outbox, publish, clock, { ratePerSecond: 1, burst: 1, maxInFlight: 5 });
    replay.resume();
    await runFor(clock, 5_000, 250);
    expect(sent).toEqual(['m-1', 'm-1', 'm-2', 'm-3']);
  });
});
