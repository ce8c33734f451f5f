import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CUSTOMER_CONTEXT_HEADER, runWithTenant, type TenantContext } from '../../../prisma/tenancy/index.js';
import { findApiToken } from '../accounts/api-tokens.js';
import { sameToken } from '../accounts/secret-token.js';
import { findSession, SESSION_COOKIE } from '../accounts/sessions.js';
import type { GatewayDb } from '../gateway-db.js';
import { ApiProblem } from '../http/api-problem.js';

/** Who is asking, and how they proved it. */
export interface Principal {
  user: { id: string; email: string; name: string | null; role: 'customer' | 'admin' };
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
  expiresAt?: Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    /** The tenant context the handler runs in (prisma/tenancy): the seed's rule, from the user and x-customer-context. */
    tenant?: TenantContext;
  }
  interface FastifyContextConfig {
    /** No sign-in needed (sign-in itself, the OpenAPI document). */
    public?: boolean;
    /** Admins only. */
    admin?: boolean;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The people's edge: find the person (session cookie or personal API token), refuse a
 * cross-site write, and derive the tenant context exactly as the seed says: a customer is their
 * own tenant and gets 403 for `x-customer-context`; an admin is unfiltered unless the header
 * names a customer, and then sees exactly that customer's rows.
 */
export async function authenticatePerson(db: GatewayDb, request: FastifyRequest, now: Date): Promise<void> {
  const principal = await findPrincipal(db, request, now);
  if (!principal) {
    if (request.routeOptions.config.public) return;
    throw new ApiProblem(401, 'unauthorized', 'sign in (POST /api/v1/session) or send a personal API token as Authorization: Bearer lt_…', undefined, {
      'WWW-Authenticate': 'Bearer realm="luach-api"',
    });
  }
  if (principal.via === 'session' && UNSAFE.has(request.method)) checkCsrf(request, principal);
  request.principal = principal;
  const header = request.headers[CUSTOMER_CONTEXT_HEADER];
  const named = (Array.isArray(header) ? header[0] : header)?.trim();
  if (header !== undefined && principal.user.role !== 'admin')
    throw new ApiProblem(403, 'customer-context-forbidden', `only an admin may act as a customer; leave out ${CUSTOMER_CONTEXT_HEADER}`);
  if (request.routeOptions.config.admin && principal.user.role !== 'admin') throw new ApiProblem(403, 'admin-only', 'this needs an admin account');
  if (named) {
    const customer = await db.user.findUnique({ where: { id: named }, select: { role: true } });
    if (!customer || customer.role !== 'customer')
      throw new ApiProblem(400, 'unknown-customer', `${CUSTOMER_CONTEXT_HEADER} names no customer account; send a customer's user id`, {
        [CUSTOMER_CONTEXT_HEADER]: 'expected the id of a customer account',
      });
  }
  request.tenant = { userId: principal.user.id, role: principal.user.role, customerContext: named || undefined };
}

async function findPrincipal(db: GatewayDb, request: FastifyRequest, now: Date): Promise<Principal | undefined> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const token = await findApiToken(db, authorization, now);
    // A wrong bearer is refused even when a cookie is present: a script must not fall back to a browser's session.
    if (!token)
      throw new ApiProblem(401, 'unauthorized', 'the API token was refused (unknown, revoked or expired); create a new one', undefined, {
        'WWW-Authenticate': 'Bearer realm="luach-api", error="invalid_token"',
      });
    return { user: token.owner, via: 'token' };
  }
  const session = await findSession(db, request.cookies[SESSION_COOKIE], now);
  if (!session) return undefined;
  return { user: session.owner, via: 'session', sessionId: session.id, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
}

/**
 * A write carried by the session cookie must echo the session's synchronizer token, which a
 * page of another site cannot read; a browser's Origin, when sent, must be this site's own.
 */
function checkCsrf(request: FastifyRequest, principal: Principal): void {
  const origin = request.headers.origin;
  if (origin && origin !== `${request.protocol}://${request.host}`)
    throw new ApiProblem(403, 'csrf-refused', `a write from ${origin} was refused: the console only accepts writes from its own site`);
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !principal.csrfToken || !sameToken(sent, principal.csrfToken))
    throw new ApiProblem(403, 'csrf-refused', `send the session's csrfToken (from GET /api/v1/session) as ${CSRF_HEADER.toUpperCase()} with every write`);
}

/**
 * Every handler registered after this runs in its request's tenant context (prisma/tenancy), so
 * each query inside is scoped, and no route can forget to be. Public routes (sign-in) run
 * outside any context: a tenant model queried there throws.
 */
export function runHandlersInTenant(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
      return request.tenant ? runWithTenant(request.tenant, () => handler.call(this, request, reply)) : handler.call(this, request, reply);
    };
  });
}

/** The customer a request acts for: the customer themself, the one an admin names, or undefined for an unscoped admin. */
export function actingFor(request: FastifyRequest): string | undefined {
  const tenant = request.tenant;
  if (!tenant) return undefined;
  return tenant.role === 'customer' ? tenant.userId : tenant.customerContext;
}
