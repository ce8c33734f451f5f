import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../protocol/api/api-error.js';
import { contentCollectionNames } from '../../protocol/content.js';
import { apiRow, contentResources, createBody, patchBody, type ContentResourceName } from '../../protocol/api/content-api.js';
import { Page, PageQuery } from '../../protocol/api/paging.js';
import { tenantOwned } from '../../../prisma/tenancy/index.js';
import type { ChangeFeed } from '../broker/change-feed.js';
import type { GatewayDb } from '../gateway-db.js';
import { ApiProblem, notFound } from '../http/api-problem.js';
import { requireOwnAssets } from './asset-references.js';
import { recordAudit } from './audit.js';
import { listPage } from './listing.js';
import { actingFor } from './principal.js';
import { contentDelegate, type ContentDelegate } from './content-delegates.js';
import { ifMatchHits, RowCodec, rowEtag } from './row-codec.js';
import { devicesShowing, isSynagogueScoped, requireOwnSynagogues, synagogueOf } from './synagogue-scope.js';

export interface ContentRouteServices {
  db: GatewayDb;
  changes: ChangeFeed;
}

const IdParams = z.object({ id: z.string().min(1).max(64) });
const ListQuery = PageQuery.extend({
  deviceId: z.string().min(1).max(64).optional().describe('per-device documents: only this device’s'),
  synagogueId: z.string().min(1).max(64).optional().describe('content: only the rows of this synagogue (not the account-wide ones)'),
});
const ETAG_HEADERS = z.object({ 'if-match': z.string().optional().describe('the ETag you read; required to change or delete') });

/**
 * Which devices a committed write reaches: one device (its own documents), a synagogue's devices
 * (the synagogue itself), or the devices showing the row before and after the write (content:
 * its synagogue's, both synagogues' on a move, all the tenant's for an account-wide row).
 */
async function affected(db: GatewayDb, name: ContentResourceName, rows: Record<string, unknown>[]): Promise<string[] | 'all'> {
  const row = rows[0]!;
  if (contentResources[name].perDevice) return [String(row.deviceId)];
  if (isSynagogueScoped(name)) return devicesShowing(db, rows.map(synagogueOf));
  return (await db.device.findMany({ where: { synagogueId: String(row.id) }, select: { id: true } })).map((d) => d.id);
}

/** A synagogue is deleted only once no device shows it and no content row belongs to it, so nothing is orphaned unseen. */
async function requireUnused(db: GatewayDb, synagogueId: string): Promise<void> {
  const devices = await db.device.count({ where: { synagogueId } });
  if (devices) throw new ApiProblem(409, 'synagogue-in-use', `${devices} device(s) show this synagogue; move them to another one first`);
  for (const collection of contentCollectionNames) {
    const rows = await contentDelegate(db, collection).count({ where: { synagogueId } });
    if (rows)
      throw new ApiProblem(
        409,
        'synagogue-in-use',
        `${rows} ${contentResources[collection].title} belong to this synagogue; move them to another synagogue or to the whole account (synagogueId: null), or delete them, first`,
      );
  }
}

/**
 * List (paged), read, create, update (If-Match) and delete for one content model. Every query
 * runs in the request's tenant context; no route names a tenant. A body is checked by the wire
 * schema after merging; a write and its audit row commit together; then the devices it reaches
 * are nudged.
 */
