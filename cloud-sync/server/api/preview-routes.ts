import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ApiError } from '../../protocol/api/api-error.js';
import { Preview, PreviewQuery, PreviewRequest } from '../../protocol/api/preview.js';
import { SettingsPatch } from '../../protocol/commands.js';
import { contentCollections, type ContentCollectionName } from '../../protocol/content.js';
import { TargetState } from '../../protocol/target-state.js';
import { buildDisplayModel } from '../../../device/model/build-display-model.js';
import type { CacheSnapshot } from '../../../device/model/snapshot.js';
import { buildTargetState, TargetStateUnavailable } from '../build-target-state.js';
import { asDeviceOwner, type GatewayDb } from '../gateway-db.js';
import { ApiProblem, notFound } from '../http/api-problem.js';

const IdParams = z.object({ id: z.string().min(1).max(64) });

/**
 * What a device would show at a moment — one truth: the gateway builds the device's target
 * state as it would serve it, applies an unsaved draft, and hands it to the device's own pure
 * model code (device/model, device/calendar, device/schedule).
 */
export function previewRoutes(app: FastifyInstance, services: { db: GatewayDb; clock: { now(): Date }; logger: Logger }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock, logger } = services;

  async function preview(deviceId: string, request: PreviewRequest): Promise<z.infer<typeof Preview>> {
    const device = await db.device.findUnique({
      where: { id: deviceId },
      select: { id: true, userId: true, synagogueId: true, online: true, appliedStateEtag: true },
    });
    if (!device) throw notFound(`device ${deviceId}`);
    const at = request.at ? new Date(request.at) : clock.now();
    let built;
    try {
      built = await asDeviceOwner(device.userId, () => buildTargetState(db, device, at, logger.child({ deviceId, preview: true })));
    } catch (error) {
      if (error instanceof TargetStateUnavailable) throw new ApiProblem(409, 'state-unavailable', error.message);
      throw error;
    }
    const state = built.state as { synagogue: Record<string, unknown>; settings: Record<string, unknown>; content: Record<string, Record<string, unknown>[]> };
    applyDraft(state, request);
    const parsed = TargetState.safeParse(state);
    if (!parsed.success) throw ApiProblem.invalid('invalid-body', parsed.error, { lead: 'the previewed state was refused' });
    const snapshot: CacheSnapshot = {
      ...parsed.data,
      applied: { etag: built.etag, schemaVersion: parsed.data.schemaVersion, generatedAt: at.toISOString(), appliedAt: at.toISOString(), source: 'cloud' },
    };
    const model = buildDisplayModel({ snapshot, now: at, clockVerified: true, online: device.online });
    return { at: at.toISOString(), model, omitted: built.omitted };
  }

  api.get(
    '/devices/:id/preview',
    {
      schema: {
        tags: ['preview'],
        summary: 'The DisplayModel the device would show at ?at=ISO, with the explanation of every time',
        params: IdParams,
        querystring: PreviewQuery,
        response: { 200: Preview, 404: ApiError, 409: ApiError },
      },
    },
    async (request) => preview(request.params.id, { at: request.query.at }),
  );

  api.post(
    '/devices/:id/preview',
    {
      schema: {
        tags: ['preview'],
        summary: 'Preview unsaved rows (a new prayer-time rule, a message) and settings on this device at a moment',
        params: IdParams,
        body: PreviewRequest,
        response: { 200: Preview, 400: ApiError, 404: ApiError, 409: ApiError },
      },
    },
    async (request) => preview(request.params.id, request.body),
  );
}

/** The draft rows, checked by the wire schema (a refused row names its collection and index), over the saved state. */
function applyDraft(
  state: { synagogue: Record<string, unknown>; settings: Record<string, unknown>; content: Record<string, Record<string, unknown>[]> },
  request: PreviewRequest,
): void {
  for (const [name, ids] of Object.entries(request.remove ?? {})) {
    const gone = new Set(ids);
    state.content[name] = (state.content[name] ?? []).filter((row) => !gone.has(String(row.id)));
  }
  for (const [name, rows] of Object.entries(request.draft ?? {})) {
    const schema = contentCollections[name as ContentCollectionName];
    const saved = state.content[name] ?? [];
    rows!.forEach((row, index) => {
      const candidate = { id: `draft-${index + 1}`, ...row };
      const checked = schema.safeParse(candidate);
      if (!checked.success)
        throw ApiProblem.invalid('invalid-body', checked.error, { prefix: ['draft', name, index], lead: `draft ${name} #${index + 1} was refused` });
      const at = saved.findIndex((existing) => existing.id === candidate.id);
      // A row of another synagogue is not on this wall, as the device's own cache would not show it.
      const owner = (candidate as Record<string, unknown>).synagogueId;
      const elsewhere = typeof owner === 'string' && owner !== state.synagogue.id;
      if (elsewhere) {
        if (at >= 0) saved.splice(at, 1);
      } else if (at >= 0) saved[at] = candidate;
      else saved.push(candidate);
    });
    state.content[name] = saved;
  }
  if (request.settings) {
    const patch = SettingsPatch.safeParse(request.settings);
    if (!patch.success) throw ApiProblem.invalid('invalid-body', patch.error, { prefix: ['settings'], lead: 'the settings were refused' });
    state.settings = { ...state.settings, ...patch.data };
  }
}
