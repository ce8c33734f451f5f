import fs from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { systemClock } from './clock.js';
import { checkClockTrust } from './clock-trust.js';
import { ConfigError, loadConfig, type DeviceConfig } from './config.js';
import { createLogger } from './log.js';
import { migrate } from './cache/open-cache.js';
import { CACHE_SCHEMA_VERSION } from './cache/migrations.js';
import { applyTargetState, readSnapshot } from './cache/target-state-store.js';
import { demoTargetState } from './demo/demo-state.js';
import { buildDisplayModel } from './model/build-display-model.js';
import { Runtime } from './runtime.js';
import { DisplayServer, displayAssetsDir } from './shell/display-server.js';
import { chooseShell, electronBinary, findChromium, launchChromiumKiosk } from './shell/launcher.js';
import { browserShellEffects } from './shell/browser-effects.js';
import { ScreenPower } from './shell/power.js';
import { detectDisplayCapability } from './shell/display-capability.js';
import { runSystemCommand } from './commands/system-command.js';
import { doctorReport } from './doctor.js';
import { pairThisDevice } from './pair.js';
import { calendarAnswer, parseCalendarArgs, parseYahrzeitArgs, yahrzeitAnswer } from './calendar/answers.js';

const USAGE = `usage: luach <command> [options]

commands:
  start [--data DIR] [--port N] [--headless] [--config FILE]
        open the cache, serve the display on 127.0.0.1 and open it in Electron or Chromium
  model [--data DIR] [--at ISO-TIME]
        print the DisplayModel for that moment as JSON ("why does the screen show X?")
  doctor [--data DIR]
        print what the device sees: shell, cache, clock, cloud and broker configuration
  pair --api URL --broker URL --code CODE [--data DIR]
        trade the pairing code the cloud shows for this device's credentials (written to config.json)
  calendar --date YYYY-MM-DD --lat DEG --lon DEG --tz IANA [--elevation M] [--il]
           [--candle-mins N] [--havdalah-mins N | --havdalah-deg D]
        print the Hebrew date, parasha, holidays and zmanim of a day as JSON
  yahrzeit (--died YYYY-MM-DD [--after-sunset] | --hebrew "DAY MONTH YEAR") --from YEAR --to YEAR
        print the yahrzeit observances whose daytime falls in those Gregorian years
`;

/** Stamped into the bundle by scripts/build.ts; 'dev' when run from source. */
const APP_VERSION = process.env.LUACH_APP_VERSION ?? 'dev';

/** A usage problem: printed as one line, exit code 2. */
class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return start(rest);
    case 'model':
      return printModel(rest);
    case 'doctor':
      return doctor(rest);
    case 'pair':
      return pair(rest);
    case 'calendar':
      return printJson(calendarAnswer(parseCalendarArgs(rest)));
    case 'yahrzeit':
      return printJson(yahrzeitAnswer(parseYahrzeitArgs(rest)));
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"; run \`luach help\``);
  }
}