export function contentRoutes(app: FastifyInstance, services: ContentRouteServices, name: ContentResourceName): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db, changes } = services;
  const { path, schema, perDevice, title } = contentResources[name];
  const codec = new RowCodec(name);
  const Row = apiRow(name);
  const tags = ['content'];

  /** The merged row, checked as a device will check it; refused with one message per field. */
  const checked = (candidate: Record<string, unknown>): Record<string, unknown> => {
    const result = schema.safeParse(candidate);
    if (!result.success) throw ApiProblem.invalid('invalid-body', result.error, { lead: `the ${name} was refused` });
    return result.data as Record<string, unknown>;
  };
  const afterCommit = async (...rows: Record<string, unknown>[]) =>
    changes.changed({ tenantId: String(rows[0]!.userId), devices: await affected(db, name, rows) });
  /** A row may name only the tenant's own synagogues and assets. */
  const requireOwnSynagogue = async (tx: GatewayDb, values: Record<string, unknown>) => {
    if (isSynagogueScoped(name) && typeof values.synagogueId === 'string') await requireOwnSynagogues(tx, new Map([['synagogueId', values.synagogueId]]));
    await requireOwnAssets(tx, values);
  };
  const read = async (delegate: ContentDelegate, id: string) => {
    const row = await delegate.findUnique({ where: { id } });
    if (!row) throw notFound(`${name} ${id}`);
    return row;
  };
  const sendRow = (reply: { header(k: string, v: string): unknown }, row: Record<string, unknown>) => {
    reply.header('ETag', rowEtag(row));
    return codec.toApi(row) as z.infer<typeof Row>;
  };
  const requireMatch = (request: FastifyRequest, row: Record<string, unknown>) => {
    const header = request.headers['if-match'];
    if (!header)
      throw new ApiProblem(
        428,
        'precondition-required',
        `send If-Match with the ETag you read (GET /api/v1/${path}/${row.id}), so no one's edit is overwritten unseen`,
      );
    if (!ifMatchHits(header, rowEtag(row)))
      throw new ApiProblem(412, 'precondition-failed', `this ${name} changed since you read it; read it again and reapply your change`, undefined, {
        ETag: rowEtag(row),
      });
  };

  api.get(`/${path}`, { schema: { tags, summary: `List ${title}`, querystring: ListQuery, response: { 200: Page(Row), 400: ApiError } } }, async (request) => {
    const { deviceId, synagogueId, ...page } = request.query;
    const delegate = contentDelegate(db, name);
    const where = perDevice && deviceId ? { deviceId } : isSynagogueScoped(name) && synagogueId ? { synagogueId } : undefined;
    const result = await listPage(
      page,
      (args) => delegate.findMany(args),
      (args) => delegate.count(args),
      where,
    );
    return { ...result, items: (result.items as Record<string, unknown>[]).map((row) => codec.toApi(row)) } as never;
  });

  api.get(
    `/${path}/:id`,
    { schema: { tags, summary: `Read one of the ${title} (with its ETag)`, params: IdParams, response: { 200: Row, 404: ApiError } } },
    async (request, reply) => sendRow(reply, await read(contentDelegate(db, name), request.params.id)),
  );

  api.post(
    `/${path}`,
    { schema: { tags, summary: `Create one of the ${title}`, body: createBody(name), response: { 201: Row, 400: ApiError, 409: ApiError } } },
    async (request, reply) => {
      if (!actingFor(request))
        throw new ApiProblem(400, 'customer-context-required', 'an admin creates content for a customer: name them with x-customer-context');
      const body = request.body as Record<string, unknown>;
      const values = checked({ id: 'new', ...body });
      const row = await db.$transaction(async (tx) => {
        const delegate = contentDelegate(tx as GatewayDb, name);
        await requireOwnSynagogue(tx as GatewayDb, values);
        if (perDevice) {
          const device = await tx.device.findUnique({ where: { id: String(body.deviceId) }, select: { id: true } });
          if (!device)
            throw new ApiProblem(400, 'invalid-body', `device ${String(body.deviceId)} does not exist, or is not yours`, { deviceId: 'no such device' });
          if (await delegate.findFirst({ where: { deviceId: device.id } }))
            throw new ApiProblem(409, 'exists', `device ${device.id} has its ${name} already; change it with PATCH`, { deviceId: `already has its ${name}` });
        }
        const created = await delegate.create({ data: tenantOwned({ ...codec.toData(values, 'create'), ...(perDevice ? { deviceId: body.deviceId } : {}) }) });
        await recordAudit(tx, request, {
          ownerId: String(created.userId),
          action: 'create',
          entityType: name,
          entityId: String(created.id),
          after: codec.toApi(created),
        });
        return created;
      });
      await afterCommit(row);
      reply.code(201).header('Location', `/api/v1/${path}/${String(row.id)}`);
      return sendRow(reply, row);
    },
  );

  api.patch(
    `/${path}/:id`,
    {
      schema: {
        tags,
        summary: `Change one of the ${title} (If-Match required; null clears a field)`,
        params: IdParams,
        headers: ETAG_HEADERS,
        body: patchBody(name),
        response: { 200: Row, 400: ApiError, 404: ApiError, 412: ApiError, 428: ApiError },
      },
    },
    async (request, reply) => {
      const patch = request.body as Record<string, unknown>;
      const { before, after } = await db.$transaction(async (tx) => {
        const delegate = contentDelegate(tx as GatewayDb, name);
        const before = await read(delegate, request.params.id);
        requireMatch(request, before);
        const current = codec.toApi(before);
        const merged = { ...current, ...patch };
        for (const [key, value] of Object.entries(patch)) if (value === null) delete merged[key];
        const { userId: _u, createdAt: _c, deviceId: _d, updatedAt: _up, ...wire } = merged;
        await requireOwnSynagogue(tx as GatewayDb, checked(wire));
        const after = await delegate.update({ where: { id: request.params.id }, data: codec.toData(patch, 'update') });
        await recordAudit(tx, request, {
          ownerId: String(after.userId),
          action: 'update',
          entityType: name,
          entityId: String(after.id),
          before: current,
          after: codec.toApi(after),
        });
        return { before, after };
      });
      if (name === 'Synagogue') await afterCommit(after);
      else await afterCommit(after, before);
      return sendRow(reply, after);
    },
  );

  api.delete(
    `/${path}/:id`,
    {
      schema: {
        tags,
        summary: `Delete one of the ${title} (If-Match required)`,
        params: IdParams,
        headers: ETAG_HEADERS,
        response: { 204: z.null(), 404: ApiError, 409: ApiError, 412: ApiError, 428: ApiError },
      },
    },
    async (request, reply) => {
      const removed = await db.$transaction(async (tx) => {
        const delegate = contentDelegate(tx as GatewayDb, name);
        const before = await read(delegate, request.params.id);
        requireMatch(request, before);
        if (name === 'Synagogue') await requireUnused(tx as GatewayDb, request.params.id);
        await delegate.delete({ where: { id: request.params.id } });
        await recordAudit(tx, request, {
          ownerId: String(before.userId),
          action: 'delete',
          entityType: name,
          entityId: String(before.id),
          before: codec.toApi(before),
        });
        return before;
      });
      await afterCommit(removed);
      return reply.code(204).send(null);
    },
  );
}
