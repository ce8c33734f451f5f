import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { pino, type Logger } from 'pino';
import type { CommandEnvelope } from '../protocol/commands.js';
import { DEVICE_TOPIC_ROOT, parseDeviceTopic, readDeviceMessage, type DeviceMessage } from '../protocol/topics.js';
import { dispatchCommand, publishStateChanged, type CommandRequest } from './device-commands.js';
import { asDeviceOwner, asGateway, type GatewayDb } from './gateway-db.js';
import { writeTelemetryBatch, type TelemetryItem } from './telemetry-batch.js';
import { TelemetryBudget, type TelemetryBudgetRules } from './telemetry-budget.js';
import { writeCommandResult, writeStatus, type WriteOutcome } from './telemetry-writes.js';

export type DropReason =
  | 'unknownTopic'
  | 'tooLarge'
  | 'invalidPayload'
  | 'unknownDevice'
  | 'inactiveDevice'
  | 'duplicate'
  | 'unknownCommand'
  | 'writeFailed'
  /** Over the device's message rate (telemetry-budget.ts). */
  | 'overRate'
  /** A timestamp in the future or older than an outbox keeps a message. */
  | 'outOfWindow';

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
  /**
   * Share the device subscription with other gateway replicas (`$share/<group>/...`): the broker
   * hands each message to one member of the group. Each replica keeps its own clientId.
   */
  sharedGroup?: string;
  /** Messages on these cloud-only topics (not device topics) go to their handler instead of the ingest. */
  cloudTopics?: Record<string, (payload: Buffer) => void>;
  /** What one device may cost: rate, timestamp window, one stored row per slot (telemetry-budget.ts). */
  budget?: TelemetryBudgetRules;
}

export interface MqttIngest {
  start(): Promise<void>;
  stop(): Promise<void>;
  counts(): IngestCounts;
  /** Resolves when every message received so far has been handled. */
  idle(): Promise<void>;
  /** Publish JSON at QoS 1 on the ingest's connection (commands, nudges, notices to other replicas). */
  publish(topic: string, payload: unknown): Promise<void>;
  publishStateChanged(deviceId: string, etag?: string): Promise<void>;
  dispatchCommand(deviceId: string, command: CommandRequest): Promise<CommandEnvelope>;
}

const SUBSCRIPTION = `${DEVICE_TOPIC_ROOT}/+/#`;
const MAX_PAYLOAD_BYTES = 64 * 1024;
const SERVABLE_STATUS = 'active';
/** Heartbeats and metrics are gathered this long, at most MAX_BATCH of them, and written together. */
const GATHER_MS = 100;
const MAX_BATCH = 500;
const ACTIVE_FOR_MS = 120_000;
/** lastSeenAt is kept to the minute by heartbeats; the DeviceMonitoring rows keep every one. */
const LAST_SEEN_RESOLUTION_MS = 60_000;
const MAX_ACTIVE = 100_000;

