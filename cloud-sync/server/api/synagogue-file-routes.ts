import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../protocol/api/api-error.js';
import { SynagogueFile, SynagogueImported, SynagogueImportQuery } from '../../protocol/api/synagogue-file.js';
import type { ChangeFeed } from '../broker/change-feed.js';
import type { GatewayDb } from '../gateway-db.js';
import { ApiProblem, notFound } from '../http/api-problem.js';
import { exportSynagogueFile, importSynagogueFile } from '../synagogue-file.js';
import { recordAudit } from './audit.js';
import { actingFor } from './principal.js';

const IdParams = z.object({ id: z.string().min(1).max(64) });
export const MAX_SYNAGOGUE_FILE_BYTES = 20 * 1024 * 1024;

/** A synagogue out and in as one JSON file: how a standalone screen moves to a cloud account. */
export function synagogueFileRoutes(app: FastifyInstance, services: { db: GatewayDb; clock: { now(): Date }; changes: ChangeFeed }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock, changes } = services;
  const tags = ['content'];

  api.get(
    '/synagogues/:id/export',
    {
      schema: {
        tags,
        summary: 'The synagogue, its screen’s settings and all its content as one JSON file',
        params: IdParams,
        response: { 200: SynagogueFile, 404: ApiError },
      },
    },
    async (request, reply) => {
      const file = await exportSynagogueFile(db, request.params.id, clock.now());
      if (!file) throw notFound(`synagogue ${request.params.id}`);
      reply.header('Content-Disposition', 'attachment; filename="synagogue.luach.json"').header('Cache-Control', 'no-store');
      return file;
    },
  );

  api.post(
    '/synagogues/import',
    {
      bodyLimit: MAX_SYNAGOGUE_FILE_BYTES,
      schema: {
        tags,
        summary: 'Import a synagogue file (all rows or none); ?deviceId= gives it to one of your screens, with its settings',
        querystring: SynagogueImportQuery,
        body: SynagogueFile,
        response: { 201: SynagogueImported, 400: ApiError },
      },
    },
    async (request, reply) => {
      const owner = actingFor(request);
      if (!owner) throw new ApiProblem(400, 'customer-context-required', 'an admin imports for a customer: name them with x-customer-context');
      const { deviceId } = request.query;
      const result = await db.$transaction(async (tx) => {
        if (deviceId && !(await tx.device.findUnique({ where: { id: deviceId }, select: { id: true } })))
          throw new ApiProblem(400, 'invalid-query', `device ${deviceId} does not exist, or is not yours`, { 'query.deviceId': 'no such device' });
        const done = await importSynagogueFile(tx as GatewayDb, request.body, { deviceId });
        await recordAudit(tx, request, { ownerId: owner, action: 'import', entityType: 'Synagogue', entityId: done.synagogueId, after: done.imported });
        return done;
      });
      await changes.changed({ tenantId: owner, devices: 'all' });
      return reply.code(201).send(result);
    },
  );
}
