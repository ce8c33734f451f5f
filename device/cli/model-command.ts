import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { readShownModel } from '../cache/shown-model.js';
import { sqliteDatabase } from '../cache/sqlite-database.js';
import { systemClock } from '../clock.js';
import { checkClockTrust, ntpFlag } from '../host/clock-trust.js';
import type { DeviceConfig } from '../config.js';
import type { DisplayModel } from '../model/display-model.js';
import { appRoot } from '../shell/display-server.js';
import { earlyWallPlace } from '../shell/early-wall.js';
import { UsageError } from '../start-flags.js';
import { appVersionAt } from '../update/release-layout.js';

/**
 * `luach model [--at ISO]`: the DisplayModel for a moment, with how each time was computed.
 * When the moment falls in the model the wall keeps (device/cache/shown-model.ts), that is the
 * answer, its files included, with nothing else loaded; otherwise the model is built from the cache.
 */
export async function modelCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, config: { type: 'string' }, at: { type: 'string' } } });
  const at = momentFlag(values.at);
  const model = keptModelAt(values, at) ?? (await modelAt((await import('../config.js')).configFromFlags(values, process.env), at));
  process.stdout.write(`${JSON.stringify(model, null, 2)}\n`);
  return 0;
}

/**
 * The kept model as `modelAt` would answer for `at`: built at that moment, nothing known of the
 * link, the clock judged by the timesync flag. Null when there is none for that moment, or when
 * config.json cannot be read plainly (the slow way reports why).
 */
function keptModelAt(flags: { data?: string; config?: string }, at: Date): DisplayModel | null {
  const place = earlyWallPlace(flags, process.env);
  const kept = place ? readShownModel(place.cacheFile, appVersionAt(appRoot()) ?? 'dev', at) : null;
  if (!kept) return null;
  const clockVerified = checkClockTrust(systemClock.now(), ntpFlag()).verified;
  return { ...kept.model, generatedAt: at.toISOString(), status: { ...kept.model.status, online: null, clockVerified } };
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
export async function modelAt(config: DeviceConfig, at: Date): Promise<DisplayModel> {
  const [{ CACHE_SCHEMA_VERSION }, { migrate }, { applyTargetState, readSnapshot }, { demoTargetState }, { detectDisplayCapability }, { buildDisplayModel }] =
    await Promise.all([
      import('../cache/migrations.js'),
      import('../cache/open-cache.js'),
      import('../cache/target-state-store.js'),
      import('../demo/demo-state.js'),
      import('../host/display-capability.js'),
      import('../model/build-display-model.js'),
    ]);
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
