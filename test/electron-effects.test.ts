import { describe, expect, it } from 'vitest';
import { electronShellEffects } from '../device/shell/electron-effects.js';
import { ScreenPower, type CommandRunner } from '../device/host/power.js';
import { VirtualClock } from '../device/clock.js';
import { DisplayAcks } from '../device/shell/display-acks.js';

function effectsWith(run: CommandRunner) {
  const calls: string[] = [];
  const acks = new DisplayAcks(new VirtualClock(new Date('2026-11-25T22:00:00Z')), () => 1);
  const shell = {
    acks,
    // The kiosk page reloads and, drawing its first picture, says so.
    reload: (reason: string) => {
      calls.push(`reload ${reason}`);
      acks.report({ generatedAt: '2026-11-25T22:00:00Z', identifyUntil: null, fresh: true });
    },
    capturePng: async () => new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    rendererMemoryBytes: async () => 123 * 1024 * 1024,
  };
  const power = new ScreenPower({ run, env: { DISPLAY: ':0' }, now: () => new Date('2026-11-25T22:00:00Z') });
  const effects = electronShellEffects(shell, power, (reason) => calls.push(`restart ${reason}`));
  return { effects, calls, power };
}

describe('the Electron shell effects the runtime and its commands use', () => {
  it('reloads, captures, measures and restarts through the kiosk shell', async () => {
    const { effects, calls } = effectsWith(async () => '');
    expect(effects.name).toBe('electron');
    await effects.reloadDisplay('reload-display command');
    await effects.restartApp('restart-app command');
    expect(calls).toEqual(['reload reload-display command', 'restart restart-app command']);
    expect([...(await effects.captureScreenshot())]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(await effects.rendererMemoryBytes()).toBe(123 * 1024 * 1024);
  });

  it('reports a panel switched off on purpose as "off", and one no backend could switch as "unknown"', async () => {
    const working = effectsWith(async () => '');
    expect(working.effects.displayPower()).toBe('unknown');
    await working.effects.setDisplayPower(false);
    expect(working.effects.displayPower()).toBe('off');
    expect(working.power.state).toMatchObject({ power: 'off', backend: 'xset', reason: 'requested' });

    const broken = effectsWith(async (argv) => {
      throw new Error(`spawn ${argv[0]} ENOENT`);
    });
    await expect(broken.effects.setDisplayPower(false)).rejects.toThrow(/could not switch the screen off: wlr-randr: .*; xset: spawn xset ENOENT/);
    expect(broken.effects.displayPower()).toBe('unknown');
  });
});
