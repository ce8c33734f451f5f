import { z } from 'zod';
import { contentCollectionNames } from '../content.js';
import { isoDateTime } from '../primitives.js';

const Collection = z.enum(contentCollectionNames as [string, ...string[]]);

/**
 * A preview: the DisplayModel a device would show at `at`, built by the device's own pure
 * calendar, schedule and model code. A draft previews rows before they are saved: each draft row
 * replaces the saved row with its id, or joins the collection when it has none; `remove` leaves
 * saved rows out; `settings` changes the device's settings for the preview only.
 */
export const PreviewRequest = z.strictObject({
  at: isoDateTime.optional().describe('the moment to preview; default now'),
  draft: z.partialRecord(Collection, z.array(z.record(z.string(), z.unknown())).max(5000)).optional(),
  remove: z.partialRecord(Collection, z.array(z.string().min(1).max(64)).max(5000)).optional(),
  settings: z.record(z.string(), z.unknown()).optional().describe('a partial DeviceSettings, as set-settings takes it'),
});
export type PreviewRequest = z.infer<typeof PreviewRequest>;

export const PreviewQuery = z.object({ at: isoDateTime.optional().describe('the moment to preview; default now') });

export const Preview = z
  .object({
    at: isoDateTime,
    /** The DisplayModel (device/model/display-model.ts): every time with `explanation`, `validUntil` and `validUntilBecause`. */
    model: z.unknown(),
    /** Saved rows the wall would not show because they fail the wire schema: fix them. */
    omitted: z.array(z.object({ collection: z.string(), id: z.string(), problems: z.array(z.string()) })),
  })
  .meta({ id: 'Preview' });
