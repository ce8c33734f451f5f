import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../protocol/api/api-error.js';
import { Page, PageQuery } from '../../protocol/api/paging.js';
import { NewRelease, Release, RELEASE_TRANSITIONS, ReleasePatch, UpdateStatusRow } from '../../protocol/api/releases.js';
import { tenantOwned } from '../../../prisma/tenancy/index.js';
import type { ChangeFeed } from '../broker/change-feed.js';
import type { GatewayDb } from '../gateway-db.js';
import { ApiProblem, notFound } from '../http/api-problem.js';
import { recordAudit } from './audit.js';
import { listPage, plain } from './listing.js';
import { actingFor } from './principal.js';
import { ifMatchHits, rowEtag } from './row-codec.js';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const ARTIFACT_FIELDS = ['version', 'url', 'sha256', 'signature', 'sizeBytes', 'allowDowngrade', 'channel'] as const;

type ReleaseRow = Awaited<ReturnType<GatewayDb['softwareUpdate']['findUniqueOrThrow']>>;

/**
 * Releases: a customer's (or an admin acting for one) SoftwareUpdate rows — draft, published,
 * paused, withdrawn, a rollout percent and target devices — and each device's UpdateStatus.
 * Publishing, pausing, withdrawing or widening a rollout changes the devices' target states,
 * so they are nudged.
 */
