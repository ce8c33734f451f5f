import { TENANT_FIELD, relationTarget, type ModelGraph } from './model-graph.js';
import { isObject, scopeRelationFilters, scopeWhere, type Args } from './scope-where.js';
import { TenancyError } from './tenancy-error.js';

/**
 * Nested reads: relations reached through `include` / `select`.
 *
 * The runtime data model does not say whether a relation is to-one or to-many, and Prisma
 * accepts a nested `where` only on to-many and optional to-one relations. So:
 *   - a nested read that already filters or pages (where, orderBy, take, skip, cursor, distinct)
 *     is a list or an optional to-one, and gets the tenant in its `where`, so paging is exact;
 *   - every nested read of a tenant model also fetches `userId`, and the result is checked:
 *     another tenant's rows are dropped from lists, and a to-one link to another tenant's row
 *     throws (writes never create one; only data corrupted outside the extension can hold it);
 *   - `_count` of a tenant relation gets the tenant in its `where`; `_count: true` cannot (we
 *     cannot tell the countable relations apart), so it must list the relations.
 */

/** What to verify in a result: one relation reached by the query, and below it. */
export interface ReadCheck {
  field: string;
  target: string;
  /** The tenant's rows only; false for a global model (its own relations may still need checks). */
  tenant: boolean;
  /** `userId` was added to the selection by us: remove it from the result. */
  strip: boolean;
  children: ReadCheck[];
}

const PAGING = ['where', 'orderBy', 'take', 'skip', 'cursor', 'distinct'];

export function scopeSelection(graph: ModelGraph, model: string, selection: unknown, userId: string): { selection: unknown; checks: ReadCheck[] } {
  if (!isObject(selection)) return { selection, checks: [] };
  const out: Args = {};
  const checks: ReadCheck[] = [];
  for (const [key, value] of Object.entries(selection)) {
    const target = relationTarget(graph, model, key);
    if (key === '_count') out[key] = scopeCount(graph, model, value, userId);
    else if (target && (value === true || isObject(value))) {
      const scoped = scopeRelationRead(graph, target, value, userId);
      out[key] = scoped.args;
      checks.push({ field: key, target, tenant: graph.tenantModels.has(target), strip: scoped.strip, children: scoped.children });
    } else out[key] = value;
  }
  return { selection: out, checks };
}

function scopeRelationRead(
  graph: ModelGraph,
  target: string,
  value: true | Args,
  userId: string,
): { args: true | Args; strip: boolean; children: ReadCheck[] } {
  if (value === true) return { args: true, strip: false, children: [] };
  const tenant = graph.tenantModels.has(target);
  const args: Args = { ...value };
  let strip = false;
  if (PAGING.some((key) => key in value))
    args['where'] = tenant ? scopeWhere(graph, target, value['where'], userId) : scopeRelationFilters(graph, target, value['where'], userId);
  if (tenant && isObject(value['select']) && value['select'][TENANT_FIELD] !== true) {
    args['select'] = { ...value['select'], [TENANT_FIELD]: true };
    strip = true;
  }
  if (tenant && isObject(value['omit']) && value['omit'][TENANT_FIELD]) {
    args['omit'] = { ...value['omit'], [TENANT_FIELD]: false };
    strip = true;
  }
  const children: ReadCheck[] = [];
  for (const key of ['select', 'include'] as const) {
    if (args[key] === undefined) continue;
    const nested = scopeSelection(graph, target, args[key], userId);
    args[key] = nested.selection;
    children.push(...nested.checks);
  }
  return { args, strip, children };
}

function scopeCount(graph: ModelGraph, model: string, value: unknown, userId: string): unknown {
  const tenantRelations = [...(graph.relations.get(model) ?? new Map<string, string>())].filter(([, target]) => graph.tenantModels.has(target));
  if (value === true) {
    if (tenantRelations.length === 0) return value;
    throw new TenancyError(
      `${model}: \`_count: true\` cannot be scoped to the tenant; name the relations instead: _count: { select: { ${tenantRelations[0]![0]}: true } }`,
    );
  }
  if (!isObject(value) || !isObject(value['select'])) return value;
  const select: Args = {};
  for (const [field, counted] of Object.entries(value['select'])) {
    const target = relationTarget(graph, model, field);
    if (!target || !graph.tenantModels.has(target) || !counted) select[field] = counted;
    else select[field] = { ...(isObject(counted) ? counted : {}), where: scopeWhere(graph, target, isObject(counted) ? counted['where'] : undefined, userId) };
  }
  return { ...value, select };
}

/** Apply `checks` to a result row (or list of rows) of the queried model, in place. */
export function checkResult(result: unknown, checks: readonly ReadCheck[], model: string, userId: string): unknown {
  if (checks.length === 0) return result;
  if (Array.isArray(result)) for (const row of result) checkRow(row, checks, model, userId);
  else checkRow(result, checks, model, userId);
  return result;
}

function checkRow(row: unknown, checks: readonly ReadCheck[], model: string, userId: string): void {
  if (!isObject(row)) return;
  for (const check of checks) {
    const value = row[check.field];
    if (Array.isArray(value)) {
      const kept = check.tenant ? value.filter((item) => isObject(item) && item[TENANT_FIELD] === userId) : value;
      for (const item of kept) finishRow(item, check, userId);
      row[check.field] = kept;
    } else if (isObject(value)) {
      if (check.tenant && value[TENANT_FIELD] !== userId)
        throw new TenancyError(
          `${model}.${check.field} links to a ${check.target} of another tenant; the data is corrupt (writes through the tenancy extension never link across tenants): repair it as an admin`,
        );
      finishRow(value, check, userId);
    }
  }
}

function finishRow(item: unknown, check: ReadCheck, userId: string): void {
  checkRow(item, check.children, check.target, userId);
  if (check.strip && isObject(item)) delete item[TENANT_FIELD];
}
