import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Page, PageQuery } from '../../protocol/api/paging.js';
import { isoDateTime } from '../../protocol/primitives.js';
import type { GatewayDb } from '../gateway-db.js';
import { listPage } from './listing.js';

const AuditRow = z
  .object({
    id: z.string(),
    userId: z.string().describe('the customer whose data it was'),
    actorId: z.string().nullable().describe('the person who acted (an admin acting for the customer appears here)'),
    actorRole: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    ip: z.string().nullable(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'AuditEntry' });

const AuditQuery = PageQuery.extend({
  entityType: z.string().max(60).optional(),
  entityId: z.string().max(64).optional(),
});

/** Who did what, newest first, within the request's tenant context. */
export function auditRoutes(app: FastifyInstance, deps: { db: GatewayDb }): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/audit',
    {
      schema: { tags: ['accounts'], summary: 'The audit trail: who changed what, newest first', querystring: AuditQuery, response: { 200: Page(AuditRow) } },
    },
    async (request) => {
      const { entityType, entityId, ...page } = request.query;
      const where = { ...(entityType ? { entityType } : {}), ...(entityId ? { entityId } : {}) };
      const rows = (args: object) => deps.db.auditLog.findMany({ ...args, omit: { userAgent: true, updatedAt: true } });
      return listPage(page, rows, (args) => deps.db.auditLog.count(args), where, true) as never;
    },
  );
}