function configFrom(values: { data?: string; config?: string; port?: string }): DeviceConfig {
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a port number 0-65535, got "${values.port}"`);
  }
  return loadConfig({ dataDir: values.data, configFile: values.config, port, env: process.env });
}

async function start(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, port: { type: 'string' }, config: { type: 'string' }, headless: { type: 'boolean', default: false } },
  });
  const config = configFrom(values);
  const logger = createLogger({ level: config.logLevel, file: config.logFile, maxBytes: config.logMaxBytes });
  const shell = chooseShell(process.env, values.headless ?? false);
  if (shell.kind === 'electron') {
    // The Electron main process runs the runtime itself and loads the display from the app.
    const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const child = spawn(shell.binary, [appDir, `--data=${config.dataDir}`], { stdio: 'inherit' });
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  }
  let browser: ReturnType<typeof launchChromiumKiosk> | undefined;
  const power = new ScreenPower({ run: (argv) => runSystemCommand(argv, 10_000), env: process.env, now: () => systemClock.now() });
  // The server feeds the display from the runtime; the runtime asks the server to reload displays.
  const server: DisplayServer = new DisplayServer({
    feed: { current: () => runtime.current(), subscribe: (listener) => runtime.subscribe(listener) },
    assetsDir: displayAssetsDir(),
    port: config.port,
    logger,
  });
  const runtime: Runtime = new Runtime({
    config,
    clock: systemClock,
    logger,
    clockTrust: (now) => checkClockTrust(now),
    appVersion: APP_VERSION,
    shell: browserShellEffects({ chromium: () => browser, server, power }),
  });
  runtime.start();
  const url = await server.start();
  logger.info({ event: 'display.serving', url, shell: shell.kind }, 'display served');
  process.stdout.write(`Luach display: ${url}\n`);
  if (shell.kind === 'chromium') browser = launchChromiumKiosk(shell.binary, url, path.join(config.dataDir, 'chromium'));
  else process.stdout.write(`headless: ${shell.reason}; open the URL above in a browser\n`);

  return new Promise((resolve) => {
    const stop = async (signal: string) => {
      logger.info({ event: 'stopping', signal }, 'stopping');
      browser?.kill('SIGTERM');
      await server.stop();
      await runtime.stop();
      logger.flush();
      resolve(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  });
}

function printModel(args: string[]): number {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, config: { type: 'string' }, at: { type: 'string' } } });
  const at = values.at === undefined ? systemClock.now() : new Date(values.at);
  if (Number.isNaN(at.getTime())) throw new UsageError(`--at: expected an ISO 8601 time such as 2026-12-04T16:00:00+02:00, got "${values.at}"`);
  const config = configFrom(values);
  // An operator's question must not change the device: an existing cache is opened read-only
  // (the running display may own it); without one, the demo is answered from memory.
  const existing = fs.existsSync(config.cacheFile);
  const db = existing ? new Database(config.cacheFile, { readonly: true, fileMustExist: true }) : new Database(':memory:');
  try {
    if (!existing) migrate(db);
    else if (db.pragma('user_version', { simple: true }) !== CACHE_SCHEMA_VERSION)
      throw new UsageError(`${config.cacheFile} was written by another version of luach; start luach once to bring it up to date`);
    let snapshot = readSnapshot(db);
    if (!snapshot && existing) throw new UsageError(`${config.cacheFile} holds no state yet; start luach once`);
    if (!snapshot) {
      applyTargetState(db, demoTargetState(at), { etag: null, source: 'demo', now: at });
      snapshot = readSnapshot(db)!;
    }
    const model = buildDisplayModel({
      snapshot,
      now: at,
      clockVerified: checkClockTrust(systemClock.now()).verified,
      online: null,
      detectedTransitions: detectDisplayCapability().transitions,
    });
    process.stdout.write(`${JSON.stringify(model, null, 2)}\n`);
    return 0;
  } finally {
    db.close();
  }
}

async function pair(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, config: { type: 'string' }, api: { type: 'string' }, broker: { type: 'string' }, code: { type: 'string' } },
  });
  for (const flag of ['api', 'broker', 'code'] as const)
    if (!values[flag]) throw new UsageError(`pair: --${flag} is required (luach pair --api URL --broker URL --code CODE)`);
  const config = configFrom(values);
  let deviceId: string;
  try {
    ({ deviceId } = await pairThisDevice({ configFile: config.configFile, apiUrl: values.api!, brokerUrl: values.broker!, code: values.code! }));
  } catch (error) {
    process.stderr.write(`luach: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`paired as ${deviceId}; credentials written to ${config.configFile}. Restart luach to connect.\n`);
  return 0;
}

function printJson(value: unknown): number {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  return 0;
}

function doctor(args: string[]): number {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, config: { type: 'string' } } });
  const config = configFrom(values);
  const shell = {
    wouldUse: chooseShell(process.env, false),
    electron: electronBinary() ?? 'not downloaded (npm run electron:fetch)',
    chromium: findChromium(process.env) ?? 'not found',
    displayServer: process.env.WAYLAND_DISPLAY ? `wayland ${process.env.WAYLAND_DISPLAY}` : process.env.DISPLAY ? `x11 ${process.env.DISPLAY}` : 'none',
  };
  process.stdout.write(`${JSON.stringify(doctorReport(config, systemClock.now(), shell), null, 2)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (
      error instanceof ConfigError ||
      error instanceof UsageError ||
      error instanceof RangeError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`luach: ${(error as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`luach: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
