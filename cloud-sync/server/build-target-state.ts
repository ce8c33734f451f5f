import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { contentCollectionNames, contentCollections, DeviceConfiguration, DeviceSettings, Synagogue, type ContentCollectionName } from '../protocol/content.js';
import { TARGET_STATE_VERSION, TargetState } from '../protocol/target-state.js';
import { describeIssues } from '../protocol/primitives.js';
import type { AssetRef } from '../protocol/assets.js';
import { assetRefs, inIdOrder, referencedAssetIds } from './assets/asset-refs.js';
import { desiredSoftware } from './desired-software.js';
import type { GatewayDb } from './gateway-db.js';
import { stateEtag } from './state-etag.js';
import { wireRow } from './wire-row.js';

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

/** The content one synagogue's screens hold: its own rows and the account's (rows with no synagogue). */
export interface ContentView {
  content: Record<ContentCollectionName, Record<string, unknown>[]>;
  /** The assets its rows refer to that the tenant holds. */
  assets: AssetRef[];
  json: string;
  digest: string;
}

/** The tenant's content collections, checked once for all its devices, and a view of them per synagogue. */
export interface TenantContent {
  /** Every row of the tenant that passed its schema. */
  content: Record<ContentCollectionName, Record<string, unknown>[]>;
  omitted: OmittedRow[];
  /** The view of one synagogue, built once and remembered. */
  forSynagogue(synagogueId: string | null): ContentView;
}

/** What differs from device to device: its synagogue, settings, configuration and software. */
export interface DeviceParts {
  synagogue: Record<string, unknown>;
  settings: Record<string, unknown>;
  configuration: Record<string, unknown>;
  software: Record<string, unknown> | null;
  /** The synagogue's logo, when it names one the tenant holds. */
  logo: AssetRef | null;
  omitted: OmittedRow[];
}

/** The device cannot be served a state until a person fixes something in the cloud. */
export class TargetStateUnavailable extends Error {
  override name = 'TargetStateUnavailable';
}

/** Oldest first; ownership columns are left in the database (the wire never carries them). */
const IN_ORDER = { orderBy: [{ createdAt: 'asc' as const }, { id: 'asc' as const }], omit: { userId: true, createdAt: true } };

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

/** Check one row against its wire schema; a failure is recorded, logged with its id and fields, and yields null. */
function rowChecker(omitted: OmittedRow[], logger: Logger, deviceId?: string) {
  return <S extends z.ZodType>(collection: string, schema: S, row: object): Record<string, unknown> | null => {
    const wired = wireRow(row as Record<string, unknown>);
    const parsed = schema.safeParse(wired);
    if (parsed.success) return wired;
    const id = String(wired.id ?? '(no id)');
    const problems = describeIssues(parsed.error, { root: '(row)' });
    omitted.push({ collection, id, problems });
    logger.warn(
      { ...(deviceId ? { deviceId } : {}), collection, rowId: id, fields: parsed.error.issues.map((i) => i.path.join('.')), problems },
      'row left out of the target state: it fails the wire schema; fix it in the cloud',
    );
    return null;
  };
}

/**
 * Every content collection of the tenant, each row checked by its wire schema. Must run as the
 * tenant (asDeviceOwner): the queries rely on the tenancy extension and name no tenant. One bad
 * row never keeps a wall from its other content.
 */
