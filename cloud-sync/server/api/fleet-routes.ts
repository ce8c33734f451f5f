import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../protocol/api/api-error.js';
import { DevicePatch, FleetDevice, NewDevice, PairingCode } from '../../protocol/api/fleet.js';
import { Page, PageQuery } from '../../protocol/api/paging.js';
import { tenantOwned } from '../../../prisma/tenancy/index.js';
import type { BrokerAccounts } from '../broker/broker-accounts.js';
import type { ChangeFeed } from '../broker/change-feed.js';
import type { GatewayDb } from '../gateway-db.js';
import { ApiProblem, notFound } from '../http/api-problem.js';
import { createPairingCode } from '../pairing.js';
import type { TargetStateCache } from '../target-state-cache.js';
import { recordAudit } from './audit.js';
import { FLEET_DEVICE, fleetDevice } from './fleet-state.js';
import { listPage } from './listing.js';
import { actingFor } from './principal.js';
import { ifMatchHits, rowEtag } from './row-codec.js';

export interface FleetRouteServices {
  db: GatewayDb;
  clock: { now(): Date };
  states: TargetStateCache;
  changes: ChangeFeed;
  brokerAccounts?: BrokerAccounts | undefined;
}

const IdParams = z.object({ id: z.string().min(1).max(64) });
const FleetQuery = PageQuery.extend({ synagogueId: z.string().min(1).max(64).optional() });
const PairingCodeRequest = z.strictObject({
  ttlMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
});

/**
 * The fleet: devices with their live state, created pending, paired by the code the screen is
 * given, renamed, moved to another synagogue, revoked (HTTP at once, the broker at once) and
 * removed. Everything in the request's tenant context.
 */
