import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackedRelease } from '../scripts/release/pack-release.js';
import { SupervisedWall } from './support/supervised-wall.js';
import { TENANT, UpdateCloud } from './support/update-cloud.js';

// The whole update of a real wall: releases cut by the release script, served over HTTP, installed
// by a real process that restarts under a supervisor (Restart=always) into the new release, which
// must prove itself (cache, model, first paint in a real Chromium, broker, gateway) or be rolled back.
const DEVICE = 'wall-restart';
const CHECK_SECONDS = 15;

let up: UpdateCloud;
let wall: SupervisedWall;
const releases: Record<string, PackedRelease> = {};

beforeAll(async () => {
  up = await UpdateCloud.start(DEVICE);
  const kit = up.kit;
  const blank = kit.variantDist('blank', (dist) =>
    fs.writeFileSync(path.join(dist, 'display', 'index.html'), '<!doctype html><title>nothing is drawn</title>'),
  );
  const crashing = kit.variantDist('crash', (dist) => fs.writeFileSync(path.join(dist, 'luach-cli.mjs'), 'process.exit(70);\n'));
  const [installed, broken, looping, fixed] = await Promise.all([
    kit.pack('0.1.0'),
    kit.pack('0.3.0', { dist: blank }),
    kit.pack('0.4.0', { dist: crashing }),
    kit.pack('0.4.1'),
  ]);
  // 0.2.0 as an operator cuts it: the release script's own command line, and the row it prints.
  const row = kit.packWithCli('0.2.0', up.releases.url(''));
  const artifact = path.join(kit.outDir, path.basename(row.url as string));
  Object.assign(releases, { '0.1.0': installed, '0.3.0': broken, '0.4.0': looping, '0.4.1': fixed });
  releases['0.2.0'] = {
    artifact,
    version: '0.2.0',
    sha256: row.sha256 as string,
    signature: row.signature as string,
    sizeBytes: row.sizeBytes as number,
    allowDowngrade: false,
  };
  wall = await SupervisedWall.start(up, DEVICE, installed, { checkSeconds: CHECK_SECONDS });
  await wall.showing();
}, 180_000);
afterAll(async () => {
  await wall?.stop();
  await up?.dispose();
});

/** Publish `version`, wait until it is staged, then tell the device to install it now; resolves with its SoftwareUpdate id. */
async function installNow(version: string): Promise<{ id: string; commandId: string }> {
  const id = await up.publish(DEVICE, releases[version]!);
  await up.statusReaches(DEVICE, id, 'pending', 30_000, /switches in the maintenance window/);
  const command = await up.ingest.dispatchCommand(DEVICE, { type: 'update-software', params: { version, now: true } });
  return { id, commandId: command.id };
}

async function commandResult(commandId: string) {
  for (let i = 0; i < 200; i++) {
    await up.ingest.idle();
    const row = await up.cloud.as(TENANT, (db) => db.commandHistory.findUnique({ where: { commandId } }));
    if (row && ['succeeded', 'failed'].includes(row.status)) return row;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`command ${commandId} did not finish`);
}

describe('a wall updating itself', () => {
  it('switches to a published release at once when told, restarts into it, proves it and keeps the old one as the fallback', { timeout: 120_000 }, async () => {
    const { id, commandId } = await installNow('0.2.0');
    expect(await commandResult(commandId)).toMatchObject({ status: 'succeeded', result: { version: '0.2.0', switches: 'as soon as it is verified' } });
    const row = await up.statusReaches(DEVICE, id, 'succeeded', 90_000);
    expect(row).toMatchObject({ fromVersion: '0.1.0', toVersion: '0.2.0', progressPercent: 100, error: null, detail: '0.1.0 is kept as the fallback' });
    expect(wall.supervisor.runs.length).toBe(2);
    expect(wall.current()).toBe('0.2.0');
    await wall.showing();
    const doctor = wall.doctor();
    expect(doctor.update).toMatchObject({
      running: '0.2.0',
      installed: '0.1.0',
      fallback: '0.1.0 (the installed app)',
      last: { version: '0.2.0', outcome: 'succeeded' },
    });
    const device = await up.cloud.as(TENANT, (db) => db.device.findUniqueOrThrow({ where: { id: DEVICE } }));
    expect(device.appVersion).toBe('0.2.0');
  });

  it('rolls back a release whose display never draws, says why in UpdateStatus, and will not try it again', { timeout: 150_000 }, async () => {
    const { id } = await installNow('0.3.0');
    const row = await up.statusReaches(DEVICE, id, 'rolledBack', 120_000);
    expect(row.error).toBe(`within ${CHECK_SECONDS} s of starting: the display did not report a first paint`);
    expect(row).toMatchObject({ fromVersion: '0.2.0', toVersion: '0.3.0' });
    expect(wall.current()).toBe('0.2.0');
    await wall.showing();
    expect(wall.doctor().update).toMatchObject({
      running: '0.2.0',
      last: { version: '0.3.0', outcome: 'rolledBack' },
      notRetried: [expect.stringMatching(/^0\.3\.0: within 15 s/)],
    });

    const downloads = up.releases.requestsFor(path.basename(releases['0.3.0']!.artifact)).length;
    const again = await up.ingest.dispatchCommand(DEVICE, { type: 'update-software', params: { version: '0.3.0', now: true } });
    expect(await commandResult(again.id)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/0\.3\.0 was rolled back .*not retried until a newer release is offered/),
    });
    expect(up.releases.requestsFor(path.basename(releases['0.3.0']!.artifact)).length).toBe(downloads);
    expect((await up.status(DEVICE, id))?.state).toBe('rolledBack');
  });

  it('rolls back a release that crashes at every start (a crash loop) after three starts', { timeout: 120_000 }, async () => {
    const runsBefore = wall.supervisor.runs.length;
    const { id } = await installNow('0.4.0');
    const row = await up.statusReaches(DEVICE, id, 'rolledBack', 90_000);
    expect(row.error).toBe('it started 3 times without passing its health check (a crash loop)');
    // The switch's restart, three starts of 0.4.0 that died, and 0.2.0 again.
    expect(wall.supervisor.runs.slice(runsBefore - 1).map((run) => run.exit?.code ?? 'running')).toEqual([0, 70, 70, 70, 'running']);
    expect(wall.current()).toBe('0.2.0');
    await wall.showing();
  });

  it('installs the next release after a bad one, and keeps only it and its fallback on disk', { timeout: 120_000 }, async () => {
    const { id } = await installNow('0.4.1');
    expect(await up.statusReaches(DEVICE, id, 'succeeded', 90_000)).toMatchObject({ fromVersion: '0.2.0', detail: '0.2.0 is kept as the fallback' });
    expect(wall.doctor().update).toMatchObject({ running: '0.4.1', fallback: `0.2.0 (${wall.layout.releaseDir('0.2.0')})` });
    expect(
      fs
        .readdirSync(wall.layout.root)
        .filter((name) => /^\d/.test(name))
        .sort(),
    ).toEqual(['0.2.0', '0.4.1']);
    await wall.showing();
  });
});
