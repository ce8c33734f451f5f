/**
 * The page's answer to a model, sent back after it drew it: which model (its generatedAt),
 * the identify label it showed, and whether this was the page's first picture since it loaded
 * (a reload is confirmed by a fresh page drawing). Commands that need a display wait for it.
 * Checked by hand, not by a schema: the display server serves a restart's early wall before
 * any schema library is loaded (device/shell/early-wall.ts).
 */
export interface DrawnReport {
  generatedAt: string;
  identifyUntil: string | null;
  fresh: boolean;
}

/** An ISO 8601 instant with its offset (Z or ±hh:mm), as the model's instants are written. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function isInstant(value: unknown): value is string {
  return typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

/** A drawn report as the page sent it, or null when it is anything else (a missing, extra or malformed field). */
export function parseDrawnReport(value: unknown): DrawnReport | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== 3 || !['generatedAt', 'identifyUntil', 'fresh'].every((key) => keys.includes(key))) return null;
  const { generatedAt, identifyUntil, fresh } = value as Record<string, unknown>;
  if (!isInstant(generatedAt) || !(identifyUntil === null || isInstant(identifyUntil)) || typeof fresh !== 'boolean') return null;
  return { generatedAt, identifyUntil, fresh };
}
