import type { DisplayPower } from '../../cloud-sync/protocol/telemetry.js';
import type { ShellEffects } from './shell.js';
import type { ScreenPower } from '../host/power.js';
import type { DisplayAcks } from './display-acks.js';

/** What the effects need of the kiosk window (ElectronShell has it). */
export interface KioskWindow {
  reload(reason: string): void;
  readonly acks: DisplayAcks;
  capturePng(): Promise<Uint8Array>;
  rendererMemoryBytes(): Promise<number | null>;
}

/**
 * What the runtime and its commands may do to the screen, done by the Electron kiosk: reload
 * and capture the window, switch the panel through the power backends, restart the app.
 * A panel that could not be switched is 'unknown' on the wire (the backends' answers are in the
 * command result and the log); a panel dark on purpose is 'off'.
 */
export function electronShellEffects(shell: KioskWindow, power: Pick<ScreenPower, 'set' | 'state'>, restart: (reason: string) => void): ShellEffects {
  return {
    name: 'electron',
    reloadDisplay: (reason) => shell.acks.reloaded(reason, () => shell.reload(reason)),
    confirmDrawn: (what, test) => shell.acks.confirm(what, () => undefined, test),
    captureScreenshot: () => shell.capturePng(),
    setDisplayPower: async (on) => void (await power.set(on, 'requested')),
    displayPower: (): DisplayPower => (power.state.power === 'on' || power.state.power === 'off' ? power.state.power : 'unknown'),
    restartApp: async (reason) => restart(reason),
    rendererMemoryBytes: () => shell.rendererMemoryBytes(),
  };
}
