import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { CACHE_SCHEMA_VERSION } from '../cache/migrations.js';
import { migrate } from '../cache/open-cache.js';
import { sqliteDatabase } from '../cache/sqlite-database.js';
import { applyTargetState, readSnapshot } from '../cache/target-state-store.js';
import { systemClock } from '../clock.js';
import { demoTargetState } from '../demo/demo-state.js';
import { checkClockTrust, ntpFlag } from '../host/clock-trust.js';
import { detectDisplayCapability } from '../host/display-capability.js';
import { buildDisplayModel } from '../model/build-display-model.js';
import type { DeviceConfig } from '../config.js';
import type { DisplayModel } from '../model/display-model.js';
import { configFromFlags } from '../config.js';
import { UsageError } from '../start-flags.js';

/** `luach model [--at ISO]`: the DisplayModel for a moment, with how each time was computed. */
export async function modelCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, config: { type: 'string' }, at: { type: 'string' } } });
  const model = modelAt(configFromFlags(values, process.env), momentFlag(values.at));
  process.stdout.write(`${JSON.stringify(model, null, 2)}\n`);
  return 0;
}

/** The --at flag, or now. */
export function momentFlag(at: string | undefined): Date {
  const moment = at === undefined ? systemClock.now() : new Date(at);
  if (Number.isNaN(moment.getTime())) throw new UsageError(`--at: expected an ISO 8601 time such as 2026-12-04T16:00:00+02:00, got "${at}"`);
  return moment;
}

/**
 * The model the device would show at `at`. An operator's question must not change the device:
 * an existing cache is opened read-only (the running display may own it); without one, the
 * demo is answered from memory. The clock is judged by the timesync flag only: nothing spawned.
 */
export function modelAt(config: DeviceConfig, at: Date): DisplayModel {
  const existing = fs.existsSync(config.cacheFile);
  const db = existing ? sqliteDatabase(config.cacheFile, { readonly: true, fileMustExist: true }) : sqliteDatabase(':memory:');
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
    const clockVerified = checkClockTrust(systemClock.now(), ntpFlag()).verified;
    return buildDisplayModel({ snapshot, now: at, clockVerified, online: null, detectedTransitions: detectDisplayCapability().transitions });
  } finally {
    db.close();
  }
}
