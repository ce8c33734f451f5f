/** Tenant isolation for the cloud's Prisma Client: the extension, the request context, the error. */
export { tenancyExtension } from './tenancy-extension.js';
export {
  CUSTOMER_CONTEXT_HEADER,
  currentTenantContext,
  runWithTenant,
  tenantScopeOf,
  type TenantContext,
  type TenantRun,
  type TenantScope,
} from './tenant-context.js';
export { TenancyError } from './tenancy-error.js';
export { tenantOwned } from './tenant-owned.js';
export { modelGraph, type ModelGraph, type RuntimeDataModel } from './model-graph.js';
