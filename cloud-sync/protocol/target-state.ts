import * as z from 'zod';
import {
  AliyaNotification,
  DailyContentPreference,
  DeviceConfiguration,
  DeviceSettings,
  GeneralMessage,
  Hanzch,
  HolidayTimes,
  OlieLatora,
  ScreenTimer,
  Shior,
  Synagogue,
  TfilaTime,
} from './content.js';
import { AssetRef } from './assets.js';
import { describeIssues, httpUrl, isoDateTime } from './primitives.js';

/**
 * The newest target-state schema this build understands; a device rejects a larger one and says so.
 * v2 (issue 16): the day kinds 'chanukah' and 'purim', rules that exclude day kinds and replace
 * other rules, walled cities, chametz and Chanukah settings, and sea-level sunrise and sunset
 * unless the synagogue sets `useElevation`. A v1 document is read as v1 meant it (upgradeTargetState).
 * Roll devices out before the gateway: a v1 device refuses every v2 state.
 */
export const TARGET_STATE_VERSION = 2;

/** Rows per collection a state may carry: far above a large shul's 2,000 yahrzeits, far below what would exhaust a Pi. */
export const MAX_ROWS = 10_000;

/**
 * The release a device should run (a SoftwareUpdate row). The device verifies `signature` over
 * (version, sha256, allowDowngrade) against the keys built into it before it unpacks anything,
 * so a row altered in the cloud cannot install anything an operator did not sign. An unsigned
 * row (empty signature) still reaches the device, which refuses it and says why in UpdateStatus.
 */
export const SoftwareTarget = z.looseObject({
  version: z.string().min(1).max(64),
  url: httpUrl,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits'),
  signature: z.string().max(1024).default(''),
  channel: z.string().default('stable'),
  /** The SoftwareUpdate id, echoed in the device's update reports. */
  releaseId: z.string().min(1).max(64).optional(),
  /** The artifact's size: the download is refused beyond it. */
  sizeBytes: z.number().int().positive().optional(),
  /** Set on a release signed as a deliberate downgrade; any other older release is refused. */
  allowDowngrade: z.boolean().optional(),
});
export type SoftwareTarget = z.infer<typeof SoftwareTarget>;

/**
 * Everything one device should hold: built by the cloud gateway through the tenancy extension,
 * applied by the device in one transaction.
 */
export const TargetState = z.looseObject({
  schemaVersion: z
    .number()
    .int()
    .min(1)
    .max(TARGET_STATE_VERSION, {
      message: `this device understands target-state schema up to ${TARGET_STATE_VERSION}`,
    }),
  generatedAt: isoDateTime,
  synagogue: Synagogue,
  settings: DeviceSettings,
  configuration: DeviceConfiguration,
  content: z.looseObject({
    TfilaTime: z.array(TfilaTime).max(MAX_ROWS).default([]),
    GeneralMessage: z.array(GeneralMessage).max(MAX_ROWS).default([]),
    Hanzch: z.array(Hanzch).max(MAX_ROWS).default([]),
    Shior: z.array(Shior).max(MAX_ROWS).default([]),
    OlieLatora: z.array(OlieLatora).max(MAX_ROWS).default([]),
    ScreenTimer: z.array(ScreenTimer).max(MAX_ROWS).default([]),
    AliyaNotification: z.array(AliyaNotification).max(MAX_ROWS).default([]),
    DailyContentPreference: z.array(DailyContentPreference).max(MAX_ROWS).default([]),
    HolidayTimes: z.array(HolidayTimes).max(MAX_ROWS).default([]),
  }),
  software: SoftwareTarget.optional(),
  /**
   * Every file the content and the synagogue refer to (logo, image and video slides, message
   * pictures). An older device keeps the list without reading it; a slide whose asset is not in
   * the device's cache is not shown.
   */
  assets: z.array(AssetRef).max(MAX_ROWS).default([]),
});
export type TargetState = z.infer<typeof TargetState>;
/** What the wire carries before defaults are filled in. */
export type TargetStateInput = z.input<typeof TargetState>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A document of an older schema, rewritten to say in v2 what it meant; anything else is returned
 * as it is (validation comes after). v1 moved sunrise and sunset by the elevation whenever it was
 * not 0, so a v1 synagogue without `useElevation` gets `useElevation: elevation !== 0`.
 */
export function upgradeTargetState(input: unknown): unknown {
  if (!isRecord(input) || input.schemaVersion !== 1 || !isRecord(input.synagogue) || 'useElevation' in input.synagogue) return input;
  const elevation = input.synagogue.elevation;
  return { ...input, synagogue: { ...input.synagogue, useElevation: typeof elevation === 'number' && elevation !== 0 } };
}

/** Parse a target state (an older schema read as it meant), or explain in one line per problem which field is wrong and why. */
export function parseTargetState(input: unknown): { ok: true; state: TargetState } | { ok: false; errors: string[] } {
  const result = TargetState.safeParse(upgradeTargetState(input));
  if (result.success) return { ok: true, state: result.data };
  return {
    ok: false,
    errors: describeIssues(result.error),
  };
}
