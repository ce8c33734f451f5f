import { parseArgs } from 'node:util';
import { systemClock } from '../clock.js';
import { doctorReport } from '../doctor.js';
import { probeNtp } from '../host/clock-trust.js';
import { appRoot } from '../shell/display-server.js';
import { chooseShell, electronBinary, findChromium } from '../shell/launcher.js';
import { configFromFlags } from '../config.js';
import { printJson } from './cli-errors.js';

/** `luach doctor`: what the device sees, secrets left out. */
export async function doctorCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, config: { type: 'string' } } });
  const config = configFromFlags(values, process.env);
  const env = process.env;
  const shell = {
    wouldUse: chooseShell(env, false),
    electron: electronBinary() ?? 'not downloaded (npm run electron:fetch)',
    chromium: findChromium(env) ?? 'not found',
    displayServer: env.WAYLAND_DISPLAY ? `wayland ${env.WAYLAND_DISPLAY}` : env.DISPLAY ? `x11 ${env.DISPLAY}` : 'none',
  };
  return printJson(doctorReport(config, systemClock.now(), await probeNtp(), shell, appRoot()));
}
