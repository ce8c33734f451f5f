import { randomUUID } from 'node:crypto';
import mqtt, { ErrorWithReasonCode, Store, type MqttClient } from 'mqtt';
import type Database from 'better-sqlite3';
import { deviceTopics, parseDeviceTopic, topicOf, type DeviceTopicPayload, type DeviceTopics } from '../../cloud-sync/protocol/topics.js';
import { COMMAND_MAX_BYTES, COMMAND_REASON_MAX, COMMAND_VERSION, type CommandResult } from '../../cloud-sync/protocol/commands.js';
import {
  TELEMETRY_VERSION,
  StateChanged,
  type DeviceEvent,
  type DeviceMetrics,
  type DeviceStatus,
  type Heartbeat,
} from '../../cloud-sync/protocol/telemetry.js';
import type { UpdateReport } from '../../cloud-sync/protocol/update-report.js';
import type { StorageHealth } from '../cache/storage-health.js';
import type { Clock } from '../clock.js';
import { defaultBackoff, reconnectDelay } from './backoff.js';
import { describeLinkError } from './link-errors.js';
import { mqttClientOptions, type DeviceLinkOptions, type LinkLogger, type LinkSnapshot, type LinkState, type StatusFacts } from './link-options.js';
import { Outbox, type OutboxItem } from './outbox.js';
import { OutboxReplay, RefusedByBroker, defaultReplayPolicy } from './outbox-replay.js';
import { LinkJournal } from './link-journal.js';
import { describeIssues } from '../../cloud-sync/protocol/primitives.js';

export type { DeviceLinkOptions, LinkLogger, LinkSnapshot, LinkState, StatusFacts } from './link-options.js';

const silent: LinkLogger = { info: () => {}, warn: () => {} };

/**
 * The device's one MQTT connection: identity, last will, retained status, subscriptions to its own
 * commands and state nudges, reconnection with backoff, and the outbox replay.
 * Besides initializing fields, the constructor does nothing; start() connects.
 */
export class DeviceLink {
  readonly topics: DeviceTopics;
  readonly outbox: Outbox;
  private readonly replay: OutboxReplay;
  private readonly journal: LinkJournal;
  private client: MqttClient | undefined;
  /**
   * Kept across reconnects of one client so in-flight messages are resent, not forgotten. Ending
   * a client closes its stores, so every new client gets new ones (and the replay re-sends what
   * was in flight from SQLite).
   */
  private stores = { incomingStore: new Store(), outgoingStore: new Store() };
  private protocolVersion: 5 | 4;
  private state: LinkState = 'idle';
  private since: Date;
  private lastError: string | null = null;
  private attempt = 0;
  private nextRetryAt: Date | null = null;
  private cancelRetry: (() => void) | undefined;
  private heartbeatWaiting: Heartbeat | undefined;
  private commandHandler: (payload: string) => void = () => {};
  private stateChangedHandler: (message: StateChanged) => void = () => {};
  private linkStateListener: (state: LinkState) => void = () => {};

  constructor(
    private readonly options: DeviceLinkOptions,
    private readonly deps: { db: Database.Database; clock: Clock; statusFacts: () => StatusFacts; logger?: LinkLogger; storage?: StorageHealth },
  ) {
    this.topics = deviceTopics(options.deviceId);
    this.protocolVersion = options.protocolVersion ?? 5;
    this.since = deps.clock.now();
    this.outbox = new Outbox(deps.db, options.outboxMaxItems ?? 10_000, deps.storage);
    this.replay = new OutboxReplay(
      this.outbox,
      (item) => this.publishQueued(item),
      deps.clock,
      options.replay ?? defaultReplayPolicy,
      (item, reason) => this.log.warn({ event: 'outbox.refused', id: item.id, topic: item.topic, reason }, 'broker refused a queued message; dropped'),
    );
    this.journal = new LinkJournal(deps.db, deps.storage);
  }

  private get log(): LinkLogger {
    return this.deps.logger ?? silent;
  }

