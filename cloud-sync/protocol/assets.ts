import * as z from 'zod';
import { recordId } from './primitives.js';

/**
 * The files a wall shows (the synagogue's logo, image and video slides, a message's picture), as
 * the target state names them. The content refers to an asset by its id; the state's `assets`
 * list says what that id is: its bytes' sha256 (the device's cache is keyed by it and verifies
 * every download against it), size (the download is refused beyond it), type and where the
 * gateway serves it to this device (a path under the gateway, fetched with the device's own
 * credentials).
 */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/avif', 'image/svg+xml'] as const;
export const VIDEO_TYPES = ['video/mp4', 'video/webm'] as const;
export const MediaType = z.enum([...IMAGE_TYPES, ...VIDEO_TYPES]);
export type MediaType = z.infer<typeof MediaType>;

/** The largest image and video a person may upload, and so the most a device ever downloads for one. */
export const MAX_IMAGE_BYTES = 25 * 1024 * 1024;
export const MAX_VIDEO_BYTES = 200 * 1024 * 1024;

export const isVideo = (type: MediaType): boolean => (VIDEO_TYPES as readonly string[]).includes(type);
export const maxBytesOf = (type: MediaType): number => (isVideo(type) ? MAX_VIDEO_BYTES : MAX_IMAGE_BYTES);

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits');

/** Where the gateway serves an asset to the device that holds a state naming it. */
export const deviceAssetPath = (id: string): string => `/device/v1/assets/${encodeURIComponent(id)}`;

export const AssetRef = z
  .looseObject({
    id: recordId,
    sha256: sha256Hex,
    sizeBytes: z.number().int().positive(),
    mimeType: MediaType,
    width: z.number().int().positive().optional(),
    height: z.number().int().positive().optional(),
    /** A video's length, when the cloud could read it. */
    durationMs: z.number().int().nonnegative().optional(),
    url: z.string().regex(/^\/device\/v1\/assets\/[^/?#]+$/, 'expected the gateway path /device/v1/assets/<id>'),
  })
  .refine((ref) => ref.sizeBytes <= maxBytesOf(ref.mimeType), { message: 'larger than any asset a person may upload', path: ['sizeBytes'] });
export type AssetRef = z.infer<typeof AssetRef>;