export function fleetRoutes(app: FastifyInstance, services: FleetRouteServices): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock, states, changes } = services;
  const tags = ['fleet'];

  const find = async (id: string, client: GatewayDb = db) => {
    const device = await client.device.findUnique({ where: { id }, select: FLEET_DEVICE });
    if (!device) throw notFound(`device ${id}`);
    return device;
  };
  const requireMatch = (request: FastifyRequest, row: Record<string, unknown>) => {
    const header = request.headers['if-match'];
    if (!header) throw new ApiProblem(428, 'precondition-required', `send If-Match with the ETag you read (GET /api/v1/devices/${String(row.id)})`);
    if (!ifMatchHits(header, rowEtag(row)))
      throw new ApiProblem(412, 'precondition-failed', 'this device changed since you read it; read it again', undefined, { ETag: rowEtag(row) });
  };
  /** The synagogue must be the device owner's own: an admin cannot move a screen into another customer's shul. */
  const checkSynagogue = async (synagogueId: string | null | undefined, ownerId: string | undefined) => {
    if (!synagogueId) return;
    const synagogue = await db.synagogue.findUnique({ where: { id: synagogueId }, select: { userId: true } });
    if (!synagogue || (ownerId && synagogue.userId !== ownerId))
      throw new ApiProblem(400, 'invalid-body', `synagogue ${synagogueId} does not exist, or belongs to another customer`, {
        synagogueId: 'no such synagogue of this customer',
      });
  };

  api.get(
    '/devices',
    { schema: { tags, summary: 'The fleet: every device with its live state and alerts', querystring: FleetQuery, response: { 200: Page(FleetDevice) } } },
    async (request) => {
      const { synagogueId, ...page } = request.query;
      const now = clock.now();
      const result = await listPage(
        page,
        (args) => db.device.findMany({ ...args, select: FLEET_DEVICE }),
        (args) => db.device.count(args),
        synagogueId ? { synagogueId } : undefined,
      );
      const rows = await db.device.findMany({ where: { id: { in: (result.items as { id: string }[]).map((d) => d.id) } }, select: FLEET_DEVICE });
      const byId = new Map(rows.map((row) => [row.id, row]));
      const items = [];
      for (const item of result.items as { id: string }[]) items.push(await fleetDevice(db, states, byId.get(item.id)!, now));
      return { ...result, items };
    },
  );

  api.get(
    '/devices/:id',
    { schema: { tags, summary: 'One device with its live state (and its ETag)', params: IdParams, response: { 200: FleetDevice, 404: ApiError } } },
    async (request, reply) => {
      const device = await find(request.params.id);
      reply.header('ETag', rowEtag(device));
      return fleetDevice(db, states, device, clock.now());
    },
  );

  api.post(
    '/devices',
    { schema: { tags, summary: 'Add a screen (pending until paired)', body: NewDevice, response: { 201: FleetDevice, 400: ApiError } } },
    async (request, reply) => {
      const owner = actingFor(request);
      if (!owner) throw new ApiProblem(400, 'customer-context-required', 'an admin adds a screen for a customer: name them with x-customer-context');
      await checkSynagogue(request.body.synagogueId, owner);
      const device = await db.$transaction(async (tx) => {
        const created = await tx.device.create({
          data: tenantOwned({ ...request.body, tags: request.body.tags ?? [], credentialId: `pending-${crypto.randomUUID()}`, status: 'pending' }),
          select: FLEET_DEVICE,
        });
        await recordAudit(tx, request, { ownerId: created.userId, action: 'create', entityType: 'Device', entityId: created.id, after: created });
        return created;
      });
      reply.code(201).header('Location', `/api/v1/devices/${device.id}`).header('ETag', rowEtag(device));
      return fleetDevice(db, states, device, clock.now());
    },
  );

  api.patch(
    '/devices/:id',
    {
      schema: {
        tags,
        summary: 'Rename, relabel or move a device to another synagogue (If-Match)',
        params: IdParams,
        body: DevicePatch,
        response: { 200: FleetDevice, 400: ApiError, 412: ApiError, 428: ApiError },
      },
    },
    async (request, reply) => {
      const after = await db.$transaction(async (tx) => {
        const before = await find(request.params.id, tx as GatewayDb);
        requireMatch(request, before);
        await checkSynagogue(request.body.synagogueId, before.userId);
        const after = await tx.device.update({ where: { id: before.id }, data: request.body, select: FLEET_DEVICE });
        await recordAudit(tx, request, { ownerId: after.userId, action: 'update', entityType: 'Device', entityId: after.id, before, after });
        return after;
      });
      await changes.changed({ tenantId: after.userId, devices: [after.id] });
      reply.header('ETag', rowEtag(after));
      return fleetDevice(db, states, after, clock.now());
    },
  );

  api.post(
    '/devices/:id/pairing-code',
    {
      schema: {
        tags,
        summary: 'A short code to type on the screen (luach pair --code …); replaces any earlier code; a revoked screen becomes pairable again',
        params: IdParams,
        body: PairingCodeRequest.optional(),
        response: { 201: PairingCode, 404: ApiError, 409: ApiError },
      },
    },
    async (request, reply) => {
      const device = await find(request.params.id);
      if (device.status === 'retired') throw new ApiProblem(409, 'retired', 'this device is retired; add a new one instead');
      const now = clock.now();
      const issued = await db.$transaction(async (tx) => {
        // A revoked screen's old credential was cleared when it was revoked; a new code lets it pair afresh.
        if (device.revokedAt || device.status === 'disabled')
          await tx.device.update({ where: { id: device.id }, data: { revokedAt: null, status: 'pending' } });
        const issued = await createPairingCode(tx as GatewayDb, device.id, now, request.body?.ttlMinutes ?? 15);
        await recordAudit(tx, request, {
          ownerId: device.userId,
          action: 'pairing-code',
          entityType: 'Device',
          entityId: device.id,
          after: { expiresAt: issued.expiresAt },
        });
        return issued;
      });
      reply.code(201).header('Cache-Control', 'no-store');
      return { code: issued.code, expiresAt: issued.expiresAt.toISOString() };
    },
  );

  api.post(
    '/devices/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a screen: its token and broker login stop working at once',
        params: IdParams,
        response: { 200: FleetDevice, 404: ApiError, 502: ApiError },
      },
    },
    async (request) => {
      const now = clock.now();
      const after = await db.$transaction(async (tx) => {
        const before = await find(request.params.id, tx as GatewayDb);
        const after = await tx.device.update({
          where: { id: before.id },
          data: { revokedAt: now, status: 'disabled', credentialHash: null, pairingCodeHash: null, pairingCodeExpiresAt: null, online: false },
          select: FLEET_DEVICE,
        });
        await recordAudit(tx, request, { ownerId: after.userId, action: 'revoke', entityType: 'Device', entityId: after.id, before, after });
        return after;
      });
      await revokeAtBroker(after.id);
      return fleetDevice(db, states, after, now);
    },
  );

  api.delete(
    '/devices/:id',
    {
      schema: {
        tags,
        summary: 'Remove a device and its history (If-Match)',
        params: IdParams,
        response: { 204: z.null(), 404: ApiError, 412: ApiError, 428: ApiError, 502: ApiError },
      },
    },
    async (request, reply) => {
      const removed = await db.$transaction(async (tx) => {
        const before = await find(request.params.id, tx as GatewayDb);
        requireMatch(request, before);
        await tx.device.delete({ where: { id: before.id } });
        await recordAudit(tx, request, { ownerId: before.userId, action: 'delete', entityType: 'Device', entityId: before.id, before });
        return before;
      });
      await revokeAtBroker(removed.id);
      return reply.code(204).send(null);
    },
  );

  async function revokeAtBroker(deviceId: string): Promise<void> {
    try {
      await services.brokerAccounts?.revoke(deviceId);
    } catch (error) {
      throw new ApiProblem(
        502,
        'broker-unavailable',
        `the device is revoked here (its HTTP token no longer works), but the broker could not be told: ${(error as Error).message}; revoke it again to retry`,
      );
    }
  }
}
