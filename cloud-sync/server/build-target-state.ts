import type { Logger } from 'pino';
import type { z } from 'zod';
import { contentCollectionNames, contentCollections, DeviceConfiguration, DeviceSettings, Synagogue, type ContentCollectionName } from '../protocol/content.js';
import { TARGET_STATE_VERSION, TargetState } from '../protocol/target-state.js';
import { desiredSoftware } from './desired-software.js';
import type { GatewayDb } from './gateway-db.js';
import { stateEtag } from './state-etag.js';
import { wireRow } from './wire-row.js';
import { describeIssues } from '../protocol/primitives.js';

/** A row left out of the target state because it fails the wire schema. */
export interface OmittedRow {
  collection: string;
  id: string;
  problems: string[];
}

export interface BuiltTargetState {
  /** The wire document, exactly as sent (the device fills defaults when it parses). */
  state: Record<string, unknown>;
  etag: string;
  omitted: OmittedRow[];
}

/** The device cannot be served a state until a person fixes something in the cloud. */
export class TargetStateUnavailable extends Error {
  override name = 'TargetStateUnavailable';
}

const IN_ORDER = { orderBy: [{ createdAt: 'asc' as const }, { id: 'asc' as const }] };

/** Every content collection of the tenant; the tenancy extension confines each to the owner. */
const collectionQueries: Record<ContentCollectionName, (db: GatewayDb) => Promise<object[]>> = {
  TfilaTime: (db) => db.tfilaTime.findMany(IN_ORDER),
  GeneralMessage: (db) => db.generalMessage.findMany(IN_ORDER),
  Hanzch: (db) => db.hanzch.findMany(IN_ORDER),
  Shior: (db) => db.shior.findMany(IN_ORDER),
  OlieLatora: (db) => db.olieLatora.findMany(IN_ORDER),
  ScreenTimer: (db) => db.screenTimer.findMany(IN_ORDER),
  AliyaNotification: (db) => db.aliyaNotification.findMany(IN_ORDER),
  DailyContentPreference: (db) => db.dailyContentPreference.findMany(IN_ORDER),
  HolidayTimes: (db) => db.holidayTimes.findMany(IN_ORDER),
};

/**
 * Build one device's target state. Must run as the device's owner (asDeviceOwner): every query
 * here relies on the tenancy extension for isolation and names no tenant itself.
 * A content row that fails its wire schema is left out and logged with its id and fields, so
 * one bad row never keeps a wall from its other content.
 */
export async function buildTargetState(
  db: GatewayDb,
  device: { id: string; synagogueId: string | null },
  now: Date,
  logger: Logger,
): Promise<BuiltTargetState> {
  const omitted: OmittedRow[] = [];
  const check = <S extends z.ZodType>(collection: string, schema: S, row: object): Record<string, unknown> | null => {
    const wired = wireRow(row as Record<string, unknown>);
    const parsed = schema.safeParse(wired);
    if (parsed.success) return wired;
    const id = String(wired.id ?? '(no id)');
    const problems = describeIssues(parsed.error, { root: '(row)' });
    omitted.push({ collection, id, problems });
    logger.warn(
      { deviceId: device.id, collection, rowId: id, fields: parsed.error.issues.map((i) => i.path.join('.')), problems },
      'row left out of the target state: it fails the wire schema; fix it in the cloud',
    );
    return null;
  };

  const synagogueRow = device.synagogueId ? await db.synagogue.findUnique({ where: { id: device.synagogueId } }) : null;
  if (!synagogueRow) throw new TargetStateUnavailable(`device ${device.id} has no synagogue; assign one to it in the cloud`);
  const synagogue = check('Synagogue', Synagogue, synagogueRow);
  if (!synagogue)
    throw new TargetStateUnavailable(
      `synagogue ${synagogueRow.id} of device ${device.id} fails the wire schema (${omitted[0]?.problems.join('; ')}); fix it in the cloud`,
    );

  // Absent or broken per-device documents fall back to the defaults, which every device knows.
  const [settingsRow, configurationRow] = await Promise.all([
    db.deviceSettings.findUnique({ where: { deviceId: device.id } }),
    db.deviceConfiguration.findUnique({ where: { deviceId: device.id } }),
  ]);
  const settings = (settingsRow && check('DeviceSettings', DeviceSettings, settingsRow)) ?? {
    ...DeviceSettings.parse({ id: `default-settings-${device.id}` }),
  };
  const configuration = (configurationRow && check('DeviceConfiguration', DeviceConfiguration, configurationRow)) ?? {
    ...DeviceConfiguration.parse({ id: `default-configuration-${device.id}` }),
  };

  const content: Record<string, Record<string, unknown>[]> = {};
  for (const name of contentCollectionNames) {
    const rows = await collectionQueries[name](db);
    content[name] = rows.map((row) => check(name, contentCollections[name], row)).filter((row) => row !== null);
  }

  const software = await desiredSoftware(db, device.id);
  const state: Record<string, unknown> = {
    schemaVersion: TARGET_STATE_VERSION,
    generatedAt: now.toISOString(),
    synagogue,
    settings,
    configuration,
    content,
    ...(software ? { software } : {}),
  };
  // Rows were checked one by one; this guards the document's own shape before it leaves.
  const whole = TargetState.safeParse(state);
  if (!whole.success) {
    const problems = describeIssues(whole.error);
    throw new TargetStateUnavailable(`target state of device ${device.id} fails the wire schema: ${problems.join('; ')}`);
  }
  return { state, etag: stateEtag(state), omitted };
}
