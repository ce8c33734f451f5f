import { isVideo, MediaType } from '../../protocol/assets.js';
import type { GatewayDb } from '../gateway-db.js';
import { ApiProblem } from '../http/api-problem.js';

/** Which fields name an asset, and which kind each must be. */
const ASSET_FIELDS = { imageAssetId: 'image', logoAssetId: 'image', videoAssetId: 'video' } as const;

/**
 * Refuse a row that names an asset the tenant does not hold, or one of the wrong kind (a video
 * as a logo). Runs in the request's tenant context, so another account's asset is as absent as
 * one that never existed.
 */
export async function requireOwnAssets(db: GatewayDb, values: Record<string, unknown>): Promise<void> {
  const named = Object.entries(ASSET_FIELDS).flatMap(([field, kind]) => (typeof values[field] === 'string' ? [{ field, kind, id: values[field] }] : []));
  if (named.length === 0) return;
  const rows = await db.uploadAsset.findMany({ where: { id: { in: named.map((n) => n.id) } }, select: { id: true, mimeType: true, purpose: true } });
  const fields: Record<string, string> = {};
  for (const { field, kind, id } of named) {
    const row = rows.find((r) => r.id === id);
    const type = MediaType.safeParse(row?.mimeType);
    if (!row || row.purpose === 'screenshot' || !type.success) fields[field] = `no asset ${id} in this account (upload one with POST /api/v1/assets)`;
    else if ((kind === 'video') !== isVideo(type.data))
      fields[field] = `asset ${id} is ${type.data}; this field takes ${kind === 'video' ? 'a video' : 'an image'}`;
  }
  const refused = Object.entries(fields);
  if (refused.length) throw new ApiProblem(400, 'invalid-body', refused.map(([field, message]) => `${field}: ${message}`).join('; '), fields);
}
