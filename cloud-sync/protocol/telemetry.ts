import * as z from 'zod';
import { isoDateTime } from './primitives.js';

/**
 * What a device reports about itself over MQTT: the retained status, the heartbeat, DeviceMetrics
 * and events. Both ends parse with these schemas; `v` is the payload schema version, and a reader
 * accepts any version up to the one it knows (objects are loose, so newer fields survive).
 */
export const TELEMETRY_VERSION = 1;

const version = z
  .number()
  .int()
  .min(1)
  .max(TELEMETRY_VERSION, {
    message: `this build understands telemetry schema up to ${TELEMETRY_VERSION}`,
  });
/** Ids travel in topics and dedupe keys: no MQTT wildcards or separators. */
export const messageId = z.string().regex(/^[A-Za-z0-9_.:-]{1,80}$/, 'expected 1-80 characters of A-Z a-z 0-9 _ . : -');

export const DisplayPower = z.enum(['on', 'off', 'unknown']);
export type DisplayPower = z.infer<typeof DisplayPower>;

/**
 * Retained on `status`. The last will is `{v, online: false}` alone, so every other field is optional.
 */
export const DeviceStatus = z.looseObject({
  v: version,
  online: z.boolean(),
  at: isoDateTime.optional(),
  /** Why the device went offline: `lost` (last will) or `stopped` (clean shutdown). */
  reason: z.enum(['lost', 'stopped']).optional(),
  appVersion: z.string().max(40).optional(),
  appliedEtag: z.string().max(128).nullable().optional(),
  display: DisplayPower.optional(),
  shell: z.string().max(20).optional(),
  uptimeSeconds: z.number().int().nonnegative().optional(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

/** Sent every 30 s by default; at most 300 bytes on the wire (HEARTBEAT_MAX_BYTES). */
export const Heartbeat = z.looseObject({
  v: version,
  id: messageId,
  at: isoDateTime,
  uptimeSeconds: z.number().int().nonnegative(),
  display: DisplayPower,
  appliedEtag: z.string().max(64).nullable(),
  outboxDepth: z.number().int().nonnegative(),
  /** Total outbox items dropped (oldest first) since the cache was created. */
  outboxDropped: z.number().int().nonnegative(),
  /** 'full' while the device has no room to write (the wall keeps showing; queued telemetry is lost). */
  storage: z.enum(['ok', 'full']).optional(),
});
export type Heartbeat = z.infer<typeof Heartbeat>;
export const HEARTBEAT_MAX_BYTES = 300;

const usage = z.looseObject({ usedBytes: z.number().nonnegative(), totalBytes: z.number().nonnegative() });

/** The Raspberry Pi firmware's `vcgencmd get_throttled` bits, decoded; `raw` keeps the hex word. */
export const ThrottleFlags = z.looseObject({
  raw: z.string().regex(/^0x[0-9a-fA-F]+$/),
  underVoltageNow: z.boolean(),
  frequencyCappedNow: z.boolean(),
  throttledNow: z.boolean(),
  softTempLimitNow: z.boolean(),
  underVoltageOccurred: z.boolean(),
  frequencyCappedOccurred: z.boolean(),
  throttledOccurred: z.boolean(),
  softTempLimitOccurred: z.boolean(),
});
export type ThrottleFlags = z.infer<typeof ThrottleFlags>;

/** DeviceMetrics, every 60 s by default. A value the hardware cannot give is null, never invented. */
export const DeviceMetrics = z.looseObject({
  v: version,
  id: messageId,
  at: isoDateTime,
  cpuLoadPercent: z.number().min(0).max(100).nullable(),
  memory: usage.nullable(),
  disk: usage.nullable(),
  cpuTemperatureC: z.number().nullable(),
  uptimeSeconds: z.number().int().nonnegative(),
  /** Cumulative byte counters of the default interface since boot; the cloud derives rates. */
  network: z.looseObject({ iface: z.string(), rxBytes: z.number().nonnegative(), txBytes: z.number().nonnegative() }).nullable(),
  throttled: ThrottleFlags.nullable(),
  display: DisplayPower,
  rendererMemoryBytes: z.number().nonnegative().nullable(),
  outboxDropped: z.number().int().nonnegative(),
});
export type DeviceMetrics = z.infer<typeof DeviceMetrics>;

/** Something that happened on the device that the cloud should know (a rejected message, a drop). */
export const DeviceEvent = z.looseObject({
  v: version,
  id: messageId,
  at: isoDateTime,
  kind: z.string().regex(/^[a-z]+(\.[a-z-]+)+$/, 'expected a dotted kind such as command.malformed'),
  detail: z.record(z.string(), z.unknown()).default({}),
});
export type DeviceEvent = z.infer<typeof DeviceEvent>;

/** Cloud -> device: the target state changed; sync now. */
export const StateChanged = z.looseObject({
  v: version,
  etag: z.string().max(128).optional(),
  at: isoDateTime.optional(),
});
export type StateChanged = z.infer<typeof StateChanged>;
