import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../protocol/api/api-error.js';
import { Batch, BatchRequest, BatchResult } from '../../protocol/api/fleet.js';
import { Page, PageQuery } from '../../protocol/api/paging.js';
import type { CommandType } from '../../protocol/commands.js';
import { tenantOwned } from '../../../prisma/tenancy/index.js';
import { expireCommands, recordBatchResult } from '../batch-progress.js';
import { dispatchCommand, type Publish } from '../device-commands.js';
import { asDeviceOwner } from '../gateway-db.js';
import { ApiProblem, notFound } from '../http/api-problem.js';
import { recordAudit } from './audit.js';
import { checkParams, type CommandRouteServices } from './command-services.js';
import { listPage, plain } from './listing.js';
import { actingFor } from './principal.js';
import { writeSettingsPatch } from './settings-command.js';

const IdParams = z.object({ id: z.string().min(1).max(64) });
/** How many devices of a batch are sent their command at once. */
const BATCH_CONCURRENCY = 8;

/**
 * One command to many devices of one customer: a BatchCommand with a result per device, sent in
 * the background after the 202; each device's result moves its row and the batch's counts, and
 * devices that never answer become expired (batch-progress.ts).
 */
export function batchRoutes(app: FastifyInstance, services: CommandRouteServices, publishOrRefuse: () => Publish): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock, logger } = services;
  const tags = ['commands'];

  api.post(
    '/batch-commands',
    {
      schema: {
        tags,
        summary: 'Send one command to many devices of one customer; follow its progress at GET /batch-commands/:id',
        body: BatchRequest,
        response: { 202: Batch, 400: ApiError, 503: ApiError },
      },
    },
    async (request, reply) => {
      const publish = publishOrRefuse();
      const { type, params, ttlSeconds, deviceIds, synagogueId } = request.body;
      checkParams(type, params);
      const devices = await db.device.findMany({
        where: deviceIds ? { id: { in: deviceIds } } : { synagogueId: synagogueId!, status: 'active', revokedAt: null },
        select: { id: true, userId: true },
      });
      const missing = deviceIds?.filter((id) => !devices.some((d) => d.id === id)) ?? [];
      if (missing.length)
        throw new ApiProblem(400, 'invalid-body', `no such device(s) for this account: ${missing.slice(0, 10).join(', ')}`, {
          deviceIds: `unknown: ${missing.slice(0, 10).join(', ')}`,
        });
      if (devices.length === 0) throw new ApiProblem(400, 'invalid-body', 'the synagogue has no active device', { synagogueId: 'no active device' });
      const owners = new Set(devices.map((d) => d.userId));
      if (owners.size > 1)
        throw new ApiProblem(400, 'several-customers', 'a batch reaches one customer’s devices; send one batch per customer (x-customer-context)');
      const ownerId = actingFor(request) ?? [...owners][0]!;
      const now = clock.now();
      const batch = await asDeviceOwner(ownerId, () =>
        db.$transaction(async (tx) => {
          const created = await tx.batchCommand.create({
            data: tenantOwned({
              type,
              params: params === undefined ? undefined : JSON.parse(JSON.stringify(params)),
              deviceIds: devices.map((d) => d.id),
              status: 'running',
              total: devices.length,
              issuedBy: request.principal!.user.id,
              startedAt: now,
              expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
            }),
          });
          await tx.batchCommandResult.createMany({ data: devices.map((d) => tenantOwned({ batchCommandId: created.id, deviceId: d.id, status: 'pending' })) });
          await recordAudit(tx, request, {
            ownerId,
            action: 'batch-command',
            entityType: 'BatchCommand',
            entityId: created.id,
            after: { type, params, devices: devices.length },
          });
          return created;
        }),
      );
      void asDeviceOwner(ownerId, () => sendBatch(publish, batch.id, devices, { type: type as CommandType, params, ttlSeconds }, request)).catch(
        (error: Error) => logger.error({ batchId: batch.id, err: error.message }, 'batch dispatch failed'),
      );
      return reply.code(202).send(batchView(batch) as never);
    },
  );

  async function sendBatch(
    publish: Publish,
    batchId: string,
    devices: { id: string }[],
    command: { type: CommandType; params: unknown; ttlSeconds: number },
    request: Parameters<typeof writeSettingsPatch>[1],
  ): Promise<void> {
    const queue = [...devices];
    const worker = async () => {
      for (let device = queue.shift(); device; device = queue.shift()) {
        const now = clock.now();
        try {
          if (command.type === 'set-settings') {
            const owner = await db.device.findUniqueOrThrow({ where: { id: device.id }, select: { id: true, userId: true } });
            await writeSettingsPatch(db, request, owner, (command.params as { settings: unknown }).settings);
            await services.changes.changed({ tenantId: owner.userId, devices: [owner.id] });
          }
          const envelope = await dispatchCommand(db, publish, device.id, { ...command, issuedBy: request.principal!.user.id, batchCommandId: batchId }, now);
          await db.batchCommandResult.updateMany({
            where: { batchCommandId: batchId, deviceId: device.id, status: 'pending' },
            data: { status: 'sent', commandId: envelope.id },
          });
        } catch (error) {
          await recordBatchResult(
            db,
            { batchCommandId: batchId, deviceId: device.id, commandId: '' },
            { status: 'failed', error: `not sent: ${(error as Error).message}` },
            now,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: BATCH_CONCURRENCY }, worker));
  }

  const batchView = (batch: Record<string, unknown> & { total: number; succeeded: number; failed: number; expired: number }) => ({
    ...(plain(batch) as object),
    pending: batch.total - batch.succeeded - batch.failed - batch.expired,
  });

  api.get(
    '/batch-commands',
    { schema: { tags, summary: 'Batch commands, newest first', querystring: PageQuery, response: { 200: Page(Batch) } } },
    async (request) => {
      await expireCommands(db, clock.now());
      const page = await listPage(
        request.query,
        (args) => db.batchCommand.findMany(args),
        (args) => db.batchCommand.count(args),
        undefined,
        true,
      );
      return { ...page, items: (page.items as Parameters<typeof batchView>[0][]).map((b) => batchView(b)) } as never;
    },
  );

  api.get(
    '/batch-commands/:id',
    { schema: { tags, summary: 'A batch command and its progress', params: IdParams, response: { 200: Batch, 404: ApiError } } },
    async (request) => {
      await expireCommands(db, clock.now());
      const batch = await db.batchCommand.findUnique({ where: { id: request.params.id } });
      if (!batch) throw notFound(`batch command ${request.params.id}`);
      return batchView(batch) as never;
    },
  );

  api.get(
    '/batch-commands/:id/results',
    {
      schema: {
        tags,
        summary: 'Each device’s result of a batch command',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: Page(BatchResult), 404: ApiError },
      },
    },
    async (request) => {
      if (!(await db.batchCommand.findUnique({ where: { id: request.params.id }, select: { id: true } }))) throw notFound(`batch command ${request.params.id}`);
      return listPage(
        request.query,
        (args) => db.batchCommandResult.findMany(args),
        (args) => db.batchCommandResult.count(args),
        { batchCommandId: request.params.id },
      ) as never;
    },
  );
}
