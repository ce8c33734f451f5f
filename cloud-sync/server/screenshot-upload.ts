import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { tenantOwned } from '../../prisma/tenancy/index.js';
import type { GatewayDb } from './gateway-db.js';
import { ApiProblem } from './http/api-problem.js';

/** Where uploaded files go (a directory, an object store); the gateway keeps only the key. */
export interface AssetStore {
  put(key: string, bytes: Buffer, mimeType: string): Promise<void>;
  /** The bytes under `key`, or null when the store has none. */
  read(key: string): Promise<Buffer | null>;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const MAX_SCREENSHOT_BYTES = 16 * 1024 * 1024;

/** A PNG a screen could make: the signature, and at most MAX_SCREENSHOT_BYTES (a 4K screen). */
export function checkPng(body: unknown): Buffer {
  if (!Buffer.isBuffer(body)) throw new ApiProblem(415, 'unsupported-media-type', 'send the screenshot as Content-Type: image/png');
  if (!body.subarray(0, 8).equals(PNG_SIGNATURE)) throw new ApiProblem(400, 'not-a-png', 'the body is not a PNG image');
  return body;
}

/**
 * Keep a device's screenshot: the bytes in the asset store, an UploadAsset row for the owner
 * (stamped by the tenancy extension: call inside the device owner's context). Returns its id.
 */
export async function storeScreenshot(db: GatewayDb, store: AssetStore, deviceId: string, png: Buffer, now: Date): Promise<string> {
  const storageKey = `screenshots/${deviceId}/${now.toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.png`;
  await store.put(storageKey, png, 'image/png');
  const asset = await db.uploadAsset.create({
    data: tenantOwned({
      fileName: `screenshot-${deviceId}-${now.toISOString()}.png`,
      mimeType: 'image/png',
      sizeBytes: png.length,
      sha256: createHash('sha256').update(png).digest('hex'),
      storageKey,
      width: png.readUInt32BE(16),
      height: png.readUInt32BE(20),
      purpose: 'other',
    }),
  });
  return asset.id;
}

/** The embedded gateway's store: files under one directory, keys as relative paths. */
export function directoryAssetStore(root: string): AssetStore {
  const fileOf = (key: string) => {
    const file = path.resolve(root, key);
    if (!file.startsWith(path.resolve(root) + path.sep)) throw new Error(`asset key "${key}" leaves the store`);
    return file;
  };
  return {
    async put(key, bytes) {
      const file = fileOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, bytes);
    },
    async read(key) {
      try {
        return await fs.readFile(fileOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}
