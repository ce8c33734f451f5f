/**
 * Screen power on a Pi, through whichever of four mechanisms this setup supports, tried in order:
 *   wlr-randr            Wayland compositors (labwc, the Raspberry Pi OS default; wayfire)
 *   xset dpms            X11 sessions
 *   vcgencmd display_power  the Pi firmware (legacy display stack; under KMS it answers -1)
 *   cec-ctl              HDMI-CEC: asks the TV itself to go to standby or wake
 * The first that succeeds wins and is reported. A screen that is dark because the schedule or a
 * command said so is state 'off', which is not a fault; 'fault' means no mechanism worked.
 */

/** Runs argv without a shell; resolves with stdout, rejects with what failed (runSystemCommand fits). */
export type CommandRunner = (argv: readonly string[]) => Promise<string>;

export type PowerBackendName = 'wlr-randr' | 'xset' | 'vcgencmd' | 'cec-ctl';

interface PowerBackend {
  name: PowerBackendName;
  /** Why this backend cannot apply here, or null when it may be tried. */
  unavailable(env: NodeJS.ProcessEnv): string | null;
  set(on: boolean, run: CommandRunner): Promise<void>;
}

/** Output names from `wlr-randr`'s listing: unindented lines start with the connector name. */
export function wlrOutputs(listing: string): string[] {
  return listing
    .split('\n')
    .filter((line) => line.length > 0 && !/^\s/.test(line))
    .map((line) => line.split(/\s+/)[0]!)
    .filter(Boolean);
}

const BACKENDS: PowerBackend[] = [
  {
    name: 'wlr-randr',
    unavailable: (env) => (env.WAYLAND_DISPLAY ? null : 'not a Wayland session (WAYLAND_DISPLAY unset)'),
    async set(on, run) {
      const outputs = wlrOutputs(await run(['wlr-randr']));
      if (outputs.length === 0) throw new Error('wlr-randr lists no outputs');
      for (const output of outputs) await run(['wlr-randr', '--output', output, on ? '--on' : '--off']);
    },
  },
  {
    name: 'xset',
    unavailable: (env) => (env.DISPLAY ? null : 'not an X11 session (DISPLAY unset)'),
    async set(on, run) {
      await run(['xset', 'dpms', 'force', on ? 'on' : 'off']);
    },
  },
  {
    name: 'vcgencmd',
    unavailable: () => null,
    async set(on, run) {
      const answer = (await run(['vcgencmd', 'display_power', on ? '1' : '0'])).trim();
      // Under the KMS driver the firmware no longer owns the display and answers -1.
      if (answer !== `display_power=${on ? 1 : 0}`) throw new Error(`vcgencmd answered "${answer}"`);
    },
  },
  {
    name: 'cec-ctl',
    unavailable: () => null,
    async set(on, run) {
      await run(['cec-ctl', '--playback', '--to', '0', on ? '--image-view-on' : '--standby']);
    },
  },
];

export interface PowerAttempt {
  backend: PowerBackendName;
  ok: boolean;
  detail: string;
}

/** Why the panel was switched; 'requested' is the runtime asking (its schedule or a command). */
export type PowerReason = 'schedule' | 'command' | 'start' | 'requested';

export type ScreenPowerState =
  | { power: 'unknown' }
  | { power: 'on' | 'off'; backend: PowerBackendName; reason: PowerReason; since: string }
  | { power: 'fault'; wanted: 'on' | 'off'; reason: PowerReason; since: string; attempts: PowerAttempt[] };

/** Every mechanism failed: the message lists what each one said, for the command result. */
export class ScreenPowerError extends Error {
  constructor(
    readonly wanted: boolean,
    readonly attempts: PowerAttempt[],
  ) {
    super(`could not switch the screen ${wanted ? 'on' : 'off'}: ${attempts.map((a) => `${a.backend}: ${a.detail}`).join('; ')}`);
    this.name = 'ScreenPowerError';
  }
}

export class ScreenPower {
  private current: ScreenPowerState = { power: 'unknown' };

  constructor(private readonly options: { run: CommandRunner; env: NodeJS.ProcessEnv; now: () => Date }) {}

  get state(): ScreenPowerState {
    return this.current;
  }

  /** Switch the panel; resolves with the attempts (the last one is the backend that worked). */
  async set(on: boolean, reason: PowerReason): Promise<PowerAttempt[]> {
    const attempts: PowerAttempt[] = [];
    for (const backend of this.ordered()) {
      const why = backend.unavailable(this.options.env);
      if (why) {
        attempts.push({ backend: backend.name, ok: false, detail: why });
        continue;
      }
      try {
        await backend.set(on, this.options.run);
        attempts.push({ backend: backend.name, ok: true, detail: on ? 'on' : 'off' });
        this.current = { power: on ? 'on' : 'off', backend: backend.name, reason, since: this.options.now().toISOString() };
        return attempts;
      } catch (error) {
        attempts.push({ backend: backend.name, ok: false, detail: error instanceof Error ? error.message : String(error) });
      }
    }
    this.current = { power: 'fault', wanted: on ? 'on' : 'off', reason, since: this.options.now().toISOString(), attempts };
    throw new ScreenPowerError(on, attempts);
  }

  /** The backend that worked last goes first: switching back uses the same mechanism. */
  private ordered(): PowerBackend[] {
    const last = this.current.power === 'on' || this.current.power === 'off' ? this.current.backend : undefined;
    return last ? [...BACKENDS.filter((b) => b.name === last), ...BACKENDS.filter((b) => b.name !== last)] : BACKENDS;
  }
}
