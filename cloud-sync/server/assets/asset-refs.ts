import { AssetRef, deviceAssetPath } from '../../protocol/assets.js';
import type { GatewayDb } from '../gateway-db.js';

/** The asset ids a row refers to: a slide's image or video, a message's picture, a synagogue's logo. */
export function referencedAssetIds(row: Record<string, unknown>): string[] {
  return ['imageAssetId', 'videoAssetId', 'logoAssetId'].flatMap((field) => (typeof row[field] === 'string' ? [row[field]] : []));
}

/**
 * The wire's description of each asset `ids` names that the tenant holds (must run as the tenant):
 * an id of another tenant, of a screenshot, or of nothing is simply absent, and the device then
 * shows the slide that names it to no one.
 */
export async function assetRefs(db: GatewayDb, ids: Iterable<string>): Promise<Map<string, AssetRef>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await db.uploadAsset.findMany({ where: { id: { in: wanted }, purpose: { not: 'screenshot' } } });
  const refs = new Map<string, AssetRef>();
  for (const row of rows) {
    const ref = AssetRef.safeParse({
      id: row.id,
      sha256: row.sha256,
      sizeBytes: row.sizeBytes,
      mimeType: row.mimeType,
      ...(row.width !== null && row.height !== null ? { width: row.width, height: row.height } : {}),
      ...(row.durationMs !== null ? { durationMs: row.durationMs } : {}),
      url: deviceAssetPath(row.id),
    });
    if (ref.success) refs.set(row.id, ref.data);
  }
  return refs;
}

/** Refs in a fixed order (by id), so the same assets always give the same JSON and the same ETag. */
export const inIdOrder = (refs: Iterable<AssetRef>): AssetRef[] => [...refs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
