import type { DisplayPower } from '../../cloud-sync/protocol/telemetry.js';
import type { ShellEffects } from './shell.js';
import type { DisplayAcks } from './display-acks.js';
import type { DisplayServer } from './display-server.js';
import type { ScreenPower } from '../host/power.js';
import { captureChromiumScreenshot, type CdpPipe } from './screenshot.js';

/**
 * What the runtime and its commands may do to the screen in the browser shell: system Chromium
 * driven over its DevTools pipe (reload, capture), the panel through the power backends, and
 * the process itself (systemd restarts it). Headless, there is no screen to capture or switch.
 */
export function browserShellEffects(options: {
  /** The kiosk Chromium's DevTools pipe, while one runs on a screen. */
  devtools: () => CdpPipe | undefined;
  server: Pick<DisplayServer, 'reloadClients'>;
  acks: DisplayAcks;
  power: Pick<ScreenPower, 'set' | 'state'>;
}): ShellEffects {
  const devtools = (): CdpPipe => {
    const pipe = options.devtools();
    if (!pipe) throw new Error('no browser on a screen: this device runs headless (the display is only served)');
    return pipe;
  };
  return {
    get name() {
      return options.devtools() ? 'browser' : 'headless';
    },
    reloadDisplay: (reason) => options.acks.reloaded(reason, () => options.server.reloadClients()),
    confirmDrawn: (what, test) => options.acks.confirm(what, () => undefined, test),
    captureScreenshot: async () => captureChromiumScreenshot(devtools()),
    setDisplayPower: async (on) => void (await options.power.set(on, 'requested')),
    displayPower: (): DisplayPower => (options.power.state.power === 'on' || options.power.state.power === 'off' ? options.power.state.power : 'unknown'),
    // Under systemd (Restart=always) a clean exit is a restart.
    restartApp: async () => void process.kill(process.pid, 'SIGTERM'),
    rendererMemoryBytes: async () => null,
  };
}
