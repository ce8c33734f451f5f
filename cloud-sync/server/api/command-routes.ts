import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../protocol/api/api-error.js';
import { CommandRequest, CommandRow } from '../../protocol/api/fleet.js';
import { Page, PageQuery } from '../../protocol/api/paging.js';
import type { CommandType } from '../../protocol/commands.js';
import { expireCommands } from '../batch-progress.js';
import { dispatchCommand } from '../device-commands.js';
import { asDeviceOwner } from '../gateway-db.js';
import { notFound } from '../http/api-problem.js';
import { recordAudit } from './audit.js';
import { listPage, plain } from './listing.js';
import { writeSettingsPatch } from './settings-command.js';
import { batchRoutes } from './batch-routes.js';
import { checkParams, refuseWithoutBroker, type CommandRouteServices } from './command-services.js';
import { screenshotRoutes } from './screenshot-routes.js';

const IdParams = z.object({ id: z.string().min(1).max(64) });

/**
 * Commands to one device, its command history, and (batch-routes.ts, screenshot-routes.ts) batches
 * and screenshots. Sending needs the broker; without it the request is refused before anything is
 * written.
 */
export function commandRoutes(app: FastifyInstance, services: CommandRouteServices): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = services;
  const tags = ['commands'];
  const publishOrRefuse = () => refuseWithoutBroker(services.publish);

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

  batchRoutes(app, services, publishOrRefuse);
  screenshotRoutes(app, services);
}
