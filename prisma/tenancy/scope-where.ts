import { TENANT_FIELD, relationTarget, type ModelGraph } from './model-graph.js';

export type Args = Record<string, unknown>;

export function isObject(value: unknown): value is Args {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

const RELATION_FILTERS = ['some', 'every', 'none', 'is', 'isNot'];

/**
 * `where` narrowed to `userId`. The tenant condition joins the caller's `AND` instead of
 * replacing a `userId` key, so a caller's own condition on userId still applies, and a unique
 * where (findUnique, update, delete, upsert, connect) keeps its unique fields at the top level,
 * which Prisma accepts with extra conditions since 5.0.
 */
export function withTenant(where: unknown, userId: string): Args {
  if (!isObject(where)) return { [TENANT_FIELD]: userId };
  const and = where['AND'] === undefined ? [] : Array.isArray(where['AND']) ? where['AND'] : [where['AND']];
  return { ...where, AND: [...and, { [TENANT_FIELD]: userId }] };
}

/**
 * A `where` of `model` in which every relation filter that reaches a tenant model (some, every,
 * none, is, isNot, or a to-one filter written directly) is narrowed to the tenant too, so a
 * filter cannot probe another tenant's rows. The top level is narrowed by the caller.
 */
export function scopeRelationFilters(graph: ModelGraph, model: string, where: unknown, userId: string): unknown {
  if (Array.isArray(where)) return where.map((item) => scopeRelationFilters(graph, model, item, userId));
  if (!isObject(where)) return where;
  const out: Args = {};
  for (const [key, value] of Object.entries(where)) {
    const target = relationTarget(graph, model, key);
    if (key === 'AND' || key === 'OR' || key === 'NOT') out[key] = scopeRelationFilters(graph, model, value, userId);
    else if (target && isObject(value)) out[key] = scopeRelationFilter(graph, target, value, userId);
    else out[key] = value;
  }
  return out;
}

function scopeRelationFilter(graph: ModelGraph, target: string, filter: Args, userId: string): unknown {
  const narrow = (inner: unknown) => {
    const scoped = scopeRelationFilters(graph, target, inner, userId);
    return graph.tenantModels.has(target) ? withTenant(scoped, userId) : scoped;
  };
  const keys = Object.keys(filter);
  if (keys.length > 0 && keys.every((key) => RELATION_FILTERS.includes(key))) {
    const out: Args = {};
    for (const [key, inner] of Object.entries(filter)) out[key] = inner === null ? null : narrow(inner);
    return out;
  }
  return narrow(filter);
}

/** `where` of a tenant model, narrowed at the top and in its relation filters. */
export function scopeWhere(graph: ModelGraph, model: string, where: unknown, userId: string): Args {
  return withTenant(scopeRelationFilters(graph, model, where, userId), userId);
}
