import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../protocol/api/api-error.js';
import { AssetUploaded, AssetUploadQuery, UploadedAsset } from '../../protocol/api/asset-api.js';
import { Page, PageQuery } from '../../protocol/api/paging.js';
import { IMAGE_TYPES, MAX_VIDEO_BYTES, maxBytesOf, MediaType, VIDEO_TYPES } from '../../protocol/assets.js';
import type { AssetStore } from '../assets/asset-store.js';
import { keepAsset } from '../assets/keep-asset.js';
import { sendAsset } from '../assets/send-asset.js';
import type { GatewayDb } from '../gateway-db.js';
import { ApiProblem, notFound } from '../http/api-problem.js';
import type { RouteWords } from '../http/error-handler.js';
import { recordAudit } from './audit.js';
import { listPage } from './listing.js';
import { actingFor } from './principal.js';
import { requireOwnSynagogues } from './synagogue-scope.js';

export interface AssetRouteServices {
  db: GatewayDb;
  assets?: AssetStore | undefined;
}

/** The Content-Types an upload may be sent as; the content decides what it is. */
export const UPLOAD_CONTENT_TYPES = [...IMAGE_TYPES, ...VIDEO_TYPES, 'application/octet-stream'] as const;

const IdParams = z.object({ id: z.string().min(1).max(64) });
const NOT_SCREENSHOT = { purpose: { not: 'screenshot' } };

type AssetRow = { id: string; fileName: string; mimeType: string; sizeBytes: number; sha256: string; width: number | null; height: number | null };
function shown(row: AssetRow & { durationMs: number | null; purpose: string; synagogueId: string | null; createdAt: Date | string }): UploadedAsset {
  return {
    ...row,
    mimeType: row.mimeType as MediaType,
    createdAt: new Date(row.createdAt).toISOString(),
    url: `/api/v1/assets/${row.id}/file`,
  };
}

/**
 * The account's pictures and videos: upload (the body is the file, checked by its content),
 * list, read, fetch the bytes, delete when nothing refers to it. Slides, messages and the
 * synagogue's logo then name an asset by its id.
 */
export function assetRoutes(app: FastifyInstance, services: AssetRouteServices): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = services;
  const tags = ['assets'];
  const store = () => {
    if (!services.assets) throw new ApiProblem(501, 'no-asset-store', 'this gateway keeps no uploads; configure an asset store (LUACH_ASSETS_DIR)');
    return services.assets;
  };

  api.post(
    '/assets',
    {
      bodyLimit: MAX_VIDEO_BYTES,
      config: { mediaType: `send the file itself as the body, as one of ${UPLOAD_CONTENT_TYPES.join(', ')}` } satisfies RouteWords,
      // Refused before the body is read when it says it is larger than its type allows.
      onRequest: async (request) => {
        const length = Number(request.headers['content-length'] ?? 0);
        const type = MediaType.safeParse(request.headers['content-type']?.split(';')[0]?.trim().toLowerCase());
        const limit = type.success ? maxBytesOf(type.data) : MAX_VIDEO_BYTES;
        if (length > limit)
          throw new ApiProblem(
            413,
            'file-too-large',
            `a ${type.success ? type.data : 'file'} may be at most ${Math.round(limit / 1024 / 1024)} MiB; this one is ${(length / 1024 / 1024).toFixed(1)} MiB`,
          );
      },
      schema: {
        tags,
        summary: 'Upload a picture or video (PNG, JPEG, WebP, AVIF, plain SVG; MP4 H.264, WebM); a picture larger than a 4K screen is made smaller',
        querystring: AssetUploadQuery,
        response: { 201: AssetUploaded, 400: ApiError, 413: ApiError, 415: ApiError, 501: ApiError },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body))
        throw new ApiProblem(415, 'unsupported-media-type', `send the file itself as the body, as one of ${UPLOAD_CONTENT_TYPES.join(', ')}`);
      const { fileName, purpose, synagogueId } = request.query;
      if (synagogueId) await requireOwnSynagogues(db, new Map([['synagogueId', synagogueId]]));
      const { row, prepared } = await keepAsset(db, store(), {
        bytes: request.body,
        declaredType: request.headers['content-type'],
        fileName,
        purpose,
        synagogueId,
      });
      const owner = actingFor(request);
      if (owner)
        await recordAudit(db, request, {
          ownerId: owner,
          action: 'created',
          entityType: 'UploadAsset',
          entityId: row.id,
          after: {
            fileName,
            mimeType: row.mimeType,
            sizeBytes: row.sizeBytes,
            sha256: row.sha256,
            ...(prepared.downscaledFrom ? { downscaledFrom: prepared.downscaledFrom } : {}),
          },
        });
      return reply.code(201).send({ ...shown(row), ...(prepared.downscaledFrom ? { downscaledFrom: prepared.downscaledFrom } : {}) });
    },
  );

  api.get(
    '/assets',
    { schema: { tags, summary: 'The account’s pictures and videos, newest first', querystring: PageQuery, response: { 200: Page(UploadedAsset) } } },
    async (request) => {
      const page = await listPage(
        request.query,
        (args) => db.uploadAsset.findMany(args),
        (args) => db.uploadAsset.count(args),
        NOT_SCREENSHOT,
        true,
      );
      return { ...page, items: (page.items as Parameters<typeof shown>[0][]).map(shown) };
    },
  );

  const find = async (id: string) => {
    const row = await db.uploadAsset.findUnique({ where: { id } }).catch(() => null);
    if (!row || row.purpose === 'screenshot') throw notFound(`asset ${id}`);
    return row;
  };

  api.get(
    '/assets/:id',
    { schema: { tags, summary: 'One picture or video', params: IdParams, response: { 200: UploadedAsset, 404: ApiError } } },
    async (request) => shown(await find(request.params.id)),
  );

  api.get('/assets/:id/file', { schema: { tags, summary: 'The bytes of a picture or video (Range allowed)', params: IdParams } }, async (request, reply) => {
    const row = await find(request.params.id);
    const file = await store().open(row.storageKey);
    if (!file) throw notFound(`the file of asset ${row.id}`);
    return sendAsset(request, reply, row, file);
  });

  api.delete(
    '/assets/:id',
    { schema: { tags, summary: 'Delete a picture or video nothing refers to', params: IdParams, response: { 204: z.null(), 404: ApiError, 409: ApiError } } },
    async (request, reply) => {
      const row = await find(request.params.id);
      const id = row.id;
      const users = [
        ['slides', await db.screenTimer.count({ where: { OR: [{ imageAssetId: id }, { videoAssetId: id }] } })],
        ['messages', await db.generalMessage.count({ where: { imageAssetId: id } })],
        ['synagogues (as the logo)', await db.synagogue.count({ where: { logoAssetId: id } })],
      ] as const;
      const inUse = users.filter(([, n]) => n > 0);
      if (inUse.length)
        throw new ApiProblem(409, 'asset-in-use', `asset ${id} is shown by ${inUse.map(([what, n]) => `${n} ${what}`).join(' and ')}; change them first`);
      await db.uploadAsset.delete({ where: { id } });
      const owner = actingFor(request);
      if (owner)
        await recordAudit(db, request, {
          ownerId: owner,
          action: 'deleted',
          entityType: 'UploadAsset',
          entityId: id,
          before: { fileName: row.fileName, sha256: row.sha256 },
        });
      return reply.code(204).send(null);
    },
  );
}
