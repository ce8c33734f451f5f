import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chooseRelease, isCompleteRelease, rollbackSteps, type BootInput } from './boot-release.js';
import { pointCurrent, readCurrent, releaseLayout, type ReleaseLayout } from './release-layout.js';
import { runSteps, switchSteps } from './switch-release.js';
import { readJournal, writeJournal, type Trial } from './update-journal.js';

const now = new Date('2026-03-03T01:30:00Z');
const SHA = 'a'.repeat(64);
let dir: string;
let layout: ReleaseLayout;
let installed: { dir: string; version: string };
let cacheFile: string;

/** An application directory as scripts/release.ts lays one out (only what the boot looks at). */
function makeApp(at: string, version: string): string {
  fs.mkdirSync(path.join(at, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(at, 'package.json'), JSON.stringify({ name: 'luach', version }));
  fs.writeFileSync(path.join(at, 'release.json'), JSON.stringify({ format: 1, version }));
  for (const entry of ['luach-cli.mjs', 'luach-main.mjs']) fs.writeFileSync(path.join(at, 'dist', entry), `// ${version}\n`);
  return at;
}

function boot(extra: Partial<BootInput> = {}) {
  return chooseRelease({ layout, installed, cacheFile, now, ...extra });
}

/** What the cache says: the shul's name, written as the running release would. */
function cacheSays(): string {
  const db = new Database(cacheFile, { readonly: true });
  try {
    return (db.prepare('SELECT name FROM shul').get() as { name: string }).name;
  } finally {
    db.close();
  }
}

function writeCache(name: string): void {
  const db = new Database(cacheFile);
  db.exec('CREATE TABLE IF NOT EXISTS shul (name TEXT); DELETE FROM shul;');
  db.prepare('INSERT INTO shul VALUES (?)').run(name);
  db.close();
}

/** Switch from the running `from` (null: the installed app) to `version`, as the updater does, stopping after `upTo` steps. */
async function switchTo(version: string, upTo = Infinity): Promise<void> {
  const db = new Database(cacheFile);
  try {
    const steps = switchSteps({
      layout,
      release: { version, url: 'https://releases.example/x.tar.gz', sha256: SHA, signature: '', channel: 'stable' },
      runningVersion: readCurrent(layout) ?? installed.version,
      checkSeconds: 180,
      reachable: { display: true, broker: true, gateway: false },
      backupCache: async (file) => void (await db.backup(file)),
      now,
    });
    await runSteps(steps.slice(0, upTo));
  } finally {
    db.close();
  }
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-boot-'));
  layout = releaseLayout(path.join(dir, 'data'));
  installed = { dir: makeApp(path.join(dir, 'opt'), '0.1.0'), version: '0.1.0' };
  cacheFile = path.join(dir, 'data', 'cache.sqlite');
  fs.mkdirSync(layout.root, { recursive: true });
  writeCache('before the update');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the boot', () => {
  it('runs the installed app when no release was ever switched to', () => {
    expect(boot()).toMatchObject({ appDir: installed.dir, version: '0.1.0', notes: [] });
  });

  it('starts a switched-to release on trial, and counts each start in the journal', async () => {
    makeApp(layout.releaseDir('0.2.0'), '0.2.0');
    await switchTo('0.2.0');
    expect(boot()).toMatchObject({ appDir: layout.releaseDir('0.2.0'), version: '0.2.0', trial: { version: '0.2.0', checkSeconds: 180 } });
    boot();
    expect(readJournal(layout, now).journal.trial).toMatchObject({ version: '0.2.0', from: null, fromVersion: '0.1.0', boots: 2 });
  });

  it('rolls back a release that started 3 times without passing its check, marks it bad and keeps the outcome to report', async () => {
    makeApp(layout.releaseDir('0.2.0'), '0.2.0');
    await switchTo('0.2.0');
    for (let start = 1; start <= 3; start++) expect(boot().version).toBe('0.2.0');
    const fourth = boot();
    expect(fourth).toMatchObject({ appDir: installed.dir, version: '0.1.0' });
    expect(fourth.notes.join()).toMatch(/rolled back from 0\.2\.0 to 0\.1\.0: it started 3 times without passing its health check/);
    const { journal } = readJournal(layout, now);
    expect(journal.trial).toBeUndefined();
    expect(journal.bad).toEqual([expect.objectContaining({ version: '0.2.0', reason: expect.stringMatching(/crash loop/) })]);
    expect(journal.unreported).toEqual([expect.objectContaining({ version: '0.2.0', outcome: 'rolledBack', fromVersion: '0.1.0' })]);
    expect(readCurrent(layout)).toBeNull();
  });

  it('rolls back a release that failed its check, putting back the cache as it was before the switch and keeping its own beside', async () => {
    makeApp(layout.releaseDir('0.2.0'), '0.2.0');
    await switchTo('0.2.0');
    boot();
    writeCache('written by 0.2.0');
    const { journal } = readJournal(layout, now);
    writeJournal(layout, { ...journal, trial: { ...journal.trial!, failed: 'the display did not report a first paint' } });
    expect(boot()).toMatchObject({ version: '0.1.0', appDir: installed.dir });
    expect(cacheSays()).toBe('before the update');
    expect(fs.existsSync(`${cacheFile}.from-0.2.0`)).toBe(true);
    expect(readJournal(layout, now).journal.last).toMatchObject({ outcome: 'rolledBack', reason: 'the display did not report a first paint' });
  });

  it('goes back to the release that ran before, not to the installed app, when that was a self-updated one', async () => {
    makeApp(layout.releaseDir('0.2.0'), '0.2.0');
    makeApp(layout.releaseDir('0.3.0'), '0.3.0');
    pointCurrent(layout, '0.2.0');
    await switchTo('0.3.0');
    expect(boot().version).toBe('0.3.0');
    const { journal } = readJournal(layout, now);
    writeJournal(layout, { ...journal, trial: { ...journal.trial!, failed: 'no model' } });
    expect(boot()).toMatchObject({ version: '0.2.0', appDir: layout.releaseDir('0.2.0') });
  });

  it('forgets a trial whose switch never happened (the power went before the rename) and runs the old release', async () => {
    makeApp(layout.releaseDir('0.2.0'), '0.2.0');
    await switchTo('0.2.0', 3);
    const choice = boot();
    expect(choice).toMatchObject({ version: '0.1.0' });
    expect(choice.notes.join()).toMatch(/the switch to 0\.2\.0 did not complete/);
    expect(readJournal(layout, now).journal.trial).toBeUndefined();
  });

  it('drops a current that names no complete release and runs the fallback', () => {
    makeApp(layout.releaseDir('0.2.0'), '0.2.0');
    makeApp(layout.releaseDir('0.3.0'), '0.3.0');
    pointCurrent(layout, '0.3.0');
    writeJournal(layout, { v: 1, bad: [], refused: [], unreported: [], fallback: { version: '0.2.0', release: '0.2.0' } });
    fs.rmSync(path.join(layout.releaseDir('0.3.0'), 'dist', 'luach-cli.mjs'));
    const choice = boot();
    expect(choice).toMatchObject({ version: '0.2.0' });
    expect(choice.notes.join()).toMatch(/current names 0\.3\.0, which is not a complete release/);
  });

  it('runs an installed app newer than the self-updated release (the .deb was upgraded)', () => {
    makeApp(layout.releaseDir('0.2.0'), '0.2.0');
    pointCurrent(layout, '0.2.0');
    installed = { dir: makeApp(path.join(dir, 'opt'), '0.5.0'), version: '0.5.0' };
    expect(boot()).toMatchObject({ version: '0.5.0', appDir: installed.dir });
    expect(readCurrent(layout)).toBeNull();
  });

  it('moves an unreadable journal aside, says so, and runs what current names', () => {
    makeApp(layout.releaseDir('0.2.0'), '0.2.0');
    pointCurrent(layout, '0.2.0');
    fs.writeFileSync(layout.journal, '{"v": 1, "trial": {"version": ');
    const choice = boot();
    expect(choice.version).toBe('0.2.0');
    expect(choice.notes.join()).toMatch(/the update journal did not parse and was moved aside/);
    expect(fs.readdirSync(layout.root).some((f) => f.startsWith('update-journal.json.corrupt-'))).toBe(true);
  });
});

