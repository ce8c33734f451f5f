import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackedRelease } from '../scripts/release/pack-release.js';
import { SupervisedWall } from './support/supervised-wall.js';
import { UpdateCloud } from './support/update-cloud.js';

// SIGKILL is a power cut as far as the process can tell: no handler runs, nothing is flushed
// that was not already. At each step of an update the wall is killed, the supervisor starts it
// again, and it must start a release that boots and carry the update on from where it was.
const DEVICE = 'wall-power-cut';
const name = (release: PackedRelease) => path.basename(release.artifact);

let up: UpdateCloud;
let wall: SupervisedWall;
let r020: PackedRelease;
let r030: PackedRelease;
let r040: PackedRelease;

beforeAll(async () => {
  up = await UpdateCloud.start(DEVICE);
  // 0.3.0 carries 30 MB that do not compress, so unpacking it takes long enough to be cut.
  const heavy = up.kit.variantDist('heavy', (dist) => fs.writeFileSync(path.join(dist, 'padding.bin'), crypto.randomBytes(30 * 1024 * 1024)));
  const [installed, two, three, four] = await Promise.all([
    up.kit.pack('0.1.0'),
    up.kit.pack('0.2.0'),
    up.kit.pack('0.3.0', { dist: heavy }),
    up.kit.pack('0.4.0'),
  ]);
  [r020, r030, r040] = [two, three, four];
  wall = await SupervisedWall.start(up, DEVICE, installed, { checkSeconds: 30 });
  await wall.showing();
}, 180_000);
afterAll(async () => {
  await wall?.stop();
  await up?.dispose();
});

/** Kill the running process the moment `happened` is true (polled as fast as the event loop turns). */
async function killWhen(happened: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!happened()) {
    if (performance.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms:\n${wall.supervisor.output.slice(-4000)}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  wall.supervisor.kill('SIGKILL');
}

/** A check that is true once the wall printed `pattern` after this moment. */
function printedFromNow(pattern: RegExp): () => boolean {
  const mark = wall.supervisor.mark();
  return () => wall.supervisor.printedSince(mark, pattern);
}

async function nextRunServing(): Promise<void> {
  const runs = wall.supervisor.runs.length;
  await wall.supervisor.waitFor(/Luach display:/, 20_000, runs + 1);
}

describe('a power cut', () => {
  it('while downloading: the wall comes back on its release and the download resumes where it stopped', { timeout: 90_000 }, async () => {
    const stall = up.releases.stallNext(name(r020), 1024 * 1024);
    const id = await up.publish(DEVICE, r020);
    const partial = path.join(wall.layout.downloads, `${r020.sha256}.tar.gz`);
    await killWhen(() => fs.existsSync(partial) && fs.statSync(partial).size >= 512 * 1024, 30_000, 'the first half megabyte on disk');
    stall.resume();
    await nextRunServing();
    await up.statusReaches(DEVICE, id, 'pending', 30_000, /switches in the maintenance window/);
    const [first, second] = up.releases.requestsFor(name(r020));
    expect(first).toMatchObject({ range: null, status: 200 });
    expect(second).toMatchObject({ range: expect.stringMatching(/^bytes=\d+-$/), status: 206 });
    expect(second!.bytes).toBeLessThan(r020.sizeBytes);
    expect(wall.current()).toBeNull();
    await wall.showing();
  });

  it('while unpacking: the half-unpacked release is cleared and unpacked again from the kept download', { timeout: 120_000 }, async () => {
    const unpacking = printedFromNow(/"event":"update.installing"[^\n]*unpacking/);
    const id = await up.publish(DEVICE, r030);
    await killWhen(unpacking, 60_000, 'unpacking');
    await nextRunServing();
    await up.statusReaches(DEVICE, id, 'pending', 60_000, /switches in the maintenance window/);
    expect(up.releases.requestsFor(name(r030)).filter((r) => r.status === 200)).toHaveLength(1);
    expect(fs.existsSync(path.join(wall.layout.releaseDir('0.3.0'), 'dist', 'padding.bin'))).toBe(true);
    expect(fs.existsSync(wall.layout.staging) ? fs.readdirSync(wall.layout.staging) : []).toEqual([]);
    expect(wall.current()).toBeNull();
    await wall.showing();
  });

  it('while switching: before the rename the old release starts, after it the new one starts on trial and is confirmed', { timeout: 150_000 }, async () => {
    const id = (await up.cloud.as('tenant-updates', (db) => db.softwareUpdate.findFirstOrThrow({ where: { version: '0.3.0' } }))).id;
    const switching = printedFromNow(/"event":"update.installing"[^\n]*switching/);
    await up.ingest.dispatchCommand(DEVICE, { type: 'update-software', params: { version: '0.3.0', now: true } });
    await killWhen(switching, 30_000, 'the switch');
    await nextRunServing();
    expect(wall.current() === null || wall.current() === '0.3.0').toBe(true);
    if (wall.current() === null) {
      expect(wall.journal().trial).toBeUndefined();
      await wall.showing();
      // Cut once more, now right after `current` was renamed: the restart itself never happens.
      await up.statusReaches(DEVICE, id, 'pending', 60_000, /switches in the maintenance window/);
      await up.ingest.dispatchCommand(DEVICE, { type: 'update-software', params: { version: '0.3.0', now: true } });
      await killWhen(() => wall.current() === '0.3.0', 30_000, 'the rename of current');
      await nextRunServing();
    }
    expect(await up.statusReaches(DEVICE, id, 'succeeded', 60_000)).toMatchObject({ fromVersion: '0.1.0', toVersion: '0.3.0' });
    expect(wall.doctor().update).toMatchObject({ running: '0.3.0', fallback: '0.1.0 (the installed app)' });
    await wall.showing();
  });

  it('while the new release proves itself: it starts again on trial, is counted, and is confirmed', { timeout: 150_000 }, async () => {
    const id = await up.publish(DEVICE, r040);
    await up.statusReaches(DEVICE, id, 'pending', 30_000, /switches in the maintenance window/);
    const release = await wall.holdBrowser();
    const checking = printedFromNow(/"event":"update.checking"/);
    await up.ingest.dispatchCommand(DEVICE, { type: 'update-software', params: { version: '0.4.0', now: true } });
    await killWhen(checking, 60_000, 'the health check');
    await nextRunServing();
    await wall.supervisor.waitFor(/"event":"update.checking"[^\n]*start 2 of the new release/, 30_000, wall.supervisor.runs.length);
    await release();
    expect(await up.statusReaches(DEVICE, id, 'succeeded', 60_000)).toMatchObject({ fromVersion: '0.3.0', toVersion: '0.4.0' });
    expect(wall.current()).toBe('0.4.0');
    await wall.showing();
  });
});
