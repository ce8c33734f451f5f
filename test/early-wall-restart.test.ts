import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteDatabase } from '../device/cache/sqlite-database.js';
import type { DisplayModel } from '../device/model/display-model.js';
import { profileProcesses } from '../device/shell/profile-processes.js';
import { SCREEN_ENV, startLuach, startLuachWithScreen, type LuachProcess } from './support/luach-process.js';

// A restart of the real `luach start`: the wall it showed comes back before the device's parts
// load, and a change made while it was down is never hidden behind the old picture.
const run = promisify(execFile);
/** A test that starts a real Chromium as the kiosk, beside the device's own starts: bounded, with room for a loaded machine. */
const KIOSK_TEST_MS = 90_000;
const bin = path.resolve(import.meta.dirname, '..', 'bin', 'luach.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-early-restart-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const model = async (luach: LuachProcess) => (await (await fetch(new URL('model.json', luach.url))).json()) as DisplayModel;
const logEvents = (dataDir: string) =>
  fs
    .readFileSync(path.join(dataDir, 'logs', 'luach.log'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { event?: string }).event);

/** Run the device once and stop it, until the model it kept is valid for a while yet (bounded: a boundary may fall just then). */
async function runOnceKeeping(dataDir: string): Promise<DisplayModel> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const luach = await startLuach(dataDir);
    const shown = await model(luach);
    await luach.stop();
    expect(luach.child.exitCode).toBe(0);
    const db = sqliteDatabase(path.join(dataDir, 'cache.sqlite'), { readonly: true });
    const { until } = db.prepare('SELECT max(until_ms) AS until FROM kept_model').get() as { until: number | null };
    db.close();
    // The next run's log is read alone.
    fs.rmSync(path.join(dataDir, 'logs'), { recursive: true });
    if (until !== null && until > Date.now() + 20_000) return shown;
  }
  throw new Error('three runs in a row kept no model valid for 20 s more');
}

/** A restart with a screen, once the device has taken the early wall and its kiosk over. */
async function restartWithScreen(dataDir: string): Promise<{ luach: LuachProcess; profile: string }> {
  await runOnceKeeping(dataDir);
  const luach = await startLuachWithScreen(dataDir);
  await expect.poll(() => logEvents(dataDir).includes('display.serving'), { timeout: 60_000 }).toBe(true);
  return { luach, profile: path.join(dataDir, 'chromium') };
}