describe('a power cut', () => {
  it('after any step of a switch leaves a release that boots: the old one, or the new one on trial', async () => {
    const steps = 4;
    for (let cut = 0; cut <= steps; cut++) {
      fs.rmSync(layout.root, { recursive: true, force: true });
      fs.mkdirSync(layout.root, { recursive: true });
      makeApp(layout.releaseDir('0.2.0'), '0.2.0');
      await switchTo('0.2.0', cut);
      const choice = boot();
      expect(isCompleteRelease(choice.appDir) || choice.appDir === installed.dir, `cut after step ${cut}`).toBe(true);
      expect(choice.version, `cut after step ${cut}`).toBe(cut === steps ? '0.2.0' : '0.1.0');
      expect(Boolean(choice.trial), `cut after step ${cut}`).toBe(cut === steps);
      expect(cacheSays()).toBe('before the update');
    }
  });

  it('after any step of a rollback is finished by the next start, and the rollback is reported once', async () => {
    const reason = 'the broker was not reached';
    for (let cut = 0; cut <= 4; cut++) {
      fs.rmSync(layout.root, { recursive: true, force: true });
      fs.mkdirSync(layout.root, { recursive: true });
      writeCache('before the update');
      makeApp(layout.releaseDir('0.2.0'), '0.2.0');
      await switchTo('0.2.0');
      boot();
      writeCache('written by 0.2.0');
      const { journal } = readJournal(layout, now);
      // The release's own verdict, as proveRelease writes it; then the boot's rollback, cut after `cut` steps.
      const trial: Trial = { ...journal.trial!, failed: reason };
      writeJournal(layout, { ...journal, trial });
      const input = { layout, installed, cacheFile, now };
      for (const step of rollbackSteps(input, { ...journal, trial }, trial, reason).slice(0, cut)) await step.run();
      const choice = boot();
      expect(choice.version, `cut after step ${cut}`).toBe('0.1.0');
      expect(cacheSays(), `cut after step ${cut}`).toBe('before the update');
      const after = readJournal(layout, now).journal;
      expect(after.trial, `cut after step ${cut}`).toBeUndefined();
      expect(
        after.unreported.map((o) => o.outcome),
        `cut after step ${cut}`,
      ).toEqual(['rolledBack']);
      expect(after.bad.map((b) => b.version)).toEqual(['0.2.0']);
    }
  });
});
