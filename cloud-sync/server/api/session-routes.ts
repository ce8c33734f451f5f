import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SessionInfo, SignIn } from '../../protocol/api/accounts.js';
import { ApiError } from '../../protocol/api/api-error.js';
import type { DatabaseAttemptStore } from '../accounts/attempt-store.js';
import { DECOY_PASSWORD_HASH, verifyPassword } from '../accounts/passwords.js';
import { closeSession, openSession, SESSION_COOKIE, SESSION_LIFETIME_MS } from '../accounts/sessions.js';
import { hashSecretToken } from '../accounts/secret-token.js';
import type { GatewayDb } from '../gateway-db.js';
import { ApiProblem } from '../http/api-problem.js';
import { PUBLIC_USER } from '../accounts/users.js';
import { actingFor } from './principal.js';
import { plain } from './listing.js';

export interface SessionRouteServices {
  db: GatewayDb;
  clock: { now(): Date };
  attempts: DatabaseAttemptStore;
  signInLimit: { perAddress: { attempts: number; windowMs: number }; perAccount: { attempts: number; windowMs: number } };
  /** Secure cookies: always (production behind TLS), never, or when the request came over TLS. */
  secureCookies: 'always' | 'never' | 'auto';
}

const INVALID = new ApiProblem(401, 'invalid-credentials', 'the email or the password is wrong');

/** Sign-in, who am I, sign-out. */
export function sessionRoutes(app: FastifyInstance, services: SessionRouteServices): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = services;

  api.post(
    '/session',
    {
      config: { public: true },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in: sets the HttpOnly session cookie and returns the CSRF token to echo on writes',
        body: SignIn,
        response: { 200: SessionInfo, 400: ApiError, 401: ApiError, 429: ApiError },
      },
    },
    async (request, reply) => {
      const now = clock.now();
      const email = request.body.email.trim().toLowerCase();
      // Per address and per account, in the database: every replica counts the same attempts.
      const waits = await Promise.all([
        services.attempts.take(`sign-in:ip:${request.ip}`, now, services.signInLimit.perAddress),
        services.attempts.take(`sign-in:account:${hashSecretToken(email)}`, now, services.signInLimit.perAccount),
      ]);
      const waitMs = Math.max(...waits);
      if (waitMs > 0) {
        const seconds = String(Math.ceil(waitMs / 1000));
        throw new ApiProblem(429, 'too-many-attempts', `too many sign-in attempts; try again in ${seconds} s`, undefined, { 'Retry-After': seconds });
      }
      const user = await db.user.findUnique({ where: { email }, select: { ...PUBLIC_USER, passwordHash: true } });
      const matches = await verifyPassword(request.body.password, user?.passwordHash ?? DECOY_PASSWORD_HASH);
      if (!user || !user.passwordHash || !matches) throw INVALID;
      if (user.disabledAt) throw new ApiProblem(403, 'account-disabled', 'this account is disabled; ask an admin to enable it');
      await services.attempts.clear(`sign-in:account:${hashSecretToken(email)}`);
      const opened = await openSession(db, user.id, now, { ip: request.ip, userAgent: request.headers['user-agent'] });
      await db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
      const secure = services.secureCookies === 'always' || (services.secureCookies === 'auto' && request.protocol === 'https');
      reply.setCookie(SESSION_COOKIE, opened.cookie, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: SESSION_LIFETIME_MS / 1000 });
      reply.header('Cache-Control', 'no-store');
      const { passwordHash: _hash, ...shown } = user;
      return {
        user: plain({ ...shown, lastLoginAt: now }),
        via: 'session',
        csrfToken: opened.csrfToken,
        expiresAt: opened.expiresAt.toISOString(),
        actingAs: null,
      } as z.infer<typeof SessionInfo>;
    },
  );

  api.get(
    '/session',
    { schema: { tags: ['accounts'], summary: 'Who is signed in, and the CSRF token of the session', response: { 200: SessionInfo, 401: ApiError } } },
    async (request, reply) => {
      const principal = request.principal!;
      const user = await db.user.findUniqueOrThrow({ where: { id: principal.user.id }, select: PUBLIC_USER });
      reply.header('Cache-Control', 'no-store');
      return {
        user: plain(user),
        via: principal.via,
        csrfToken: principal.csrfToken ?? null,
        expiresAt: principal.expiresAt?.toISOString() ?? null,
        actingAs: principal.user.role === 'admin' ? (actingFor(request) ?? null) : null,
      } as z.infer<typeof SessionInfo>;
    },
  );

  api.delete(
    '/session',
    { schema: { tags: ['accounts'], summary: 'Sign out', response: { 204: z.null(), 401: ApiError, 403: ApiError } } },
    async (request, reply) => {
      const principal = request.principal!;
      if (principal.sessionId) await closeSession(db, principal.sessionId, clock.now());
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );
}
