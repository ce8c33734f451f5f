/**
 * A query that would cross tenants, or that cannot be scoped to one. Thrown before the query
 * reaches the database (or, for a corrupt cross-tenant link, before its result reaches the caller).
 */
export class TenancyError extends Error {
  override readonly name = 'TenancyError';
}
