// The Electron entry point: app lifecycle only. It reads the same flags as `luach start`, and
// hands composeDevice the Electron shell; every part and job of the device is built there, as
// for the browser shell. A restart first opens the kiosk on the wall it showed last
// (device/shell/electron-early.ts), and loads the device's other parts once that is drawn.
// Everything with a decision in it lives in device/ and is tested there.
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, Menu, powerSaveBlocker, protocol, session } from 'electron';
import { systemClock } from './clock.js';
import { createLogger } from './log.js';
import { appRoot, displayAssetsDir } from './shell/display-server.js';
import { hardenApp } from './shell/electron-hardening.js';
import { APP_SCHEME_PRIVILEGES } from './shell/electron-protocol.js';
import { showKeptWall } from './shell/electron-early.js';
import { electronShell } from './shell/electron-shell.js';
import { platformFlags } from './shell/electron-window-options.js';
import { configFromFlags } from './config.js';
import { parseStartFlags } from './start-flags.js';
import { appVersionAt } from './update/release-layout.js';

// Electron's Node caches compiled code: the chunks loaded after the wall is up (MQTT, telemetry) start faster the next time.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const here = path.dirname(fileURLToPath(import.meta.url));
const production = app.isPackaged;

// Chromium reads its switches and the scheme table before 'ready'; both must be set at load.
const flags = platformFlags(process.env, process.argv);
for (const [name, value] of flags.switches) {
  if (value === undefined) app.commandLine.appendSwitch(name);
  else app.commandLine.appendSwitch(name, value);
}
if (flags.disableGpu) app.disableHardwareAcceleration();
protocol.registerSchemesAsPrivileged(APP_SCHEME_PRIVILEGES);
Menu.setApplicationMenu(null);

// Without a handler Electron shows a modal "JavaScript error in the main process" dialog that no
// one will click on a wall; exit instead, and let systemd (Restart=always) start a clean process.
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

/** Under systemd the unit restarts us (app.relaunch would spawn outside the unit's main pid). */
const supervised = Boolean(process.env.INVOCATION_ID || process.env.NOTIFY_SOCKET);

if (!app.requestSingleInstanceLock()) {
  // A second kiosk on the same screen would fight the first for the display; leave it be.
  app.quit();
} else {
  // A start that fails (a bad config file, an unreadable cache) exits non-zero, for systemd to see.
  app.whenReady().then(start).catch(fail);
}

async function start(): Promise<void> {
  const config = configFromFlags(parseStartFlags(process.argv.slice(1), false), process.env);
  const logger = createLogger({ level: config.logLevel, file: config.logFile, maxBytes: config.logMaxBytes });
  hardenApp(app, { production, refused: (what, detail) => logger.warn({ event: 'shell.refused', what, detail }, 'refused') });

  const relaunch = (reason: string) => {
    logger.fatal({ event: 'app.relaunch', reason, supervised }, 'relaunching');
    logger.flush();
    if (!supervised) app.relaunch();
    app.exit(supervised ? 1 : 0);
  };
  const electron = { BrowserWindow, ipcMain, protocol, session: session.defaultSession, powerSaveBlocker, appMetrics: () => app.getAppMetrics(), relaunch };
  const base = { electron, assetsDir: displayAssetsDir(), preload: path.join(here, 'preload.cjs'), production };
  // The version of the release the boot chose (device/boot.ts), which may be a self-updated one, not the installed package's.
  const appVersion = appVersionAt(appRoot()) ?? app.getVersion();
  const early = await showKeptWall(base, { config, clock: systemClock, logger, appVersion });
  // Loaded only now: on a restart the kiosk has drawn the kept wall by this time.
  const { composeDevice } = await import('./compose-device.js');
  const device = composeDevice(electronShell(base, early), {
    config,
    clock: systemClock,
    logger,
    env: process.env,
    appVersion,
    pid: process.pid,
    update: { appDir: appRoot() },
  });
  await device.start();

  // Quit waits for the device to stop (the MQTT link says goodbye, the cache closes cleanly).
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    device
      .stop()
      .catch((error: unknown) => logger.error({ event: 'stop.failed', error: String(error) }, 'the device did not stop cleanly'))
      .finally(() => {
        stopped = true;
        logger.flush();
        app.exit(0);
      });
  });
  process.once('SIGTERM', () => app.quit());
  process.once('SIGINT', () => app.quit());
}

function fail(error: unknown): void {
  process.stderr.write(`luach: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  app.exit(1);
}
