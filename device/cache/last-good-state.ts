import fs from 'node:fs';
import path from 'node:path';
import type { StateSource } from '../model/snapshot.js';

/** The newest target state this device built a model from, as it came (so it can be applied again). */
export interface LastGoodState {
  etag: string | null;
  source: StateSource;
  state: unknown;
}

/**
 * Where the last state that showed is kept, beside the cache: if the committed state ever fails
 * to build a model (a later date the rules cannot handle, a release that reads it differently),
 * the device falls back to this one and keeps syncing, so a fix in the cloud still reaches it.
 */
export function lastGoodFile(cacheFile: string): string {
  return path.join(path.dirname(cacheFile), 'last-good-state.json');
}

/** Write atomically (a whole old file or a whole new one, never half of one). */
export function saveLastGood(file: string, value: LastGoodState): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(value));
  fs.renameSync(temp, file);
}

/** The saved state, or null when there is none or it cannot be read. */
export function readLastGood(file: string): LastGoodState | null {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LastGoodState>;
    return value && typeof value === 'object' && 'state' in value && (value.source === 'cloud' || value.source === 'demo')
      ? { etag: typeof value.etag === 'string' ? value.etag : null, source: value.source, state: value.state }
      : null;
  } catch {
    return null;
  }
}
