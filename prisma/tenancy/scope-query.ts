import { TENANT_FIELD, type ModelGraph } from './model-graph.js';
import { checkResult, scopeSelection, type ReadCheck } from './scope-selection.js';
import { scopeCreateData, scopeUpdateData } from './scope-data.js';
import { isObject, scopeRelationFilters, scopeWhere, type Args } from './scope-where.js';
import { TenancyError } from './tenancy-error.js';

/** One model query, rewritten for a tenant, and how to check its result. */
export interface ScopedQuery {
  args: Args;
  finish: (result: unknown) => unknown;
}

const FILTERED = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'delete',
  'deleteMany',
  'upsert',
]);
const CREATES = new Set(['create', 'createMany', 'createManyAndReturn']);
const UPDATES = new Set(['update', 'updateMany', 'updateManyAndReturn']);

/**
 * `args` of `model.operation` rewritten so it touches only `userId`'s rows. Unknown operations
 * throw: a new Prisma operation must be understood here before it can run in a tenant context.
 */
export function scopeQuery(graph: ModelGraph, model: string, operation: string, args: Args, userId: string): ScopedQuery {
  const tenant = graph.tenantModels.has(model);
  const out: Args = { ...args };
  if (operation === 'findRaw' || operation === 'aggregateRaw') return scopeRawQuery(model, operation, out, tenant, userId);
  if (!FILTERED.has(operation) && !CREATES.has(operation))
    throw new TenancyError(`${model}.${operation} is unknown to the tenancy extension; teach prisma/tenancy/scope-query.ts how to scope it`);

  if (FILTERED.has(operation))
    out['where'] = tenant ? scopeWhere(graph, model, args['where'], userId) : scopeRelationFilters(graph, model, args['where'], userId);
  if (CREATES.has(operation))
    out['data'] = Array.isArray(args['data'])
      ? args['data'].map((row) => scopeCreateData(graph, model, row, userId))
      : scopeCreateData(graph, model, args['data'], userId);
  if (UPDATES.has(operation)) out['data'] = scopeUpdateData(graph, model, args['data'], userId);
  if (operation === 'upsert') {
    out['create'] = scopeCreateData(graph, model, args['create'], userId);
    out['update'] = scopeUpdateData(graph, model, args['update'], userId);
  }

  const checks: ReadCheck[] = [];
  for (const key of ['select', 'include'] as const) {
    if (args[key] === undefined) continue;
    const scoped = scopeSelection(graph, model, args[key], userId);
    out[key] = scoped.selection;
    checks.push(...scoped.checks);
  }
  return { args: out, finish: (result) => checkResult(result, checks, model, userId) };
}

/**
 * MongoDB's raw model queries take a native filter or pipeline. `userId` is an ObjectId there,
 * written in MongoDB Extended JSON as { $oid }.
 */
function scopeRawQuery(model: string, operation: string, args: Args, tenant: boolean, userId: string): ScopedQuery {
  const finish = (result: unknown) => result;
  if (!tenant) return { args, finish };
  const own = { [TENANT_FIELD]: { $oid: userId } };
  if (operation === 'findRaw') return { args: { ...args, filter: isObject(args['filter']) ? { $and: [args['filter'], own] } : own }, finish };
  const pipeline = Array.isArray(args['pipeline']) ? args['pipeline'] : [];
  return { args: { ...args, pipeline: [{ $match: own }, ...pipeline] }, finish };
}
