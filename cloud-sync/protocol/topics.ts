import type { z } from 'zod';
import { CommandEnvelope, CommandResult } from './commands.js';
import { DeviceEvent, DeviceMetrics, DeviceStatus, Heartbeat, StateChanged } from './telemetry.js';

/** Every device topic lives under `luach/v1/devices/<deviceId>/`; the broker's ACL confines a device to it. */
export const DEVICE_TOPIC_ROOT = 'luach/v1/devices';

/** A deviceId is one topic level: no `/`, `+`, `#` or control characters. */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The typed map from topic kind to payload schema, shared by the device and the gateway. */
export const deviceTopicSchemas = {
  status: DeviceStatus,
  heartbeat: Heartbeat,
  metrics: DeviceMetrics,
  events: DeviceEvent,
  commands: CommandEnvelope,
  commandResult: CommandResult,
  stateChanged: StateChanged,
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
  };
  const kind = simple[tail];
  if (kind) return { deviceId, kind };
  if (rest.length === 3 && rest[0] === 'commands' && rest[2] === 'result' && rest[1]) {
    return { deviceId, kind: 'commandResult', commandId: rest[1] };
  }
  return null;
}
