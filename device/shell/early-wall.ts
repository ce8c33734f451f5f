import fs from 'node:fs';
import path from 'node:path';
import { readShownModel, type ShownModel } from '../cache/shown-model.js';
import type { Clock } from '../clock.js';
import { dataDirOf } from '../data-dir.js';
import { DEFAULT_PORT, type StartFlags } from '../start-flags.js';
import { checkClockTrust, ntpFlag } from '../host/clock-trust.js';
import type { DisplayModel } from '../model/display-model.js';
import type { ModelFeed } from '../model/model-feed.js';
import { DisplayServer, displayAssetsDir } from './display-server.js';
import type { MediaLibrary } from './media-route.js';

/**
 * How long a restart's device waits for its kiosk to draw the early wall before loading the rest
 * (the link, telemetry, commands, updates): longer than a Pi's Chromium or Electron takes to
 * start and draw, even from a cold SD card after a power cut. Past it (a kiosk that cannot draw)
 * the rest loads anyway, so the cloud can still reach the device.
 */
const EARLY_PAINT_WAIT_MS = 20_000;

/**
 * Wait for a kiosk to draw the early wall: true once `firstPaint` resolves, false when
 * EARLY_PAINT_WAIT_MS passes first or `stop` (a stop asked for meanwhile) resolves.
 */
export async function earlyPaint(firstPaint: Promise<void>, clock: Clock, stop?: Promise<unknown>): Promise<boolean> {
  let cancel = () => {};
  const painted = await Promise.race([
    firstPaint.then(() => true),
    new Promise<false>((resolve) => (cancel = clock.at(new Date(clock.now().getTime() + EARLY_PAINT_WAIT_MS), () => resolve(false)))),
    ...(stop ? [stop.then(() => false)] : []),
  ]);
  cancel();
  return painted;
}

/** Where a start will serve its wall: the data directory (and so the cache) and the display's port. */
export interface EarlyWallPlace {
  dataDir: string;
  cacheFile: string;
  port: number;
}

export interface EarlyWallOptions extends EarlyWallPlace {
  appVersion: string;
  now: Date;
}

/**
 * The place, read from the flags, the environment and config.json's own words, without the
 * config's schema (not loaded yet): the start checks it against the loaded config afterwards
 * and takes the early wall down if they differ (`sameAs`). Null for a screen config.json makes
 * standalone, and when config.json cannot be read plainly: the config's load then says why.
 */
export function earlyWallPlace(flags: Pick<StartFlags, 'data' | 'config' | 'port'>, env: NodeJS.ProcessEnv): EarlyWallPlace | null {
  const dataDir = dataDirOf(flags.data, env);
  const configFile = path.resolve(flags.config ?? env.LUACH_CONFIG ?? path.join(dataDir, 'config.json'));
  let file: { port?: unknown; standalone?: unknown } = {};
  try {
    file = JSON.parse(fs.readFileSync(configFile, 'utf8')) as typeof file;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return null;
  }
  if (typeof file !== 'object' || file === null || (file.standalone !== undefined && file.standalone !== false)) return null;
  const port = Number(flags.port ?? env.LUACH_PORT ?? file.port ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return null;
  return { dataDir, cacheFile: path.join(dataDir, 'cache.sqlite'), port };
}

/** Whether the loaded config serves the wall where the early one was started. */
export function sameAs(place: EarlyWallPlace, config: { cacheFile: string; port: number; standalone?: unknown }): boolean {
  return config.cacheFile === place.cacheFile && config.port === place.port && !config.standalone;
}

/**
 * A restart's wall before the device is up: when the cache keeps the model the wall last showed
 * and it is still the one to show now (device/cache/shown-model.ts), the display server starts
 * at once with it, and with nothing else loaded (no calendar, no schemas, no cloud). The device
 * then builds its own model and takes the server over (browserShell's `early`); the page sees
 * the same wall, then the same wall again. Null when there is no such model: the start goes the
 * slow way. The device's logger is not loaded yet: until the device takes the server over (well
 * under a second), a malformed request is answered 400 but not logged.
 */
export async function startEarlyWall(options: EarlyWallOptions): Promise<DisplayServer | null> {
  const kept = keptWall(options, options.appVersion, options.now);
  if (!kept) return null;
  const server = new DisplayServer({
    feed: kept.feed,
    assetsDir: displayAssetsDir(),
    port: options.port,
    logger: { warn: () => {} },
    media: kept.media,
  });
  try {
    await server.start();
  } catch {
    // The port is taken (another luach on this data directory?): the slow way says so, with its logger.
    await server.stop();
    return null;
  }
  return server;
}

/**
 * The kept model as a restart shows it (both shells), with the files it shows; null when the
 * cache keeps none that is still the wall for `now`. What the kept model cannot know is made as a
 * fresh start makes it: nothing is known of the link yet, and the clock is judged by the
 * timesync flag, as the runtime's first model judges it.
 */
export function keptWall(place: Pick<EarlyWallPlace, 'cacheFile' | 'dataDir'>, appVersion: string, now: Date): { feed: ModelFeed; media: MediaLibrary } | null {
  const kept = readShownModel(place.cacheFile, appVersion, now);
  if (!kept) return null;
  const model: DisplayModel = {
    ...kept.model,
    status: { ...kept.model.status, online: null, clockVerified: checkClockTrust(now, ntpFlag()).verified },
  };
  return { feed: fixedFeed(model), media: keptMedia(kept, path.join(place.dataDir, 'assets')) };
}

/** One model, never a new one: the device's own feed replaces it. */
function fixedFeed(model: DisplayModel): ModelFeed {
  return { current: () => model, subscribe: () => () => {} };
}

/** The files the kept model shows, from the asset cache's directory (named by hash, verified when stored). */
function keptMedia(kept: ShownModel, dir: string): MediaLibrary {
  const types = new Map(kept.media.map((m) => [m.sha256, m.mimeType]));
  return {
    lookup: (sha256) => {
      const mimeType = types.get(sha256);
      return mimeType ? { file: path.join(dir, sha256), mimeType } : undefined;
    },
  };
}
