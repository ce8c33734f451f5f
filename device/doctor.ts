import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { keptWallsReport } from './cache/shown-model.js';
import { sqliteDatabase } from './cache/sqlite-database.js';
import { checkClockTrust, type NtpState } from './host/clock-trust.js';
import { recentEvents } from './cache/event-log.js';
import type { DeviceConfig } from './config.js';
import { readAppliedState } from './cache/target-state-store.js';
import { linkDoctor } from './link/link-doctor.js';
import { updateDoctor } from './update/update-doctor.js';
import { assetDoctor } from './assets/asset-status.js';
import { contentCollectionNames } from '../cloud-sync/protocol/content.js';

/** What the device sees, for `luach doctor`: plain data, secrets left out. */
export function doctorReport(config: DeviceConfig, now: Date, ntp: NtpState, shell: Record<string, unknown>, appDir: string): Record<string, unknown> {
  return {
    now: now.toISOString(),
    clock: checkClockTrust(now, ntp),
    shell,
    dataDir: config.dataDir,
    config: { file: config.configFile, exists: fs.existsSync(config.configFile), port: config.port, logFile: config.logFile },
    cache: cacheReport(config.cacheFile),
    cloud: config.cloud ? { apiUrl: config.cloud.apiUrl, deviceId: config.cloud.deviceId, token: 'set' } : 'not configured (showing the embedded demo)',
    broker: config.mqtt ? { url: config.mqtt.url, username: config.mqtt.username, password: 'set' } : 'not configured',
    update: updateDoctor(config.dataDir, appDir, now),
    assets: assetDoctor(config.dataDir),
  };
}

function cacheReport(file: string): Record<string, unknown> {
  const movedAside = fs.existsSync(path.dirname(file))
    ? fs.readdirSync(path.dirname(file)).filter((name) => name.startsWith(`${path.basename(file)}.corrupt-`) && !/-(wal|shm)$/.test(name))
    : [];
  if (!fs.existsSync(file)) return { file, state: 'absent (created at first start)', movedAside };
  let db: Database.Database | undefined;
  try {
    db = sqliteDatabase(file, { readonly: true, fileMustExist: true });
    const rows = Object.fromEntries(
      contentCollectionNames.map((name) => [name, (db!.prepare(`SELECT count(*) AS n FROM content_${name}`).get() as { n: number }).n]),
    );
    return {
      file,
      state: 'ok',
      schemaVersion: db.pragma('user_version', { simple: true }),
      applied: readAppliedState(db),
      rows,
      link: linkDoctor(db),
      // How far ahead a restart finds its wall at once (the walls kept ahead, device/runtime.ts).
      keptWalls: keptWallsReport(db),
      recentEvents: recentEvents(db, 5),
      movedAside,
    };
  } catch (error) {
    return { file, state: `unreadable: ${(error as Error).message} (it will be moved aside and rebuilt at the next start)`, movedAside };
  } finally {
    db?.close();
  }
}
