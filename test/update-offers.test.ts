import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTargetState } from '../cloud-sync/client/fetch-target-state.js';
import { openCache } from '../device/cache/open-cache.js';
import { applyTargetState } from '../device/cache/target-state-store.js';
import { VirtualClock } from '../device/clock.js';
import { composeDevice, type Device } from '../device/compose-device.js';
import { loadConfig } from '../device/config.js';
import { readCurrent, releaseLayout } from '../device/update/release-layout.js';
import { readJournal } from '../device/update/update-journal.js';
import type { PackedRelease } from '../scripts/release/pack-release.js';
import { eventually } from './support/mqtt-observer.js';
import { recordingShell } from './support/test-shell.js';
import { UpdateCloud } from './support/update-cloud.js';

// One wall running 0.1.0, paired to a real gateway and broker, offered releases the way the
// cloud offers them (a published SoftwareUpdate row, then a sync nudge). Each bad offer must end
// in UpdateStatus with its reason while the wall keeps showing the shul and nothing is switched;
// a good one is staged at once and switched only in the maintenance window, on the injected clock.
const DEVICE = 'wall-offers';
/** A Friday morning in Jerusalem: the next quiet 03:30 that is not Shabbat is Sunday's. */
const FRIDAY = new Date('2026-11-27T08:00:00Z');
const SUNDAY_WINDOW = new Date('2026-11-29T01:30:00Z');

let up: UpdateCloud;
let device: Device;
let clock: VirtualClock;
let dataDir: string;
let good: PackedRelease;
let stranger: PackedRelease;
let next: PackedRelease;
const shell = recordingShell();
let ticking: NodeJS.Timeout;

beforeAll(async () => {
  // Hourly telemetry and a daily fallback sync: the clock jumps two days here, and what a real wall sends over two days must not bury the update's reports.
  up = await UpdateCloud.start(DEVICE, { heartbeatSeconds: 3600, metricsSeconds: 3600, syncCron: '0 12 * * *' });
  [good, stranger, next] = await Promise.all([up.kit.pack('0.2.0'), up.kit.pack('0.2.3', { signer: up.kit.stranger }), up.kit.pack('0.3.0')]);
  const paired = await up.pair(DEVICE);
  dataDir = path.join(up.kit.dir, 'wall');
  clock = new VirtualClock(FRIDAY);
  const config = loadConfig({ dataDir, env: {} });
  // A wall that synced before: its cache holds the cloud's state, so its telemetry runs at the configured hourly pace from the start.
  const fetched = await fetchTargetState({ apiUrl: up.apiUrl, deviceId: DEVICE, token: paired.token, etag: null });
  if (fetched.kind !== 'changed') throw new Error(`expected the first state, got ${fetched.kind}`);
  const { db } = openCache(config.cacheFile, FRIDAY);
  applyTargetState(db, fetched.body, { etag: fetched.etag, source: 'cloud', now: FRIDAY });
  db.close();
  device = composeDevice(shell.factory, {
    config: { ...config, ...up.deviceConfig(paired), update: { ...config.update, downloadBytesPerSecond: 0, reserveBytes: 0 } },
    clock,
    logger: pino({ level: process.env.LUACH_TEST_LOG ?? 'silent' }),
    env: {},
    appVersion: '0.1.0',
    pid: process.pid,
    ntpProbe: async () => true,
    update: { trustedKeys: [up.kit.operator.trusted] },
  });
  await device.start();
  // Time passes on the wall's clock as it does outside (the outbox's send rate runs on it); the tests jump it further where they must.
  ticking = setInterval(() => clock.advanceBy(250), 250);
  await eventually(() => device.runtime.current().header.synagogueName === 'Kehilat Beit Yosef', 15_000, 'the first sync reaches the wall');
  await eventually(() => device.runtime.current().status.online === true, 15_000, 'the link comes online');
});
afterAll(async () => {
  clearInterval(ticking);
  await device?.stop();
  await up?.dispose();
});

const layout = () => releaseLayout(dataDir);
const artifactOf = (release: PackedRelease) => path.basename(release.artifact);

