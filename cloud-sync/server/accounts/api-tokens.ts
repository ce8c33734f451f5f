import type { GatewayDb } from '../gateway-db.js';
import { issueSecret, parseSecret, secretMatches } from './secret-token.js';

const PREFIX = 'lt_';
/** lastUsedAt is written at most this often. */
const TOUCH_MS = 60_000;

export const PUBLIC_TOKEN = { id: true, name: true, tokenId: true, lastUsedAt: true, expiresAt: true, revokedAt: true, createdAt: true } as const;

/** A new personal API token; the returned `token` is shown once and never stored. */
export async function createApiToken(db: GatewayDb, ownerId: string, input: { name: string; expiresAt?: Date | undefined }) {
  const issued = issueSecret(PREFIX);
  const row = await db.apiToken.create({
    data: { ownerId, name: input.name, tokenId: issued.id, secretHash: issued.secretHash, expiresAt: input.expiresAt ?? null },
    select: PUBLIC_TOKEN,
  });
  return { ...row, token: issued.token };
}

/** The live token a bearer header names, with its owner, or null (unknown, wrong, revoked, expired, owner disabled). */
export async function findApiToken(db: GatewayDb, authorization: string | undefined, now: Date) {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const parsed = parseSecret(PREFIX, match?.[1]);
  if (!parsed) return null;
  const token = await db.apiToken.findUnique({
    where: { tokenId: parsed.id },
    include: { owner: { select: { id: true, email: true, name: true, role: true, disabledAt: true } } },
  });
  if (!token || !secretMatches(parsed.secret, token.secretHash)) return null;
  if (token.revokedAt || (token.expiresAt && token.expiresAt <= now) || token.owner.disabledAt) return null;
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > TOUCH_MS)
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  return token;
}

/** True when a Bearer header looks like a personal API token (not a device credential). */
export function isApiTokenHeader(authorization: string | undefined): boolean {
  return /^Bearer\s+lt_/i.test(authorization ?? '');
}