  /** Called with the raw payload of every message on this device's `commands` topic. */
  onCommand(handler: (payload: string) => void): void {
    this.commandHandler = handler;
  }

  /** Called when the cloud says the target state changed. */
  /** Hear the link go online, offline or stopped (the wall's quiet "offline" mark follows it). */
  onLinkState(listener: (state: LinkState) => void): void {
    this.linkStateListener = listener;
  }

  onStateChanged(handler: (message: StateChanged) => void): void {
    this.stateChangedHandler = handler;
  }

  start(): void {
    if (this.client) return;
    this.setState('connecting');
    this.client = this.createClient();
  }

  /**
   * Say goodbye with a retained `online: false`, then close; the broker keeps the session for
   * commands. Bounded: a broker that stopped answering gets `graceMs`, then the socket is dropped.
   */
  async stop(graceMs = 2_000): Promise<void> {
    this.cancelRetry?.();
    this.cancelRetry = undefined;
    this.replay.pause();
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
    const goodbye = async () => {
      if (client.connected) {
        const status: DeviceStatus = { v: TELEMETRY_VERSION, online: false, reason: 'stopped', at: this.deps.clock.now().toISOString() };
        await this.publishNow('status', status, { retain: true, client }).catch(() => {});
      }
      // Handlers stay attached (mqtt.js keeps its own on the same emitter); they ignore a client that is not current.
      await client.endAsync(!client.connected).catch(() => {});
    };
    // A second end() is a no-op while the first waits for acknowledgements; drop the socket instead.
    if ((await Promise.race([goodbye(), grace])) === 'late') client.stream?.destroy();
    clearTimeout(timer);
    this.setState('stopped');
  }

  /** Publish the retained status again (display switched, new state applied). */
  refreshStatus(): void {
    if (this.client?.connected) void this.publishNow('status', this.status(), { retain: true }).catch((error) => this.noteError(error));
  }

  /** The latest heartbeat only: while offline a newer one replaces the waiting one. */
  sendHeartbeat(heartbeat: Heartbeat): void {
    if (this.client?.connected) {
      void this.publishNow('heartbeat', heartbeat, { qos: 0 }).catch(() => {});
    } else {
      this.heartbeatWaiting = heartbeat;
    }
  }

  /** Metrics, events and update reports: through the SQLite outbox, so they survive outages and restarts, in order. */
  private enqueue<K extends 'metrics' | 'events' | 'update'>(kind: K, message: DeviceTopicPayload<K>): void {
    const topic = topicOf(this.topics, kind, message);
    const { dropped } = this.outbox.enqueue({ id: message.id, topic, payload: JSON.stringify(message) }, this.deps.clock.now());
    if (dropped > 0) this.log.warn({ event: 'outbox.dropped', dropped, depth: this.outbox.depth() }, 'outbox full; oldest items dropped');
    this.replay.poke();
  }

  sendMetrics(metrics: DeviceMetrics): void {
    this.enqueue('metrics', metrics);
  }

  /** A step of a self-update; the gateway records it in UpdateStatus. */
  sendUpdate(report: UpdateReport): void {
    this.enqueue('update', report);
  }

  outboxCounts(): { depth: number; dropped: number } {
    return { depth: this.outbox.depth(), dropped: this.outbox.dropped() };
  }

  storageFull(): boolean {
    return this.deps.storage?.full ?? false;
  }

  /** Something the cloud should know about (a rejected message, say): an event through the outbox. */
  sendEvent(kind: string, detail: Record<string, unknown>): void {
    const event: DeviceEvent = { v: TELEMETRY_VERSION, id: `ev-${randomUUID()}`, at: this.deps.clock.now().toISOString(), kind, detail };
    this.enqueue('events', event);
  }

