import * as z from 'zod/mini';

/**
 * The page's answer to a model, sent back after it drew it: which model (its generatedAt),
 * the identify label it showed, and whether this was the page's first picture since it loaded
 * (a reload is confirmed by a fresh page drawing). Commands that need a display wait for it.
 * Apart from the DisplayModel schema, which the browser shell does not need to serve the wall.
 */
export const DrawnReport = z.strictObject({
  generatedAt: z.iso.datetime({ offset: true }),
  identifyUntil: z.nullable(z.iso.datetime({ offset: true })),
  fresh: z.boolean(),
});
export type DrawnReport = z.infer<typeof DrawnReport>;
