import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { createLogger } from '../log.js';
import { findChromium } from '../shell/launcher.js';
import { renderWall } from '../shell/wall-render.js';
import { configFromFlags } from '../config.js';
import { UsageError } from '../start-flags.js';
import { modelAt, momentFlag } from './model-command.js';

/** `luach screenshot --at ISO --out FILE.png [--width W --height H]`: the wall at a moment, drawn by Chromium. */
export async function screenshotCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      config: { type: 'string' },
      at: { type: 'string' },
      out: { type: 'string' },
      width: { type: 'string' },
      height: { type: 'string' },
    },
  });
  if (!values.out) throw new UsageError('screenshot: --out FILE.png is required');
  const size = (flag: 'width' | 'height', fallback: number) => {
    const value = values[flag] === undefined ? fallback : Number(values[flag]);
    if (!Number.isInteger(value) || value < 320 || value > 7680)
      throw new UsageError(`--${flag}: expected whole pixels between 320 and 7680, got "${values[flag]}"`);
    return value;
  };
  const width = size('width', 1920);
  const height = size('height', 1080);
  const chromium = findChromium(process.env);
  if (!chromium) throw new UsageError('screenshot: no Chromium on PATH (apt-get install chromium)');
  const at = momentFlag(values.at);
  const model = await modelAt(configFromFlags(values, process.env), at);
  const png = await renderWall({ model, at, width, height, chromium, logger: createLogger({ level: 'warn', stdout: false }) });
  fs.writeFileSync(values.out, png);
  process.stdout.write(`wrote ${values.out}: ${width}x${height}, ${model.header.synagogueName} at ${at.toISOString()}\n`);
  return 0;
}
