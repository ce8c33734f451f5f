import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { SessionInfo } from '../../protocol/api/accounts.js';
import { ApiError } from '../../protocol/api/api-error.js';
import { FirstRunSetup, SetupStatus } from '../../protocol/api/setup.js';
import type { AttemptRule, DatabaseAttemptStore } from '../accounts/attempt-store.js';
import { hashPassword } from '../accounts/passwords.js';
import { sameToken } from '../accounts/secret-token.js';
import { openSession, SESSION_COOKIE, SESSION_LIFETIME_MS } from '../accounts/sessions.js';
import { Email, PUBLIC_USER } from '../accounts/users.js';
import type { FirstRun } from '../first-run.js';
import type { GatewayDb } from '../gateway-db.js';
import { ApiProblem } from '../http/api-problem.js';
import { plain } from './listing.js';

export interface SetupRouteServices {
  db: GatewayDb;
  clock: { now(): Date };
  firstRun: FirstRun;
  secureCookies: 'always' | 'never' | 'auto';
  /** Kept in the database, like sign-in's: a restart does not give a guesser fresh tries. */
  attempts: DatabaseAttemptStore;
  /** Attempts per address, and for all addresses together (a short code must not be guessed from many). */
  limits?: { perAddress: AttemptRule; overall: AttemptRule };
}

const DEFAULT_LIMITS = { perAddress: { attempts: 5, windowMs: 15 * 60_000 }, overall: { attempts: 30, windowMs: 15 * 60_000 } };

/**
 * The standalone first run: GET says whether the screen still needs setting up; POST takes the
 * code the wall shows, and the email and password the account will have, signs the phone in,
 * and takes the code off the wall. Wrong codes are refused and limited per address and overall.
 */
export function setupRoutes(app: FastifyInstance, services: SetupRouteServices): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock, firstRun } = services;
  const limits = services.limits ?? DEFAULT_LIMITS;

  api.get(
    '/setup',
    { config: { public: true }, schema: { tags: ['setup'], summary: 'Whether this standalone screen still needs setting up', response: { 200: SetupStatus } } },
    async (_request, reply) => {
      reply.header('Cache-Control', 'no-store');
      return { needed: firstRun.code() !== null, standalone: true as const };
    },
  );

  api.post(
    '/setup',
    {
      config: { public: true },
      schema: {
        tags: ['setup'],
        summary: 'Set up this screen: the code it shows, and the email and password of its account; signs you in',
        body: FirstRunSetup,
        response: { 200: SessionInfo, 400: ApiError, 401: ApiError, 409: ApiError, 429: ApiError },
      },
    },
    async (request, reply) => {
      const now = clock.now();
      const expected = firstRun.code();
      if (expected === null) throw new ApiProblem(409, 'already-set-up', 'this screen is set up already; sign in with its email and password');
      const wait = Math.max(
        await services.attempts.take(`setup:ip:${request.ip}`, now, limits.perAddress),
        await services.attempts.take('setup:all', now, limits.overall),
      );
      if (wait > 0) {
        const seconds = String(Math.ceil(wait / 1000));
        throw new ApiProblem(429, 'too-many-attempts', `too many wrong codes; try again in ${seconds} s`, undefined, { 'Retry-After': seconds });
      }
      const typed = request.body.code.toUpperCase().replace(/[\s-]/g, '');
      if (!sameToken(typed, expected))
        throw new ApiProblem(401, 'wrong-setup-code', 'that is not the code the screen shows', { code: 'not the code on the screen' });
      const email = Email.safeParse(request.body.email);
      if (!email.success)
        throw new ApiProblem(400, 'invalid-body', 'the email was refused: expected an email address', {
          email: 'expected an email address such as gabbai@example.org',
        });
      const taken = await db.user.findUnique({ where: { email: email.data }, select: { id: true } });
      if (taken && taken.id !== firstRun.ownerId)
        throw new ApiProblem(400, 'invalid-body', 'another account has this email', { email: 'another account has this email' });
      const user = await db.user.update({
        where: { id: firstRun.ownerId },
        data: { email: email.data, passwordHash: await hashPassword(request.body.password), lastLoginAt: now },
        select: PUBLIC_USER,
      });
      firstRun.completed();
      const opened = await openSession(db, user.id, now, { ip: request.ip, userAgent: request.headers['user-agent'] });
      const secure = services.secureCookies === 'always' || (services.secureCookies === 'auto' && request.protocol === 'https');
      reply.setCookie(SESSION_COOKIE, opened.cookie, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: SESSION_LIFETIME_MS / 1000 });
      reply.header('Cache-Control', 'no-store');
      return { user: plain(user), via: 'session', csrfToken: opened.csrfToken, expiresAt: opened.expiresAt.toISOString(), actingAs: null } as z.infer<
        typeof SessionInfo
      >;
    },
  );
}
