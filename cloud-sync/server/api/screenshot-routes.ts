import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../protocol/api/api-error.js';
import { Screenshot } from '../../protocol/api/fleet.js';
import { Page, PageQuery } from '../../protocol/api/paging.js';
import { notFound } from '../http/api-problem.js';
import { screenshotPrefix } from '../screenshot-upload.js';
import type { CommandRouteServices } from './command-services.js';
import { listPage } from './listing.js';

const IdParams = z.object({ id: z.string().min(1).max(64) });

/** The screenshots a device uploaded (ask for one with the `screenshot` command), for its owner. */
export function screenshotRoutes(app: FastifyInstance, services: CommandRouteServices): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db } = services;
  const tags = ['commands'];

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
        { purpose: 'screenshot', fileName: { startsWith: screenshotPrefix(request.params.id) } },
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
    if (!asset || asset.purpose !== 'screenshot') throw notFound(`screenshot ${request.params.id}`);
    const bytes = await services.assets?.read(asset.storageKey);
    if (!bytes) throw notFound(`the file of screenshot ${request.params.id}`);
    return reply
      .type('image/png')
      .header('Cache-Control', 'private, max-age=86400')
      .header('Content-Disposition', `inline; filename="${asset.fileName.replace(/[^\w.:-]/g, '_')}"`)
      .send(bytes);
  });
}
