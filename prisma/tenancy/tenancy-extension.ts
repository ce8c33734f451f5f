import { Prisma } from '@prisma/client/extension';
import { modelGraph, type RuntimeDataModel } from './model-graph.js';
import { scopeQuery } from './scope-query.js';
import type { Args } from './scope-where.js';
import { CUSTOMER_CONTEXT_HEADER, currentTenantContext, tenantScopeOf } from './tenant-context.js';
import { TenancyError } from './tenancy-error.js';

const RAW_OPERATIONS = new Set(['$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe', '$runCommandRaw']);

/**
 * The Prisma Client extension that confines every query to the tenant of the request context
 * (see runWithTenant). Build it from the generated client's data model, so the tenant models
 * are exactly the schema's models with a `userId` field:
 *
 *   import { PrismaClient, Prisma } from '../generated/sqlite/index.js'; // or ../generated/mongo
 *   const db = new PrismaClient({ adapter }).$extends(tenancyExtension(Prisma.dmmf));
 *
 * - customer: reads, counts, aggregates, updates, deletes and upserts see only their rows;
 *   creates are stamped with their userId; nested reads and writes through relations likewise.
 * - admin: unfiltered, unless `customerContext` (x-customer-context) names a customer: then
 *   exactly as that customer.
 * - no context: a query of a tenant model (or of a model whose relations lead to one) throws;
 *   other global models are never filtered.
 * - raw SQL/commands bypass any filter, so only an unimpersonated admin may run them.
 */
export function tenancyExtension(dataModel: RuntimeDataModel) {
  const graph = modelGraph(dataModel);
  const touchesTenant = (model: string) => graph.reachesTenant.has(model);

  return Prisma.defineExtension({
    name: 'luach-tenancy',
    query: {
      async $allOperations({ model, operation, args, query }) {
        const context = currentTenantContext();
        if (model === undefined) {
          if (RAW_OPERATIONS.has(operation) && !(context && tenantScopeOf(context).kind === 'unscoped'))
            throw new TenancyError(`${operation} bypasses tenant isolation; only an admin (without ${CUSTOMER_CONTEXT_HEADER}) may run raw queries`);
          return query(args);
        }
        if (!context) {
          if (!touchesTenant(model)) return query(args);
          throw new TenancyError(
            `${model}.${operation} ran outside a tenant context; wrap the request in runWithTenant({ userId, role }, fn) from prisma/tenancy`,
          );
        }
        const scope = tenantScopeOf(context);
        if (scope.kind === 'unscoped' || !touchesTenant(model)) return query(args);
        const rewritten = scopeQuery(graph, model, operation, (args ?? {}) as Args, scope.userId);
        return rewritten.finish(await query(rewritten.args as typeof args));
      },
    },
  });
}
