import { contentCollectionNames, type ContentCollectionName } from '../protocol/content.js';
import { SYNAGOGUE_FILE_FORMAT, type SynagogueFile } from '../protocol/api/synagogue-file.js';
import { tenantOwned } from '../../prisma/tenancy/index.js';
import { contentDelegate } from './api/content-delegates.js';
import { RowCodec } from './api/row-codec.js';
import type { GatewayDb } from './gateway-db.js';
import { wireRow } from './wire-row.js';

/** Run inside the tenant's context: every read and write is scoped by the tenancy extension. */

/** The synagogue, its first screen's settings and every content collection of the tenant, as one file. */
export async function exportSynagogueFile(db: GatewayDb, synagogueId: string, now: Date): Promise<SynagogueFile | null> {
  const synagogue = await db.synagogue.findUnique({ where: { id: synagogueId } });
  if (!synagogue) return null;
  const device = await db.device.findFirst({ where: { synagogueId }, orderBy: [{ createdAt: 'asc' }], select: { id: true } });
  const settings = device ? await db.deviceSettings.findFirst({ where: { deviceId: device.id } }) : null;
  const content: Record<string, unknown[]> = {};
  for (const name of contentCollectionNames) {
    const found = await contentDelegate(db, name).findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    content[name] = found.map((row) => wireRow(row));
  }
  return {
    format: SYNAGOGUE_FILE_FORMAT,
    version: 1,
    exportedAt: now.toISOString(),
    synagogue: wireRow(synagogue) as SynagogueFile['synagogue'],
    ...(settings ? { settings: wireRow(settings) as SynagogueFile['settings'] } : {}),
    content: content as SynagogueFile['content'],
  };
}

/**
 * Create the file's synagogue and content in the current tenant, and give its settings to
 * `deviceId` when named. Rows get new ids; a prayer-time rule's `replaces` is rewritten to the
 * new ids of the rules it named. Call it inside a transaction: all rows or none.
 */
export async function importSynagogueFile(
  db: GatewayDb,
  file: SynagogueFile,
  options: { deviceId?: string | undefined } = {},
): Promise<{ synagogueId: string; imported: Record<string, number> }> {
  const imported: Record<string, number> = {};
  const { id: _id, ...synagogueRow } = file.synagogue;
  const synagogue = await db.synagogue.create({ data: tenantOwned(new RowCodec('Synagogue').toData(synagogueRow, 'create')) as never });
  imported.Synagogue = 1;
  const newIds = new Map<string, string>();
  const replacing: { id: string; replaces: string[] }[] = [];
  for (const name of contentCollectionNames) {
    const rows = (file.content[name] ?? []) as Record<string, unknown>[];
    const codec = new RowCodec(name);
    for (const row of rows) {
      const { id, replaces, ...fields } = row;
      const created = await contentDelegate(db, name as ContentCollectionName).create({ data: tenantOwned(codec.toData(fields, 'create')) });
      newIds.set(String(id), String(created.id));
      if (Array.isArray(replaces) && replaces.length) replacing.push({ id: String(created.id), replaces: replaces.map(String) });
    }
    imported[name] = rows.length;
  }
  for (const rule of replacing)
    await db.tfilaTime.update({ where: { id: rule.id }, data: { replaces: rule.replaces.flatMap((old) => (newIds.has(old) ? [newIds.get(old)!] : [])) } });
  if (options.deviceId) {
    await db.device.update({ where: { id: options.deviceId }, data: { synagogueId: synagogue.id } });
    if (file.settings) {
      const { id: _settingsId, ...settings } = file.settings;
      const data = new RowCodec('DeviceSettings').toData(settings, 'create');
      const existing = await db.deviceSettings.findFirst({ where: { deviceId: options.deviceId }, select: { id: true } });
      if (existing) await db.deviceSettings.update({ where: { id: existing.id }, data });
      else await db.deviceSettings.create({ data: tenantOwned({ ...data, deviceId: options.deviceId }) as never });
      imported.DeviceSettings = 1;
    }
  }
  return { synagogueId: synagogue.id, imported };
}
