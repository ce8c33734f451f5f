import { systemClock } from '../clock.js';
import { composeDevice } from '../compose-device.js';
import { createLogger } from '../log.js';
import { browserShell } from '../shell/browser-shell.js';
import { appRoot } from '../shell/display-server.js';
import { chooseShell } from '../shell/launcher.js';
import { configFromFlags, parseStartFlags, startFlagsArgv } from '../start-flags.js';
import { appVersionAt } from '../update/release-layout.js';
import { StartFailed } from './cli-errors.js';

/** `luach start`: the device in the browser shell, or handed to Electron when its binary is here. */
export async function startCommand(args: string[]): Promise<number> {
  const flags = parseStartFlags(args, true);
  const config = configFromFlags(flags, process.env);
  const logger = createLogger({ level: config.logLevel, file: config.logFile, maxBytes: config.logMaxBytes });
  const shell = chooseShell(process.env, flags.headless);
  if (shell.kind === 'electron') {
    // The Electron main process composes the same device itself, from the same flags.
    const { spawn } = await import('node:child_process');
    const child = spawn(shell.binary, [appRoot(), ...startFlagsArgv(flags)], { stdio: 'inherit' });
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  }
  // A release is what its package.json says: the one the boot chose (device/boot.ts) may be a self-updated one.
  const appDir = appRoot();
  const device = composeDevice(browserShell({ chromium: shell.kind === 'chromium' ? shell.binary : null }), {
    config,
    clock: systemClock,
    logger,
    env: process.env,
    appVersion: appVersionAt(appDir) ?? 'dev',
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
    void device.stop().finally(() => {
      logger.flush();
      process.exit(70);
    });
  });
  try {
    await device.start(() => {
      process.stdout.write(`Luach display: ${device.shell.address}\n`);
      if (shell.kind === 'headless') process.stdout.write(`headless: ${shell.reason}; open the URL above in a browser\n`);
    });
  } catch (error) {
    logger.fatal({ event: 'start.failed', error: (error as Error).message }, 'could not start');
    logger.flush();
    throw new StartFailed((error as Error).message);
  }

  return new Promise((resolve) => {
    const stop = async (signal: string) => {
      logger.info({ event: 'stopping', signal }, 'stopping');
      await device.stop();
      logger.flush();
      resolve(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  });
}
