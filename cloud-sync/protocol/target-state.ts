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
import { describeIssues, httpUrl, isoDateTime } from './primitives.js';

/** The newest target-state schema this build understands; a device rejects a larger one and says so. */
export const TARGET_STATE_VERSION = 1;

export const SoftwareTarget = z.looseObject({
  version: z.string().min(1),
  url: httpUrl,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().min(1),
  channel: z.string().default('stable'),
});

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
    TfilaTime: z.array(TfilaTime).default([]),
    GeneralMessage: z.array(GeneralMessage).default([]),
    Hanzch: z.array(Hanzch).default([]),
    Shior: z.array(Shior).default([]),
    OlieLatora: z.array(OlieLatora).default([]),
    ScreenTimer: z.array(ScreenTimer).default([]),
    AliyaNotification: z.array(AliyaNotification).default([]),
    DailyContentPreference: z.array(DailyContentPreference).default([]),
    HolidayTimes: z.array(HolidayTimes).default([]),
  }),
  software: SoftwareTarget.optional(),
});
export type TargetState = z.infer<typeof TargetState>;
/** What the wire carries before defaults are filled in. */
export type TargetStateInput = z.input<typeof TargetState>;

/** Parse a target state, or explain in one line per problem which field is wrong and why. */
export function parseTargetState(input: unknown): { ok: true; state: TargetState } | { ok: false; errors: string[] } {
  const result = TargetState.safeParse(input);
  if (result.success) return { ok: true, state: result.data };
  return {
    ok: false,
    errors: describeIssues(result.error),
  };
}
