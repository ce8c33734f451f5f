import type { Shell, ShellEffects, ShellFactory } from '../../device/shell/shell.js';
import { TINY_PNG } from './recording-effects.js';

/**
 * A shell for a device whose screen this machine lacks: it takes the runtime's models, and its
 * effects record what was asked of the screen (a screenshot is a fixed PNG). Everything else
 * of the device (cache, sync, MQTT, jobs) is real.
 */
export function recordingShell(
  overrides: Partial<ShellEffects> = {},
  /** When the display "draws" its first model; at once unless a test says otherwise. */
  firstPaint: Promise<void> = Promise.resolve(),
): { factory: ShellFactory; calls: string[] } {
  const calls: string[] = [];
  let power: 'on' | 'off' = 'on';
  const effects: ShellEffects = {
    name: 'test',
    reloadDisplay: async (reason) => void calls.push(`reload: ${reason}`),
    confirmDrawn: async (what) => void calls.push(`confirmed: ${what}`),
    captureScreenshot: async () => TINY_PNG,
    setDisplayPower: async (on) => {
      calls.push(`power ${on ? 'on' : 'off'}`);
      power = on ? 'on' : 'off';
    },
    displayPower: () => power,
    restartApp: async (reason) => void calls.push(`restart: ${reason}`),
    rendererMemoryBytes: async () => null,
    ...overrides,
  };
  const factory: ShellFactory = () => {
    const shell: Shell = { effects, start: async () => {}, stop: async () => {}, healthy: () => true, firstPaint };
    return shell;
  };
  return { factory, calls };
}
