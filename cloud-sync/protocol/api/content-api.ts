import { z } from 'zod';
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
} from '../content.js';
import { isoDateTime } from '../primitives.js';

/**
 * The content and settings the people's API edits: each model at /api/v1/<path>, with bodies
 * derived from the very schemas the wire uses (cloud-sync/protocol/content.ts). A body may not
 * set what the server owns (id, userId, createdAt, updatedAt); after merging, the whole row is
 * checked by the wire schema again, so what the API accepts is exactly what a device accepts.
 */
export const contentResources = {
  Synagogue: { path: 'synagogues', schema: Synagogue, perDevice: false, title: 'synagogues' },
  DeviceSettings: { path: 'device-settings', schema: DeviceSettings, perDevice: true, title: 'how a device displays' },
  DeviceConfiguration: { path: 'device-configurations', schema: DeviceConfiguration, perDevice: true, title: 'how a device talks to the cloud' },
  TfilaTime: { path: 'prayer-times', schema: TfilaTime, perDevice: false, title: 'prayer-time rules' },
  GeneralMessage: { path: 'messages', schema: GeneralMessage, perDevice: false, title: 'messages' },
  Hanzch: { path: 'yahrzeits', schema: Hanzch, perDevice: false, title: 'yahrzeits' },
  Shior: { path: 'shiurim', schema: Shior, perDevice: false, title: 'shiurim (classes)' },
  OlieLatora: { path: 'torah-honors', schema: OlieLatora, perDevice: false, title: 'who is called to the Torah' },
  ScreenTimer: { path: 'slides', schema: ScreenTimer, perDevice: false, title: 'slides and when they play' },
  AliyaNotification: { path: 'aliya-notifications', schema: AliyaNotification, perDevice: false, title: 'aliya announcements' },
  DailyContentPreference: { path: 'daily-learning', schema: DailyContentPreference, perDevice: false, title: 'daily learning schedules' },
  HolidayTimes: { path: 'holiday-times', schema: HolidayTimes, perDevice: false, title: 'holiday schedules' },
} as const;
export type ContentResourceName = keyof typeof contentResources;
export const contentResourceNames = Object.keys(contentResources) as ContentResourceName[];

type Shape = Record<string, z.ZodType>;
const perDeviceFields = { deviceId: z.string().min(1).max(64).describe('the device these belong to; one per device') };

function editable(name: ContentResourceName): Shape {
  const { id: _id, updatedAt: _updatedAt, ...rest } = contentResources[name].schema.shape as Shape;
  return rest;
}

/** POST body: every wire field but the server's; per-device documents name their device. */
export function createBody(name: ContentResourceName) {
  return z.strictObject({ ...editable(name), ...(contentResources[name].perDevice ? perDeviceFields : {}) }).meta({ id: `New${name}` });
}

/** PATCH body: any of the wire fields; null clears an optional one. No defaults: an absent field is left as it is. */
export function patchBody(name: ContentResourceName) {
  const fields = Object.fromEntries(
    Object.entries(editable(name)).map(([key, schema]) => [
      key,
      (schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema).nullable().optional(),
    ]),
  );
  return z.strictObject(fields).meta({ id: `${name}Patch` });
}

/** A row as the API returns it: the wire row, its owner, its device (per-device documents) and when it was made. */
export function apiRow(name: ContentResourceName) {
  return z
    .looseObject({
      ...(contentResources[name].schema.shape as Shape),
      userId: z.string().describe('the customer who owns it'),
      createdAt: isoDateTime,
      ...(contentResources[name].perDevice ? perDeviceFields : {}),
    })
    .meta({ id: name });
}
