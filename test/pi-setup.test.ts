import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const SCRIPT = path.join(ROOT, 'scripts/pi-setup.sh');
const USER = 'luach-dry-run-test';

function setup(...args: string[]) {
  const result = spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('scripts/pi-setup.sh', () => {
  it('passes shellcheck, as do the package maintainer scripts', () => {
    expect(() =>
      execFileSync('shellcheck', ['--severity=style', SCRIPT, path.join(ROOT, 'build/deb/after-install.sh'), path.join(ROOT, 'build/deb/after-remove.sh')], {
        encoding: 'utf8',
      }),
    ).not.toThrow();
  });

  it('in a dry run, prints every change it would make for a labwc kiosk and makes none', () => {
    const { code, out } = setup('--dry-run', '--user', USER);
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^would run: useradd --create-home .* ${USER}$`, 'm'));
    for (const group of ['video', 'render', 'input']) expect(out).toContain(`would run: usermod -aG ${group} ${USER}`);
    expect(out).toContain('would write /etc/luach/kiosk-user');
    expect(out).toContain(`    | autologin-user=${USER}`);
    expect(out).toContain('    | autologin-session=labwc');
    expect(out).toContain('    | xserver-command=X -s 0 -dpms -nocursor');
    expect(out).toContain(`would write /home/${USER}/.config/labwc/autostart`);
    expect(out).toContain('    | systemctl --user restart luach.service &');
    expect(out).toMatch(/^done: reboot to start the kiosk/m);
    expect(out).not.toMatch(/^(run|write): /m);
    expect(spawnSync('id', ['-u', USER]).status).not.toBe(0);
    expect(fs.existsSync(`/home/${USER}`)).toBe(false);
  });

  it('in a dry run with cage, plans a tty1 service that starts the kiosk unit', () => {
    const { code, out } = setup('--dry-run', '--user', USER, '--compositor', 'cage');
    expect(code).toBe(0);
    expect(out).toContain('would write /etc/systemd/system/luach-cage.service');
    expect(out).toContain('exec systemctl --user start --wait luach.service');
    expect(out).toContain('would run: systemctl enable luach-cage.service');
  });

  it('refuses bad input with what was wrong, before touching anything', () => {
    expect(setup('--dry-run', '--compositor', 'sway')).toMatchObject({ code: 2, err: expect.stringContaining('--compositor must be labwc or cage') });
    expect(setup('--dry-run', '--user', 'Bad User')).toMatchObject({ code: 2, err: expect.stringContaining('is not a valid user name') });
    expect(setup('--dry-run', '--deb', '/nonexistent/luach.deb')).toMatchObject({ code: 2, err: expect.stringContaining('no such file') });
    expect(setup('--frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining('unknown option "--frobnicate"') });
  });
});
