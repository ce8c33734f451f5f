import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../generated/sqlite/index.js';
import { openSqliteClient } from '../sqlite/open-sqlite-client.js';
import { runWithTenant } from './tenant-context.js';
import { tenancyExtension } from './tenancy-extension.js';
import { tenantOwned } from './tenant-owned.js';

// Needs the SQLite client: `npm run prisma:generate` (the test script runs it first).

const TENANTS = ['tenant-a', 'tenant-b'] as const;
type Tenant = (typeof TENANTS)[number];

/** One step of a random session. `pick` chooses among every row created so far, of either tenant. */
type Step =
  | { kind: 'create'; tenant: Tenant; priority: number }
  | { kind: 'createMany'; tenant: Tenant; count: number }
  | { kind: 'update' | 'delete' | 'findUnique' | 'upsert'; tenant: Tenant; pick: number }
  | { kind: 'updateMany'; tenant: Tenant; priority: number }
  | { kind: 'deleteMany'; tenant: Tenant; below: number }
  | { kind: 'findMany' | 'count' | 'impersonated'; tenant: Tenant }
  | { kind: 'nestedInclude'; tenant: Tenant }
  | { kind: 'connectDevice' | 'moveDevice'; tenant: Tenant; pick: number };

const tenant = fc.constantFrom(...TENANTS);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), tenant, priority: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constant('createMany' as const), tenant, count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constantFrom('update' as const, 'delete' as const, 'findUnique' as const, 'upsert' as const), tenant, pick: fc.nat() }),
  fc.record({ kind: fc.constant('updateMany' as const), tenant, priority: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constant('deleteMany' as const), tenant, below: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ kind: fc.constantFrom('findMany' as const, 'count' as const, 'impersonated' as const, 'nestedInclude' as const), tenant }),
  fc.record({ kind: fc.constantFrom('connectDevice' as const, 'moveDevice' as const), tenant, pick: fc.nat() }),
);

