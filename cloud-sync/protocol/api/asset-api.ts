import * as z from 'zod';
import { MediaType, sha256Hex } from '../assets.js';

/** An uploaded file as the people's API shows it. */
export const UploadedAsset = z.object({
  id: z.string(),
  fileName: z.string(),
  mimeType: MediaType,
  sizeBytes: z.number().int(),
  sha256: sha256Hex,
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  purpose: z.string(),
  synagogueId: z.string().nullable(),
  createdAt: z.string(),
  /** Where its bytes are (for the console's preview). */
  url: z.string(),
});
export type UploadedAsset = z.infer<typeof UploadedAsset>;

/** An upload's name and intent, in the query string: the body is the file itself. */
export const AssetUploadQuery = z.object({
  fileName: z.string().min(1).max(200).default('upload').describe('the file’s name, shown in the console'),
  purpose: z.enum(['logo', 'slide', 'message', 'other']).default('other'),
  synagogueId: z.string().min(1).max(64).optional().describe('the synagogue it is for; absent: the whole account'),
});

/** The answer to an upload: the asset, and whether it had to be made smaller for a screen. */
export const AssetUploaded = UploadedAsset.extend({ downscaledFrom: z.object({ width: z.number().int(), height: z.number().int() }).optional() });