export function releaseRoutes(app: FastifyInstance, services: { db: GatewayDb; clock: { now(): Date }; changes: ChangeFeed }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock, changes } = services;
  const tags = ['releases'];

  const view = async (row: ReleaseRow) => {
    const counts = await db.updateStatus.groupBy({ by: ['state'], where: { softwareUpdateId: row.id }, _count: { _all: true } });
    return { ...(plain(row) as object), devices: Object.fromEntries(counts.map((c) => [c.state, c._count._all])) } as z.infer<typeof Release>;
  };
  const checkTargets = async (ids: string[] | undefined, ownerId: string) => {
    if (!ids?.length) return;
    const found = await db.device.findMany({ where: { id: { in: ids } }, select: { id: true, userId: true } });
    const unknown = ids.filter((id) => !found.some((d) => d.id === id && d.userId === ownerId));
    if (unknown.length)
      throw new ApiProblem(400, 'invalid-body', `no such device(s) of this customer: ${unknown.slice(0, 10).join(', ')}`, {
        targetDeviceIds: `unknown: ${unknown.slice(0, 10).join(', ')}`,
      });
  };
  const nudge = (row: ReleaseRow) =>
    changes.changed({
      tenantId: row.userId,
      devices: Array.isArray(row.targetDeviceIds) && row.targetDeviceIds.length ? (row.targetDeviceIds as string[]) : 'all',
    });
  const requireMatch = (request: FastifyRequest, row: ReleaseRow) => {
    const header = request.headers['if-match'];
    if (!header) throw new ApiProblem(428, 'precondition-required', `send If-Match with the ETag you read (GET /api/v1/releases/${row.id})`);
    if (!ifMatchHits(header, rowEtag(row)))
      throw new ApiProblem(412, 'precondition-failed', 'this release changed since you read it; read it again', undefined, { ETag: rowEtag(row) });
  };

  api.get('/releases', { schema: { tags, summary: 'Releases, newest first', querystring: PageQuery, response: { 200: Page(Release) } } }, async (request) => {
    const page = await listPage(
      request.query,
      (args) => db.softwareUpdate.findMany(args),
      (args) => db.softwareUpdate.count(args),
      undefined,
      true,
    );
    const items = [];
    for (const row of page.items as { id: string }[]) items.push(await view(await db.softwareUpdate.findUniqueOrThrow({ where: { id: row.id } })));
    return { ...page, items };
  });

  api.get(
    '/releases/:id',
    { schema: { tags, summary: 'One release (with its ETag) and its devices by state', params: IdParams, response: { 200: Release, 404: ApiError } } },
    async (request, reply) => {
      const row = await db.softwareUpdate.findUnique({ where: { id: request.params.id } });
      if (!row) throw notFound(`release ${request.params.id}`);
      reply.header('ETag', rowEtag(row));
      return view(row);
    },
  );

  api.post(
    '/releases',
    { schema: { tags, summary: 'Create a release (a draft)', body: NewRelease, response: { 201: Release, 400: ApiError } } },
    async (request, reply) => {
      const owner = actingFor(request);
      if (!owner) throw new ApiProblem(400, 'customer-context-required', 'an admin creates a release for a customer: name them with x-customer-context');
      await checkTargets(request.body.targetDeviceIds, owner);
      const row = await db.$transaction(async (tx) => {
        const created = await tx.softwareUpdate.create({
          data: tenantOwned({ ...request.body, targetDeviceIds: request.body.targetDeviceIds ?? [], status: 'draft' }),
        });
        await recordAudit(tx, request, { ownerId: created.userId, action: 'create', entityType: 'SoftwareUpdate', entityId: created.id, after: created });
        return created;
      });
      reply.code(201).header('Location', `/api/v1/releases/${row.id}`).header('ETag', rowEtag(row));
      return view(row);
    },
  );

  api.patch(
    '/releases/:id',
    {
      schema: {
        tags,
        summary: 'Publish, pause, withdraw, change the rollout or targets (If-Match); the artifact only while a draft',
        params: IdParams,
        body: ReleasePatch,
        response: { 200: Release, 400: ApiError, 404: ApiError, 409: ApiError, 412: ApiError, 428: ApiError },
      },
    },
    async (request, reply) => {
      const patch = request.body;
      const after = await db.$transaction(async (tx) => {
        const before = await tx.softwareUpdate.findUnique({ where: { id: request.params.id } });
        if (!before) throw notFound(`release ${request.params.id}`);
        requireMatch(request, before);
        const from = before.status as keyof typeof RELEASE_TRANSITIONS;
        if (patch.status && patch.status !== from && !RELEASE_TRANSITIONS[from].includes(patch.status))
          throw new ApiProblem(
            409,
            'invalid-transition',
            `a ${from} release cannot become ${patch.status}; it may become ${RELEASE_TRANSITIONS[from].join(' or ') || 'nothing else'}`,
            { status: `not from ${from}` },
          );
        const changedArtifact = ARTIFACT_FIELDS.filter((f) => patch[f] !== undefined && patch[f] !== before[f]);
        if (from !== 'draft' && changedArtifact.length)
          throw new ApiProblem(
            409,
            'artifact-frozen',
            `the artifact of a ${from} release cannot change (${changedArtifact.join(', ')}); create a new release`,
            Object.fromEntries(changedArtifact.map((f) => [f, 'frozen once published'])),
          );
        await checkTargets(patch.targetDeviceIds, before.userId);
        const after = await tx.softwareUpdate.update({
          where: { id: before.id },
          data: { ...patch, ...(patch.status === 'published' && !before.publishedAt ? { publishedAt: clock.now() } : {}) },
        });
        await recordAudit(tx, request, {
          ownerId: after.userId,
          action: patch.status && patch.status !== from ? patch.status : 'update',
          entityType: 'SoftwareUpdate',
          entityId: after.id,
          before,
          after,
        });
        return after;
      });
      await nudge(after);
      reply.header('ETag', rowEtag(after));
      return view(after);
    },
  );

  api.get(
    '/releases/:id/statuses',
    {
      schema: {
        tags,
        summary: 'Where each device stands with this release',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: Page(UpdateStatusRow), 404: ApiError },
      },
    },
    async (request) => {
      if (!(await db.softwareUpdate.findUnique({ where: { id: request.params.id }, select: { id: true } }))) throw notFound(`release ${request.params.id}`);
      return listPage(
        request.query,
        (args) => db.updateStatus.findMany(args),
        (args) => db.updateStatus.count(args),
        { softwareUpdateId: request.params.id },
      ) as never;
    },
  );
}
