import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ApiError } from '../protocol/api/api-error.js';
import { DEVICE_HTTP, DEVICE_ID_HEADER } from '../protocol/device-http.js';
import { PairingAnswer, PairingRequest } from '../protocol/pairing.js';
import type { AttemptRule, DatabaseAttemptStore } from './accounts/attempt-store.js';
import { authenticateDevice, type AuthenticatedDevice, type VerifiedSecrets } from './authenticate-device.js';
import { TargetStateUnavailable } from './build-target-state.js';
import { recordAudit } from './api/audit.js';
import { asDeviceOwner, asGateway, type GatewayDb } from './gateway-db.js';
import { ApiProblem } from './http/api-problem.js';
import type { RouteWords } from './http/error-handler.js';
import { pairDevice, type PairedDevice } from './pairing.js';
import type { AssetStore } from './assets/asset-store.js';
import { checkPng, MAX_SCREENSHOT_BYTES, storeScreenshot } from './screenshot-upload.js';
import { sendAsset } from './assets/send-asset.js';
import { ifNoneMatchHits } from './state-etag.js';
import type { TargetStateCache } from './target-state-cache.js';

export interface DeviceEndpointServices {
  db: GatewayDb;
  clock: { now(): Date };
  logger: Logger;
  states: TargetStateCache;
  verified: VerifiedSecrets;
  /** Kept in the database: every replica and every restart counts the same attempts. */
  attempts: DatabaseAttemptStore;
  pairingLimit: AttemptRule;
  /** Failed device logins per address before the address may only use secrets already verified. */
  deviceLoginLimit: AttemptRule;
  /** Provisions the new login where the broker keeps its own users; throwing undoes the pairing. */
  provisionBroker?(paired: PairedDevice): Promise<void>;
  onPaired?(paired: PairedDevice): Promise<void> | void;
  assets?: AssetStore | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    device?: AuthenticatedDevice;
  }
}

const UNAUTHORIZED = new ApiProblem(401, 'unauthorized', 'the device credentials were refused; pair the device again to get new ones', undefined, {
  'WWW-Authenticate': 'Bearer realm="luach-device"',
});

const PAIRING_REFUSALS = {
  malformed: [400, 'malformed-code', 'a pairing code is 8 letters and digits, as shown in the cloud (e.g. K7M2-Q9XD)'],
  unknown: [401, 'unknown-code', 'no device is waiting for this code; check it, or create a new code for the device in the cloud'],
  expired: [401, 'expired-code', 'this pairing code has expired; create a new one for the device in the cloud'],
  'not-pairable': [403, 'not-pairable', 'this device is disabled, retired or revoked; enable it in the cloud before pairing'],
  'broker-unavailable': [503, 'broker-unavailable', 'the broker could not be told about this device; nothing changed, try the same code again in a minute'],
} as const;

/** lastSeenAt is written at most this often by syncs; heartbeats keep it fresher. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * The device's HTTP endpoints: target-state sync, pairing and screenshot uploads. A device is
 * authenticated before its body is read, then served as its owner through the tenancy
 * extension. Secrets, tokens and codes are never logged.
 */
