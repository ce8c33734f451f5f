import type { AddressInfo } from 'node:net';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { pino, type Logger } from 'pino';
import { DatabaseAttemptStore, type AttemptRule } from './accounts/attempt-store.js';
import { UPLOAD_CONTENT_TYPES } from './api/asset-routes.js';
import { peopleApi } from './api/people-api.js';
import { MAX_CSV_BYTES } from './api/yahrzeit-routes.js';
import { VerifiedSecrets } from './authenticate-device.js';
import { expireCommands } from './batch-progress.js';
import { pruneTelemetry } from './telemetry-writes.js';
import type { BrokerAccounts } from './broker/broker-accounts.js';
import { ChangeFeed } from './broker/change-feed.js';
import { Nudger } from './broker/nudges.js';
import type { Publish } from './device-commands.js';
import { deviceEndpoints } from './device-endpoints.js';
import { asGateway, type GatewayDb } from './gateway-db.js';
import { installErrorHandler } from './http/error-handler.js';
import { installRouteGaps } from './http/route-gaps.js';
import type { PairedDevice } from './pairing.js';
import type { FirstRun } from './first-run.js';
import type { AssetStore } from './assets/asset-store.js';
import { MAX_SCREENSHOT_BYTES } from './screenshot-upload.js';
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
  pairingLimit?: AttemptRule;
  /** Heartbeat and metrics rows are kept this many days (default 30): with one row per slot, a device's rows are bounded. */
  telemetryRetentionDays?: number;
  /** Failed device logins per address; past it, only devices whose secret was already verified are let in. Default 30 per 15 minutes. */
  deviceLoginLimit?: AttemptRule;
  /** Sign-in attempts per client address and per account; default 20 and 10 per 15 minutes. */
  signInLimit?: { perAddress: AttemptRule; perAccount: AttemptRule };
  /** Requests per minute per person on /api/v1, per replica; default 600. */
  requestsPerMinute?: number;
  /** Called once per pairing with the new MQTT login, after the broker (if any) was provisioned. */
  onPaired?(paired: PairedDevice): Promise<void> | void;
  /** Where device screenshots are kept; without one, uploads are refused with 501. */
  assets?: AssetStore;
  /** The target-state cache; off by default (see TargetStateCacheOptions). */
  stateCache?: TargetStateCacheOptions;
  /**
   * The broker: `publish` on the cloud's connection (commands, sync nudges, notices to other
   * replicas; usually the MQTT ingest's), and `accounts` where the broker keeps device logins
   * (dynamic security). Without it, commands are refused and devices sync at their fallback time.
   */
  broker?: { publish: Publish; accounts?: BrokerAccounts | undefined };
  /** How long sync nudges are gathered after a write; default 150 ms. */
  nudgeGatherMs?: number;
  /** A directory served at `/` (the web console); its index.html answers a browser's page addresses. */
  staticDir?: string;
  /** The built display (dist/display), served at /display/ for the console's live preview frame. */
  displayDir?: string;
  /** A standalone screen's first run: adds /api/v1/setup, where the phone that enters the wall's code sets the password. */
  firstRun?: FirstRun;
  /** Behind a TLS-terminating proxy: read the client address and scheme from X-Forwarded-*. */
  trustProxy?: boolean;
  /** Session cookies marked Secure: always (production), never, or when the request came over TLS (default). */
  secureCookies?: 'always' | 'never' | 'auto';
}

export interface Gateway {
  readonly app: FastifyInstance;
  readonly states: TargetStateCache;
  readonly changes: ChangeFeed;
  readonly nudger: Nudger;
  /** Listen; port 0 picks a free one. Resolves with the base URL. */
  start(port?: number, host?: string): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
}

const MAINTENANCE_EVERY_MS = 30_000;
const DISPLAY_FRAME_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * The cloud's one HTTP stack (Fastify): the device endpoints (/device/v1), the people's API
 * (/api/v1, described at /api/v1/openapi.json) and the console's static files, with one error
 * shape and one logger; plus what follows a write (cache, replicas, nudges).
 */
