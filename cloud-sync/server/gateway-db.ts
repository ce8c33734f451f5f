import { Prisma, type PrismaClient } from '../../prisma/generated/sqlite/index.js';
import { openSqliteClient } from '../../prisma/sqlite/open-sqlite-client.js';
import { runWithTenant, tenancyExtension, type TenantRun } from '../../prisma/tenancy/index.js';

/**
 * The gateway's database: a Prisma Client wrapped in the tenancy extension. Typed on the
 * embedded SQLite client; the MongoDB client has the same models and fields (composites are
 * typed objects there, Json here), and the gateway reads both through the wire schemas.
 */
export function withTenancy(client: PrismaClient) {
  return client.$extends(tenancyExtension(Prisma.dmmf));
}
export type GatewayDb = ReturnType<typeof withTenancy>;

/** The embedded default: a SQLite file (tables created when empty), with tenancy. `client` is for $disconnect. */
export function openSqliteGatewayDb(file: string): { client: PrismaClient; db: GatewayDb } {
  const client = openSqliteClient(file);
  return { client, db: withTenancy(client) };
}

/** The audit name of the gateway when it acts as an admin. */
const GATEWAY_USER = 'gateway';

/**
 * Run `fn` as an unimpersonated admin. Only for finding a device by its credential or its id
 * before its owner is known: authentication precedes knowing the tenant. Everything after that
 * runs as the owner (asDeviceOwner).
 */
export function asGateway<T>(fn: () => T): TenantRun<T> {
  return runWithTenant({ userId: GATEWAY_USER, role: 'admin' }, fn);
}

/**
 * Run `fn` as the customer who owns the device. A customer role, not an admin impersonating
 * one: a blank owner id then throws instead of widening to every tenant, as an admin with a
 * blank customer context would.
 */
export function asDeviceOwner<T>(ownerId: string, fn: () => T): TenantRun<T> {
  return runWithTenant({ userId: ownerId, role: 'customer' }, fn);
}

/**
 * Run `fn` as the customer `tenantId`, for the few writes the cloud makes into a tenant outside
 * any request of theirs: an account's own audit rows (User and ApiToken are global, their audit
 * is not), and the gateway's after-commit jobs.
 */
export function asTenant<T>(tenantId: string, fn: () => T): TenantRun<T> {
  return runWithTenant({ userId: tenantId, role: 'customer' }, fn);
}
