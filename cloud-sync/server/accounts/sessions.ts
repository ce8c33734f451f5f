import type { GatewayDb } from '../gateway-db.js';
import { issueSecret, parseSecret, secretMatches } from './secret-token.js';
import crypto from 'node:crypto';

export const SESSION_COOKIE = 'luach_session';
/** A session ends this long after sign-in, whatever happens... */
export const SESSION_LIFETIME_MS = 14 * 24 * 3_600_000;
/** ...or after this long unused. */
export const SESSION_IDLE_MS = 3 * 24 * 3_600_000;
/** lastSeenAt is written at most this often. */
const TOUCH_MS = 60_000;
const PREFIX = 'ls_';

export interface OpenedSession {
  cookie: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Sign-in: a new session row (Session is global: its owner is a person, not a tenant). */
export async function openSession(db: GatewayDb, ownerId: string, now: Date, meta: { ip?: string; userAgent?: string | undefined }): Promise<OpenedSession> {
  const issued = issueSecret(PREFIX);
  const csrfToken = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  const row = await db.session.create({
    data: {
      ownerId,
      secretHash: issued.secretHash,
      csrfToken,
      expiresAt,
      lastSeenAt: now,
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    },
    select: { id: true },
  });
  // The row id is the public half; the cookie carries `<id>.<secret>` in one value.
  return { cookie: `${PREFIX}${row.id}.${issued.token.split('.')[1]}`, csrfToken, expiresAt };
}

/** The live session a cookie names, or null (unknown, wrong secret, revoked, expired, idle). */
export async function findSession(db: GatewayDb, cookie: string | undefined, now: Date) {
  const parsed = parseSecret(PREFIX, cookie);
  if (!parsed) return null;
  const session = await db.session.findUnique({
    where: { id: parsed.id.slice(PREFIX.length) },
    include: { owner: { select: { id: true, email: true, name: true, role: true, disabledAt: true } } },
  });
  if (!session || !secretMatches(parsed.secret, session.secretHash)) return null;
  if (session.revokedAt || session.expiresAt <= now || session.owner.disabledAt) return null;
  if (session.lastSeenAt && now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MS) return null;
  if (!session.lastSeenAt || now.getTime() - session.lastSeenAt.getTime() > TOUCH_MS)
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  return session;
}

export async function closeSession(db: GatewayDb, sessionId: string, now: Date): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } });
}