export async function buildTenantContent(db: GatewayDb, logger: Logger): Promise<TenantContent> {
  const omitted: OmittedRow[] = [];
  const check = rowChecker(omitted, logger);
  const content = {} as TenantContent['content'];
  const fetched = await Promise.all(contentCollectionNames.map((name) => collectionQueries[name](db)));
  contentCollectionNames.forEach((name, i) => {
    content[name] = fetched[i]!.map((row) => check(name, contentCollections[name], row)).filter((row) => row !== null);
  });
  const refs = await assetRefs(
    db,
    contentCollectionNames.flatMap((name) => content[name].flatMap(referencedAssetIds)),
  );
  const views = new Map<string | null, ContentView>();
  return {
    content,
    omitted,
    forSynagogue(synagogueId) {
      let view = views.get(synagogueId);
      if (!view) {
        const mine = (row: Record<string, unknown>) => row.synagogueId === undefined || row.synagogueId === null || row.synagogueId === synagogueId;
        const own = Object.fromEntries(contentCollectionNames.map((name) => [name, content[name].filter(mine)])) as ContentView['content'];
        // The rows come in a fixed order with their fields in schema order, so the JSON text itself is
        // canonical: hashing it (not a key-sorted copy) gives every replica the same digest, cheaply.
        const json = JSON.stringify(own);
        const assets = inIdOrder(new Set(contentCollectionNames.flatMap((name) => own[name].flatMap(referencedAssetIds)).flatMap((id) => refs.get(id) ?? [])));
        const digest = crypto.createHash('sha256').update(json).update(JSON.stringify(assets)).digest('base64url');
        view = { content: own, assets, json, digest };
        views.set(synagogueId, view);
      }
      return view;
    },
  };
}

/** The device's own documents. Must run as the device's owner. */
export async function buildDeviceParts(db: GatewayDb, device: { id: string; synagogueId: string | null }, logger: Logger): Promise<DeviceParts> {
  const omitted: OmittedRow[] = [];
  const check = rowChecker(omitted, logger, device.id);
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
  const logoId = typeof synagogue.logoAssetId === 'string' ? synagogue.logoAssetId : null;
  const logo = logoId ? ((await assetRefs(db, [logoId])).get(logoId) ?? null) : null;
  return { synagogue, settings, configuration, software: await desiredSoftware(db, device.id), logo, omitted };
}

/** The document without its content: what is checked and hashed beside the content's digest. */
function envelope(parts: DeviceParts, content: ContentView, now: Date): Record<string, unknown> {
  const assets = parts.logo && !content.assets.some((a) => a.id === parts.logo!.id) ? inIdOrder([...content.assets, parts.logo]) : content.assets;
  return {
    schemaVersion: TARGET_STATE_VERSION,
    generatedAt: now.toISOString(),
    synagogue: parts.synagogue,
    settings: parts.settings,
    configuration: parts.configuration,
    ...(parts.software ? { software: parts.software } : {}),
    assets,
  };
}

/**
 * The state's ETag and body from its two halves. Rows were checked one by one; the envelope is
 * checked here before it leaves. The tag covers the envelope (without generatedAt) and the
 * content's digest, so the same content always has the same tag, and any change changes it.
 */
export function composeTargetState(parts: DeviceParts, content: ContentView, now: Date, deviceId: string): { etag: string; body: string } {
  const head = envelope(parts, content, now);
  const checked = TargetState.safeParse({ ...head, content: {} });
  if (!checked.success)
    throw new TargetStateUnavailable(`target state of device ${deviceId} fails the wire schema: ${describeIssues(checked.error).join('; ')}`);
  const etag = stateEtag({ ...head, contentDigest: content.digest });
  const json = JSON.stringify(head);
  return { etag, body: `${json.slice(0, -1)},"content":${content.json}}` };
}

/**
 * One device's whole target state as an object (the preview, tests). Must run as the device's
 * owner; the served path goes through TargetStateCache, which builds the same two halves.
 */
export async function buildTargetState(
  db: GatewayDb,
  device: { id: string; synagogueId: string | null },
  now: Date,
  logger: Logger,
): Promise<BuiltTargetState> {
  const parts = await buildDeviceParts(db, device, logger);
  const tenant = await buildTenantContent(db, logger.child({ deviceId: device.id }));
  const content = tenant.forSynagogue(device.synagogueId);
  const { etag } = composeTargetState(parts, content, now, device.id);
  return { state: { ...envelope(parts, content, now), content: content.content }, etag, omitted: [...parts.omitted, ...tenant.omitted] };
}
