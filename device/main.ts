// The Electron entry point: app lifecycle only. It builds the runtime, hands it to the Electron
// shell, and wires the device-level jobs (sd_notify, the nightly maintenance reload).
// Everything with a decision in it lives in device/shell and is tested there.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, Menu, powerSaveBlocker, protocol, session } from 'electron';
import { systemClock } from './clock.js';
import { checkClockTrust } from './clock-trust.js';
import { runSystemCommand } from './commands/system-command.js';
import { loadConfig } from './config.js';
import { createLogger } from './log.js';
import type { DisplayModel } from './model/display-model.js';
import { Runtime } from './runtime.js';
import { displayAssetsDir } from './shell/display-server.js';
import { hardenApp } from './shell/electron-hardening.js';
import { APP_SCHEME_PRIVILEGES } from './shell/electron-protocol.js';
import { ElectronShell } from './shell/electron-shell.js';
import { platformFlags } from './shell/electron-window-options.js';
import { electronShellEffects } from './shell/electron-effects.js';
import { MaintenanceJobs } from './shell/maintenance-jobs.js';
import { ScreenPower } from './shell/power.js';
import { SystemdNotifier, systemdNotifySend } from './shell/systemd-notify.js';

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
  const dataDir = process.argv.find((a) => a.startsWith('--data='))?.slice('--data='.length);
  const config = loadConfig({ dataDir, env: process.env });
  const logger = createLogger({ level: config.logLevel, file: config.logFile, maxBytes: config.logMaxBytes });
  hardenApp(app, { production, refused: (what, detail) => logger.warn({ event: 'shell.refused', what, detail }, 'refused') });

  const power = new ScreenPower({ run: (argv) => runSystemCommand(argv, 10_000), env: process.env, now: () => systemClock.now() });
  const relaunch = (reason: string) => {
    logger.fatal({ event: 'app.relaunch', reason, supervised }, 'relaunching');
    logger.flush();
    if (!supervised) app.relaunch();
    app.exit(supervised ? 1 : 0);
  };
  // The shell reads the runtime's models and the runtime drives the shell (commands, the screen
  // schedule), so each gets the other through a closure that runs only after both exist.
  const shell: ElectronShell = new ElectronShell({
    electron: { BrowserWindow, ipcMain, protocol, session: session.defaultSession, powerSaveBlocker, appMetrics: () => app.getAppMetrics(), relaunch },
    feed: { current: (): DisplayModel => runtime.current(), subscribe: (listener) => runtime.subscribe(listener) },
    clock: systemClock,
    logger,
    assetsDir: displayAssetsDir(),
    preload: path.join(here, 'preload.cjs'),
    production,
  });
  const runtime: Runtime = new Runtime({
    config,
    clock: systemClock,
    logger,
    clockTrust: (now) => checkClockTrust(now),
    shell: electronShellEffects(shell, power, relaunch),
    appVersion: app.getVersion(),
  });
  runtime.start();
  await shell.start();

  const notifier = new SystemdNotifier({
    env: process.env,
    pid: process.pid,
    clock: systemClock,
    send: systemdNotifySend(process.env, process.pid),
    healthy: () => shell.status.watchdog?.phase !== 'relaunching',
  });
  await notifier.ready('showing the display').catch((error: unknown) => logger.warn({ event: 'sd-notify.failed', error: String(error) }, 'sd_notify failed'));

  const maintenance = new MaintenanceJobs({ snapshot: () => runtime.cacheSnapshot, reload: (reason) => shell.reload(reason), clock: systemClock, logger });
  maintenance.arm();
  runtime.subscribe(() => maintenance.armIfStateChanged());

  // Quit waits for the runtime to stop (the MQTT link says goodbye, the cache closes cleanly).
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    void notifier.stopping().catch(() => {});
    maintenance.disarm();
    shell.stop();
    runtime
      .stop()
      .catch((error: unknown) => logger.error({ event: 'stop.failed', error: String(error) }, 'runtime did not stop cleanly'))
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
