import { z } from 'zod';
import { httpUrl, isoDateTime } from '../primitives.js';

/** Software releases (SoftwareUpdate) a customer rolls out to its screens, and where each screen stands (UpdateStatus). */

export const ReleaseStatus = z.enum(['draft', 'published', 'paused', 'withdrawn']);

/** Which status may follow which: a withdrawn release never comes back; a draft is the only one whose artifact may change. */
export const RELEASE_TRANSITIONS: Record<z.infer<typeof ReleaseStatus>, readonly z.infer<typeof ReleaseStatus>[]> = {
  draft: ['published', 'withdrawn'],
  published: ['paused', 'withdrawn'],
  paused: ['published', 'withdrawn'],
  withdrawn: [],
};

const artifact = {
  version: z.string().trim().min(1).max(40),
  channel: z.enum(['stable', 'beta']).default('stable'),
  url: httpUrl,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits (sha256 of the artifact)'),
  signature: z.string().min(1).max(4096).describe('the release signature the device checks before installing'),
  sizeBytes: z.number().int().positive().optional().describe('bytes of the artifact: a device refuses a download that grows past it'),
  allowDowngrade: z
    .boolean()
    .optional()
    .describe('an older version installs only when signed as a downgrade (scripts/release.ts --allow-downgrade) and this is set'),
};

export const NewRelease = z.strictObject({
  ...artifact,
  releaseNotes: z.string().max(20_000).optional(),
  targetDeviceIds: z.array(z.string().min(1).max(64)).max(10_000).optional().describe('empty or absent: every device of the customer on the channel'),
  rolloutPercent: z.number().int().min(0).max(100).default(100),
});

export const ReleasePatch = z
  .strictObject({
    ...artifact,
    channel: z.enum(['stable', 'beta']),
    releaseNotes: z.string().max(20_000).nullable(),
    targetDeviceIds: z.array(z.string().min(1).max(64)).max(10_000),
    rolloutPercent: z.number().int().min(0).max(100),
    status: ReleaseStatus,
  })
  .partial();

export const Release = z
  .object({
    id: z.string(),
    userId: z.string(),
    version: z.string(),
    channel: z.string(),
    url: z.string(),
    sha256: z.string(),
    signature: z.string(),
    sizeBytes: z.number().int().nullable(),
    allowDowngrade: z.boolean(),
    releaseNotes: z.string().nullable(),
    targetDeviceIds: z.array(z.string()),
    rolloutPercent: z.number().int(),
    status: ReleaseStatus,
    publishedAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    /** UpdateStatus of its devices, counted by state (pending, downloading, ..., succeeded, failed, rolledBack). */
    devices: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'Release' });

export const UpdateStatusRow = z.object({
  id: z.string(),
  deviceId: z.string(),
  state: z.string(),
  progressPercent: z.number().nullable(),
  fromVersion: z.string().nullable(),
  toVersion: z.string(),
  error: z.string().nullable(),
  startedAt: isoDateTime.nullable(),
  finishedAt: isoDateTime.nullable(),
  updatedAt: isoDateTime,
});