  /**
   * Command results go straight out when online, so no replay queue stands ahead of them; while
   * offline they wait in the outbox. The cloud orders a command's results by status, not arrival.
   */
  sendResult(full: CommandResult): void {
    const result = full.reason && full.reason.length > COMMAND_REASON_MAX ? { ...full, reason: `${full.reason.slice(0, COMMAND_REASON_MAX - 1)}…` } : full;
    const topic = topicOf(this.topics, 'commandResult', result);
    const queue = () => {
      this.outbox.enqueue({ id: `result/${result.id}/${result.status}/${result.at}`, topic, payload: JSON.stringify(result) }, this.deps.clock.now());
      this.replay.poke();
    };
    if (this.client?.connected) this.publishNow('commandResult', result).catch(queue);
    else queue();
  }

  snapshot(): LinkSnapshot {
    const url = new URL(this.options.url);
    return {
      state: this.state,
      deviceId: this.options.deviceId,
      broker: `${url.protocol}//${url.host}`,
      protocolVersion: this.protocolVersion,
      since: this.since.toISOString(),
      lastError: this.lastError,
      reconnectAttempt: this.attempt,
      nextRetryAt: this.nextRetryAt?.toISOString() ?? null,
      heartbeatWaiting: this.heartbeatWaiting !== undefined,
      outbox: { depth: this.outbox.depth(), dropped: this.outbox.dropped(), inFlight: this.replay.inFlightCount },
    };
  }

  private createClient(): MqttClient {
    this.stores = { incomingStore: new Store(), outgoingStore: new Store() };
    this.replay.forgetInFlight();
    const clientOptions = mqttClientOptions(this.options, this.protocolVersion, this.topics.status, this.stores);
    const client = mqtt.connect(this.options.url, clientOptions);
    client.on('connect', (connack) => this.connected(client, connack.sessionPresent));
    client.on('close', () => this.lost(client));
    client.on('error', (error) => this.noteError(error, client));
    client.on('message', (topic, payload) => this.received(topic, payload));
    return client;
  }

  private connected(client: MqttClient, sessionPresent: boolean): void {
    if (client !== this.client) return;
    // Small packets answered by small packets: Nagle plus delayed ACK would add ~40 ms to each turn.
    (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    this.attempt = 0;
    this.nextRetryAt = null;
    this.lastError = null;
    this.setState('online');
    this.log.info({ event: 'link.online', broker: this.snapshot().broker, protocolVersion: this.protocolVersion, sessionPresent }, 'connected to the broker');
    client.subscribe([this.topics.commands, this.topics.stateChanged], { qos: 1 }, (error) => {
      if (error) this.noteError(error);
    });
    void this.publishNow('status', this.status(), { retain: true }).catch((error) => this.noteError(error));
    const waiting = this.heartbeatWaiting;
    this.heartbeatWaiting = undefined;
    if (waiting) this.sendHeartbeat(waiting);
    this.replay.resume();
  }

  private lost(client: MqttClient): void {
    if (client !== this.client) return;
    this.replay.pause();
    if (this.state === 'online') this.log.warn({ event: 'link.offline', reason: this.lastError ?? 'connection closed' }, 'lost the broker');
    this.setState('offline');
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.cancelRetry || !this.client) return;
    const delay = reconnectDelay(this.attempt++, this.options.backoff ?? defaultBackoff, this.options.random ?? Math.random);
    this.nextRetryAt = new Date(this.deps.clock.now().getTime() + delay);
    this.cancelRetry = this.deps.clock.at(this.nextRetryAt, () => {
      this.cancelRetry = undefined;
      const client = this.client;
      if (!client) return;
      this.setState('connecting');
      client.reconnect(this.stores);
    });
  }

  private noteError(error: unknown, client?: MqttClient): void {
    if (client && client !== this.client) return;
    const problem = describeLinkError(error, this.options.deviceId);
    this.lastError = problem.message;
    this.log.warn({ event: 'link.error', code: problem.code, error: problem.message }, 'MQTT error');
    if (client && problem.kind === 'unsupported-version' && this.protocolVersion === 5) {
      // The broker speaks only 3.1.1: a new client, since the version is fixed per client.
      this.protocolVersion = 4;
      this.log.info({ event: 'link.fallback', protocolVersion: 4 }, 'broker refused MQTT 5; using 3.1.1');
      client.end(true);
      this.client = this.createClient();
    }
  }

