import * as z from 'zod';
import { isoDateTime } from './primitives.js';
import { messageId, TELEMETRY_VERSION } from './telemetry.js';

/**
 * The steps of one self-update, as the device reports them on `update` and the gateway records
 * them in UpdateStatus. `pending` is also where a verified release waits for the maintenance
 * window (its `detail` says until when); the last three are final.
 */
export const UpdateStep = z.enum(['pending', 'downloading', 'verifying', 'installing', 'checking', 'succeeded', 'failed', 'rolledBack']);
export type UpdateStep = z.infer<typeof UpdateStep>;

export const FINAL_UPDATE_STEPS: ReadonlySet<UpdateStep> = new Set(['succeeded', 'failed', 'rolledBack']);

/** The longest reason or detail a report carries; a device cuts a longer one to fit. */
export const UPDATE_TEXT_MAX = 1000;

/** Device -> cloud on `update`, through the device's outbox: ordered, and kept while offline. */
export const UpdateReport = z.looseObject({
  v: z
    .number()
    .int()
    .min(1)
    .max(TELEMETRY_VERSION, { message: `this build understands telemetry schema up to ${TELEMETRY_VERSION}` }),
  id: messageId,
  at: isoDateTime,
  step: UpdateStep,
  /** The release this report is about. */
  version: z.string().min(1).max(64),
  /** The version that was running when the update began. */
  fromVersion: z.string().min(1).max(64),
  /** The SoftwareUpdate id when the offer carried it; else the gateway finds the row by version and sha256. */
  releaseId: z.string().min(1).max(64).optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  progressPercent: z.number().int().min(0).max(100).optional(),
  /** Why it failed or was rolled back, in words a person can act on. */
  reason: z.string().max(UPDATE_TEXT_MAX).optional(),
  /** What the step is doing or waiting for ("switching in the maintenance window at ..."). */
  detail: z.string().max(UPDATE_TEXT_MAX).optional(),
});
export type UpdateReport = z.infer<typeof UpdateReport>;
