import { createHash } from 'node:crypto';
import type { Sharp } from 'sharp';
import { isVideo, type MediaType } from '../../protocol/assets.js';
import { tenantOwned } from '../../../prisma/tenancy/index.js';
import type { GatewayDb } from '../gateway-db.js';
import { ApiProblem } from '../http/api-problem.js';
import type { AssetStore } from './asset-store.js';
import { checkMedia } from './media-check.js';

/**
 * The largest picture any wall shows: a 4K screen, either way round. A bigger upload is
 * downscaled once, here, so no Raspberry Pi ever decodes a 40-megapixel photo.
 */
export const SCREEN_LONG_SIDE = 3840;
export const SCREEN_SHORT_SIDE = 2160;
/** Beyond this the image is refused before it is decoded (a decompression bomb, or a scan). */
const MAX_INPUT_PIXELS = 120_000_000;

export interface AssetUpload {
  bytes: Buffer;
  /** The Content-Type it was sent with; checked against the content, never trusted. */
  declaredType: string | undefined;
  fileName: string;
  purpose: 'logo' | 'slide' | 'message' | 'screenshot' | 'other';
  synagogueId?: string | undefined;
}

export interface PreparedAsset {
  bytes: Buffer;
  mimeType: MediaType;
  sha256: string;
  width?: number;
  height?: number;
  durationMs?: number;
  /** The picture was larger than any screen and was made smaller. */
  downscaledFrom?: { width: number; height: number };
}

type SharpFactory = (input: Buffer, options?: { failOn?: 'truncated' | 'error'; limitInputPixels?: number }) => Sharp;
let loadedSharp: Promise<SharpFactory> | undefined;
/** sharp (libvips) is loaded only by a gateway that receives an upload: the device's own bundle never needs it. */
const sharpFactory = () => (loadedSharp ??= import('sharp').then((m) => m.default as unknown as SharpFactory));

/**
 * An upload made ready to keep: its type read from its bytes, an image decoded whole (so a cut
 * or corrupt file is refused now, not shown broken later) and, when larger than any screen,
 * downscaled once (turned upright by its EXIF orientation, its metadata, GPS included, dropped).
 */
export async function prepareAsset(upload: Pick<AssetUpload, 'bytes' | 'declaredType'>): Promise<PreparedAsset> {
  const media = checkMedia(upload.bytes, upload.declaredType);
  const hash = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  if (isVideo(media.mimeType)) return { bytes: upload.bytes, sha256: hash(upload.bytes), ...media };
  const sharp = await sharpFactory();
  const open = () => sharp(upload.bytes, { failOn: 'truncated', limitInputPixels: MAX_INPUT_PIXELS });
  let width: number;
  let height: number;
  try {
    const meta = await open().metadata();
    width = meta.autoOrient?.width ?? meta.width;
    height = meta.autoOrient?.height ?? meta.height;
    if (media.mimeType !== 'image/svg+xml') await open().resize(32, 32, { fit: 'inside' }).raw().toBuffer();
  } catch (error) {
    throw new ApiProblem(
      400,
      'undecodable-image',
      `the image could not be decoded (${(error as Error).message.split('\n')[0]}); it may be cut short or damaged`,
    );
  }
  const scale = Math.min(1, SCREEN_LONG_SIDE / Math.max(width, height), SCREEN_SHORT_SIDE / Math.min(width, height));
  if (scale >= 1 || media.mimeType === 'image/svg+xml') return { bytes: upload.bytes, mimeType: media.mimeType, sha256: hash(upload.bytes), width, height };
  const target = { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
  const resized = open().rotate().resize(target.width, target.height, { fit: 'fill' });
  const encoders: Partial<Record<MediaType, () => Sharp>> = {
    'image/png': () => resized.png({ compressionLevel: 9 }),
    'image/jpeg': () => resized.jpeg({ quality: 85, mozjpeg: true }),
    'image/webp': () => resized.webp({ quality: 85 }),
    'image/avif': () => resized.avif({ quality: 60, effort: 3 }),
  };
  const encoded = await encoders[media.mimeType]!().toBuffer();
  return { bytes: encoded, mimeType: media.mimeType, sha256: hash(encoded), ...target, downscaledFrom: { width, height } };
}

/** The store's key of a file: its content, so the same bytes are kept once however often they are sent. */
export const mediaKey = (sha256: string): string => `media/${sha256.slice(0, 2)}/${sha256}`;

/**
 * Keep an upload: checked and prepared, its bytes in the store under their hash, an UploadAsset
 * row for the tenant (stamped by the tenancy extension: call inside the tenant's context).
 */
export async function keepAsset(db: GatewayDb, store: AssetStore, upload: AssetUpload) {
  const prepared = await prepareAsset(upload);
  const storageKey = mediaKey(prepared.sha256);
  await store.put(storageKey, prepared.bytes, prepared.mimeType);
  const row = await db.uploadAsset.create({
    data: tenantOwned({
      fileName: upload.fileName,
      mimeType: prepared.mimeType,
      sizeBytes: prepared.bytes.length,
      sha256: prepared.sha256,
      storageKey,
      purpose: upload.purpose,
      ...(upload.synagogueId ? { synagogueId: upload.synagogueId } : {}),
      ...(prepared.width !== undefined ? { width: prepared.width, height: prepared.height } : {}),
      ...(prepared.durationMs !== undefined ? { durationMs: prepared.durationMs } : {}),
    }),
  });
  return { row, prepared };
}
