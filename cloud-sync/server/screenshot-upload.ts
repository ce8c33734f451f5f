import { ApiProblem } from './http/api-problem.js';
import type { AssetStore } from './assets/asset-store.js';
import { keepAsset } from './assets/keep-asset.js';
import type { GatewayDb } from './gateway-db.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const MAX_SCREENSHOT_BYTES = 16 * 1024 * 1024;

/** A PNG a screen could make: the signature, and at most MAX_SCREENSHOT_BYTES (a 4K screen). */
export function checkPng(body: unknown): Buffer {
  if (!Buffer.isBuffer(body)) throw new ApiProblem(415, 'unsupported-media-type', 'send the screenshot as Content-Type: image/png');
  if (!body.subarray(0, 8).equals(PNG_SIGNATURE)) throw new ApiProblem(400, 'not-a-png', 'the body is not a PNG image');
  return body;
}

/** A device's screenshots are named by it, so its owner finds them by device. */
export const screenshotPrefix = (deviceId: string): string => `screenshot-${deviceId}-`;

/**
 * Keep a device's screenshot in the same asset store as the people's uploads (checked, decoded,
 * kept by its hash), as an UploadAsset of purpose "screenshot" for the owner (stamped by the
 * tenancy extension: call inside the device owner's context). Returns its id.
 */
export async function storeScreenshot(db: GatewayDb, store: AssetStore, deviceId: string, png: Buffer, now: Date): Promise<string> {
  const { row } = await keepAsset(db, store, {
    bytes: png,
    declaredType: 'image/png',
    fileName: `${screenshotPrefix(deviceId)}${now.toISOString()}.png`,
    purpose: 'screenshot',
  });
  return row.id;
}
