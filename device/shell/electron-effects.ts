import type { DisplayPower } from '../../cloud-sync/protocol/telemetry.js';
import type { ShellEffects } from '../cloud-connection.js';
import type { ElectronShell } from './electron-shell.js';
import type { ScreenPower } from './power.js';

/**
 * What the runtime and its commands may do to the screen, done by the Electron kiosk: reload
 * and capture the window, switch the panel through the power backends, restart the app.
 * A panel that could not be switched is 'unknown' on the wire (the backends' answers are in the
 * command result and the log); a panel dark on purpose is 'off'.
 */
export function electronShellEffects(
  shell: Pick<ElectronShell, 'reload' | 'capturePng' | 'rendererMemoryBytes'>,
  power: Pick<ScreenPower, 'set' | 'state'>,
  restart: (reason: string) => void,
): ShellEffects {
  return {
    name: 'electron',
    reloadDisplay: async () => shell.reload('requested'),
    captureScreenshot: () => shell.capturePng(),
    setDisplayPower: async (on) => void (await power.set(on, 'requested')),
    displayPower: (): DisplayPower => (power.state.power === 'on' || power.state.power === 'off' ? power.state.power : 'unknown'),
    restartApp: async () => restart('restart requested'),
    rendererMemoryBytes: () => shell.rendererMemoryBytes(),
  };
}
