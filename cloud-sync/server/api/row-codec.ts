import crypto from 'node:crypto';
import { Prisma } from '../../../prisma/generated/sqlite/index.js';
import { canonicalJson } from '../state-etag.js';
import { wireRow } from '../wire-row.js';

/** The scalar fields of a model and their types, from the generated client's data model. */
function fieldTypes(model: string): Map<string, string> {
  const found = Prisma.dmmf.datamodel.models.find((m) => m.name === model);
  if (!found) throw new Error(`no model ${model} in the Prisma schema`);
  return new Map(found.fields.filter((f) => f.kind === 'scalar').map((f) => [f.name, f.type]));
}

/** Fields the server owns: a body never sets them. */
export const SERVER_FIELDS = new Set(['id', 'userId', 'createdAt', 'updatedAt']);
/** Prisma lists that the wire leaves out when empty ("any day"). */
const ANY_WHEN_EMPTY = new Set(['daysOfWeek', 'dayKinds']);
/** Required Prisma lists (default `[]`) of the content models: null clears them to empty, as the wire means. */
const EMPTY_WHEN_NULL = new Set(['excludeDayKinds', 'replaces', 'times']);

/**
 * Between a wire-shaped row (cloud-sync/protocol/content.ts, what the API takes and gives) and
 * Prisma's data: instants become Dates, an absent day list is stored empty, null clears a list to empty and an
 * optional field (for a Json field on the SQLite variant that is DbNull; a MongoDB composite
 * takes null as it is).
 */
export class RowCodec {
  private readonly types: Map<string, string>;

  constructor(readonly model: string) {
    this.types = fieldTypes(model);
  }

  knows(field: string): boolean {
    return this.types.has(field) && !SERVER_FIELDS.has(field);
  }

  /** Prisma data for a create (every field given) or an update (only the given ones). */
  toData(fields: Record<string, unknown>, mode: 'create' | 'update'): Record<string, unknown> {
    const data: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (!this.knows(key)) continue;
      const type = this.types.get(key);
      if (value === null || value === undefined) {
        if (ANY_WHEN_EMPTY.has(key) || (value === null && EMPTY_WHEN_NULL.has(key) && type === 'Json')) data[key] = [];
        else if (value === null) data[key] = type === 'Json' ? Prisma.DbNull : null;
      } else data[key] = type === 'DateTime' && typeof value === 'string' ? new Date(value) : value;
    }
    if (mode === 'create') for (const key of ANY_WHEN_EMPTY) if (this.types.has(key) && data[key] === undefined) data[key] = [];
    return data;
  }

  /** The API's shape of a row: the wire row, plus who owns it, which device (if any), and when it was made. */
  toApi(row: Record<string, unknown>): Record<string, unknown> {
    return {
      ...wireRow(row),
      userId: row.userId,
      ...(typeof row.deviceId === 'string' ? { deviceId: row.deviceId } : {}),
      createdAt: row.createdAt instanceof Date ? row.createdAt.toISOString() : row.createdAt,
    };
  }
}

/** A row's strong ETag: its whole content, updatedAt included, so any change changes it. */
export function rowEtag(row: Record<string, unknown>): string {
  return `"${crypto
    .createHash('sha256')
    .update(canonicalJson(JSON.parse(JSON.stringify(row))))
    .digest('base64url')
    .slice(0, 27)}"`;
}

/** RFC 9110 If-Match: `*` or a list of strong tags; weak tags never match. */
export function ifMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => tag.trim() === '*' || tag.trim() === etag);
}
