import { z } from 'zod';
import { commandTypes } from '../commands.js';
import { isoDateTime } from '../primitives.js';
import { DisplayPower } from '../telemetry.js';

/** The fleet: devices with their live state, pairing, commands (one device or a batch) and screenshots. */

const deviceFields = {
  name: z.string().trim().min(1).max(100),
  location: z.string().max(200).nullable(),
  synagogueId: z.string().min(1).max(64).nullable().describe('the synagogue whose content it shows'),
  tags: z.array(z.string().min(1).max(40)).max(20),
};

export const NewDevice = z.strictObject({
  ...deviceFields,
  location: deviceFields.location.optional(),
  tags: deviceFields.tags.optional(),
  synagogueId: deviceFields.synagogueId.optional(),
});
export const DevicePatch = z.strictObject(deviceFields).partial().describe('rename, move to another synagogue, relabel');

export const DeviceAlert = z.object({
  kind: z.enum(['offline', 'never-paired', 'state-behind', 'state-unavailable', 'disk-nearly-full', 'overheating', 'throttled', 'update-failed']),
  message: z.string(),
  since: isoDateTime.nullable(),
});

export const LastMetrics = z.object({
  sampledAt: isoDateTime,
  cpuPercent: z.number().nullable(),
  cpuTemperatureC: z.number().nullable(),
  memoryUsedBytes: z.number().nullable(),
  memoryTotalBytes: z.number().nullable(),
  diskUsedBytes: z.number().nullable(),
  diskTotalBytes: z.number().nullable(),
  uptimeSeconds: z.number().nullable(),
  throttled: z.boolean().nullable(),
});

export const FleetDevice = z
  .object({
    id: z.string(),
    userId: z.string(),
    name: z.string(),
    location: z.string().nullable(),
    tags: z.array(z.string()),
    synagogueId: z.string().nullable(),
    /** pending (not paired) | active | disabled (revoked) | retired */
    status: z.string(),
    online: z.boolean(),
    lastSeenAt: isoDateTime.nullable(),
    appVersion: z.string().nullable(),
    pairedAt: isoDateTime.nullable(),
    revokedAt: isoDateTime.nullable(),
    appliedStateEtag: z.string().nullable(),
    currentStateEtag: z.string().nullable().describe('what the device should hold now; null when its state cannot be built'),
    stateCurrent: z.boolean().nullable().describe('true when the device holds the current state'),
    displayPower: DisplayPower,
    lastMetrics: LastMetrics.nullable(),
    alerts: z.array(DeviceAlert),
    createdAt: isoDateTime,
  })
  .meta({ id: 'FleetDevice' });
export type FleetDevice = z.infer<typeof FleetDevice>;

export const PairingCode = z.object({ code: z.string().describe('what a person types on the screen: luach pair --code …'), expiresAt: isoDateTime });

export const CommandRequest = z.strictObject({
  type: z.enum(commandTypes as [string, ...string[]]),
  params: z.unknown().optional().describe('checked by the schema of the command type (cloud-sync/protocol/commands.ts)'),
  ttlSeconds: z
    .number()
    .int()
    .min(10)
    .max(7 * 86_400)
    .default(600)
    .describe('how long a device may still run it'),
});

export const CommandRow = z
  .object({
    id: z.string(),
    commandId: z.string(),
    deviceId: z.string(),
    batchCommandId: z.string().nullable(),
    type: z.string(),
    params: z.unknown().nullable(),
    /** queued | sent | acknowledged | succeeded | failed | expired */
    status: z.string(),
    result: z.unknown().nullable(),
    error: z.string().nullable(),
    issuedBy: z.string().nullable(),
    sentAt: isoDateTime.nullable(),
    expiresAt: isoDateTime.nullable(),
    completedAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'Command' });

export const BatchRequest = CommandRequest.extend({
  deviceIds: z.array(z.string().min(1).max(64)).min(1).max(5000).optional(),
  synagogueId: z.string().min(1).max(64).optional().describe('every active device of this synagogue'),
}).refine((b) => (b.deviceIds ? 1 : 0) + (b.synagogueId ? 1 : 0) === 1, {
  error: 'name the devices: deviceIds or synagogueId (one of them)',
  path: ['deviceIds'],
});

export const BatchResult = z.object({
  deviceId: z.string(),
  commandId: z.string().nullable(),
  /** pending | sent | acknowledged | succeeded | failed | expired */
  status: z.string(),
  result: z.unknown().nullable(),
  error: z.string().nullable(),
  completedAt: isoDateTime.nullable(),
});

export const Batch = z
  .object({
    id: z.string(),
    userId: z.string(),
    type: z.string(),
    params: z.unknown().nullable(),
    /** pending | running | completed | partial | failed | cancelled */
    status: z.string(),
    total: z.number().int(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    expired: z.number().int(),
    /** Devices still to answer. */
    pending: z.number().int(),
    issuedBy: z.string().nullable(),
    startedAt: isoDateTime.nullable(),
    expiresAt: isoDateTime.nullable(),
    completedAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'BatchCommand' });

export const Screenshot = z.object({
  id: z.string(),
  deviceId: z.string(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  sizeBytes: z.number(),
  createdAt: isoDateTime,
  url: z.string(),
});

/** `GET /devices/:id/metrics`: the device's samples since a moment, oldest first, for the console's sparklines. */
export const MetricsQuery = z.object({
  since: isoDateTime.optional().describe('default: 24 hours ago'),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
});
export const MetricsSeries = z
  .object({ items: z.array(LastMetrics), truncated: z.boolean().describe('more samples exist after the last one returned') })
  .meta({ id: 'MetricsSeries' });
