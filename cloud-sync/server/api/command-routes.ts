import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ApiError } from '../../protocol/api/api-error.js';
import { Batch, BatchRequest, BatchResult, CommandRequest, CommandRow, Screenshot } from '../../protocol/api/fleet.js';
import { Page, PageQuery } from '../../protocol/api/paging.js';
import { commandParams, type CommandType } from '../../protocol/commands.js';
import { tenantOwned } from '../../../prisma/tenancy/index.js';
import { expireCommands, recordBatchResult } from '../batch-progress.js';
import type { ChangeFeed } from '../broker/change-feed.js';
import { dispatchCommand, type Publish } from '../device-commands.js';
import { asDeviceOwner, type GatewayDb } from '../gateway-db.js';
import { ApiProblem, notFound } from '../http/api-problem.js';
import type { AssetStore } from '../screenshot-upload.js';
import { recordAudit } from './audit.js';
import { listPage, plain } from './listing.js';
import { actingFor } from './principal.js';
import { writeSettingsPatch } from './settings-command.js';

export interface CommandRouteServices {
  db: GatewayDb;
  clock: { now(): Date };
  logger: Logger;
  changes: ChangeFeed;
  publish?: Publish | undefined;
  assets?: AssetStore | undefined;
}

const IdParams = z.object({ id: z.string().min(1).max(64) });
/** How many devices of a batch are sent their command at once. */
const BATCH_CONCURRENCY = 8;

/**
 * Commands to one device or many (a BatchCommand with one result per device, its progress and
 * its expiry), the command history, and the screenshots devices uploaded. Sending needs the
 * broker; without it the request is refused before anything is written.
 */
export function commandRoutes(app: FastifyInstance, services: CommandRouteServices): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock, logger } = services;
  const tags = ['commands'];

  const publishOrRefuse = (): Publish => {
    if (!services.publish) throw new ApiProblem(503, 'broker-unavailable', 'this gateway has no broker connection; commands cannot be sent now');
    return services.publish;
  };
  const checkParams = (type: string, params: unknown) => {
    const checked = commandParams[type as CommandType].safeParse(params);
    if (!checked.success) throw ApiProblem.invalid('invalid-body', checked.error, { prefix: ['params'], lead: `the params of ${type} were refused` });
  };

  api.post(
    '/devices/:id/commands',
    {
      schema: {
        tags,
        summary: 'Send a command to a device; set-settings also writes the device’s settings first',
        params: IdParams,
        body: CommandRequest,
        response: { 202: CommandRow, 400: ApiError, 404: ApiError, 503: ApiError },
      },
    },
    async (request, reply) => {
      const publish = publishOrRefuse();
      const { type, params, ttlSeconds } = request.body;
      checkParams(type, params);
      const device = await db.device.findUnique({ where: { id: request.params.id }, select: { id: true, userId: true } });
      if (!device) throw notFound(`device ${request.params.id}`);
      if (type === 'set-settings') {
        await writeSettingsPatch(db, request, device, (params as { settings: unknown }).settings);
        await services.changes.changed({ tenantId: device.userId, devices: [device.id] });
      }
      const envelope = await dispatchCommand(
        db,
        publish,
        device.id,
        { type: type as CommandType, params, ttlSeconds, issuedBy: request.principal!.user.id },
        clock.now(),
      );
      const row = await db.commandHistory.findUniqueOrThrow({ where: { commandId: envelope.id } });
      await asDeviceOwner(device.userId, () =>
        recordAudit(db, request, { ownerId: device.userId, action: 'command', entityType: 'Device', entityId: device.id, after: { type, params } }),
      );
      return reply.code(202).send(plain(row) as never);
    },
  );

  api.get(
    '/devices/:id/commands',
    {
      schema: {
        tags,
        summary: 'A device’s commands, newest first',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: Page(CommandRow), 404: ApiError },
      },
    },
    async (request) => {
      if (!(await db.device.findUnique({ where: { id: request.params.id }, select: { id: true } }))) throw notFound(`device ${request.params.id}`);
      await expireCommands(db, clock.now());
      return listPage(
        request.query,
        (args) => db.commandHistory.findMany(args),
        (args) => db.commandHistory.count(args),
        { deviceId: request.params.id },
        true,
      ) as never;
    },
  );

  api.get(
    '/commands/:id',
    { schema: { tags, summary: 'One command by its commandId', params: IdParams, response: { 200: CommandRow, 404: ApiError } } },
    async (request) => {
      await expireCommands(db, clock.now());
      const row = await db.commandHistory.findUnique({ where: { commandId: request.params.id } });
      if (!row) throw notFound(`command ${request.params.id}`);
      return plain(row) as never;
    },
  );

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

  api.get(
    '/devices/:id/screenshots',
    {
      schema: {
        tags,
        summary: 'Screenshots the device uploaded, newest first (ask for one with the screenshot command)',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: Page(Screenshot), 404: ApiError },
      },
    },
    async (request) => {
      if (!(await db.device.findUnique({ where: { id: request.params.id }, select: { id: true } }))) throw notFound(`device ${request.params.id}`);
      const page = await listPage(
        request.query,
        (args) => db.uploadAsset.findMany(args),
        (args) => db.uploadAsset.count(args),
        { storageKey: { startsWith: `screenshots/${request.params.id}/` } },
        true,
      );
      return {
        ...page,
        items: (page.items as { id: string; width: number | null; height: number | null; sizeBytes: number; createdAt: string }[]).map((a) => ({
          id: a.id,
          deviceId: request.params.id,
          width: a.width,
          height: a.height,
          sizeBytes: a.sizeBytes,
          createdAt: a.createdAt,
          url: `/api/v1/screenshots/${a.id}`,
        })),
      };
    },
  );

  api.get('/screenshots/:id', { schema: { tags, summary: 'The PNG of a screenshot (image/png)', params: IdParams } }, async (request, reply) => {
    const asset = await db.uploadAsset.findUnique({ where: { id: request.params.id } });
    if (!asset || !asset.storageKey.startsWith('screenshots/')) throw notFound(`screenshot ${request.params.id}`);
    const bytes = await services.assets?.read(asset.storageKey);
    if (!bytes) throw notFound(`the file of screenshot ${request.params.id}`);
    return reply
      .type('image/png')
      .header('Cache-Control', 'private, max-age=86400')
      .header('Content-Disposition', `inline; filename="${asset.fileName.replace(/[^\w.:-]/g, '_')}"`)
      .send(bytes);
  });
}