describe('a restart of the browser shell', () => {
  it('serves the wall it showed at once, then the device takes it over', async () => {
    const dataDir = path.join(work, 'restart');
    const before = await runOnceKeeping(dataDir);
    const luach = await startLuach(dataDir);
    const first = await model(luach);
    expect(first.header).toEqual(before.header);
    expect(first.todayPrayerTimes).toEqual(before.todayPrayerTimes);
    // The device's own model follows on the same address; then the log says the early wall was used.
    await expect.poll(() => logEvents(dataDir).includes('display.serving'), { timeout: 20_000 }).toBe(true);
    expect(logEvents(dataDir)).toContain('display.early');
    const after = await model(luach);
    expect(after.header).toEqual(before.header);
    await luach.stop();
    expect(luach.child.exitCode).toBe(0);
  });

  it(
    'with a screen, shows the kept wall in the kiosk before the device loads its other parts, and keeps that one kiosk',
    async () => {
      const dataDir = path.join(work, 'kiosk');
      const { luach, profile } = await restartWithScreen(dataDir);
      try {
        const events = logEvents(dataDir);
        const painted = events.indexOf('display.early-painted');
        expect(events.indexOf('kiosk.early')).toBeGreaterThanOrEqual(0);
        expect(painted).toBeGreaterThan(events.indexOf('kiosk.early'));
        // Nothing of the device (its capabilities, its cache, its display) was up before the kiosk drew the wall.
        expect(events.slice(0, painted).filter((event) => !/^(display\.early|kiosk\.)/.test(event ?? ''))).toEqual([]);
        expect(events.indexOf('display.serving')).toBeGreaterThan(painted);
        // The device took that kiosk over: one Chromium browser process for the profile, not a second one.
        const browsers = profileProcesses(profile).filter((pid) => !fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type='));
        expect(browsers).toHaveLength(1);
      } finally {
        await luach.stop();
      }
      expect(luach.child.exitCode).toBe(0);
      expect(profileProcesses(profile)).toEqual([]);
    },
    KIOSK_TEST_MS,
  );

  it(
    "with a screen, a second luach on the same data directory starts no Chromium on the first one's profile",
    async () => {
      const dataDir = path.join(work, 'kiosk-twice');
      const { luach: first, profile } = await restartWithScreen(dataDir);
      try {
        const before = profileProcesses(profile).sort();
        // Another port, so its early wall does come up (the kept model is there): the lock, not the port, stops it.
        const second = await run(process.execPath, [bin, 'start', '--data', dataDir, '--port', '0'], {
          timeout: 30_000,
          env: { ...process.env, ...SCREEN_ENV },
        }).then(
          () => ({ code: 0, stderr: '' }),
          (error: { code: number; stderr: string }) => error,
        );
        expect(second.code).toBe(1);
        expect(second.stderr).toMatch(/^luach: could not start: another luach \(pid \d+\) is already running on /);
        expect(profileProcesses(profile).sort()).toEqual(before);
        // The first one's kiosk, started early on its own restart; none from the second.
        expect(logEvents(dataDir).filter((event) => event === 'kiosk.early')).toEqual(['kiosk.early']);
      } finally {
        await first.stop();
      }
      expect(profileProcesses(profile)).toEqual([]);
    },
    KIOSK_TEST_MS,
  );

  it(
    'stops cleanly when told to the moment the early wall is up',
    async () => {
      const dataDir = path.join(work, 'stop-early');
      await runOnceKeeping(dataDir);
      const luach = await startLuach(dataDir);
      await luach.stop();
      expect(luach.child.exitCode).toBe(0);
      // With a screen, the kiosk it may have started on the early wall goes with it.
      const withScreen = await startLuachWithScreen(dataDir);
      await withScreen.stop();
      expect(withScreen.child.exitCode).toBe(0);
      expect(profileProcesses(path.join(dataDir, 'chromium'))).toEqual([]);
    },
    KIOSK_TEST_MS,
  );

  it('never shows the old wall after the state changed while it was down', async () => {
    const dataDir = path.join(work, 'changed');
    await runOnceKeeping(dataDir);
    // The state it holds, with another name: a change a congregant would see.
    const file = path.join(work, 'renamed.json');
    await run(process.execPath, [bin, 'state', 'export', '--out', file, '--data', dataDir], { timeout: 100_000 });
    const state = JSON.parse(fs.readFileSync(file, 'utf8')) as { synagogue: { name: string } };
    fs.writeFileSync(file, JSON.stringify({ ...state, synagogue: { ...state.synagogue, name: 'Kehilat Ohel Moshe' } }));
    await run(process.execPath, [bin, 'state', 'apply', file, '--data', dataDir], { timeout: 100_000 });
    const luach = await startLuach(dataDir);
    expect((await model(luach)).header.synagogueName).toBe('Kehilat Ohel Moshe');
    await luach.stop();
    expect(logEvents(dataDir)).toContain('display.serving');
    expect(logEvents(dataDir)).not.toContain('display.early');
  });

  it('keeps the walls of the next two days while it runs: `luach model` a day and a half ahead answers from them', async () => {
    const dataDir = path.join(work, 'ahead');
    const luach = await startLuach(dataDir);
    const cache = path.join(dataDir, 'cache.sqlite');
    const keptUntil = () => {
      const db = sqliteDatabase(cache, { readonly: true });
      try {
        return (db.prepare('SELECT max(until_ms) AS until FROM kept_model').get() as { until: number | null }).until ?? 0;
      } finally {
        db.close();
      }
    };
    // Built in the background once the wall is up.
    await expect.poll(keptUntil, { timeout: 60_000 }).toBeGreaterThan(Date.now() + 47 * 3_600_000);
    await luach.stop();
    // The operator sees it too.
    const doctor = JSON.parse((await run(process.execPath, [bin, 'doctor', '--data', dataDir], { timeout: 100_000 })).stdout) as {
      cache: { keptWalls: { walls: number; until: string } };
    };
    expect(doctor.cache.keptWalls.walls).toBeGreaterThan(20);
    expect(Date.parse(doctor.cache.keptWalls.until)).toBe(keptUntil());
    const db = sqliteDatabase(cache);
    db.prepare("UPDATE kept_model SET body = json_set(body, '$.header.hebrewDate', 'as kept')").run();
    db.close();
    const ahead = new Date(Date.now() + 36 * 3_600_000).toISOString();
    const answer = JSON.parse((await run(process.execPath, [bin, 'model', '--data', dataDir, '--at', ahead], { timeout: 100_000 })).stdout) as DisplayModel;
    expect(answer.header.hebrewDate).toBe('as kept');
    expect(answer.generatedAt).toBe(ahead);
  });

  it('answers `luach model` from the kept model for a moment it covers, and builds one for a moment it does not', async () => {
    const dataDir = path.join(work, 'model');
    await runOnceKeeping(dataDir);
    // Mark the kept models, so that the answer shows where it came from.
    const db = sqliteDatabase(path.join(dataDir, 'cache.sqlite'));
    db.prepare("UPDATE kept_model SET body = json_set(body, '$.header.hebrewDate', 'as kept')").run();
    const { until } = db.prepare('SELECT max(until_ms) AS until FROM kept_model').get() as { until: number };
    db.close();
    const now = JSON.parse((await run(process.execPath, [bin, 'model', '--data', dataDir], { timeout: 100_000 })).stdout) as DisplayModel;
    expect(now.header.hebrewDate).toBe('as kept');
    expect(now.status.online).toBeNull();
    // Past the walls kept ahead.
    const later = new Date(until + 86_400_000).toISOString();
    const built = JSON.parse((await run(process.execPath, [bin, 'model', '--data', dataDir, '--at', later], { timeout: 100_000 })).stdout) as DisplayModel;
    expect(built.generatedAt).toBe(later);
    expect(built.header.hebrewDate).not.toBe('as kept');
  });
});
