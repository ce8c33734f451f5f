import type { Command } from '../../cloud-sync/protocol/commands.js';
import type { CommandEffects } from './command-effects.js';
import { redactSecrets } from './redact-secrets.js';

/** A result must fit comfortably in one MQTT message; older log lines give way first. */
const MAX_LOG_BYTES = 256 * 1024;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The executor table: one accepted command -> its effect, resolving with the output reported in
 * `succeeded`. A rejection becomes `failed` with the error's message as the reason.
 */
export async function runCommand(command: Command, effects: CommandEffects): Promise<unknown> {
  switch (command.type) {
    case 'reload-display':
      await effects.reloadDisplay();
      return undefined;
    case 'restart-app':
      await effects.restartApp();
      return { restarting: true };
    case 'reboot':
      await effects.reboot();
      return { rebooting: true };
    case 'sync-now':
      return await effects.syncNow();
    case 'screenshot': {
      const png = await effects.captureScreenshot();
      if (!PNG_SIGNATURE.every((byte, i) => png[i] === byte)) throw new Error('the screenshot capture did not return a PNG image');
      return { screenshotId: await effects.uploadScreenshot(png), bytes: png.byteLength };
    }
    case 'set-settings':
      await effects.applySettings(command.params.settings);
      return { applied: Object.keys(command.params.settings) };
    case 'display-power':
      await effects.setDisplayPower(command.params.on);
      return { display: command.params.on ? 'on' : 'off' };
    case 'identify':
      await effects.identify(command.params.seconds);
      return { seconds: command.params.seconds };
    case 'collect-logs':
      return collectLogs(await effects.readLogLines(command.params.lines), command.params.lines);
    case 'clear-cache':
      return await effects.clearCacheAndResync();
    case 'update-software':
      return await effects.updateSoftware(command.params);
  }
}

function collectLogs(raw: string[], wanted: number): { lines: string[]; truncated: boolean } {
  const lines = raw.slice(-wanted).map(redactSecrets);
  let bytes = 0;
  let keepFrom = lines.length;
  while (keepFrom > 0 && bytes + Buffer.byteLength(lines[keepFrom - 1]!) + 3 <= MAX_LOG_BYTES) {
    keepFrom--;
    bytes += Buffer.byteLength(lines[keepFrom]!) + 3;
  }
  return { lines: lines.slice(keepFrom), truncated: keepFrom > 0 };
}
