import { contentCollectionNames } from '../../protocol/content.js';
import type { ContentResourceName } from '../../protocol/api/content-api.js';
import type { GatewayDb } from '../gateway-db.js';
import { ApiProblem } from '../http/api-problem.js';

/** The content models a row of which may belong to one synagogue (absent synagogueId: the whole account's). */
export function isSynagogueScoped(name: ContentResourceName): boolean {
  return (contentCollectionNames as readonly string[]).includes(name);
}

/**
 * Refuse a synagogueId that is not one of the tenant's synagogues. Runs in the request's tenant
 * context, so another account's synagogue is as absent as one that never existed. `field` names
 * where the id came from ("synagogueId", "rows.3.synagogueId").
 */
export async function requireOwnSynagogues(db: GatewayDb, ids: ReadonlyMap<string, string>): Promise<void> {
  if (ids.size === 0) return;
  const found = await db.synagogue.findMany({ where: { id: { in: [...new Set(ids.values())] } }, select: { id: true } });
  const known = new Set(found.map((s) => s.id));
  const fields: Record<string, string> = {};
  for (const [field, id] of ids) if (!known.has(id)) fields[field] = `no synagogue ${id} in this account`;
  const refused = Object.entries(fields);
  if (refused.length)
    throw new ApiProblem(
      400,
      'invalid-body',
      `${refused.map(([field, message]) => `${field}: ${message}`).join('; ')}; name one of your synagogues (GET /api/v1/synagogues) or leave it out for the whole account`,
      fields,
    );
}

/**
 * The devices that show rows of these synagogues: every active device of the tenant when one
 * of them is the whole account (null), else the devices of just those synagogues. Runs in the
 * tenant context.
 */
export async function devicesShowing(db: GatewayDb, synagogueIds: ReadonlyArray<string | null>): Promise<string[] | 'all'> {
  if (synagogueIds.some((id) => id === null)) return 'all';
  const ids = [...new Set(synagogueIds as string[])];
  if (ids.length === 0) return [];
  const devices = await db.device.findMany({ where: { synagogueId: { in: ids }, status: 'active', revokedAt: null }, select: { id: true } });
  return devices.map((d) => d.id);
}

/** A row's synagogue: its id, or null for the whole account. */
export function synagogueOf(row: Record<string, unknown>): string | null {
  return typeof row.synagogueId === 'string' ? row.synagogueId : null;
}