/**
 * The gateway's MQTT side: everything devices publish, validated by the protocol's schemas
 * and written for the device's owner. Messages are taken in arrival order; heartbeats and
 * metrics are gathered for GATHER_MS and written together in a handful of queries (a fleet's
 * telemetry, not one insert per message), and a redelivered report finds its first copy's row
 * (or its twin in the same burst). Nothing a device sends
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
      writeFailed: 0,
      overRate: 0,
      outOfWindow: 0,
    },
  };
  const budget = new TelemetryBudget(options.budget);
  let client: MqttClient | undefined;
  let queue: Promise<void> = Promise.resolve();
  let gatherTimer: NodeJS.Timeout | undefined;
  const pending: { topic: string; deviceId: string; message: DeviceMessage; receivedAt: Date }[] = [];
  /**
   * What this ingest last wrote on each device row from a heartbeat. A heartbeat that would
   * change nothing (still online, same ETag, lastSeenAt under a minute old) leaves the row alone.
   * A status message (which may set offline) forgets the device, so the next heartbeat writes.
   */
  const touched = new Map<string, { at: number; etag: string | null }>();
  const needsTouch = (deviceId: string, etag: string | null, now: Date) => {
    const last = touched.get(deviceId);
    return !last || now.getTime() - last.at >= LAST_SEEN_RESOLUTION_MS || (etag !== null && etag !== last.etag);
  };
  /** Active devices seen lately: a fleet's heartbeats need not look each device up every time. */
  const active = new Map<string, { device: { id: string; userId: string; status: string; revokedAt: Date | null }; at: number }>();

  /**
   * Like authentication: the device id in the topic tells us the tenant, so it is looked up as
   * the gateway. Only active devices are remembered, for ACTIVE_FOR_MS: a revoked device is
   * dropped by the broker at once, and a newly paired one is looked up afresh.
   */
  async function knownDevice(deviceId: string, now: Date) {
    const kept = cachedDevice(deviceId, now);
    if (kept) return kept;
    const device = await asGateway(() => db.device.findUnique({ where: { id: deviceId }, select: { id: true, userId: true, status: true, revokedAt: true } }));
    if (device) remember(device, now);
    else active.delete(deviceId);
    return device;
  }
  function cachedDevice(deviceId: string, now: Date) {
    const kept = active.get(deviceId);
    return kept && now.getTime() - kept.at < ACTIVE_FOR_MS ? kept.device : undefined;
  }
  function remember(device: { id: string; userId: string; status: string; revokedAt: Date | null }, now: Date) {
    if (device.revokedAt || device.status !== SERVABLE_STATUS) return void active.delete(device.id);
    active.set(device.id, { device, at: now.getTime() });
    if (active.size > MAX_ACTIVE) active.delete(active.keys().next().value!);
    if (touched.size > MAX_ACTIVE) touched.delete(touched.keys().next().value!);
  }

  const drop = (reason: DropReason, topic: string, detail: Record<string, unknown> = {}) => {
    counts.dropped[reason] += 1;
    logger.warn({ topic, reason, ...detail }, 'device message dropped');
  };

  async function ingest(topic: string, payload: Buffer, retained: boolean): Promise<void> {
    const parsed = parseDeviceTopic(topic);
    if (!parsed) return drop('unknownTopic', topic);
    if (payload.length > MAX_PAYLOAD_BYTES) return drop('tooLarge', topic, { bytes: payload.length });
    const now = clock.now();
    const ours = parsed.kind === 'commands' || parsed.kind === 'stateChanged';
    // Counted before the payload is parsed: a flood costs the gateway as little as possible.
    if (!ours && !budget.withinRate(parsed.deviceId, now.getTime())) return drop('overRate', topic);
    const read = readDeviceMessage(topic, payload);
    if (!read.ok) return drop('invalidPayload', topic, { problems: read.problems });
    const { message } = read;
    if (message.kind === 'commands' || message.kind === 'stateChanged') {
      counts.ownEcho += 1;
      return;
    }
    const at = 'at' in message.payload && typeof message.payload.at === 'string' ? message.payload.at : undefined;
    if (at) {
      const admission = budget.admitReport(parsed.deviceId, message.kind, at, now.getTime(), message.kind === 'heartbeat' || message.kind === 'metrics');
      if (admission === 'outOfWindow') return drop('outOfWindow', topic, { at });
      if (admission === 'sameSlot') return drop('duplicate', topic);
    }

    if (message.kind === 'heartbeat' || message.kind === 'metrics') {
      pending.push({ topic, deviceId: parsed.deviceId, message, receivedAt: now });
      // Gathered for GATHER_MS (or until MAX_BATCH), then written together, in queue order.
      if (pending.length >= MAX_BATCH) await flushTelemetry();
      else
        gatherTimer ??= setTimeout(
          () => (queue = queue.then(flushTelemetry).catch((error: Error) => logger.error({ err: error.message }, 'telemetry burst failed'))),
          GATHER_MS,
        );
      return;
    }
    await flushTelemetry();
    const device = await knownDevice(parsed.deviceId, now);
    if (!device) return drop('unknownDevice', topic);
    if (device.revokedAt || device.status !== SERVABLE_STATUS) return drop('inactiveDevice', topic);

    let outcome: WriteOutcome;
    try {
      outcome = await asDeviceOwner(device.userId, () => {
        switch (message.kind) {
          case 'status':
            touched.delete(device.id);
            return writeStatus(db, device.id, message.payload, now, retained);
          case 'commandResult':
            return writeCommandResult(db, device.id, message.payload, now);
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

  /** Write the heartbeats and metrics gathered so far, a few queries per tenant (telemetry-batch.ts). */
  async function flushTelemetry(): Promise<void> {
    clearTimeout(gatherTimer);
    gatherTimer = undefined;
    if (pending.length === 0) return;
    const burst = pending.splice(0);
    const now = clock.now();
    const unknown = [...new Set(burst.map((p) => p.deviceId).filter((id) => !cachedDevice(id, now)))];
    if (unknown.length) {
      const found = await asGateway(() =>
        db.device.findMany({ where: { id: { in: unknown } }, select: { id: true, userId: true, status: true, revokedAt: true } }),
      );
      for (const device of found) remember(device, now);
    }
    const items: TelemetryItem[] = [];
    for (const entry of burst) {
      const device = cachedDevice(entry.deviceId, now);
      if (!device) {
        drop((await knownDevice(entry.deviceId, now)) ? 'inactiveDevice' : 'unknownDevice', entry.topic);
        continue;
      }
      if (entry.message.kind === 'heartbeat') {
        const touch = needsTouch(device.id, entry.message.payload.appliedEtag, entry.receivedAt);
        if (touch) touched.set(device.id, { at: entry.receivedAt.getTime(), etag: entry.message.payload.appliedEtag });
        items.push({ kind: 'heartbeat', device, payload: entry.message.payload, receivedAt: entry.receivedAt, touch });
      } else if (entry.message.kind === 'metrics') items.push({ kind: 'metrics', device, payload: entry.message.payload, receivedAt: entry.receivedAt });
    }
    const outcome = await writeTelemetryBatch(db, items);
    counts.written += outcome.written;
    for (let i = 0; i < outcome.duplicate; i++) drop('duplicate', '(telemetry burst)');
    for (const failure of outcome.failed) {
      counts.dropped.writeFailed += failure.count;
      logger.warn({ reason: 'writeFailed', count: failure.count, err: failure.error }, 'device messages dropped');
    }
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
        const cloud = options.cloudTopics?.[topic];
        if (cloud) return cloud(payload);
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
      const subscription = options.sharedGroup ? `$share/${options.sharedGroup}/${SUBSCRIPTION}` : SUBSCRIPTION;
      await client.subscribeAsync([subscription, ...Object.keys(options.cloudTopics ?? {})], { qos: 1 });
      logger.info({ url: options.url, clientId, subscription }, 'MQTT ingest subscribed');
    },
    async stop() {
      const closing = client;
      client = undefined;
      await closing?.endAsync();
      await (queue = queue.then(flushTelemetry));
    },
    counts: () => structuredClone(counts),
    idle: () => (queue = queue.then(flushTelemetry)),
    publish,
    publishStateChanged: (deviceId, etag) => publishStateChanged(db, publish, deviceId, clock.now(), etag),
    dispatchCommand: (deviceId, command) => dispatchCommand(db, publish, deviceId, command, clock.now()),
  };
}
