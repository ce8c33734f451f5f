import { TENANT_FIELD, relationTarget, type ModelGraph } from './model-graph.js';
import { isObject, scopeRelationFilters, scopeWhere, type Args } from './scope-where.js';
import { TenancyError } from './tenancy-error.js';

/**
 * Rewrites the `data` of writes so that every row created belongs to the tenant, no row changes
 * tenant, and nested writes through relations (create, connect, update, delete, ...) reach only
 * the tenant's rows. Works without knowing whether a relation is to-one or to-many: each nested
 * operation is handled in both of its shapes (one object, or a list).
 */

const each = (value: unknown, fn: (item: unknown) => unknown): unknown => (Array.isArray(value) ? value.map(fn) : fn(value));

/** Create data of `model`: stamped with the tenant when `model` is a tenant model, nested writes scoped. */
export function scopeCreateData(graph: ModelGraph, model: string, data: unknown, userId: string): unknown {
  if (!isObject(data)) return data;
  const out = scopeNestedWrites(graph, model, data, userId);
  if (!graph.tenantModels.has(model)) return out;
  const given = out[TENANT_FIELD];
  if (given !== undefined && given !== userId)
    throw new TenancyError(
      `${model}: create data sets userId ${JSON.stringify(given)}, which is not the current tenant; leave userId out, the tenancy extension sets it`,
    );
  return { ...out, [TENANT_FIELD]: userId };
}

/** Update data of `model`: a row may not be moved to another tenant; nested writes scoped. */
export function scopeUpdateData(graph: ModelGraph, model: string, data: unknown, userId: string): unknown {
  if (!isObject(data)) return data;
  if (graph.tenantModels.has(model) && data[TENANT_FIELD] !== undefined) {
    const given = data[TENANT_FIELD];
    const value = isObject(given) && 'set' in given ? given['set'] : given;
    if (value !== userId) throw new TenancyError(`${model}: update data sets userId to ${JSON.stringify(value)}; a row never changes tenant, leave userId out`);
  }
  return scopeNestedWrites(graph, model, data, userId);
}

function scopeNestedWrites(graph: ModelGraph, model: string, data: Args, userId: string): Args {
  const out: Args = {};
  for (const [key, value] of Object.entries(data)) {
    const target = relationTarget(graph, model, key);
    out[key] = target && isObject(value) ? scopeRelationWrite(graph, target, value, userId) : value;
  }
  return out;
}

function scopeRelationWrite(graph: ModelGraph, target: string, write: Args, userId: string): Args {
  const tenant = graph.tenantModels.has(target);
  // A unique where (connect, set, delete of one row) or a filter (updateMany, deleteMany) on `target`.
  const where = (value: unknown) => (tenant ? scopeWhere(graph, target, value, userId) : scopeRelationFilters(graph, target, value, userId));
  const create = (value: unknown) => scopeCreateData(graph, target, value, userId);
  const update = (value: unknown) => scopeUpdateData(graph, target, value, userId);
  const fields = graph.fields.get(target) ?? new Set<string>();
  // `update` and `upsert` of a to-many relation (and optionally of a to-one) carry { where, data };
  // a to-one `update` may also be the data itself. A target field named `data` or `where` would
  // make the two shapes ambiguous, so then we only accept the explicit shape.
  const isWhereData = (value: unknown): value is Args =>
    isObject(value) && 'data' in value && Object.keys(value).every((key) => key === 'data' || key === 'where') && !fields.has('data');
  const out: Args = {};
  for (const [op, value] of Object.entries(write)) {
    switch (op) {
      case 'create':
        out[op] = each(value, create);
        break;
      case 'createMany':
        out[op] = isObject(value) ? { ...value, data: each(value['data'], create) } : value;
        break;
      case 'connectOrCreate':
        out[op] = each(value, (item) => (isObject(item) ? { ...item, where: where(item['where']), create: create(item['create']) } : item));
        break;
      case 'connect':
      case 'set':
        out[op] = each(value, where);
        break;
      case 'disconnect':
      case 'delete':
        // `true` on a to-one relation: narrowed to the tenant's row, so a foreign link is left alone.
        out[op] = value === true ? (tenant ? where({}) : true) : value === false ? false : each(value, where);
        break;
      case 'deleteMany':
        out[op] = each(value, where);
        break;
      case 'update':
        out[op] = each(value, (item) =>
          isWhereData(item)
            ? { ...item, where: where(item['where']), data: update(item['data']) }
            : tenant
              ? { where: where({}), data: update(item) }
              : update(item),
        );
        break;
      case 'updateMany':
        out[op] = each(value, (item) => (isObject(item) ? { ...item, where: where(item['where']), data: update(item['data']) } : item));
        break;
      case 'upsert':
        out[op] = each(value, (item) =>
          isObject(item) ? { ...item, where: where(item['where']), create: create(item['create']), update: update(item['update']) } : item,
        );
        break;
      default:
        throw new TenancyError(`${target}: nested write "${op}" is unknown to the tenancy extension; add it to prisma/tenancy/scope-data.ts before using it`);
    }
  }
  return out;
}
