import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossBuildSqlite, crossToolchain } from '../scripts/release/cross-build-sqlite.js';
import { nodePackage } from '../scripts/release/node-package.js';
import { elfArch } from '../scripts/release/pack-release.js';
import { launchChromium } from './support/chromium.js';
import { expectWholeGeneration, killMidApply } from './support/kill-mid-apply.js';
import { startLuach, type LuachProcess } from './support/luach-process.js';
import { cutOffText, settled } from './support/model-server.js';
import { ReleaseKit } from './support/release-kit.js';

// The release a Raspberry Pi runs, built here for linux-arm64 (better-sqlite3 cross-compiled) and
// installed by pi-setup.sh into a throwaway root with Node's own arm64 build, then run by that
// arm64 Node under qemu user emulation. Emulation is slow (seconds per start), so the checks are few.
const ROOT = path.resolve(import.meta.dirname, '..');
const SYSROOT = '/usr/aarch64-linux-gnu';

function missingToolchain(): string | null {
  const cross = crossToolchain('arm64');
  if ('missing' in cross) return cross.missing;
  if (spawnSync('sh', ['-c', 'command -v qemu-aarch64-static']).status !== 0)
    return 'qemu-aarch64-static is not installed (apt-get install --no-install-recommends qemu-user-static)';
  if (!fs.existsSync(path.join(SYSROOT, 'lib', 'ld-linux-aarch64.so.1'))) return `${SYSROOT} has no arm64 C library (it comes with g++-aarch64-linux-gnu)`;
  return null;
}
const missing = missingToolchain();
// CI installs the toolchain (.ci/run) and sets LUACH_REQUIRE_ARM64: there, a missing part is a failure, not a skip.
if (missing && process.env.LUACH_REQUIRE_ARM64) throw new Error(`the arm64 release cannot be checked: ${missing}`);
if (missing) process.stderr.write(`skipping the arm64 release under qemu: ${missing}\n`);