  private received(topic: string, payload: Buffer): void {
    const parsed = parseDeviceTopic(topic);
    if (!parsed || parsed.deviceId !== this.options.deviceId || (parsed.kind !== 'commands' && parsed.kind !== 'stateChanged')) {
      this.log.warn({ event: 'link.ignored', topic }, 'ignored a message outside this device tree');
      return;
    }
    if (parsed.kind === 'commands') {
      if (payload.length > COMMAND_MAX_BYTES) return this.refuseOversized(payload);
      this.commandHandler(payload.toString('utf8'));
      return;
    }
    const nudge = StateChanged.safeParse(safeJson(payload));
    if (nudge.success) this.stateChangedHandler(nudge.data);
    else this.log.warn({ event: 'link.rejected', topic, issues: describeIssues(nudge.error) }, 'ignored a malformed state/changed');
  }

  /**
   * A command too large to read is not parsed (that is the point of the limit); its id, when
   * the head of the message names one, gets a rejected result, so the cloud is not left waiting.
   */
  private refuseOversized(payload: Buffer): void {
    const reason = `command of ${payload.length} bytes refused unread: the limit is ${COMMAND_MAX_BYTES} bytes`;
    this.log.warn({ event: 'command.too-large', bytes: payload.length, limit: COMMAND_MAX_BYTES }, 'refused an oversized command');
    const id = /"id"\s*:\s*"([A-Za-z0-9_.:-]{1,80})"/.exec(payload.subarray(0, 1024).toString('utf8'))?.[1];
    if (id) this.sendResult({ v: COMMAND_VERSION, id, status: 'rejected', at: this.deps.clock.now().toISOString(), reason });
    else this.sendEvent('command.too-large', { bytes: payload.length, limit: COMMAND_MAX_BYTES });
  }

  private status(): DeviceStatus {
    return { v: TELEMETRY_VERSION, online: true, at: this.deps.clock.now().toISOString(), ...this.deps.statusFacts() };
  }

  /** Publish at once (QoS 1 unless told); the payload's type is the one its topic's schema gives. */
  private publishNow<K extends 'status' | 'heartbeat' | 'commandResult'>(
    kind: K,
    message: DeviceTopicPayload<K>,
    options: { retain?: boolean; qos?: 0 | 1; client?: MqttClient | undefined } = {},
  ): Promise<void> {
    const client = 'client' in options ? options.client : this.client;
    if (!client) return Promise.reject(new Error('link is stopped'));
    const topic = topicOf(this.topics, kind, message);
    return new Promise((resolve, reject) => {
      client.publish(topic, JSON.stringify(message), { qos: options.qos ?? 1, retain: options.retain ?? false }, (error) =>
        error ? reject(error) : resolve(),
      );
    });
  }

  private publishQueued(item: OutboxItem): Promise<void> {
    const client = this.client;
    if (!client) return Promise.reject(new Error('link is stopped'));
    return new Promise((resolve, reject) => {
      // QoS 2: a PUBACK lost in a broker restart would otherwise mean a resend and a duplicate.
      // Mosquitto keeps QoS 2 handshake state in its persistence file, so the resend is recognised.
      client.publish(item.topic, item.payload, { qos: 2 }, (error) => {
        if (!error) resolve();
        else if (error instanceof ErrorWithReasonCode && error.code >= 0x80) reject(new RefusedByBroker(error.message));
        else reject(error);
      });
    });
  }

  private setState(state: LinkState): void {
    if (state === this.state) return;
    this.state = state;
    this.since = this.deps.clock.now();
    this.journal.record(state, this.since, this.lastError);
    this.linkStateListener(state);
  }
}

function safeJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
}
