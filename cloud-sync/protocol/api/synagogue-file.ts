import { z } from 'zod';
import { contentCollections, DeviceSettings, Synagogue } from '../content.js';
import { isoDateTime } from '../primitives.js';

export const SYNAGOGUE_FILE_FORMAT = 'luach-synagogue';

const rows = Object.fromEntries(Object.entries(contentCollections).map(([name, schema]) => [name, z.array(schema).max(20_000).optional()])) as {
  [K in keyof typeof contentCollections]: z.ZodOptional<z.ZodArray<(typeof contentCollections)[K]>>;
};

/**
 * A synagogue as one JSON file: its row, the settings of its screen, and every content
 * collection, in the wire's own shapes. A standalone screen exports it and a cloud account
 * imports it (or the other way round), so moving keeps everything a gabbai entered.
 */
export const SynagogueFile = z
  .object({
    format: z.literal(SYNAGOGUE_FILE_FORMAT),
    version: z.literal(1),
    exportedAt: isoDateTime,
    synagogue: Synagogue,
    /** How its screen displays (language, candle lighting, havdalah, ...): given to the screens named at import. */
    settings: DeviceSettings.optional(),
    content: z.object(rows),
  })
  .meta({ id: 'SynagogueFile' });
export type SynagogueFile = z.infer<typeof SynagogueFile>;

export const SynagogueImportQuery = z.object({
  deviceId: z.string().min(1).max(64).optional().describe('a screen of yours to show the imported synagogue, with its settings'),
});

export const SynagogueImported = z.object({
  synagogueId: z.string(),
  imported: z.record(z.string(), z.number().int()).describe('rows created per collection'),
});
