import type { Logger } from 'pino';
import { commandParams, type CommandType } from '../../protocol/commands.js';
import type { ChangeFeed } from '../broker/change-feed.js';
import type { Publish } from '../device-commands.js';
import type { GatewayDb } from '../gateway-db.js';
import { ApiProblem } from '../http/api-problem.js';
import type { AssetStore } from '../assets/asset-store.js';

/** What the command, batch and screenshot routes are built from. */
export interface CommandRouteServices {
  db: GatewayDb;
  clock: { now(): Date };
  logger: Logger;
  changes: ChangeFeed;
  publish?: Publish | undefined;
  assets?: AssetStore | undefined;
}

/** The broker's publish, or a 503 before anything is written. */
export function refuseWithoutBroker(publish: Publish | undefined): Publish {
  if (!publish) throw new ApiProblem(503, 'broker-unavailable', 'this gateway has no broker connection; commands cannot be sent now');
  return publish;
}

/** A command's params, checked by the protocol's schema of its type; a refusal names each field under `params`. */
export function checkParams(type: string, params: unknown): void {
  const checked = commandParams[type as CommandType].safeParse(params);
  if (!checked.success) throw ApiProblem.invalid('invalid-body', checked.error, { prefix: ['params'], lead: `the params of ${type} were refused` });
}
