// The `luach` command. Each command's module is loaded only when that command runs (each is
// its own chunk of the bundle), so `luach calendar` never loads MQTT and `luach start` reaches
// its first model before the cloud's parts are loaded.

const USAGE = `usage: luach <command> [options]

commands:
  start [--data DIR] [--port N] [--headless] [--config FILE]
        open the cache, serve the display on 127.0.0.1 and open it in Electron or Chromium
  model [--data DIR] [--at ISO-TIME]
        print the DisplayModel for that moment as JSON ("why does the screen show X?")
  doctor [--data DIR]
        print what the device sees: shell, cache, clock, cloud and broker configuration
  state apply FILE [--data DIR] | state export [--out FILE] [--data DIR]
        load a target-state JSON into the cache as a sync would (validated, all or nothing), or write the one it holds
  screenshot [--at ISO-TIME] --out FILE.png [--width W --height H] [--data DIR]
        render the wall at that moment through Chromium into a PNG
  pair --api URL --broker URL --code CODE [--data DIR]
        trade the pairing code the cloud shows for this device's credentials (written to config.json)
  calendar (--date YYYY-MM-DD | --at ISO-TIME) --lat DEG --lon DEG --tz IANA [--elevation M] [--il] [--walled]
           [--nusach ashkenaz|sefard|edot-hamizrach] [--candle-mins N] [--havdalah-mins N | --havdalah-deg D]
           [--date-switch sunset|tzeit] [--chanukah-candles tzeit|sunset+20|HH:mm]
        print a day as JSON: Hebrew date, parasha, holidays, zmanim, candles and havdalah, the Chanukah
        night, the omer count, chametz deadlines, fast times, Purim; --at: what is in effect at that moment
  yahrzeit (--died YYYY-MM-DD [--after-sunset] | --hebrew "DAY MONTH YEAR") --from YEAR --to YEAR
        print the yahrzeit observances whose daytime falls in those Gregorian years
`;

/** Errors that are the person's input: one line, exit code 2 (by name, so the dispatcher loads no module to know them). */
const USAGE_ERRORS = new Set(['ConfigError', 'UsageError', 'RangeError']);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return (await import('./cli/start-command.js')).startCommand(rest);
    case 'model':
      return (await import('./cli/model-command.js')).modelCommand(rest);
    case 'doctor':
      return (await import('./cli/doctor-command.js')).doctorCommand(rest);
    case 'pair':
      return (await import('./cli/pair-command.js')).pairCommand(rest);
    case 'state':
      return (await import('./cli/state-command.js')).stateCommand(rest);
    case 'screenshot':
      return (await import('./cli/screenshot-command.js')).screenshotCommand(rest);
    case 'calendar':
      return (await import('./cli/calendar-command.js')).calendarCommand(rest);
    case 'yahrzeit':
      return (await import('./cli/calendar-command.js')).yahrzeitCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`luach: unknown command "${command}"; run \`luach help\`\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const name = error instanceof Error ? error.name : '';
    if (name === 'StartFailed') {
      process.stderr.write(`luach: could not start: ${(error as Error).message}\n`);
      process.exitCode = 1;
    } else if (USAGE_ERRORS.has(name) || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`luach: ${(error as Error).message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`luach: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
