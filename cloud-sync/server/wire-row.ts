/**
 * A Prisma row as the wire wants it (cloud-sync/protocol/content.ts):
 * - ownership goes: `userId` (the tenant, which the device never needs) and `deviceId` (the
 *   per-device settings belong to the device asking), and `createdAt`;
 * - instants become ISO strings;
 * - null means "not set" in Prisma and "absent" on the wire, at every depth (MongoDB
 *   composites come back with null for each unset field);
 * - `daysOfWeek` / `dayKinds` are Prisma lists, which cannot be absent: empty means "any",
 *   which on the wire is absence;
 * - Json and composite fields pass through as the objects they are.
 * It does not validate: the target-state builder checks every row with the wire schema.
 */
const OWNERSHIP_FIELDS = new Set(['userId', 'deviceId', 'createdAt']);
const ANY_WHEN_EMPTY = new Set(['daysOfWeek', 'dayKinds']);

export function wireRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (OWNERSHIP_FIELDS.has(key)) continue;
    if (ANY_WHEN_EMPTY.has(key) && Array.isArray(value) && value.length === 0) continue;
    const wired = wireValue(value);
    if (wired !== undefined) out[key] = wired;
  }
  return out;
}

function wireValue(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => wireValue(item) ?? null);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const wired = wireValue(inner);
      if (wired !== undefined) out[key] = wired;
    }
    return out;
  }
  return value;
}