/** After a refused offer: the wall shows the cloud's shul from its cache, 0.1.0 still runs, nothing was half-installed. */
function wallUnharmed(): void {
  const model = device.runtime.current();
  expect(model.header.synagogueName).toBe('Kehilat Beit Yosef');
  expect(model.status.source).toBe('cloud');
  expect(readCurrent(layout())).toBeNull();
  expect(fs.readdirSync(layout().root).filter((name) => /^\d/.test(name))).toEqual([]);
  expect(shell.calls.filter((call) => call.startsWith('restart'))).toEqual([]);
}

function withTmpfs<T>(size: string, run: () => Promise<T>): Promise<T> {
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', layout().root]);
  return run().finally(() => execFileSync('umount', [layout().root]));
}

function canMount(): boolean {
  try {
    fs.mkdirSync(path.join(up.kit.dir, 'probe'), { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', path.join(up.kit.dir, 'probe')], { stdio: 'ignore' });
    execFileSync('umount', [path.join(up.kit.dir, 'probe')]);
    return true;
  } catch {
    console.warn('update-offers: cannot mount a small tmpfs here (needs root); the full-disk cases are skipped, their code path is unexercised');
    return false;
  }
}

describe('a release the cloud stops offering', () => {
  it('is dropped while it waits for the window: failed with the reason, its download and unpacked copy removed, nothing switched', async () => {
    const id = await up.publish(DEVICE, good);
    await up.statusReaches(DEVICE, id, 'pending', 20_000, /^verified and unpacked/);
    expect(fs.existsSync(layout().releaseDir('0.2.0'))).toBe(true);
    await up.withdraw(DEVICE, id);
    expect((await up.statusReaches(DEVICE, id, 'failed')).error).toBe('the cloud no longer offers 0.2.0 (withdrawn or paused); nothing was switched');
    await eventually(() => !fs.existsSync(layout().releaseDir('0.2.0')), 15_000, 'the withdrawn release is removed from the disk');
    expect(readJournal(layout(), clock.now()).journal.staged).toBeUndefined();
    expect(fs.readdirSync(layout().downloads)).toEqual([]);
    wallUnharmed();
  });
});

describe('a release the device must refuse', () => {
  it('whose artifact is not the one its row names (wrong sha256): failed, with both hashes, and the download deleted', async () => {
    // The row is signed and whole, but the file at its URL is another one (replaced on the server, say).
    const id = await up.publish(DEVICE, good, { url: up.releases.url(artifactOf(next)), sizeBytes: null });
    const row = await up.statusReaches(DEVICE, id, 'failed');
    expect(row.error).toMatch(new RegExp(`sha256 is ${next.sha256}, the release says ${good.sha256}`));
    expect(row).toMatchObject({ fromVersion: '0.1.0', toVersion: '0.2.0' });
    expect(fs.readdirSync(layout().downloads)).toEqual([]);
    wallUnharmed();
  });

  it('that is unsigned, before anything is downloaded', async () => {
    const fetched = up.releases.requests.length;
    const id = await up.publish(DEVICE, good, { version: '0.2.1', signature: '' });
    expect((await up.statusReaches(DEVICE, id, 'failed')).error).toMatch(/^unsigned: the release carries no signature/);
    expect(up.releases.requests.length).toBe(fetched);
    wallUnharmed();
  });

  it('whose signature belongs to another release (a bad signature)', async () => {
    const id = await up.publish(DEVICE, next, { signature: good.signature });
    expect((await up.statusReaches(DEVICE, id, 'failed')).error).toMatch(/does not match this release's version, sha256 and downgrade mark/);
    wallUnharmed();
  });

  it('signed by a key the device does not trust', async () => {
    const fetched = up.releases.requests.length;
    const id = await up.publish(DEVICE, stranger);
    expect((await up.statusReaches(DEVICE, id, 'failed')).error).toMatch(
      new RegExp(`signed by key ${up.kit.stranger.trusted.id}, which this device does not trust`),
    );
    expect(up.releases.requests.length).toBe(fetched);
    wallUnharmed();
  });

  it('older than the running version (a downgrade not signed as one), without downloading it', async () => {
    const fetched = up.releases.requests.length;
    const id = await up.publish(DEVICE, up.kit.resign(good, '0.0.9'));
    expect((await up.statusReaches(DEVICE, id, 'failed')).error).toMatch(/0\.0\.9 is older than the running 0\.1\.0/);
    expect(readJournal(layout(), clock.now()).journal.refused.map((r) => r.version)).toContain('0.0.9');
    expect(up.releases.requests.length).toBe(fetched);
    wallUnharmed();
  });

  it('that does not fit on the disk: refused before the download, and a disk that fills mid-way loses only the partial file', async () => {
    if (!canMount()) return;
    const before = up.releases.requestsFor(artifactOf(good)).length;
    await withTmpfs('4m', async () => {
      const id = await up.publish(DEVICE, up.kit.resign(good, '0.2.4'));
      expect((await up.statusReaches(DEVICE, id, 'failed')).error).toMatch(/^not enough free space: the release needs about \d+ MB .* are free on /);
    });
    expect(up.releases.requestsFor(artifactOf(good)).length).toBe(before);
    await withTmpfs('1m', async () => {
      const id = await up.publish(DEVICE, up.kit.resign(good, '0.2.5'), { sizeBytes: null });
      expect((await up.statusReaches(DEVICE, id, 'failed')).error).toMatch(/^the disk is full: .*the partial download was removed/);
      expect(fs.readdirSync(layout().downloads)).toEqual([]);
    });
    wallUnharmed();
  });
});

describe('a good release', () => {
  let id: string;

  it('resumes an interrupted download where it stopped, after the retry delay', async () => {
    up.releases.cutNext(artifactOf(next), 1024 * 1024);
    id = await up.publish(DEVICE, next);
    expect((await up.statusReaches(DEVICE, id, 'failed')).error).toMatch(/the download of .* stopped after \d+ bytes/);
    const kept = fs.statSync(path.join(layout().downloads, `${next.sha256}.tar.gz`)).size;
    clock.advanceBy(15 * 60_000);
    await up.statusReaches(DEVICE, id, 'pending', 20_000, /^verified and unpacked/);
    expect(up.releases.requestsFor(artifactOf(next)).at(-1)).toMatchObject({ range: `bytes=${kept}-`, status: 206, bytes: next.sizeBytes - kept });
  });

  it('is unpacked beside the running release and waits for the maintenance window: not on Shabbat, at Sunday 03:30', async () => {
    const row = await up.statusReaches(DEVICE, id, 'pending', 20_000, /^verified and unpacked/);
    expect(row.detail).toBe(`verified and unpacked; switches in the maintenance window at ${SUNDAY_WINDOW.toISOString()}`);
    expect(fs.existsSync(path.join(layout().releaseDir('0.3.0'), 'dist', 'luach-cli.mjs'))).toBe(true);
    clock.advanceTo(new Date(SUNDAY_WINDOW.getTime() - 1000));
    expect(readCurrent(layout())).toBeNull();
    expect(shell.calls.filter((call) => call.startsWith('restart'))).toEqual([]);
  });

  it('plans its window again when NTP sets the clock, so a window that turns out to be on Shabbat is never used', async () => {
    // A Pi without a real-time clock that believes it is Thursday plans Thursday night's window (03:30 on Friday morning).
    clock.jumpTo(new Date('2026-11-26T08:00:00Z'));
    await up.statusReaches(DEVICE, id, 'pending', 20_000, /2026-11-27T01:30:00\.000Z$/);
    // NTP then sets it to Shabbat morning: that window is past due, yet the wall must not restart now; it waits for Sunday.
    clock.jumpTo(new Date('2026-11-28T09:00:00Z'));
    await up.statusReaches(DEVICE, id, 'pending', 20_000, new RegExp(`${SUNDAY_WINDOW.toISOString().replaceAll('.', '\\.')}$`));
    expect(shell.calls.filter((call) => call.startsWith('restart'))).toEqual([]);
    expect(readCurrent(layout())).toBeNull();
  });

  it('is switched to in the window: the cache copied, the trial written, current renamed, and the app restarted', async () => {
    clock.advanceTo(SUNDAY_WINDOW);
    await eventually(() => shell.calls.includes('restart: switching to 0.3.0'), 15_000, 'the device restarts into 0.3.0');
    expect(readCurrent(layout())).toBe('0.3.0');
    expect(readJournal(layout(), clock.now()).journal.trial).toMatchObject({ version: '0.3.0', from: null, fromVersion: '0.1.0', boots: 0 });
    expect(fs.existsSync(layout().cacheSnapshot('0.3.0'))).toBe(true);
    expect((await up.statusReaches(DEVICE, id, 'installing')).detail).toBe('switching to the new release; the app restarts');
  });
});
