import type { FastifyRequest } from 'fastify';
import type { GatewayDb } from '../gateway-db.js';

/** Fields an audit row never holds, whatever the entity. */
const SECRET_FIELDS = new Set(['passwordHash', 'secretHash', 'credentialHash', 'pairingCodeHash', 'csrfToken', 'token', 'password']);
/** Bookkeeping every row has; it says nothing about what a person changed. */
const NOISE_FIELDS = new Set(['createdAt', 'updatedAt', 'userId']);
const MAX_TEXT = 200;

export interface AuditEntry {
  /** The tenant whose row it is: an admin acting for a customer is recorded here as the customer. */
  ownerId: string;
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** The client in a transaction (the extended client or its interactive-transaction form). */
type AuditDb = Pick<GatewayDb, 'auditLog'>;

/**
 * Record who did what to which row: the actor (the signed-in person), the tenant it was done
 * for, and a summary of before/after — for an update only the fields that changed, long text
 * cut, secrets never. Call it in the same transaction as the write, so one never lands without
 * the other.
 */
export async function recordAudit(db: AuditDb, request: FastifyRequest | undefined, entry: AuditEntry): Promise<void> {
  const [before, after] = summarize(entry.before ?? null, entry.after ?? null);
  await db.auditLog.create({
    data: {
      userId: entry.ownerId,
      actorId: request?.principal?.user.id ?? null,
      actorRole: request?.principal?.user.role ?? 'system',
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      before: before ?? undefined,
      after: after ?? undefined,
      ip: request?.ip ?? null,
      userAgent: request?.headers['user-agent']?.slice(0, 300) ?? null,
    },
  });
}

function summarize(before: Record<string, unknown> | null, after: Record<string, unknown> | null): [object | null, object | null] {
  const clean = (row: Record<string, unknown> | null, keys?: Set<string>) => {
    if (!row) return null;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      if (SECRET_FIELDS.has(key) || NOISE_FIELDS.has(key) || (keys && !keys.has(key))) continue;
      out[key] = shorten(value);
    }
    return out;
  };
  if (!before || !after) return [clean(before), clean(after)];
  const changed = new Set(
    [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)),
  );
  return [clean(before, changed), clean(after, changed)];
}

function shorten(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  return text && text.length > MAX_TEXT * 4 ? `${text.slice(0, MAX_TEXT * 4)}…` : value;
}
