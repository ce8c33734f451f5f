import { AsyncLocalStorage } from 'node:async_hooks';
import { TenancyError } from './tenancy-error.js';

/** The HTTP header through which an admin acts as one customer (impersonation). */
export const CUSTOMER_CONTEXT_HEADER = 'x-customer-context';

export interface TenantContext {
  /** The signed-in user: a customer's id is the `userId` of everything they own. */
  userId: string;
  role: 'customer' | 'admin';
  /** The `x-customer-context` header value: the customer an admin acts as. Admins only. */
  customerContext?: string | undefined;
}

/** What the tenancy extension does with a tenant-model query. */
export type TenantScope = { kind: 'tenant'; userId: string } | { kind: 'unscoped' };

const storage = new AsyncLocalStorage<TenantContext>();

/** What runWithTenant returns: a thenable (such as a lazy PrismaPromise) comes back as a started Promise. */
export type TenantRun<T> = T extends PromiseLike<infer U> ? Promise<U> : T;

/**
 * Run `fn` (and everything it awaits) as `context`. Every query of a tenant model inside it is
 * scoped by the tenancy extension; outside any context such a query throws.
 *
 * Prisma queries are lazy: they run when awaited. So a thenable that `fn` returns, e.g.
 * `runWithTenant(ctx, () => db.device.findMany())`, is started here, inside the context;
 * otherwise it would run at the caller's `await`, outside it.
 */
export function runWithTenant<T>(context: TenantContext, fn: () => T): TenantRun<T> {
  if (!context.userId) throw new TenancyError('runWithTenant: context.userId is empty; pass the signed-in user id');
  if (context.role !== 'customer' && context.role !== 'admin')
    throw new TenancyError(`runWithTenant: role must be "customer" or "admin", got ${JSON.stringify(context.role)}`);
  if (context.role === 'customer' && context.customerContext && context.customerContext !== context.userId)
    throw new TenancyError(`runWithTenant: only an admin may act as another customer (${CUSTOMER_CONTEXT_HEADER}); this user is a customer`);
  return storage.run(Object.freeze({ ...context }), () => {
    const result = fn();
    if (!isThenable(result)) return result as TenantRun<T>;
    return new Promise((resolve, reject) => result.then(resolve, reject)) as TenantRun<T>;
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

export function currentTenantContext(): TenantContext | undefined {
  return storage.getStore();
}

/** Whose rows a context may touch: a customer only their own; an admin all, or the impersonated customer's. */
export function tenantScopeOf(context: TenantContext): TenantScope {
  // A header present but blank is no impersonation (the admin's own, unfiltered view).
  const customer = context.customerContext?.trim();
  if (context.role === 'admin') return customer ? { kind: 'tenant', userId: customer } : { kind: 'unscoped' };
  return { kind: 'tenant', userId: context.userId };
}
