import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { contentResourceNames } from '../../protocol/api/content-api.js';
import type { DatabaseAttemptStore } from '../accounts/attempt-store.js';
import type { ChangeFeed } from '../broker/change-feed.js';
import type { GatewayDb } from '../gateway-db.js';
import { ApiProblem } from '../http/api-problem.js';
import { accountRoutes } from './account-routes.js';
import { assetRoutes } from './asset-routes.js';
import { auditRoutes } from './audit-routes.js';
import { contentRoutes } from './content-routes.js';
import { authenticatePerson, runHandlersInTenant } from './principal.js';
import { sessionRoutes, type SessionRouteServices } from './session-routes.js';
import { commandRoutes } from './command-routes.js';
import { fleetRoutes } from './fleet-routes.js';
import { previewRoutes } from './preview-routes.js';
import { releaseRoutes } from './release-routes.js';
import { yahrzeitRoutes } from './yahrzeit-routes.js';
import { setupRoutes } from './setup-routes.js';
import { metricsRoutes } from './metrics-routes.js';
import { synagogueFileRoutes } from './synagogue-file-routes.js';
import type { FirstRun } from '../first-run.js';
import type { Logger } from 'pino';
import type { BrokerAccounts } from '../broker/broker-accounts.js';
import type { Publish } from '../device-commands.js';
import type { AssetStore } from '../assets/asset-store.js';
import type { TargetStateCache } from '../target-state-cache.js';

export interface PeopleApiServices {
  db: GatewayDb;
  clock: { now(): Date };
  attempts: DatabaseAttemptStore;
  changes: ChangeFeed;
  signInLimit: SessionRouteServices['signInLimit'];
  secureCookies: SessionRouteServices['secureCookies'];
  /** Requests per minute per person (or per address before sign-in), per replica. */
  requestsPerMinute: number;
  logger: Logger;
  states: TargetStateCache;
  publish?: Publish | undefined;
  brokerAccounts?: BrokerAccounts | undefined;
  assets?: AssetStore | undefined;
  /** A standalone screen's first run: the setup routes exist only then. */
  firstRun?: FirstRun | undefined;
}

/**
 * /api/v1, the people's API. Order matters: the person is found and the tenant context derived
 * before anything else (onRequest), every handler then runs inside that context, and a general
 * per-person request ceiling protects the gateway from a runaway script.
 */
export async function peopleApi(app: FastifyInstance, services: PeopleApiServices): Promise<void> {
  await app.register(
    async (api) => {
      api.addHook('onRequest', async (request) => authenticatePerson(services.db, request, services.clock.now()));
      await api.register(fastifyRateLimit, {
        max: services.requestsPerMinute,
        timeWindow: 60_000,
        keyGenerator: (request) => request.principal?.user.id ?? request.ip,
        errorResponseBuilder: (_request, context) =>
          new ApiProblem(429, 'too-many-requests', `more than ${context.max} requests a minute; try again in ${Math.ceil(context.ttl / 1000)} s`, undefined, {
            'Retry-After': String(Math.ceil(context.ttl / 1000)),
          }),
      });
      runHandlersInTenant(api);

      api.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
      sessionRoutes(api, services);
      accountRoutes(api, services);
      for (const name of contentResourceNames) contentRoutes(api, services, name);
      assetRoutes(api, services);
      yahrzeitRoutes(api, services);
      synagogueFileRoutes(api, services);
      if (services.firstRun) setupRoutes(api, { ...services, firstRun: services.firstRun });
      fleetRoutes(api, services);
      metricsRoutes(api, services);
      commandRoutes(api, services);
      previewRoutes(api, services);
      releaseRoutes(api, services);
      auditRoutes(api, services);
    },
    { prefix: '/api/v1' },
  );
}
