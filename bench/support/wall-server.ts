import path from 'node:path';
import type { DisplayModel } from '../../device/model/display-model.js';
import { serveModels, type ModelServer } from '../../test/support/model-server.js';

/**
 * The real display server with `model`, serving this checkout's build (dist/display), or the
 * build in BENCH_DISPLAY_ASSETS: how another version of the display is measured by the same
 * benchmark, "before" beside "after".
 */
export function serveWall(model: DisplayModel): Promise<ModelServer> {
  const other = process.env.BENCH_DISPLAY_ASSETS;
  return other ? serveModels(model, path.resolve(other)) : serveModels(model);
}
