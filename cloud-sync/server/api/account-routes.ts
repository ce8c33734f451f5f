import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiToken, IssuedApiToken, NewApiToken, NewUser, PasswordChange, User, UserPatch } from '../../protocol/api/accounts.js';
import { ApiError } from '../../protocol/api/api-error.js';
import { Page, PageQuery } from '../../protocol/api/paging.js';
import { createApiToken, PUBLIC_TOKEN } from '../accounts/api-tokens.js';
import { hashPassword, verifyPassword } from '../accounts/passwords.js';
import { createUser, Email, Password, PUBLIC_USER, UserExists } from '../accounts/users.js';
import { asTenant, type GatewayDb } from '../gateway-db.js';
import { ApiProblem, fieldsOf, notFound } from '../http/api-problem.js';
import { recordAudit, type AuditEntry } from './audit.js';
import type { FastifyRequest } from 'fastify';
import { listPage, plain } from './listing.js';

/** Accounts are global; their audit rows go to the account's own tenant. */
const auditAccount = (db: GatewayDb, request: FastifyRequest, entry: AuditEntry) => asTenant(entry.ownerId, () => recordAudit(db, request, entry));

const IdParams = z.object({ id: z.string().min(1).max(64) });

/**
 * Personal API tokens (each person their own), one's own password, and (admins only) the
 * accounts themselves. User, ApiToken and Session are global models: these routes name their
 * owner explicitly (ownerId, the signed-in user's id), never a tenant.
 */
export function accountRoutes(app: FastifyInstance, deps: { db: GatewayDb; clock: { now(): Date } }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = deps;

  api.get(
    '/tokens',
    { schema: { tags: ['accounts'], summary: 'My API tokens', querystring: PageQuery, response: { 200: Page(ApiToken) } } },
    async (request) =>
      listPage(
        request.query,
        (args) => db.apiToken.findMany({ ...args, where: { ...args.where, ownerId: request.principal!.user.id }, select: PUBLIC_TOKEN }),
        () => db.apiToken.count({ where: { ownerId: request.principal!.user.id } }),
      ) as never,
  );

  api.post(
    '/tokens',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Create a personal API token (shown once)',
        body: NewApiToken,
        response: { 201: IssuedApiToken, 400: ApiError },
      },
    },
    async (request, reply) => {
      const now = clock.now();
      const { name, expiresInDays } = request.body;
      const issued = await createApiToken(db, request.principal!.user.id, {
        name,
        expiresAt: expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000) : undefined,
      });
      await auditAccount(db, request, { ownerId: request.principal!.user.id, action: 'create', entityType: 'ApiToken', entityId: issued.id, after: { name } });
      reply.header('Cache-Control', 'no-store');
      return reply.code(201).send(plain(issued) as z.infer<typeof IssuedApiToken>);
    },
  );

  api.delete(
    '/tokens/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Revoke one of my API tokens: refused from the next request on',
        params: IdParams,
        response: { 204: z.null(), 404: ApiError },
      },
    },
    async (request, reply) => {
      const { count } = await db.apiToken.updateMany({
        where: { id: request.params.id, ownerId: request.principal!.user.id, revokedAt: null },
        data: { revokedAt: clock.now() },
      });
      if (!count) throw notFound(`API token ${request.params.id}`);
      await auditAccount(db, request, { ownerId: request.principal!.user.id, action: 'revoke', entityType: 'ApiToken', entityId: request.params.id });
      return reply.code(204).send(null);
    },
  );

  api.put(
    '/me/password',
    { schema: { tags: ['accounts'], summary: 'Change my password', body: PasswordChange, response: { 204: z.null(), 400: ApiError, 403: ApiError } } },
    async (request, reply) => {
      const me = await db.user.findUniqueOrThrow({ where: { id: request.principal!.user.id }, select: { passwordHash: true } });
      if (!me.passwordHash || !(await verifyPassword(request.body.current, me.passwordHash)))
        throw new ApiProblem(403, 'wrong-password', 'the current password is wrong', { current: 'the current password is wrong' });
      const next = Password.safeParse(request.body.next);
      if (!next.success) throw ApiProblem.invalid('invalid-body', next.error, { prefix: ['next'], lead: 'the new password was refused' });
      await db.user.update({ where: { id: request.principal!.user.id }, data: { passwordHash: await hashPassword(next.data) } });
      await auditAccount(db, request, {
        ownerId: request.principal!.user.id,
        action: 'change-password',
        entityType: 'User',
        entityId: request.principal!.user.id,
      });
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/users',
    {
      config: { admin: true },
      schema: { tags: ['admin'], summary: 'Every account (admins)', querystring: PageQuery, response: { 200: Page(User), 403: ApiError } },
    },
    async (request) =>
      listPage(
        request.query,
        (args) => db.user.findMany({ ...args, select: PUBLIC_USER }),
        (args) => db.user.count(args),
      ) as never,
  );

  api.post(
    '/users',
    {
      config: { admin: true },
      schema: { tags: ['admin'], summary: 'Create an account (admins)', body: NewUser, response: { 201: User, 400: ApiError, 409: ApiError } },
    },
    async (request, reply) => {
      const email = Email.safeParse(request.body.email);
      if (!email.success) throw ApiProblem.invalid('invalid-body', email.error, { prefix: ['email'], lead: 'the account was refused' });
      try {
        const user = await createUser(db, { ...request.body, email: email.data });
        await auditAccount(db, request, {
          ownerId: user.id,
          action: 'create',
          entityType: 'User',
          entityId: user.id,
          after: { email: user.email, role: user.role },
        });
        return reply.code(201).send(plain(user) as z.infer<typeof User>);
      } catch (error) {
        if (error instanceof UserExists) throw new ApiProblem(409, 'user-exists', error.message, { email: 'an account with this email exists' });
        if (error instanceof z.ZodError) throw new ApiProblem(400, 'invalid-body', error.issues.map((i) => i.message).join('; '), fieldsOf(error));
        throw error;
      }
    },
  );

  api.patch(
    '/users/:id',
    {
      config: { admin: true },
      schema: {
        tags: ['admin'],
        summary: 'Rename, change the role of, disable or enable an account (admins)',
        params: IdParams,
        body: UserPatch,
        response: { 200: User, 404: ApiError },
      },
    },
    async (request) => {
      const before = await db.user.findUnique({ where: { id: request.params.id }, select: PUBLIC_USER });
      if (!before) throw notFound(`user ${request.params.id}`);
      const { disabled, ...rest } = request.body;
      if (request.params.id === request.principal!.user.id && (disabled || rest.role === 'customer'))
        throw new ApiProblem(409, 'would-lock-out', 'an admin cannot disable or demote their own account; ask another admin');
      const after = await db.user.update({
        where: { id: request.params.id },
        data: { ...rest, ...(disabled === undefined ? {} : { disabledAt: disabled ? clock.now() : null }) },
        select: PUBLIC_USER,
      });
      await auditAccount(db, request, { ownerId: after.id, action: 'update', entityType: 'User', entityId: after.id, before, after });
      return plain(after) as z.infer<typeof User>;
    },
  );
}
