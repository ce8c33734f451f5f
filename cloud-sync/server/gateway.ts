import type { AddressInfo } from 'node:net';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { pino, type Logger } from 'pino';
import { AttemptLimiter, type AttemptLimiterOptions } from './attempt-limiter.js';
import { VerifiedSecrets } from './authenticate-device.js';
import { deviceEndpoints } from './device-endpoints.js';
import type { GatewayDb } from './gateway-db.js';
import { installErrorHandler } from './http/error-handler.js';
import { installRouteGaps } from './http/route-gaps.js';
import type { PairedDevice } from './pairing.js';
import { MAX_SCREENSHOT_BYTES, type AssetStore } from './screenshot-upload.js';
import { TargetStateCache, type TargetStateCacheOptions } from './target-state-cache.js';

export interface GatewayClock {
  now(): Date;
}

export interface GatewayOptions {
  /** A Prisma Client wrapped in the tenancy extension (withTenancy). */
  prisma: GatewayDb;
  clock?: GatewayClock;
  logger?: Logger;
  /** Pairing attempts per client address; default 10 per 15 minutes. */
  pairingLimit?: AttemptLimiterOptions;
  /** Called once per pairing with the new MQTT login, after the broker (if any) was provisioned. */
  onPaired?(paired: PairedDevice): Promise<void> | void;
  /** Where device screenshots are kept; without one, uploads are refused with 501. */
  assets?: AssetStore;
  /** The target-state cache; off by default (see TargetStateCacheOptions). */
  stateCache?: TargetStateCacheOptions;
  /** A directory served at `/` (the web console); its index.html answers a browser's page addresses. */
  staticDir?: string;
  /** Behind a TLS-terminating proxy: read the client address and scheme from X-Forwarded-*. */
  trustProxy?: boolean;
}

export interface Gateway {
  readonly app: FastifyInstance;
  readonly states: TargetStateCache;
  /** Listen; port 0 picks a free one. Resolves with the base URL. */
  start(port?: number, host?: string): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
}

/**
 * The cloud's one HTTP stack (Fastify): the device endpoints (/device/v1), the people's API
 * (/api/v1) and the console's static files, with one error shape and one logger.
 */
export function createGateway(options: GatewayOptions): Gateway {
  const logger = options.logger ?? pino({ name: 'luach-gateway' });
  const clock = options.clock ?? { now: () => new Date() };
  const db = options.prisma;
  const app: FastifyInstance = Fastify({
    loggerInstance: logger.child({ part: 'http' }) as FastifyBaseLogger,
    disableRequestLogging: true,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON and PNG only: a form or text body is refused with 415 rather than half-understood.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('image/png', { parseAs: 'buffer', bodyLimit: MAX_SCREENSHOT_BYTES }, (_request, body, done) => done(null, body));
  installErrorHandler(app, logger);
  installRouteGaps(app, { staticDir: options.staticDir });
  app.addHook('onResponse', async (request, reply) => {
    logger.info({ method: request.method, path: request.routeOptions.url ?? '(none)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  const states = new TargetStateCache(db, logger, options.stateCache ?? { enabled: false });
  const ready = (async () => {
    await app.register(fastifyCookie);
    await app.register(fastifyHelmet, {
      contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], objectSrc: ["'none'"], frameAncestors: ["'none'"] } },
    });
    deviceEndpoints(app, {
      db,
      clock,
      logger,
      states,
      verified: new VerifiedSecrets(),
      pairingLimiter: new AttemptLimiter(options.pairingLimit ?? { attempts: 10, windowMs: 15 * 60_000 }),
      ...(options.onPaired ? { onPaired: options.onPaired } : {}),
      assets: options.assets,
    });
    if (options.staticDir) await app.register(fastifyStatic, { root: options.staticDir, index: 'index.html' });
  })();

  return {
    app,
    states,
    async start(port = 0, host = '127.0.0.1') {
      await ready;
      await app.listen({ port, host });
      const bound = (app.server.address() as AddressInfo).port;
      return { url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`, port: bound };
    },
    async stop() {
      await ready.catch(() => undefined);
      await app.close();
    },
  };
}
