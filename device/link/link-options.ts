import type { IClientOptions, Store } from 'mqtt';
import type { DeviceStatus, DisplayPower } from '../../cloud-sync/protocol/telemetry.js';
import { TELEMETRY_VERSION } from '../../cloud-sync/protocol/telemetry.js';
import type { BackoffPolicy } from './backoff.js';
import type { ReplayPolicy } from './outbox-replay.js';

export interface DeviceLinkOptions {
  /** `mqtts://broker:8883` in production, `mqtt://127.0.0.1:<port>` in tests. */
  url: string;
  deviceId: string;
  /** Broker user; the ACL pattern `%u` is the deviceId, so it defaults to that. */
  username?: string;
  /** From pairing or config. Never logged. */
  password?: string;
  tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer; rejectUnauthorized?: boolean; servername?: string };
  /** Try MQTT 5 first (default) and fall back to 3.1.1 when the broker refuses the version. */
  protocolVersion?: 5 | 4;
  keepaliveSeconds?: number;
  /** How long the broker keeps the session (and queued commands) while the device is away (MQTT 5). */
  sessionExpirySeconds?: number;
  connectTimeoutMs?: number;
  backoff?: BackoffPolicy;
  replay?: ReplayPolicy;
  outboxMaxItems?: number;
  random?: () => number;
}

/** What the retained status says beyond `online`; read fresh at every connect and refreshStatus(). */
export interface StatusFacts {
  appVersion: string;
  appliedEtag: string | null;
  display: DisplayPower;
  shell: string;
  uptimeSeconds: number;
}

export interface LinkLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export type LinkState = 'idle' | 'connecting' | 'online' | 'offline' | 'stopped';

export interface LinkSnapshot {
  state: LinkState;
  deviceId: string;
  /** The broker address without credentials. */
  broker: string;
  protocolVersion: 5 | 4;
  since: string;
  lastError: string | null;
  reconnectAttempt: number;
  nextRetryAt: string | null;
  heartbeatWaiting: boolean;
  outbox: { depth: number; dropped: number; inFlight: number };
}

/**
 * The mqtt.js options for one connection attempt: identity, persistent session, last will, TLS.
 * The will is the bare `{v, online: false, reason: 'lost'}`: it is fixed at connect time, so it
 * can carry nothing that changes.
 */
export function mqttClientOptions(
  options: DeviceLinkOptions,
  protocolVersion: 5 | 4,
  statusTopic: string,
  stores: { incomingStore: Store; outgoingStore: Store },
): IClientOptions {
  const will: DeviceStatus = { v: TELEMETRY_VERSION, online: false, reason: 'lost' };
  return {
    clientId: `luach-${options.deviceId}`,
    username: options.username ?? options.deviceId,
    password: options.password,
    protocolVersion,
    clean: false,
    keepalive: options.keepaliveSeconds ?? 30,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    // Reconnection is ours (backoff with jitter); mqtt.js would retry at a fixed period.
    reconnectPeriod: 0,
    // A heartbeat published while offline must not pile up inside mqtt.js; the link keeps the latest.
    queueQoSZero: false,
    will: { topic: statusTopic, payload: Buffer.from(JSON.stringify(will)), qos: 1, retain: true },
    ...stores,
    ...(protocolVersion === 5 ? { properties: { sessionExpiryInterval: options.sessionExpirySeconds ?? 7 * 24 * 3600 } } : {}),
    ...(options.tls ?? {}),
  };
}
