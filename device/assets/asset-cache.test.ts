import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock.js';
import type { AssetRef } from '../../cloud-sync/protocol/assets.js';
import { AssetCache, type AssetProblem } from './asset-cache.js';
import { assetDoctor } from './asset-status.js';

/** What the test gateway serves under each asset path, and how (whole, cut short after n bytes, with a lying length). */
const served = new Map<string, { bytes: Buffer; cutAfter?: number }>();
const seenRanges: string[] = [];
let server: http.Server;
let apiUrl: string;
let dataDir: string;

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
function asset(id: string, bytes: Buffer, options: { cutAfter?: number; claim?: Partial<AssetRef> } = {}): AssetRef {
  served.set(id, { bytes, ...(options.cutAfter !== undefined ? { cutAfter: options.cutAfter } : {}) });
  return { id, sha256: sha(bytes), sizeBytes: bytes.length, mimeType: 'image/png', url: `/device/v1/assets/${id}`, ...options.claim };
}
const START = new Date('2026-12-04T10:00:00Z');
function cache(quotaBytes = 10_000_000, problems: AssetProblem[] = [], clock = new VirtualClock(START)): AssetCache {
  const c = new AssetCache({
    dir: path.join(dataDir, 'assets'),
    quotaBytes,
    bytesPerSecond: 0,
    timeoutMs: 10_000,
    source: { apiUrl, token: 'device-token', deviceId: 'wall-1' },
    logger: pino({ level: 'silent' }),
    clock,
  });
  c.start();
  c.onProblem((p) => problems.push(p));
  return c;
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const id = decodeURIComponent(req.url!.split('/').pop()!);
    const entry = served.get(id);
    if (req.headers.authorization !== 'Bearer device-token' || !entry) return void res.writeHead(404).end();
    const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    if (req.headers.range) seenRanges.push(req.headers.range);
    const body = entry.bytes.subarray(from);
    res.writeHead(from ? 206 : 200, {
      'Content-Length': String(body.length),
      ...(from ? { 'Content-Range': `bytes ${from}-${entry.bytes.length - 1}/${entry.bytes.length}` } : {}),
    });
    if (entry.cutAfter === undefined) return void res.end(body);
    res.write(body.subarray(0, entry.cutAfter));
    setTimeout(() => res.destroy(), 100);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-asset-cache-'));
  served.clear();
  seenRanges.length = 0;
});

describe('the asset cache', () => {
  it('stores a file under its sha256 once verified, and keeps it for the next start', async () => {
    const logo = asset('logo', Buffer.from('a logo, byte for byte'));
    await cache().want([logo]);
    expect(fs.readFileSync(path.join(dataDir, 'assets', logo.sha256), 'utf8')).toBe('a logo, byte for byte');
    const again = cache();
    served.clear();
    expect(again.has(logo.sha256)).toBe(true);
    expect(again.lookup(logo.sha256)).toBeUndefined();
    await again.want([logo]);
    expect(again.lookup(logo.sha256)).toEqual({ file: path.join(dataDir, 'assets', logo.sha256), mimeType: 'image/png' });
  });

  it('refuses a file whose sha256 is not the one the state names, reports it, and keeps nothing of it', async () => {
    const problems: AssetProblem[] = [];
    const tampered = asset('tampered', Buffer.from('what the cloud stored'), { claim: { sha256: sha(Buffer.from('what the gabbai uploaded')) } });
    const c = cache(10_000_000, problems);
    await c.want([tampered]);
    expect(c.has(tampered.sha256)).toBe(false);
    expect(problems).toEqual([
      { id: 'tampered', sha256: tampered.sha256, reason: expect.stringMatching(/sha256 is [0-9a-f]{64}, not the [0-9a-f]{64} the state names/) },
    ]);
    expect(fs.readdirSync(path.join(dataDir, 'assets')).filter((f) => f !== 'status.json')).toEqual([]);
    expect(assetDoctor(dataDir)).toMatchObject({ missing: [{ id: 'tampered', reason: expect.stringMatching(/refused and deleted/) }] });
  });

  it('refuses a download cut short, then resumes it from where it stopped', async () => {
    const problems: AssetProblem[] = [];
    const bytes = Buffer.alloc(200_000, 7);
    const video = asset('video', bytes, { cutAfter: 50_000 });
    const c = cache(10_000_000, problems);
    await c.want([video]);
    expect(c.has(video.sha256)).toBe(false);
    expect(problems[0]!.reason).toMatch(/stopped after|ended at/);
    served.set('video', { bytes });
    await c.want([video]);
    expect(c.has(video.sha256)).toBe(true);
    expect(seenRanges).toEqual([expect.stringMatching(/^bytes=[1-9]\d*-$/)]);
  });

  it('tries a failed download again a minute later, by the device clock, until it arrives', async () => {
    const clock = new VirtualClock(START);
    const problems: AssetProblem[] = [];
    const bytes = Buffer.alloc(80_000, 3);
    const poster = asset('poster-retry', bytes, { cutAfter: 10_000 });
    const c = cache(10_000_000, problems, clock);
    const arrived = new Promise<void>((resolve) => c.onArrived(resolve));
    await c.want([poster]);
    expect(c.has(poster.sha256)).toBe(false);
    expect(problems).toHaveLength(1);
    // The cloud serves it whole now; nothing happens until the device's clock says a minute has passed.
    served.set('poster-retry', { bytes });
    clock.advanceTo(new Date(START.getTime() + 59_000));
    expect(c.has(poster.sha256)).toBe(false);
    clock.advanceTo(new Date(START.getTime() + 60_000));
    await arrived;
    expect(c.has(poster.sha256)).toBe(true);
    expect(c.status().missing).toEqual([]);
    c.stop();
  });

  it('refuses a file larger than the state says', async () => {
    const problems: AssetProblem[] = [];
    const big = asset('big', Buffer.alloc(5000, 1), { claim: { sizeBytes: 1000 } });
    await cache(10_000_000, problems).want([big]);
    expect(problems[0]!.reason).toMatch(/larger than the 1000 bytes the state names/);
  });

  it('evicts the file no state shows to make room, and keeps the one it shows', async () => {
    const old = asset('old', Buffer.alloc(600, 1));
    const kept = asset('kept', Buffer.alloc(300, 2));
    const fresh = asset('fresh', Buffer.alloc(500, 3));
    const c = cache(1000);
    await c.want([old, kept]);
    await c.want([kept, fresh]);
    expect([c.has(old.sha256), c.has(kept.sha256), c.has(fresh.sha256)]).toEqual([false, true, true]);
    expect(assetDoctor(dataDir)).toMatchObject({ usedBytes: 800, quotaBytes: 1000, missing: [] });
  });

  it('says which file does not fit in the quota beside the others the state shows', async () => {
    const c = cache(1000);
    const first = asset('first', Buffer.alloc(700, 1));
    const second = asset('second', Buffer.alloc(700, 2));
    await c.want([first, second]);
    expect([c.has(first.sha256), c.has(second.sha256)]).toEqual([true, false]);
    expect(c.status().missing).toEqual([expect.objectContaining({ id: 'second', reason: expect.stringMatching(/does not fit in the asset quota/) })]);
  });
});
