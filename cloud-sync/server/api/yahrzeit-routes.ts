import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../protocol/api/api-error.js';
import { tenantOwned } from '../../../prisma/tenancy/index.js';
import type { ChangeFeed } from '../broker/change-feed.js';
import type { GatewayDb } from '../gateway-db.js';
import { ApiProblem } from '../http/api-problem.js';
import { recordAudit } from './audit.js';
import { contentDelegate } from './content-delegates.js';
import { actingFor } from './principal.js';
import { RowCodec } from './row-codec.js';
import { devicesShowing, requireOwnSynagogues, synagogueOf } from './synagogue-scope.js';
import { parseYahrzeitCsv, yahrzeitCsv } from './yahrzeit-csv.js';

const codec = new RowCodec('Hanzch');
const ImportQuery = z.object({
  mode: z.enum(['append', 'replace']).default('append').describe('replace: the file becomes the whole list (of the synagogue, when one is named)'),
  synagogueId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('the synagogue the rows belong to when their synagogueId column is empty; with replace, only its rows are replaced'),
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((flag) => flag === 'true')
    .describe('true: check the file (and the synagogues it names) and answer the rows it would import; nothing is written'),
});
const ExportQuery = z.object({
  synagogueId: z.string().min(1).max(64).optional().describe('only the rows of this synagogue (not the account-wide ones)'),
});
export const MAX_CSV_BYTES = 5 * 1024 * 1024;

/** Yahrzeits in and out as CSV; an import is all-or-nothing, with an error per row. */
export function yahrzeitRoutes(app: FastifyInstance, services: { db: GatewayDb; changes: ChangeFeed }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db, changes } = services;

  api.get(
    '/yahrzeits.csv',
    { schema: { tags: ['content'], summary: 'Every yahrzeit as CSV (text/csv)', querystring: ExportQuery } },
    async (request, reply) => {
      const { synagogueId } = request.query;
      const rows = await db.hanzch.findMany({ ...(synagogueId ? { where: { synagogueId } } : {}), orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="yahrzeits.csv"')
        .send(yahrzeitCsv(rows.map((row) => codec.toApi(row))));
    },
  );

  api.post(
    '/yahrzeits.csv',
    {
      bodyLimit: MAX_CSV_BYTES,
      config: { mediaType: 'send the file as Content-Type: text/csv' },
      schema: {
        tags: ['content'],
        summary: 'Import yahrzeits from CSV (text/csv): all rows or none; a refused file names each row and field',
        querystring: ImportQuery,
        response: {
          200: z.object({ rows: z.array(z.record(z.string(), z.unknown())).describe('what an import of this file would write') }),
          201: z.object({ imported: z.number().int(), replaced: z.number().int() }),
          400: ApiError,
          415: ApiError,
        },
      },
    },
    async (request, reply) => {
      const owner = actingFor(request);
      if (!owner) throw new ApiProblem(400, 'customer-context-required', 'an admin imports for a customer: name them with x-customer-context');
      if (typeof request.body !== 'string') throw new ApiProblem(415, 'unsupported-media-type', 'send the file as Content-Type: text/csv');
      const parsed = parseYahrzeitCsv(request.body);
      if (!parsed.ok) {
        const shown = parsed.refusal.lines.slice(0, 20).join('; ');
        const more = parsed.refusal.lines.length > 20 ? ` (and ${parsed.refusal.lines.length - 20} more)` : '';
        throw new ApiProblem(400, 'invalid-csv', `nothing was imported: ${shown}${more}`, parsed.refusal.fields);
      }
      const scope = request.query.synagogueId;
      const rows = parsed.rows.map(({ id: _id, ...row }) => (scope && row.synagogueId === undefined ? { ...row, synagogueId: scope } : row));
      const named = new Map<string, string>(scope ? [['synagogueId', scope]] : []);
      rows.forEach((row, i) => {
        if (typeof row.synagogueId === 'string' && row.synagogueId !== scope) named.set(`rows.${i + 1}.synagogueId`, row.synagogueId);
      });
      if (request.query.dryRun) {
        await requireOwnSynagogues(db, named);
        return reply.code(200).send({ rows });
      }
      const result = await db.$transaction(async (tx) => {
        await requireOwnSynagogues(tx as GatewayDb, named);
        const replaced = request.query.mode === 'replace' ? (await tx.hanzch.deleteMany(scope ? { where: { synagogueId: scope } } : {})).count : 0;
        const { count } = await contentDelegate(tx as GatewayDb, 'Hanzch').createMany({
          data: rows.map((row) => tenantOwned(codec.toData(row, 'create'))),
        });
        await recordAudit(tx, request, {
          ownerId: owner,
          action: 'import',
          entityType: 'Hanzch',
          after: { imported: count, replaced, mode: request.query.mode, ...(scope ? { synagogueId: scope } : {}) },
        });
        return { imported: count, replaced };
      });
      // A whole-account replace removes account-wide rows, which every synagogue shows.
      const touched = request.query.mode === 'replace' && !scope ? [null] : rows.map(synagogueOf);
      await changes.changed({ tenantId: owner, devices: await devicesShowing(db, scope ? [scope, ...touched] : touched) });
      return reply.code(201).send(result);
    },
  );
}
