import { describe, expect, it } from 'vitest';
import { ScreenPower, ScreenPowerError, wlrOutputs, type CommandRunner } from './power.js';

const NOW = () => new Date('2026-11-25T22:00:00Z');

/** A fake of the machine's commands: each argv prefix answers or fails, and every call is recorded. */
function machine(answers: Record<string, string | Error>) {
  const calls: string[] = [];
  const run: CommandRunner = async (argv) => {
    const line = argv.join(' ');
    calls.push(line);
    const key = Object.keys(answers).find((k) => line.startsWith(k));
    const answer = key === undefined ? new Error(`spawn ${argv[0]} ENOENT`) : answers[key]!;
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { run, calls };
}

const WLR_LISTING = `HDMI-A-1 "Samsung Electric Company SAMSUNG (HDMI-A-1)"
  Make: Samsung Electric Company
  Enabled: yes
HDMI-A-2 "Dell Inc. DELL U2415 (HDMI-A-2)"
  Enabled: yes
`;

describe('screen power', () => {
  it('switches every output off with wlr-randr under Wayland, and reports it as off, not a fault', async () => {
    const { run, calls } = machine({ 'wlr-randr': WLR_LISTING });
    const power = new ScreenPower({ run, env: { WAYLAND_DISPLAY: 'wayland-0' }, now: NOW });
    const attempts = await power.set(false, 'schedule');
    expect(attempts).toEqual([{ backend: 'wlr-randr', ok: true, detail: 'off' }]);
    expect(calls).toEqual(['wlr-randr', 'wlr-randr --output HDMI-A-1 --off', 'wlr-randr --output HDMI-A-2 --off']);
    expect(power.state).toEqual({ power: 'off', backend: 'wlr-randr', reason: 'schedule', since: '2026-11-25T22:00:00.000Z' });
  });

  it('falls through to xset dpms under X11', async () => {
    const { run, calls } = machine({ xset: '' });
    const power = new ScreenPower({ run, env: { DISPLAY: ':0' }, now: NOW });
    const attempts = await power.set(true, 'command');
    expect(attempts.map((a) => [a.backend, a.ok])).toEqual([
      ['wlr-randr', false],
      ['xset', true],
    ]);
    expect(calls).toEqual(['xset dpms force on']);
  });

  it('treats vcgencmd answering -1 under KMS as a failure and wakes the TV over HDMI-CEC instead', async () => {
    const { run, calls } = machine({ 'vcgencmd display_power': 'display_power=-1\n', 'cec-ctl': 'Transmit ok' });
    const power = new ScreenPower({ run, env: {}, now: NOW });
    const attempts = await power.set(true, 'start');
    expect(attempts.at(-2)).toEqual({ backend: 'vcgencmd', ok: false, detail: 'vcgencmd answered "display_power=-1"' });
    expect(attempts.at(-1)).toEqual({ backend: 'cec-ctl', ok: true, detail: 'on' });
    expect(calls).toEqual(['vcgencmd display_power 1', 'cec-ctl --playback --to 0 --image-view-on']);
  });

  it('uses the firmware when it owns the display', async () => {
    const { run } = machine({ 'vcgencmd display_power 0': 'display_power=0' });
    const power = new ScreenPower({ run, env: {}, now: NOW });
    expect((await power.set(false, 'schedule')).at(-1)!.backend).toBe('vcgencmd');
  });

  it('is a fault only when no mechanism works, and says what each one answered', async () => {
    const { run } = machine({ 'wlr-randr': new Error('"wlr-randr" failed (1): failed to connect to display') });
    const power = new ScreenPower({ run, env: { WAYLAND_DISPLAY: 'wayland-0' }, now: NOW });
    const failure = await power.set(false, 'command').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ScreenPowerError);
    expect((failure as Error).message).toBe(
      'could not switch the screen off: wlr-randr: "wlr-randr" failed (1): failed to connect to display; xset: not an X11 session (DISPLAY unset); vcgencmd: spawn vcgencmd ENOENT; cec-ctl: spawn cec-ctl ENOENT',
    );
    expect(power.state.power).toBe('fault');
  });

  it('switches back on through the backend that switched it off', async () => {
    const { run, calls } = machine({ xset: '', 'cec-ctl': '' });
    const power = new ScreenPower({ run, env: {}, now: NOW });
    await power.set(false, 'schedule');
    calls.length = 0;
    await power.set(true, 'schedule');
    expect(calls).toEqual(['cec-ctl --playback --to 0 --image-view-on']);
  });

  it('reads output names from a wlr-randr listing', () => {
    expect(wlrOutputs(WLR_LISTING)).toEqual(['HDMI-A-1', 'HDMI-A-2']);
    expect(wlrOutputs('')).toEqual([]);
  });
});
