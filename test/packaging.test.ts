import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listPackage } from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageDeb } from '../scripts/package-deb.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** build/fuses.json keys in the order of Electron's fuse wire (FuseV1Options). */
const FUSE_ORDER = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
];

/**
 * A stand-in for an unpacked Electron (no real one can be downloaded here): an `electron`
 * executable carrying the fuse wire as a real binary does (sentinel, version 1, length, one
 * byte per fuse, all "enabled"), so electron-builder's real fuse flipping runs against it.
 */
function standInElectronDist(dir: string): string {
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, FUSE_ORDER.length]), Buffer.alloc(FUSE_ORDER.length, 0x31)]);
  fs.writeFileSync(path.join(dir, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in Electron"\nexit 0\n#'), wire, Buffer.from('\n')]), {
    mode: 0o755,
  });
  for (const file of ['chrome-sandbox', 'LICENSE', 'LICENSES.chromium.html']) fs.writeFileSync(path.join(dir, file), '');
  fs.writeFileSync(path.join(dir, 'version'), '41.7.1');
  return dir;
}

let work: string;
let deb: string;
let extracted: string;
const dpkg = (...args: string[]) => execFileSync('dpkg-deb', args, { encoding: 'utf8' });

beforeAll(async () => {
  for (const built of ['dist/luach-main.mjs', 'dist/preload.cjs', 'dist/display/index.html']) {
    if (!fs.existsSync(path.join(ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` before this test (npm test does)`);
  }
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-deb-'));
  deb = await packageDeb({ root: ROOT, electronDist: standInElectronDist(path.join(work, 'electron-dist')), arch: 'x64', outDir: path.join(work, 'out') });
  extracted = path.join(work, 'extracted');
  dpkg('-x', deb, extracted);
}, 180_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('the .deb built offline with dpkg-deb against a stand-in Electron', () => {
  it('is named and described for amd64, with the dependencies and maintainer of electron-builder.yml', () => {
    expect(path.basename(deb)).toMatch(/^luach_\d+\.\d+\.\d+_amd64\.deb$/);
    const info = dpkg('-I', deb);
    expect(info).toMatch(/^ Package: luach$/m);
    expect(info).toMatch(/^ Architecture: amd64$/m);
    expect(info).toMatch(/^ Maintainer: Luach maintainers <maintainers@luach\.example>$/m);
    expect(info).toMatch(/^ Depends: .*libnss3.*libgbm1.*libasound2 \| libasound2t64.*systemd$/m);
    expect(info).toMatch(/^ Recommends: .*wlr-randr/m);
    expect(info).toMatch(/\bpostinst\b/);
    expect(info).toMatch(/\bpostrm\b/);
  });

  it('lists the app, the systemd unit and the kiosk-session autostart files', () => {
    const files = dpkg('-c', deb)
      .split('\n')
      .map((line) => line.split(/\s+/).at(-1));
    expect(files).toEqual(
      expect.arrayContaining([
        './opt/Luach/luach',
        './opt/Luach/resources/app.asar',
        './opt/Luach/resources/electron-abi',
        './opt/Luach/resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
        './usr/lib/systemd/user/luach.service',
        './usr/share/luach/labwc-autostart',
        './usr/share/luach/luach-kiosk.desktop',
      ]),
    );
  });

  it('runs the after-install and after-remove scripts of build/deb as postinst and postrm', () => {
    const control = path.join(work, 'control');
    dpkg('-e', deb, control);
    expect(fs.readFileSync(path.join(control, 'postinst'), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'build/deb/after-install.sh'), 'utf8'));
    expect(fs.readFileSync(path.join(control, 'postrm'), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'build/deb/after-remove.sh'), 'utf8'));
    expect(fs.statSync(path.join(control, 'postinst')).mode & 0o777).toBe(0o755);
    execFileSync('shellcheck', ['--shell=sh', path.join(control, 'postinst'), path.join(control, 'postrm')]);
  });

  it('packs the bundles and the display into app.asar, without source maps or unused dependencies', () => {
    const entries = listPackage(path.join(extracted, 'opt/Luach/resources/app.asar'), { isPack: false });
    expect(entries).toEqual(expect.arrayContaining(['/package.json', '/dist/luach-main.mjs', '/dist/preload.cjs', '/dist/display/index.html']));
    expect(entries.filter((e) => e.endsWith('.map'))).toEqual([]);
    expect(entries.filter((e) => /node_modules\/(@prisma|prisma|mqtt|zod|vite|electron)\b/.test(e))).toEqual([]);
  });

  it('flips the Electron fuses of build/fuses.json in the packaged binary: no RunAsNode, asar only', async () => {
    const fuses = JSON.parse(fs.readFileSync(path.join(ROOT, 'build/fuses.json'), 'utf8')) as Record<string, boolean>;
    const wire = await getCurrentFuseWire(path.join(extracted, 'opt/Luach/luach'));
    const flipped = Object.fromEntries(FUSE_ORDER.map((name, i) => [name, (wire as unknown as Record<string, number>)[i] === 0x31]));
    expect(flipped).toEqual(fuses);
    expect(flipped).toMatchObject({ runAsNode: false, onlyLoadAppFromAsar: true, enableCookieEncryption: true, enableNodeCliInspectArguments: false });
  });

  it("records its Electron's ABI, so pi-setup refuses it while its better-sqlite3 is built for Node's", () => {
    expect(fs.readFileSync(path.join(extracted, 'opt/Luach/resources/electron-abi'), 'utf8')).toBe('145\n');
    let refusal = '';
    try {
      execFileSync('bash', [path.join(ROOT, 'scripts/pi-setup.sh'), '--dry-run', '--shell', 'electron', '--deb', deb], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      refusal = (error as { stderr: string }).stderr;
    }
    expect(refusal).toContain(`its better-sqlite3 is built for NODE_MODULE_VERSION ${process.versions.modules}, but its Electron 41.7.1 loads 145`);
  });
});