export function deviceEndpoints(app: FastifyInstance, services: DeviceEndpointServices): void {
  const { db, clock, logger } = services;
  const api = app.withTypeProvider<ZodTypeProvider>();

  async function authenticate(request: FastifyRequest): Promise<void> {
    const key = `device-login:ip:${request.ip}`;
    const limited = (await services.attempts.waitMs(key, clock.now(), services.deviceLoginLimit)) > 0;
    const auth = await authenticateDevice(db, request.headers.authorization, services.verified, !limited);
    if (!auth.ok) {
      logger.info({ ip: request.ip, refusal: auth.refusal, credentialId: auth.credentialId }, 'device refused');
      const waitMs = await services.attempts.take(key, clock.now(), services.deviceLoginLimit);
      if (auth.refusal === 'not-verified' || waitMs > 0) {
        const seconds = String(Math.max(1, Math.ceil(waitMs / 1000)));
        throw new ApiProblem(429, 'too-many-attempts', `too many failed device logins from this address; try again in ${seconds} s`, undefined, {
          'Retry-After': seconds,
        });
      }
      throw UNAUTHORIZED;
    }
    const claimed = request.headers[DEVICE_ID_HEADER.toLowerCase()];
    if (typeof claimed === 'string' && claimed !== auth.device.id) {
      logger.warn({ ip: request.ip, deviceId: auth.device.id, claimed }, 'device refused: its token belongs to another device id');
      throw UNAUTHORIZED;
    }
    request.device = auth.device;
  }

  api.get(
    DEVICE_HTTP.state,
    // No response schema: the body is the cached JSON text, sent as it is.
    { onRequest: authenticate, schema: { tags: ['device'], summary: 'The device’s target state (If-None-Match: 304 when current)' } },
    async (request, reply) => {
      const device = request.device!;
      const now = clock.now();
      let served;
      try {
        served = await services.states.current(device, now);
      } catch (error) {
        if (!(error instanceof TargetStateUnavailable)) throw error;
        logger.warn({ deviceId: device.id, reason: error.message }, 'target state unavailable');
        throw new ApiProblem(409, 'state-unavailable', error.message);
      }
      const ifNoneMatch = request.headers['if-none-match'];
      const current = ifNoneMatchHits(ifNoneMatch, served.etag);
      // The device lists the state it holds first, then any it refused (cloud-sync/client/fetch-target-state.ts):
      // only the first names what it shows. One that gets a new state reports applying it in its heartbeat.
      const holdsCurrent = ifNoneMatchHits(ifNoneMatch?.split(',')[0], served.etag);
      const record = {
        ...(holdsCurrent && device.appliedStateEtag !== served.etag ? { appliedStateEtag: served.etag } : {}),
        ...(device.lastIp !== request.ip ? { lastIp: request.ip } : {}),
      };
      if (Object.keys(record).length > 0 || !device.lastSeenAt || now.getTime() - device.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS)
        await asDeviceOwner(device.userId, () => db.device.update({ where: { id: device.id }, data: { lastSeenAt: now, ...record } }));
      reply.headers({ ETag: served.etag, 'Cache-Control': 'private, no-cache' });
      if (current) return reply.code(304).send();
      return reply.type('application/json; charset=utf-8').send(served.body);
    },
  );

  api.post(
    DEVICE_HTTP.pair,
    {
      bodyLimit: 2048,
      config: { invalidBody: 'send a JSON object { "code": "<the pairing code shown in the cloud>" }' } satisfies RouteWords,
      onRequest: async (request) => {
        // Counted before the body is read: a malformed attempt is still an attempt.
        const waitMs = await services.attempts.take(`pair:ip:${request.ip}`, clock.now(), services.pairingLimit);
        if (waitMs > 0) {
          logger.warn({ ip: request.ip }, 'pairing attempts over the limit');
          const seconds = String(Math.ceil(waitMs / 1000));
          throw new ApiProblem(429, 'too-many-attempts', `too many pairing attempts from this address; try again in ${seconds} s`, undefined, {
            'Retry-After': seconds,
          });
        }
      },
      schema: {
        tags: ['device'],
        summary: 'Trade the pairing code the cloud shows for this device’s own credentials (once)',
        body: PairingRequest,
        response: { 200: PairingAnswer, 400: ApiError, 401: ApiError, 403: ApiError, 429: ApiError, 503: ApiError },
      },
    },
    async (request, reply) => {
      const outcome = await pairDevice(db, request.body.code, clock.now(), services.provisionBroker);
      if (!outcome.ok) {
        const [status, error, message] = PAIRING_REFUSALS[outcome.reason];
        logger.info({ ip: request.ip, reason: outcome.reason }, 'pairing refused');
        throw new ApiProblem(status, error, message);
      }
      logger.info({ ip: request.ip, deviceId: outcome.paired.deviceId, credentialId: outcome.paired.credentialId }, 'device paired');
      const owner = await asGateway(() => db.device.findUniqueOrThrow({ where: { id: outcome.paired.deviceId }, select: { userId: true } }));
      await asDeviceOwner(owner.userId, () =>
        recordAudit(db, request, {
          ownerId: owner.userId,
          action: 'paired',
          entityType: 'Device',
          entityId: outcome.paired.deviceId,
          after: { credentialId: outcome.paired.credentialId },
        }),
      );
      try {
        await services.onPaired?.(outcome.paired);
      } catch (error) {
        logger.error({ deviceId: outcome.paired.deviceId, err: (error as Error).message }, 'onPaired failed');
      }
      return reply.header('Cache-Control', 'no-store').send(outcome.paired);
    },
  );

  api.post(
    DEVICE_HTTP.screenshots,
    {
      onRequest: authenticate,
      bodyLimit: MAX_SCREENSHOT_BYTES,
      config: { mediaType: 'send the screenshot as Content-Type: image/png' } satisfies RouteWords,
      schema: {
        tags: ['device'],
        summary: 'A screenshot the cloud asked for (image/png)',
        response: { 201: z.object({ id: z.string() }), 401: ApiError, 415: ApiError },
      },
    },
    async (request, reply) => {
      const device = request.device!;
      const store = services.assets;
      if (!store) throw new ApiProblem(501, 'no-asset-store', 'this gateway keeps no uploads; configure an asset store to receive screenshots');
      const png = checkPng(request.body);
      const id = await asDeviceOwner(device.userId, () => storeScreenshot(db, store, device.id, png, clock.now()));
      logger.info({ deviceId: device.id, assetId: id, bytes: png.length }, 'screenshot stored');
      return reply.code(201).send({ id });
    },
  );

  api.get(
    DEVICE_HTTP.asset,
    {
      onRequest: authenticate,
      schema: {
        tags: ['device'],
        summary: 'The bytes of an asset the device’s state names (its owner’s only; Range requests resume a download)',
        params: z.object({ id: z.string().min(1).max(64) }),
      },
    },
    async (request, reply) => {
      const device = request.device!;
      const { id } = request.params;
      const asset = await asDeviceOwner(device.userId, () => db.uploadAsset.findUnique({ where: { id } }).catch(() => null));
      if (!asset || asset.purpose === 'screenshot') throw new ApiProblem(404, 'not-found', `asset ${id} does not exist, or is not this device's owner's`);
      const file = await services.assets?.open(asset.storageKey);
      if (!file) {
        logger.error({ deviceId: device.id, assetId: id }, 'asset row without its file in the store');
        throw new ApiProblem(404, 'not-found', `the file of asset ${id} is missing from the store`);
      }
      return sendAsset(request, reply, asset, file);
    },
  );
}
