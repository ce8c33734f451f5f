import { systemClock } from '../clock.js';
import type { DeviceConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { ChromiumKiosk } from '../shell/chromium-kiosk.js';
import type { DisplayServer } from '../shell/display-server.js';
import { appRoot } from '../shell/display-server.js';
import { earlyPaint, earlyWallPlace, sameAs, startEarlyWall } from '../shell/early-wall.js';
import { chooseShell, findChromium } from '../shell/launcher.js';
import { parseStartFlags, startFlagsArgv } from '../start-flags.js';
import { appVersionAt } from '../update/release-layout.js';
import { StartFailed } from './cli-errors.js';

/** How long a stop may take before the process ends regardless (systemd's TimeoutStopSec is longer). */
const STOP_DEADLINE_MS = 10_000;

/**
 * `luach start`: the device in the browser shell, or handed to Electron when its binary is here.
 * Standalone (`--standalone` or config.json's `standalone`), the device runs its own gateway
 * and serves the console first, then shows the wall in the browser shell (system Chromium).
 *
 * A restart in the browser shell first shows the wall it showed last, when that is still the
 * wall for now (device/shell/early-wall.ts), before the config's schema, the logger, the
 * calendar and the device's other parts are loaded. With a screen, the kiosk is started on that
 * wall at once, and the device's other parts load once it has drawn: the wall first.
 */
export async function startCommand(args: string[]): Promise<number> {
  const flags = parseStartFlags(args, true);
  // A release is what its package.json says: the one the boot chose (device/boot.ts) may be a self-updated one.
  const appDir = appRoot();
  const appVersion = appVersionAt(appDir) ?? 'dev';
  const shell = chooseShell(process.env, flags.headless);
  const place = flags.standalone || shell.kind === 'electron' ? null : earlyWallPlace(flags, process.env);
  // Once a wall is served, a stop (systemd's, a person's Ctrl-C) is a clean stop, whenever it comes.
  let stopSignal = place ? firstStopSignal() : undefined;
  let early: DisplayServer | null = place ? await startEarlyWall({ ...place, appVersion, now: systemClock.now() }) : null;
  if (early) printAddress(shell, early.url);
  let loaded: DeviceConfig;
  let logger: Logger;
  const [{ configFromFlags, standaloneConfig }, { createLogger }] = await Promise.all([import('../config.js'), import('../log.js')]);
  try {
    loaded = configFromFlags(flags, process.env);
    logger = createLogger({ level: loaded.logLevel, file: loaded.logFile, maxBytes: loaded.logMaxBytes });
  } catch (error) {
    await early?.stop();
    throw error;
  }
  if (early && place && !sameAs(place, loaded)) {
    logger.warn({ event: 'display.early-withdrawn' }, 'the config serves the wall elsewhere than the early one; starting afresh');
    await early.stop();
    early = null;
  }
  if (early) logger.info({ event: 'display.early', url: early.url }, 'showing the kept model while the device starts');
  const standaloneSettings = loaded.standalone ?? (flags.standalone ? standaloneConfig(true) : undefined);
  const standalone = standaloneSettings
    ? await (await import('./standalone.js')).startStandalone({ config: { ...loaded, standalone: standaloneSettings }, clock: systemClock, logger, appVersion })
    : undefined;
  const config = standalone?.config ?? loaded;
  if (shell.kind === 'electron' && !standalone) {
    // The Electron main process composes the same device itself, from the same flags.
    const { spawn } = await import('node:child_process');
    const child = spawn(shell.binary, [appDir, ...startFlagsArgv(flags)], { stdio: 'inherit' });
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  }
  const chromium = shell.kind === 'chromium' ? shell.binary : shell.kind === 'electron' ? findChromium(process.env) : null;
  const kiosk = early && chromium && stopSignal ? await showEarlyWall(early, chromium, config, logger, stopSignal) : undefined;
  const [{ composeDevice }, { browserShell }] = await Promise.all([import('../compose-device.js'), import('../shell/browser-shell.js')]);
  const device = composeDevice(browserShell({ chromium, early: early ?? undefined, kiosk }), {
    config,
    clock: systemClock,
    logger,
    env: process.env,
    appVersion,
    pid: process.pid,
    update: { appDir },
  });
  // The last resort: a promise nobody awaited is logged and the wall goes on; an exception that
  // reached the top leaves the state unknown, so the device stops and systemd starts it afresh.
  process.on('unhandledRejection', (reason) =>
    logger.error({ event: 'unhandled-rejection', error: String(reason) }, 'a promise failed unhandled; carrying on'),
  );
  process.once('uncaughtException', (error) => {
    logger.fatal({ event: 'uncaught-exception', error: error.stack ?? error.message }, 'stopping: the process state is unknown');
    void device
      .stop()
      .then(() => standalone?.stop())
      .finally(() => {
        logger.flush();
        process.exit(70);
      });
  });
  try {
    await device.start(() => {
      if (!early) printAddress(shell, device.shell.address);
    });
    if (standalone) {
      await standalone.attach(device);
      process.stdout.write(`Luach console: ${standalone.consoleUrl} (on this machine: ${standalone.localUrl}/)\n`);
    }
  } catch (error) {
    await standalone?.stop().catch(() => undefined);
    // A start refused before the device had the early server (another luach holds the data directory) takes it down too.
    await kiosk?.stop().catch(() => undefined);
    await early?.stop().catch(() => undefined);
    logger.fatal({ event: 'start.failed', error: (error as Error).message }, 'could not start');
    logger.flush();
    throw new StartFailed((error as Error).message);
  }

  stopSignal ??= firstStopSignal();
  const signal = await stopSignal;
  logger.info({ event: 'stopping', signal }, 'stopping');
  // A part that hangs on the way out (a broker that never answers, a stuck request) must not
  // keep the wall from coming back: past the deadline the process ends, and its supervisor starts it again.
  const deadline = setTimeout(() => {
    logger.error({ event: 'stop.timeout', seconds: STOP_DEADLINE_MS / 1000 }, 'stopping took too long; ending the process');
    logger.flush();
    process.exit(1);
  }, STOP_DEADLINE_MS);
  deadline.unref();
  await device.stop();
  await standalone?.stop();
  clearTimeout(deadline);
  logger.flush();
  return 0;
}

/**
 * The kiosk on the early wall, before the device's other parts load; resolves once it has drawn
 * (or EARLY_PAINT_WAIT_MS has passed, or a stop was asked for) with the kiosk, which the browser
 * shell then takes over. Undefined, and the shell starts Chromium itself as on a first start,
 * when the data directory is another luach's (its profile is that one's kiosk's; the device's
 * start then says so) or Chromium cannot be started.
 */
async function showEarlyWall(
  early: DisplayServer,
  binary: string,
  config: DeviceConfig,
  logger: Logger,
  stop: Promise<string>,
): Promise<ChromiumKiosk | undefined> {
  const [{ lockDataDir, DataDirInUse }, { wallKiosk }] = await Promise.all([import('../host/data-dir-lock.js'), import('../shell/chromium-kiosk.js')]);
  try {
    // Held from here on: the device's start takes it again as the same process.
    lockDataDir(config.dataDir);
  } catch (error) {
    if (error instanceof DataDirInUse) return undefined;
    throw error;
  }
  const kiosk = wallKiosk({ binary, url: early.url, dataDir: config.dataDir, flags: config.chromiumFlags, logger, clock: systemClock });
  try {
    await kiosk.start();
  } catch (error) {
    logger.warn({ event: 'kiosk.early-failed', error: (error as Error).message }, 'could not start the kiosk early; the display starts it');
    await kiosk.stop().catch(() => undefined);
    return undefined;
  }
  logger.info({ event: 'kiosk.early' }, 'the kiosk shows the kept model while the device starts');
  const painted = await earlyPaint(early.firstPaint, systemClock, stop);
  // Milliseconds since the process started: how long a restart kept the wall dark.
  if (painted) logger.info({ event: 'display.early-painted', ms: early.firstPaintMs }, 'the kiosk drew the kept model');
  return kiosk;
}

/** The first SIGINT or SIGTERM: the process stops cleanly once it is up, however early the signal came. */
function firstStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

/** The line a person (and the tests) read the wall's address from. */
function printAddress(shell: ReturnType<typeof chooseShell>, address: string | undefined): void {
  process.stdout.write(`Luach display: ${address}\n`);
  if (shell.kind === 'headless') process.stdout.write(`headless: ${shell.reason}; open the URL above in a browser\n`);
}
