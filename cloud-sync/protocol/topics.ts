import type { z } from 'zod';
import { DEVICE_ID_PATTERN, describeIssues } from './primitives.js';
import { CommandEnvelope, CommandResult } from './commands.js';
import { DeviceEvent, DeviceMetrics, DeviceStatus, Heartbeat, StateChanged } from './telemetry.js';
import { UpdateReport } from './update-report.js';

/** Every device topic lives under `luach/v1/devices/<deviceId>/`; the broker's ACL confines a device to it. */
export const DEVICE_TOPIC_ROOT = 'luach/v1/devices';

/** The typed map from topic kind to payload schema, shared by the device and the gateway. */
export const deviceTopicSchemas = {
  status: DeviceStatus,
  heartbeat: Heartbeat,
  metrics: DeviceMetrics,
  events: DeviceEvent,
  commands: CommandEnvelope,
  commandResult: CommandResult,
  stateChanged: StateChanged,
  update: UpdateReport,
} satisfies Record<string, z.ZodType>;
export type DeviceTopicKind = keyof typeof deviceTopicSchemas;
export type DeviceTopicPayload<K extends DeviceTopicKind> = z.infer<(typeof deviceTopicSchemas)[K]>;

export interface DeviceTopics {
  root: string;
  /** The subscription filter for the whole tree. */
  all: string;
  status: string;
  heartbeat: string;
  metrics: string;
  events: string;
  commands: string;
  commandResult(commandId: string): string;
  /** Filter matching every command result of the device. */
  commandResults: string;
  stateChanged: string;
  /** The steps of a self-update (device -> cloud). */
  update: string;
}

export function deviceTopics(deviceId: string): DeviceTopics {
  if (!DEVICE_ID_PATTERN.test(deviceId)) {
    throw new Error(`deviceId "${deviceId}" is not usable in a topic: expected 1-64 characters of A-Z a-z 0-9 _ -`);
  }
  const root = `${DEVICE_TOPIC_ROOT}/${deviceId}`;
  return {
    root,
    all: `${root}/#`,
    status: `${root}/status`,
    heartbeat: `${root}/heartbeat`,
    metrics: `${root}/metrics`,
    events: `${root}/events`,
    commands: `${root}/commands`,
    commandResult: (commandId) => `${root}/commands/${commandId}/result`,
    commandResults: `${root}/commands/+/result`,
    stateChanged: `${root}/state/changed`,
    update: `${root}/update`,
  };
}

export interface ParsedDeviceTopic {
  deviceId: string;
  kind: DeviceTopicKind;
  commandId?: string;
}

/** Which device and kind a topic belongs to, or null when it is not a topic of this protocol. */
export function parseDeviceTopic(topic: string): ParsedDeviceTopic | null {
  const prefix = `${DEVICE_TOPIC_ROOT}/`;
  if (!topic.startsWith(prefix)) return null;
  const [deviceId, ...rest] = topic.slice(prefix.length).split('/');
  if (!deviceId || !DEVICE_ID_PATTERN.test(deviceId)) return null;
  const tail = rest.join('/');
  const simple: Record<string, DeviceTopicKind> = {
    status: 'status',
    heartbeat: 'heartbeat',
    metrics: 'metrics',
    events: 'events',
    commands: 'commands',
    'state/changed': 'stateChanged',
    update: 'update',
  };
  const kind = simple[tail];
  if (kind) return { deviceId, kind };
  if (rest.length === 3 && rest[0] === 'commands' && rest[2] === 'result' && rest[1]) {
    return { deviceId, kind: 'commandResult', commandId: rest[1] };
  }
  return null;
}

/** A device message a topic and its payload agree on: `kind` narrows `payload` to its schema's type. */
export type DeviceMessage = {
  [K in DeviceTopicKind]: { kind: K; deviceId: string; commandId?: string; payload: DeviceTopicPayload<K> };
}[DeviceTopicKind];

export type ReadDeviceMessage = { ok: true; message: DeviceMessage } | { ok: false; problems: string[] };

/**
 * Parse a message received on `topic` with the schema of its kind. A topic outside the protocol,
 * a payload that is not JSON or fails its schema, and a result whose id differs from its topic's
 * are refused with the reason; the caller never holds an unchecked payload.
 */
export function readDeviceMessage(topic: string, payload: Uint8Array | string): ReadDeviceMessage {
  const parsed = parseDeviceTopic(topic);
  if (!parsed) return { ok: false, problems: ['(topic): not a topic of this protocol'] };
  let json: unknown;
  try {
    json = JSON.parse(typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8'));
  } catch {
    return { ok: false, problems: ['(payload): not JSON'] };
  }
  const checked = deviceTopicSchemas[parsed.kind].safeParse(json);
  if (!checked.success) return { ok: false, problems: describeIssues(checked.error, { root: '(payload)' }) };
  const message = { ...parsed, payload: checked.data } as DeviceMessage;
  if (message.kind === 'commandResult' && message.payload.id !== parsed.commandId)
    return { ok: false, problems: ['id: differs from the command id in the topic'] };
  return { ok: true, message };
}

/** The topic a payload of `kind` is published on (a command result's topic names its command). */
export function topicOf<K extends DeviceTopicKind>(topics: DeviceTopics, kind: K, payload: DeviceTopicPayload<K>): string {
  if (kind === 'commandResult') return topics.commandResult((payload as DeviceTopicPayload<'commandResult'>).id);
  return topics[kind as Exclude<DeviceTopicKind, 'commandResult'>];
}