describe.skipIf(missing !== null)('the arm64 release under qemu', () => {
  let kit: ReleaseKit;
  let work: string;
  let target: string;
  /** The arm64 Node under emulation: prepend to a command line. */
  let arm64: string[];
  const NOON = '2025-04-11T09:00:00Z';

  const run = (command: string[], args: string[], dataDir: string) =>
    execFileSync(command[0]!, [...command.slice(1), ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, LUACH_DATA_DIR: dataDir } });

  beforeAll(async () => {
    kit = ReleaseKit.create();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-arm64-'));
    const [native, nodeTgz] = await Promise.all([
      crossBuildSqlite({ arch: 'arm64', nodeVersion: process.versions.node }),
      nodePackage('arm64', process.versions.node),
    ]);
    const release = await kit.pack('0.6.0', { native });
    target = path.join(work, 'root');
    fs.mkdirSync(target);
    const setup = spawnSync('bash', [path.join(ROOT, 'scripts/pi-setup.sh'), '--root', target, '--release', release.artifact, '--node-package', nodeTgz], {
      encoding: 'utf8',
    });
    if (setup.status !== 0) throw new Error(`pi-setup.sh failed:\n${setup.stdout}${setup.stderr}`);
    arm64 = ['qemu-aarch64-static', '-L', SYSROOT, path.join(target, 'opt/luach/node/bin/node')];
  }, 20 * 60_000);
  afterAll(() => {
    kit?.dispose();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('installs an arm64 Node and an arm64 release, and that Node reports itself as arm64', () => {
    expect(elfArch(path.join(target, 'opt/luach/node/bin/node'))).toBe('arm64');
    expect(elfArch(path.join(target, 'opt/luach/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe('arm64');
    expect(JSON.parse(fs.readFileSync(path.join(target, 'opt/luach/app/release.json'), 'utf8'))).toMatchObject({
      arch: 'arm64',
      runtime: `node ${process.versions.node}`,
    });
    expect(run(arm64, ['-p', 'process.arch + " " + process.versions.node'], work).trim()).toBe(`arm64 ${process.versions.node}`);
  });

  it('prints the same calendar day and the same DisplayModel as this machine does', () => {
    const bin = path.join(target, 'opt/luach/app/bin/luach.js');
    const day = ['calendar', '--date', '2025-04-12', '--lat', '31.778', '--lon', '35.235', '--tz', 'Asia/Jerusalem'];
    const onArm = run(arm64, [bin, ...day], path.join(work, 'data-calendar'));
    expect((JSON.parse(onArm) as { parasha: { en: string } }).parasha.en).toBe('Parashat Tzav');
    expect(onArm).toBe(run([process.execPath], [path.join(ROOT, 'bin/luach.js'), ...day], path.join(work, 'data-calendar-x64')));

    const model = run(arm64, [bin, 'model', '--at', NOON], path.join(work, 'data-model'));
    expect((JSON.parse(model) as { slides: unknown[] }).slides.length).toBeGreaterThan(0);
    expect(model).toBe(run([process.execPath], [path.join(ROOT, 'bin/luach.js'), 'model', '--at', NOON], path.join(work, 'data-model-x64')));
  });

  describe('luach start --headless', () => {
    let luach: LuachProcess;
    let browser: Browser;
    beforeAll(async () => {
      [luach, browser] = await Promise.all([
        startLuach(path.join(work, 'data-start'), [], {}, 120_000, { node: arm64, bin: path.join(target, 'opt/luach/app/bin/luach.js') }),
        launchChromium(),
      ]);
    }, 180_000);
    afterAll(async () => {
      await browser?.close();
      await luach?.stop();
    });

    it("serves a wall that this machine's Chromium shows whole: the synagogue, the Hebrew date, the day's prayer times, nothing cut", async () => {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(luach.url);
      await settled(page);
      expect(await page.locator('.synagogue-name').textContent()).toBe('בית הכנסת אוהל יצחק');
      expect(await page.locator('.hebrew-date').innerText()).toMatch(/^[\u0590-\u05FF״׳"' ]+ תש[\u0590-\u05FF״׳"]+$/);
      const times = page.locator('.panel .time-row:visible');
      expect(await times.count()).toBeGreaterThanOrEqual(3);
      for (const row of await times.all()) expect(await row.locator('.time').innerText()).toMatch(/^\d{2}:\d{2}$/);
      expect(await page.locator('.panel').innerText()).toContain('שחרית');
      expect(await cutOffText(page)).toEqual([]);
      await page.close();
      // The cache it serves from is SQLite, opened through the cross-built addon.
      expect(fs.statSync(path.join(work, 'data-start', 'cache.sqlite')).size).toBeGreaterThan(0);
    }, 60_000);
  });

  it('keeps a target state whole or absent when the arm64 process is killed mid-apply', { timeout: 300_000 }, async () => {
    // The crash test's child, bundled for Node (no tsx: its esbuild is this machine's), beside the
    // release's node_modules so it loads the arm64 better-sqlite3.
    const crash = path.join(target, 'opt/luach/app/crash-test');
    await build({
      entryPoints: [path.join(ROOT, 'test/support/apply-forever.ts')],
      outfile: path.join(crash, 'apply-forever.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['better-sqlite3'],
      banner: { js: "import { createRequire as __crashRequire } from 'node:module'; const require = __crashRequire(import.meta.url);" },
      logLevel: 'warning',
    });
    const rows = 500;
    const file = path.join(work, 'crash.sqlite');
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      await killMidApply([...arm64, path.join(crash, 'apply-forever.mjs'), file, String(rows)], 1 + (i % 2), (i * 37) % 200, 120_000);
      const tag = expectWholeGeneration(file, rows);
      if (tag) seen.add(tag);
    }
    expect(seen.size, 'both generations were seen committed').toBe(2);
  });
});
