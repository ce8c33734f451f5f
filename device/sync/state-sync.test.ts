import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from '../cache/event-log.js';
import { migrate } from '../cache/open-cache.js';
import { applyTargetState, markSynced, readAppliedState, TargetStateRejected } from '../cache/target-state-store.js';
import { VirtualClock } from '../clock.js';
import { demoTargetState } from '../demo/demo-state.js';
import { StateStillRefused, StateSync, type StateRefusal } from './state-sync.js';

const NOW = new Date('2026-11-25T10:00:00Z');

/** A gateway that serves one document under one ETag, answering 304 when the device names it. */
class OneStateGateway {
  requests: { ifNoneMatch: string | undefined }[] = [];
  private server = http.createServer((request, response) => {
    const ifNoneMatch = request.headers['if-none-match'];
    this.requests.push({ ifNoneMatch });
    const named = (ifNoneMatch ?? '').split(',').map((tag) => tag.trim());
    if (named.includes(this.etag)) return void response.writeHead(304, { ETag: this.etag }).end();
    response.writeHead(200, { 'Content-Type': 'application/json', ETag: this.etag }).end(JSON.stringify(this.body));
  });
  constructor(
    public body: unknown,
    public etag: string,
  ) {}
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let gateway: OneStateGateway | undefined;
afterEach(async () => gateway?.stop());

async function device(body: unknown, etag: string) {
  gateway = new OneStateGateway(body, etag);
  const apiUrl = await gateway.start();
  const db = new Database(':memory:');
  migrate(db);
  applyTargetState(db, demoTargetState(NOW), { etag: null, source: 'demo', now: NOW });
  const clock = new VirtualClock(NOW);
  const refusals: StateRefusal[] = [];
  const make = () => {
    const sync = new StateSync({
      cloud: { apiUrl, deviceId: 'wall-1', token: 'token-1' },
      target: {
        applied: () => readAppliedState(db) ?? undefined,
        apply: (input, tag) => void applyTargetState(db, input, { etag: tag, source: 'cloud', now: clock.now() }),
        confirmed: () => markSynced(db, clock.now()),
      },
      events: new EventLog(db),
      clock,
      logger: pino({ level: 'silent' }),
    });
    sync.onRefused((refusal) => refusals.push(refusal));
    return sync;
  };
  return { db, make, refusals, gateway };
}

const goodState = () => ({ ...demoTargetState(NOW), synagogue: { ...demoTargetState(NOW).synagogue, name: 'Beth Midrash' } });
const badState = () => ({ ...goodState(), synagogue: { ...goodState().synagogue, latitude: 'north' } });

describe('syncing the target state', () => {
  it('applies a new state, then asks with its ETag and is answered 304', async () => {
    const { db, make, gateway } = await device(goodState(), '"v1"');
    const sync = make();
    expect(await sync.syncNow()).toEqual({ appliedEtag: '"v1"' });
    expect(readAppliedState(db)).toMatchObject({ etag: '"v1"', source: 'cloud' });
    expect(await sync.syncNow()).toEqual({ appliedEtag: '"v1"' });
    expect(gateway.requests.map((r) => r.ifNoneMatch)).toEqual([undefined, '"v1"']);
  });

  it('refuses a bad state once and does not download, refuse and report it again on every nudge, even after a restart', async () => {
    const { db, make, refusals, gateway } = await device(badState(), '"bad"');
    await expect(make().syncNow()).rejects.toThrow(TargetStateRejected);
    expect(refusals).toEqual([{ etag: '"bad"', errors: [expect.stringContaining('synagogue.latitude')] }]);
    expect(readAppliedState(db)).toMatchObject({ source: 'demo' });

    const restarted = make();
    await expect(restarted.syncNow()).rejects.toThrow(StateStillRefused);
    await expect(restarted.syncNow()).rejects.toThrow(StateStillRefused);
    expect(gateway.requests.map((r) => r.ifNoneMatch)).toEqual([undefined, '"bad"', '"bad"']);
    expect(refusals).toHaveLength(1);

    // The gabbai fixes the synagogue in the cloud: a new ETag, and the wall takes it.
    gateway.body = goodState();
    gateway.etag = '"fixed"';
    expect(await restarted.syncNow()).toEqual({ appliedEtag: '"fixed"' });
    expect(readAppliedState(db)).toMatchObject({ etag: '"fixed"', source: 'cloud' });
  });

  it('shares one request between syncs asked for at once', async () => {
    const { make, gateway } = await device(goodState(), '"v1"');
    const sync = make();
    await Promise.all([sync.syncNow(), sync.syncNow(), sync.syncNow()]);
    expect(gateway.requests).toHaveLength(1);
  });

  it('says why when the gateway cannot be reached, and keeps the cached state', async () => {
    const { db, make, gateway } = await device(goodState(), '"v1"');
    await gateway.stop();
    await expect(make().syncNow()).rejects.toThrow(/sync failed: http:\/\/127\.0\.0\.1:\d+: fetch failed/);
    expect(readAppliedState(db)).toMatchObject({ source: 'demo' });
  });
});
