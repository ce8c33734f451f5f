import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { DeviceConfiguration, DeviceSettings, Synagogue, contentCollections } from '../../cloud-sync/protocol/content.js';
import { Prisma } from '../../prisma/generated/mongo/index.js';

// The content models of prisma/schema.prisma carry exactly the wire's fields (content.ts says:
// "a field added here is added there in the same change"). Needs `npm run prisma:generate`.

/** Fields the cloud adds for ownership; they never cross the wire. */
const OWNERSHIP = new Set(['userId', 'deviceId', 'createdAt']);

const wireModels: Record<string, z.ZodType> = { Synagogue, DeviceSettings, DeviceConfiguration, ...contentCollections };

type Field = { name: string; kind: string; type: string; relationName?: string | null };
const dmmf = Prisma.dmmf.datamodel as unknown as {
  models: ReadonlyArray<{ name: string; fields: readonly Field[] }>;
  types: ReadonlyArray<{ name: string; fields: readonly Field[] }>;
};

/** The object schemas inside optional/default/array/union wrappers of zod 4. */
function objectShapes(schema: unknown): Array<Record<string, unknown>> {
  const s = schema as { shape?: Record<string, unknown>; options?: unknown[]; def?: { innerType?: unknown; element?: unknown; in?: unknown } };
  if (s.shape) return [s.shape];
  if (s.options) return s.options.flatMap(objectShapes);
  const inner = s.def?.innerType ?? s.def?.element ?? s.def?.in;
  return inner ? objectShapes(inner) : [];
}

/** Mismatches between a Prisma model or composite type and a wire schema, as readable lines. */
function compare(where: string, fields: readonly Field[], schema: unknown): string[] {
  const shapes = objectShapes(schema);
  const wire = new Map<string, unknown>();
  for (const shape of shapes) for (const [key, value] of Object.entries(shape)) wire.set(key, value);
  const ours = fields.filter((f) => !f.relationName && !OWNERSHIP.has(f.name));
  const problems: string[] = [];
  for (const field of ours) {
    if (!wire.has(field.name)) problems.push(`${where}.${field.name} is not on the wire`);
    const composite = field.kind === 'object' ? dmmf.types.find((t) => t.name === field.type) : undefined;
    if (composite && wire.has(field.name)) problems.push(...compare(`${where}.${field.name}`, composite.fields, wire.get(field.name)));
  }
  for (const key of wire.keys()) if (!ours.some((f) => f.name === key)) problems.push(`${where}: wire field ${key} is missing`);
  return problems;
}

describe('the content models of prisma/schema.prisma', () => {
  it.each(Object.keys(wireModels))('%s has exactly the fields of the wire contract, nested objects included', (name) => {
    const model = dmmf.models.find((m) => m.name === name);
    expect(model, `model ${name} in prisma/schema.prisma`).toBeDefined();
    expect(compare(name, model!.fields, wireModels[name])).toEqual([]);
  });
});
