import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { pino, type Logger } from 'pino';
import type { CommandEnvelope } from '../protocol/commands.js';
import { DEVICE_TOPIC_ROOT, parseDeviceTopic, readDeviceMessage } from '../protocol/topics.js';
import { dispatchCommand, publishStateChanged, type CommandRequest } from './device-commands.js';
import { asDeviceOwner, asGateway, type GatewayDb } from './gateway-db.js';
import { writeCommandResult, writeHeartbeat, writeMetrics, writeStatus, type WriteOutcome } from './telemetry-writes.js';
import { writeUpdateReport, type UpdateWriteOutcome } from './update-writes.js';

export type DropReason =
  'unknownTopic' | 'tooLarge' | 'invalidPayload' | 'unknownDevice' | 'inactiveDevice' | 'duplicate' | 'unknownCommand' | 'unknownRelease' | 'writeFailed';

export interface IngestCounts {
  written: number;
  /** Messages the cloud itself sent (commands, state nudges) that the wildcard hands back. */
  ownEcho: number;
  /** Device events: validated and logged; no table keeps them yet. */
  events: number;
  dropped: Record<DropReason, number>;
}

export interface MqttIngestOptions {
  prisma: GatewayDb;
  url: string;
  /** The cloud's broker user, allowed the whole `luach/#` tree. */
  username: string;
  password: string;
  /** Stable, so the broker keeps the session (and queued QoS 1 messages) while the ingest restarts. */
  clientId?: string;
  clock?: { now(): Date };
  logger?: Logger;
  /** Extra mqtt.js options: TLS `ca`, `protocolVersion`, ... */
  mqtt?: Partial<IClientOptions>;
}

export interface MqttIngest {
  start(): Promise<void>;
  stop(): Promise<void>;
  counts(): IngestCounts;
  /** Resolves when every message received so far has been handled. */
  idle(): Promise<void>;
  publishStateChanged(deviceId: string, etag?: string): Promise<void>;
  dispatchCommand(deviceId: string, command: CommandRequest): Promise<CommandEnvelope>;
}

const SUBSCRIPTION = `${DEVICE_TOPIC_ROOT}/+/#`;
const MAX_PAYLOAD_BYTES = 64 * 1024;
const SERVABLE_STATUS = 'active';

/**
 * The gateway's MQTT side: everything devices publish, validated by the protocol's schemas
 * and written for the device's owner. Messages are handled one at a time, in arrival order,
 * so a redelivered message always finds the row its first copy wrote. Nothing a device sends
 * can stop the ingest: a bad message is dropped, counted and logged (without its payload).
 */
export function createMqttIngest(options: MqttIngestOptions): MqttIngest {
  const db = options.prisma;
  const clock = options.clock ?? { now: () => new Date() };
  const logger = options.logger ?? pino({ name: 'luach-ingest' });
  const counts: IngestCounts = {
    written: 0,
    ownEcho: 0,
    events: 0,
    dropped: {
      unknownTopic: 0,
      tooLarge: 0,
      invalidPayload: 0,
      unknownDevice: 0,
      inactiveDevice: 0,
      duplicate: 0,
      unknownCommand: 0,
      unknownRelease: 0,
      writeFailed: 0,
    },
  };
  let client: MqttClient | undefined;
  let queue: Promise<void> = Promise.resolve();

  const drop = (reason: DropReason, topic: string, detail: Record<string, unknown> = {}) => {
    counts.dropped[reason] += 1;
    logger.warn({ topic, reason, ...detail }, 'device message dropped');
  };

  async function ingest(topic: string, payload: Buffer, retained: boolean): Promise<void> {
    const parsed = parseDeviceTopic(topic);
    if (!parsed) return drop('unknownTopic', topic);
    if (payload.length > MAX_PAYLOAD_BYTES) return drop('tooLarge', topic, { bytes: payload.length });
    const read = readDeviceMessage(topic, payload);
    if (!read.ok) return drop('invalidPayload', topic, { problems: read.problems });
    const { message } = read;
    if (message.kind === 'commands' || message.kind === 'stateChanged') {
      counts.ownEcho += 1;
      return;
    }

    // Like authentication: the device id in the topic tells us the tenant, so it is looked up as the gateway.
    const device = await asGateway(() =>
      db.device.findUnique({ where: { id: parsed.deviceId }, select: { id: true, userId: true, status: true, revokedAt: true } }),
    );
    if (!device) return drop('unknownDevice', topic);
    if (device.revokedAt || device.status !== SERVABLE_STATUS) return drop('inactiveDevice', topic);

    const now = clock.now();
    let outcome: WriteOutcome | UpdateWriteOutcome;
    try {
      outcome = await asDeviceOwner(device.userId, () => {
        switch (message.kind) {
          case 'heartbeat':
            return writeHeartbeat(db, device.id, message.payload, now);
          case 'status':
            return writeStatus(db, device.id, message.payload, now, retained);
          case 'metrics':
            return writeMetrics(db, device.id, message.payload);
          case 'commandResult':
            return writeCommandResult(db, device.id, message.payload, now);
          case 'update':
            return writeUpdateReport(db, device.id, message.payload, now);
          case 'events':
            counts.events += 1;
            logger.info({ deviceId: device.id, event: message.payload.kind }, 'device event');
            return 'written' as const;
        }
      });
    } catch (error) {
      return drop('writeFailed', topic, { err: (error as Error).message });
    }
    if (outcome === 'written') counts.written += 1;
    else drop(outcome, topic);
  }

  const publish = async (topic: string, payload: unknown): Promise<void> => {
    if (!client) throw new Error('the MQTT ingest is not started; call start() first');
    await client.publishAsync(topic, JSON.stringify(payload), { qos: 1 });
  };

  return {
    async start() {
      const clientId = options.clientId ?? 'luach-gateway-ingest';
      const connecting = mqtt.connect(options.url, {
        username: options.username,
        password: options.password,
        clientId,
        clean: false,
        protocolVersion: 5,
        properties: { sessionExpiryInterval: 24 * 3600 },
        reconnectPeriod: 2000,
        ...options.mqtt,
      });
      // Listen before the first CONNACK: a persistent session delivers what queued while the ingest was away right after it.
      connecting.on('message', (topic, payload, packet) => {
        queue = queue
          .then(() => ingest(topic, payload, packet.retain))
          .catch((error: unknown) => drop('writeFailed', topic, { err: (error as Error).message }));
      });
      try {
        await new Promise<void>((resolve, reject) => {
          connecting.once('connect', () => resolve());
          connecting.once('error', reject);
        });
      } catch (error) {
        await connecting.endAsync(true);
        throw new Error(
          `MQTT ingest could not connect to ${options.url} as ${options.username}: ${(error as Error).message}; check the broker address and the cloud user's password`,
          { cause: error },
        );
      }
      connecting.on('error', (error) => logger.error({ err: error.message }, 'MQTT ingest connection error'));
      client = connecting;
      await client.subscribeAsync(SUBSCRIPTION, { qos: 1 });
      logger.info({ url: options.url, clientId }, 'MQTT ingest subscribed');
    },
    async stop() {
      const closing = client;
      client = undefined;
      await closing?.endAsync();
      await queue;
    },
    counts: () => structuredClone(counts),
    idle: () => queue,
    publishStateChanged: (deviceId, etag) => publishStateChanged(db, publish, deviceId, clock.now(), etag),
    dispatchCommand: (deviceId, command) => dispatchCommand(db, publish, deviceId, command, clock.now()),
  };
}