let dir: string;
let base: ReturnType<typeof openSqliteClient>;
let db: ReturnType<typeof tenantClient>;
const tenantClient = (client: ReturnType<typeof openSqliteClient>) => client.$extends(tenancyExtension(Prisma.dmmf));

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-tenancy-property-'));
  base = openSqliteClient(path.join(dir, 'cloud.db'));
  db = tenantClient(base);
});
afterAll(async () => {
  await base.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const as = <T>(who: Tenant, fn: () => T) => runWithTenant({ userId: who, role: 'customer' }, fn);
const asAdminFor = <T>(who: Tenant, fn: () => T) => runWithTenant({ userId: 'admin-1', role: 'admin', customerContext: who }, fn);

/** The rows every tenant should have: id -> owner and priority. */
type Model = Map<string, { owner: Tenant; priority: number }>;

const ownRows = (model: Model, who: Tenant) => [...model].filter(([, row]) => row.owner === who);
const sortedIds = (rows: ReadonlyArray<{ id: string }>) => rows.map((row) => row.id).sort();
const pickId = (ids: readonly string[], pick: number) => (ids.length === 0 ? 'no-such-row' : ids[pick % ids.length]!);

/** The seeded synagogues and devices: id -> owner. */
type Fleet = { synagogues: Map<string, Tenant>; devices: Map<string, Tenant> };

async function run(s: Step, model: Model, everCreated: string[], fleet: Fleet): Promise<void> {
  const mine = ownRows(model, s.tenant);
  switch (s.kind) {
    case 'create': {
      const row = await as(s.tenant, () => db.generalMessage.create({ data: tenantOwned({ body: 'b', priority: s.priority }) }));
      expect(row.userId).toBe(s.tenant);
      model.set(row.id, { owner: s.tenant, priority: s.priority });
      everCreated.push(row.id);
      return;
    }
    case 'createMany': {
      const rows = await as(s.tenant, () => db.generalMessage.createManyAndReturn({ data: Array.from({ length: s.count }, () => tenantOwned({ body: 'm' })) }));
      for (const row of rows) {
        expect(row.userId).toBe(s.tenant);
        model.set(row.id, { owner: s.tenant, priority: 0 });
        everCreated.push(row.id);
      }
      return;
    }
    case 'update':
    case 'delete':
    case 'findUnique':
    case 'upsert': {
      const id = pickId(everCreated, s.pick);
      const owned = model.get(id)?.owner === s.tenant;
      if (s.kind === 'findUnique') {
        const row = await as(s.tenant, () => db.generalMessage.findUnique({ where: { id } }));
        expect(row?.id ?? null).toBe(owned ? id : null);
      } else if (s.kind === 'update') {
        const outcome = await as(s.tenant, () => db.generalMessage.update({ where: { id }, data: { priority: 7 } })).then(
          () => 'ok',
          (e: { code?: string }) => e.code,
        );
        expect(outcome).toBe(owned ? 'ok' : 'P2025');
        if (owned) model.get(id)!.priority = 7;
      } else if (s.kind === 'delete') {
        const outcome = await as(s.tenant, () => db.generalMessage.delete({ where: { id } })).then(
          () => 'ok',
          (e: { code?: string }) => e.code,
        );
        expect(outcome).toBe(owned ? 'ok' : 'P2025');
        if (owned) model.delete(id);
      } else {
        const row = await as(s.tenant, () =>
          db.generalMessage.upsert({ where: { id }, create: tenantOwned({ body: 'u', priority: 3 }), update: { priority: 5 } }),
        );
        expect(row.userId).toBe(s.tenant);
        expect(row.id === id).toBe(owned);
        if (owned) model.get(id)!.priority = 5;
        else {
          model.set(row.id, { owner: s.tenant, priority: 3 });
          everCreated.push(row.id);
        }
      }
      return;
    }
    case 'updateMany': {
      const { count } = await as(s.tenant, () => db.generalMessage.updateMany({ data: { priority: s.priority } }));
      expect(count).toBe(mine.length);
      for (const [, row] of mine) row.priority = s.priority;
      return;
    }
    case 'deleteMany': {
      const doomed = mine.filter(([, row]) => row.priority < s.below);
      const { count } = await as(s.tenant, () => db.generalMessage.deleteMany({ where: { priority: { lt: s.below } } }));
      expect(count).toBe(doomed.length);
      for (const [id] of doomed) model.delete(id);
      return;
    }
    case 'findMany':
      expect(sortedIds(await as(s.tenant, () => db.generalMessage.findMany()))).toEqual(mine.map(([id]) => id).sort());
      return;
    case 'count':
      expect(await as(s.tenant, () => db.generalMessage.count())).toBe(mine.length);
      return;
    case 'impersonated':
      expect(sortedIds(await asAdminFor(s.tenant, () => db.generalMessage.findMany()))).toEqual(mine.map(([id]) => id).sort());
      return;
    case 'connectDevice': {
      // Link any device (of either tenant) to the tenant's own synagogue, through the list side.
      const deviceId = pickId([...fleet.devices.keys()], s.pick);
      const shul = [...fleet.synagogues].find(([, owner]) => owner === s.tenant)![0];
      const outcome = await as(s.tenant, () => db.synagogue.update({ where: { id: shul }, data: { devices: { connect: { id: deviceId } } } })).then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      );
      expect(outcome).toBe(fleet.devices.get(deviceId) === s.tenant ? 'ok' : 'P2018');
      return;
    }
    case 'moveDevice': {
      // Link the tenant's own device to any synagogue (of either tenant), through the to-one side.
      const synagogueId = pickId([...fleet.synagogues.keys()], s.pick);
      const device = [...fleet.devices].find(([, owner]) => owner === s.tenant)![0];
      const outcome = await as(s.tenant, () => db.device.update({ where: { id: device }, data: { synagogue: { connect: { id: synagogueId } } } })).then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      );
      expect(outcome).toBe(fleet.synagogues.get(synagogueId) === s.tenant ? 'ok' : 'P2025');
      return;
    }
    case 'nestedInclude': {
      const devices = await as(s.tenant, () => db.device.findMany({ include: { metrics: true, synagogue: true } }));
      for (const device of devices) {
        expect(device.userId).toBe(s.tenant);
        expect(device.metrics.every((m) => m.userId === s.tenant)).toBe(true);
        expect(device.synagogue?.userId ?? s.tenant).toBe(s.tenant);
      }
      return;
    }
  }
}

describe('tenancy under random operation sequences', () => {
  it('two tenants never read, count, change, delete or link each other’s rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 15 }), async (steps) => {
        await base.generalMessage.deleteMany();
        await base.deviceMetrics.deleteMany();
        await base.device.deleteMany();
        await base.synagogue.deleteMany();
        // Each tenant has a synagogue with a device and its metrics, for the nested reads and writes.
        const fleet: Fleet = { synagogues: new Map(), devices: new Map() };
        for (const who of TENANTS) {
          const shul = await base.synagogue.create({
            include: { devices: true },
            data: {
              userId: who,
              name: who,
              latitude: 31.77,
              longitude: 35.21,
              timezone: 'Asia/Jerusalem',
              devices: { create: { userId: who, name: who, credentialId: `cred-${who}`, metrics: { create: { userId: who, sampledAt: new Date(0) } } } },
            },
          });
          fleet.synagogues.set(shul.id, who);
          for (const device of shul.devices) fleet.devices.set(device.id, who);
        }
        const model: Model = new Map();
        const everCreated: string[] = [];
        for (const s of steps) await run(s, model, everCreated, fleet);
        for (const device of await base.device.findMany({ include: { synagogue: true } }))
          expect(device.synagogue?.userId ?? device.userId, `device ${device.id} of ${device.userId}`).toBe(device.userId);
        const all = await base.generalMessage.findMany();
        expect(all.map((row) => ({ id: row.id, owner: row.userId, priority: row.priority })).sort((x, y) => x.id.localeCompare(y.id))).toEqual(
          [...model].map(([id, row]) => ({ id, owner: row.owner, priority: row.priority })).sort((x, y) => x.id.localeCompare(y.id)),
        );
      }),
      { numRuns: 100 },
    );
  });
});