export function createGateway(options: GatewayOptions): Gateway {
  const logger = options.logger ?? pino({ name: 'luach-gateway' });
  const clock = options.clock ?? { now: () => new Date() };
  const db = options.prisma;
  const app: FastifyInstance = Fastify({
    loggerInstance: logger.child({ part: 'http' }) as FastifyBaseLogger,
    // One line per request is ours (onResponse, below), not Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    // Errors before any route runs (a request target that is not a URL, a bad percent-encoding): the one error shape too.
    frameworkErrors: (error, _request, reply) => {
      void (reply as FastifyReply).code(400).send({ error: 'bad-request', message: `the request was refused: ${error.message}` });
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON, PNG (screenshots), pictures and videos (assets) and CSV (yahrzeit imports) only: a form or text body is refused with 415 rather than half-understood.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: MAX_CSV_BYTES }, (_request, body, done) => done(null, body));
  app.addContentTypeParser('image/png', { parseAs: 'buffer', bodyLimit: MAX_SCREENSHOT_BYTES }, (_request, body, done) => done(null, body));
  // Pictures and videos (POST /api/v1/assets, whose own body limit lets them through): bytes, checked by their content there.
  app.addContentTypeParser(
    UPLOAD_CONTENT_TYPES.filter((type) => type !== 'image/png'),
    { parseAs: 'buffer' },
    (_request, body, done) => done(null, body),
  );
  installErrorHandler(app, logger);
  installRouteGaps(app, { staticDir: options.staticDir });
  app.addHook('onResponse', async (request, reply) => {
    logger.info({ method: request.method, path: request.routeOptions.url ?? '(none)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  const states = new TargetStateCache(db, logger, options.stateCache ?? { enabled: false });
  const publish = options.broker?.publish;
  const nudger = new Nudger({ publish, clock, logger, ...(options.nudgeGatherMs !== undefined ? { gatherMs: options.nudgeGatherMs } : {}) });
  const changes = new ChangeFeed({ db, states, nudger, logger, publish });
  const attempts = new DatabaseAttemptStore(db);
  let maintenance: NodeJS.Timeout | undefined;

  const ready = (async () => {
    await app.register(fastifyCookie);
    await app.register(fastifyHelmet, {
      contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], objectSrc: ["'none'"], frameAncestors: ["'none'"] } },
    });
    await app.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: 'Luach cloud', version: '1', description: 'The people’s API (/api/v1) and the device endpoints (/device/v1) of the Luach gateway.' },
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: 'luach_session', description: 'writes also need X-CSRF-Token' },
            token: { type: 'http', scheme: 'bearer', description: 'a personal API token (lt_…)' },
          },
        },
        security: [{ session: [] }, { token: [] }],
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    deviceEndpoints(app, {
      db,
      clock,
      logger,
      states,
      verified: new VerifiedSecrets(),
      attempts,
      pairingLimit: options.pairingLimit ?? { attempts: 10, windowMs: 15 * 60_000 },
      deviceLoginLimit: options.deviceLoginLimit ?? { attempts: 30, windowMs: 15 * 60_000 },
      ...(options.broker?.accounts
        ? { provisionBroker: (paired) => options.broker!.accounts!.provision({ deviceId: paired.deviceId, password: paired.mqtt.password }) }
        : {}),
      ...(options.onPaired ? { onPaired: options.onPaired } : {}),
      assets: options.assets,
    });
    await peopleApi(app, {
      db,
      clock,
      attempts,
      changes,
      signInLimit: options.signInLimit ?? { perAddress: { attempts: 20, windowMs: 15 * 60_000 }, perAccount: { attempts: 10, windowMs: 15 * 60_000 } },
      secureCookies: options.secureCookies ?? 'auto',
      requestsPerMinute: options.requestsPerMinute ?? 600,
      logger,
      states,
      publish,
      brokerAccounts: options.broker?.accounts,
      assets: options.assets,
      firstRun: options.firstRun,
    });
    if (options.displayDir) await app.register(displayFrame, { root: options.displayDir });
    if (options.staticDir) await app.register(fastifyStatic, { root: options.staticDir, index: 'index.html' });
  })();

  /**
   * The display bundle for the console's preview frame: the display's own policy (no remote
   * anything), except that this site's pages may frame it — and only this site's.
   */
  async function displayFrame(scope: FastifyInstance, opts: { root: string }): Promise<void> {
    scope.addHook('onSend', async (_request, reply) => {
      reply.header('Content-Security-Policy', DISPLAY_FRAME_POLICY);
      reply.header('X-Frame-Options', 'SAMEORIGIN');
    });
    await scope.register(fastifyStatic, { root: opts.root, prefix: '/display/', decorateReply: false, index: 'index.html' });
  }

  async function maintain(): Promise<void> {
    const now = clock.now();
    try {
      await asGateway(() => expireCommands(db, now));
      await attempts.sweep(now);
      await asGateway(() => pruneTelemetry(db, new Date(now.getTime() - (options.telemetryRetentionDays ?? 30) * 86_400_000)));
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'maintenance failed; it runs again shortly');
    }
  }

  return {
    app,
    states,
    changes,
    nudger,
    async start(port = 0, host = '127.0.0.1') {
      await ready;
      await app.listen({ port, host });
      maintenance = setInterval(() => void maintain(), MAINTENANCE_EVERY_MS);
      maintenance.unref();
      const bound = (app.server.address() as AddressInfo).port;
      return { url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`, port: bound };
    },
    async stop() {
      clearInterval(maintenance);
      await ready.catch(() => undefined);
      await app.close();
      await nudger.stop();
    },
  };
}
