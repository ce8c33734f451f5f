import crypto from 'node:crypto';
import { commandParams, COMMAND_VERSION, type CommandEnvelope, type CommandType } from '../protocol/commands.js';
import { TELEMETRY_VERSION, type StateChanged } from '../protocol/telemetry.js';
import { deviceTopics } from '../protocol/topics.js';
import { currentTenantContext, tenantOwned } from '../../prisma/tenancy/index.js';
import { asDeviceOwner, asGateway, type GatewayDb } from './gateway-db.js';
import { describeIssues } from '../protocol/primitives.js';

/** Publish `payload` as JSON at QoS 1; resolves once the broker has it. */
export type Publish = (topic: string, payload: unknown) => Promise<void>;

export interface CommandRequest {
  type: CommandType;
  params?: unknown;
  /** How long the device may still run it; default 10 minutes. */
  ttlSeconds?: number;
  /** The User who asked, for the history. */
  issuedBy?: string;
  /** The BatchCommand this command belongs to; the device reports its result like any other. */
  batchCommandId?: string;
}

const DEFAULT_TTL_SECONDS = 600;

/**
 * Who owns `deviceId`. In a request's tenant context (the cloud UI, a customer) the lookup is
 * scoped by it, so a customer can only address their own devices; without one (the gateway's
 * own jobs) it runs as the gateway admin.
 */
async function ownerOf(db: GatewayDb, deviceId: string): Promise<string> {
  const find = () => db.device.findUnique({ where: { id: deviceId }, select: { userId: true } });
  const device = await (currentTenantContext() ? find() : asGateway(find));
  if (!device) throw new Error(`no device ${deviceId} for this account; check the device id`);
  return device.userId;
}

/**
 * Send a command: write its CommandHistory row (queued), publish it at QoS 1, then mark it
 * sent. A result arriving later moves the row on (see writeCommandResult).
 */
export async function dispatchCommand(db: GatewayDb, publish: Publish, deviceId: string, request: CommandRequest, now: Date): Promise<CommandEnvelope> {
  const schema = commandParams[request.type];
  if (!schema) throw new Error(`unknown command type "${request.type}"; expected one of ${Object.keys(commandParams).join(', ')}`);
  const params = schema.safeParse(request.params);
  if (!params.success) {
    throw new Error(`params of ${request.type} are invalid: ${describeIssues(params.error, { root: '(params)' }).join('; ')}`);
  }
  const owner = await ownerOf(db, deviceId);
  const expiresAt = new Date(now.getTime() + (request.ttlSeconds ?? DEFAULT_TTL_SECONDS) * 1000);
  const envelope: CommandEnvelope = {
    v: COMMAND_VERSION,
    id: `cmd-${crypto.randomUUID()}`,
    type: request.type,
    ...(request.params !== undefined ? { params: request.params } : {}),
    issuedAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
    ...(request.batchCommandId ? { batchId: request.batchCommandId } : {}),
  };
  return asDeviceOwner(owner, async () => {
    await db.commandHistory.create({
      data: tenantOwned({
        deviceId,
        commandId: envelope.id,
        type: envelope.type,
        params: request.params === undefined ? undefined : JSON.parse(JSON.stringify(request.params)),
        status: 'queued',
        issuedBy: request.issuedBy ?? null,
        batchCommandId: request.batchCommandId ?? null,
        expiresAt,
      }),
    });
    try {
      await publish(deviceTopics(deviceId).commands, envelope);
    } catch (error) {
      await db.commandHistory.update({ where: { commandId: envelope.id }, data: { status: 'failed', error: `not sent: ${(error as Error).message}` } });
      throw error;
    }
    // Only from queued: the device's `accepted` may already have moved the row on.
    await db.commandHistory.updateMany({ where: { commandId: envelope.id, status: 'queued' }, data: { status: 'sent', sentAt: now } });
    return envelope;
  });
}

/**
 * Nudge a device to sync now. Not a command and not in CommandHistory: it asks nothing the
 * device answers, and a missed nudge is covered by the device's own fallback sync.
 */
export async function publishStateChanged(db: GatewayDb, publish: Publish, deviceId: string, now: Date, etag?: string): Promise<void> {
  await ownerOf(db, deviceId);
  const payload: StateChanged = { v: TELEMETRY_VERSION, at: now.toISOString(), ...(etag ? { etag } : {}) };
  await publish(deviceTopics(deviceId).stateChanged, payload);
}
