import type { Clock } from '../clock.js';
import type { DeviceConfig } from '../config.js';
import { DataDirInUse, lockDataDir } from '../host/data-dir-lock.js';
import type { ScreenPower } from '../host/power.js';
import type { Logger } from '../log.js';
import { earlyPaint, keptWall } from './early-wall.js';
import { ElectronShell, type ElectronShellBase } from './electron-shell.js';

/**
 * The screen's power before the device is composed: nothing can ask to switch it yet (commands,
 * the schedule and telemetry come with the device, which hands the shell its own).
 */
const POWER_NOT_YET: Pick<ScreenPower, 'set' | 'state'> = {
  state: { power: 'unknown' },
  set: () => Promise.reject(new Error('the device has not started yet')),
};

export interface KeptWallOptions {
  config: Pick<DeviceConfig, 'cacheFile' | 'dataDir'>;
  clock: Clock;
  logger: Logger;
  appVersion: string;
}

/**
 * A restart of the Electron kiosk shows the wall it showed last before the device is composed:
 * when the cache keeps a model that is still the wall for now (device/shell/early-wall.ts), the
 * kiosk window opens on it at once, and this resolves once the page has drawn it (or
 * EARLY_PAINT_WAIT_MS has passed) with the shell, which `electronShell(base, early)` then gives
 * the device's feed. Undefined when there is no such model, or when another luach holds the data
 * directory (the device's start then refuses, in one line): main.ts starts the slow way.
 */
export async function showKeptWall(base: ElectronShellBase, options: KeptWallOptions): Promise<ElectronShell | undefined> {
  const { config, clock, logger } = options;
  const kept = keptWall(config, options.appVersion, clock.now());
  if (!kept) return undefined;
  try {
    // Held from here on: the device's start takes it again as the same process.
    lockDataDir(config.dataDir);
  } catch (error) {
    if (error instanceof DataDirInUse) return undefined;
    throw error;
  }
  const shell = new ElectronShell({ ...base, ...kept, clock, logger, power: POWER_NOT_YET });
  await shell.start();
  logger.info({ event: 'display.early', shell: 'electron' }, 'the kiosk shows the kept model while the device starts');
  const painted = await earlyPaint(shell.firstPaint, clock);
  // Milliseconds since the process started: how long a restart kept the wall dark.
  if (painted) logger.info({ event: 'display.early-painted', ms: shell.firstPaintMs }, 'the kiosk drew the kept model');
  return shell;
}
