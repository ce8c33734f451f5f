import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Prisma } from '../generated/sqlite/index.js';
import { openSqliteClient } from '../sqlite/open-sqlite-client.js';
import { runWithTenant } from './tenant-context.js';
import { tenantOwned } from './tenant-owned.js';
import { tenancyExtension } from './tenancy-extension.js';
import { TenancyError } from './tenancy-error.js';

// Needs the SQLite client: `npm run prisma:generate` (the test script runs it first).

const A = 'tenant-a';
const B = 'tenant-b';
const asA = <T>(fn: () => T) => runWithTenant({ userId: A, role: 'customer' }, fn);
const asAdmin = <T>(fn: () => T) => runWithTenant({ userId: 'admin-1', role: 'admin' }, fn);
const asAdminFor = <T>(customer: string, fn: () => T) => runWithTenant({ userId: 'admin-1', role: 'admin', customerContext: customer }, fn);

function openTenantClient(file: string) {
  const base = openSqliteClient(file);
  return { base, db: base.$extends(tenancyExtension(Prisma.dmmf)) };
}

let dir: string;
let clients: ReturnType<typeof openTenantClient>;
let db: ReturnType<typeof openTenantClient>['db'];
/** Ids of each tenant's seeded rows. */
let seed: Record<string, { synagogue: string; device: string; messages: string[] }>;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-tenancy-'));
  clients = openTenantClient(path.join(dir, 'cloud.db'));
  db = clients.db;
  seed = {};
  for (const tenant of [A, B]) {
    // As an unimpersonated admin, writes pass through untouched, so the seed names its tenant.
    seed[tenant] = await asAdmin(async () => {
      const synagogue = await db.synagogue.create({
        data: { userId: tenant, name: `shul of ${tenant}`, latitude: 31.77, longitude: 35.21, timezone: 'Asia/Jerusalem' },
      });
      const device = await db.device.create({
        data: {
          userId: tenant,
          name: `display of ${tenant}`,
          credentialId: `cred-${tenant}`,
          synagogueId: synagogue.id,
          settings: { create: { userId: tenant } },
          metrics: { create: [{ userId: tenant, sampledAt: new Date('2026-11-25T10:00:00Z'), cpuPercent: 10 }] },
        },
      });
      const messages = await Promise.all(
        [1, 2].map((n) => db.generalMessage.create({ data: { userId: tenant, body: `message ${n} of ${tenant}`, priority: n } })),
      );
      return { synagogue: synagogue.id, device: device.id, messages: messages.map((m) => m.id) };
    });
  }
});

afterEach(async () => {
  await clients.base.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Prisma's "record not found": the row exists, but not for this tenant. */
const notFound = { code: 'P2025' };
const ownersOf = (rows: ReadonlyArray<{ userId: string }>) => [...new Set(rows.map((row) => row.userId))];

describe('reads', () => {
  it('findMany, findFirst and findFirstOrThrow return only the tenant’s rows', async () => {
    expect(ownersOf(await asA(() => db.generalMessage.findMany()))).toEqual([A]);
    expect(await asA(() => db.generalMessage.findFirst({ where: { body: { contains: B } } }))).toBeNull();
    await expect(asA(() => db.generalMessage.findFirstOrThrow({ where: { id: seed[B]!.messages[0] } }))).rejects.toMatchObject(notFound);
  });

  it('findUnique by another tenant’s id finds nothing, and findUniqueOrThrow throws', async () => {
    expect(await asA(() => db.generalMessage.findUnique({ where: { id: seed[B]!.messages[0]! } }))).toBeNull();
    await expect(asA(() => db.generalMessage.findUniqueOrThrow({ where: { id: seed[B]!.messages[0]! } }))).rejects.toMatchObject(notFound);
    expect((await asA(() => db.generalMessage.findUnique({ where: { id: seed[A]!.messages[0]! } })))?.userId).toBe(A);
  });

  it('findUnique by another unique field (credentialId) does not cross either', async () => {
    expect(await asA(() => db.device.findUnique({ where: { credentialId: `cred-${B}` } }))).toBeNull();
  });

  it('count, aggregate and groupBy see only the tenant’s rows', async () => {
    expect(await asA(() => db.generalMessage.count())).toBe(2);
    const aggregate = await asA(() => db.generalMessage.aggregate({ _count: { _all: true }, _sum: { priority: true } }));
    expect(aggregate._count._all).toBe(2);
    expect(aggregate._sum.priority).toBe(3);
    const groups = await asA(() => db.generalMessage.groupBy({ by: ['userId'], _count: { _all: true } }));
    expect(groups).toEqual([{ userId: A, _count: { _all: 2 } }]);
  });

  it('a caller’s own userId condition cannot widen the scope', async () => {
    expect(await asA(() => db.generalMessage.findMany({ where: { userId: B } }))).toEqual([]);
    expect(await asA(() => db.generalMessage.count({ where: { OR: [{ userId: A }, { userId: B }] } }))).toBe(2);
  });
});

describe('writes', () => {
  it('create, createMany and createManyAndReturn are stamped with the context’s tenant', async () => {
    const one = await asA(() => db.generalMessage.create({ data: tenantOwned({ body: 'new' }) }));
    expect(one.userId).toBe(A);
    await asA(() => db.generalMessage.createMany({ data: [tenantOwned({ body: 'x' }), tenantOwned({ body: 'y' })] }));
    const returned = await asA(() => db.generalMessage.createManyAndReturn({ data: [tenantOwned({ body: 'z' })] }));
    expect(ownersOf(returned)).toEqual([A]);
    expect(await asAdmin(() => db.generalMessage.count({ where: { userId: A } }))).toBe(6);
    expect(await asAdmin(() => db.generalMessage.count({ where: { userId: B } }))).toBe(2);
  });

  it('refuses a create that names another tenant, and an update that moves a row', async () => {
    await expect(asA(() => db.generalMessage.create({ data: { body: 'x', userId: B } }))).rejects.toThrow(TenancyError);
    await expect(asA(() => db.generalMessage.updateMany({ data: { userId: B } }))).rejects.toThrow(/never changes tenant/);
  });

  it('update and delete of another tenant’s row fail and leave it alone', async () => {
    const theirs = seed[B]!.messages[0]!;
    await expect(asA(() => db.generalMessage.update({ where: { id: theirs }, data: { body: 'hijacked' } }))).rejects.toMatchObject(notFound);
    await expect(asA(() => db.generalMessage.delete({ where: { id: theirs } }))).rejects.toMatchObject(notFound);
    expect((await asAdmin(() => db.generalMessage.findUnique({ where: { id: theirs } })))?.body).toBe(`message 1 of ${B}`);
  });

  it('updateMany, updateManyAndReturn and deleteMany touch only the tenant’s rows', async () => {
    expect((await asA(() => db.generalMessage.updateMany({ data: { urgent: true } }))).count).toBe(2);
    expect(ownersOf(await asA(() => db.generalMessage.updateManyAndReturn({ data: { priority: 9 } })))).toEqual([A]);
    expect((await asA(() => db.generalMessage.deleteMany())).count).toBe(2);
    const left = await asAdmin(() => db.generalMessage.findMany());
    expect(ownersOf(left)).toEqual([B]);
    expect(left.every((m) => !m.urgent && m.priority < 9)).toBe(true);
  });

  it('upsert on another tenant’s id creates the tenant’s own row instead of touching theirs', async () => {
    const theirs = seed[B]!.messages[0]!;
    const row = await asA(() => db.generalMessage.upsert({ where: { id: theirs }, create: tenantOwned({ body: 'mine' }), update: { body: 'hijacked' } }));
    expect(row.userId).toBe(A);
    expect(row.id).not.toBe(theirs);
    expect((await asAdmin(() => db.generalMessage.findUnique({ where: { id: theirs } })))?.body).toBe(`message 1 of ${B}`);
    const own = await asA(() => db.generalMessage.upsert({ where: { id: row.id }, create: tenantOwned({ body: 'again' }), update: { body: 'updated' } }));
    expect(own.body).toBe('updated');
  });
});

describe('contexts', () => {
  it('an admin sees every tenant', async () => {
    expect(ownersOf(await asAdmin(() => db.generalMessage.findMany())).sort()).toEqual([A, B]);
  });

  it('an admin impersonating B (x-customer-context) sees and writes only as B', async () => {
    expect(ownersOf(await asAdminFor(B, () => db.generalMessage.findMany()))).toEqual([B]);
    expect((await asAdminFor(B, () => db.generalMessage.create({ data: tenantOwned({ body: 'by admin' }) }))).userId).toBe(B);
    await expect(asAdminFor(B, () => db.generalMessage.delete({ where: { id: seed[A]!.messages[0]! } }))).rejects.toMatchObject(notFound);
  });

  it('a tenant-model query with no context throws, saying what to do', async () => {
    await expect(db.generalMessage.findMany()).rejects.toThrow(/outside a tenant context; wrap the request in runWithTenant/);
    await expect(db.device.count()).rejects.toThrow(TenancyError);
  });

  it('global models are not filtered and need no context', async () => {
    await db.user.create({ data: { email: 'rabbi@example.org' } });
    expect(await asA(() => db.user.count())).toBe(1);
    expect(await db.maintenanceMode.findMany()).toEqual([]);
  });

  it('a customer cannot claim another customer’s context', () => {
    expect(() => runWithTenant({ userId: A, role: 'customer', customerContext: B }, () => 0)).toThrow(/only an admin/);
  });

  it('raw SQL runs for an admin only', async () => {
    await expect(asA(() => db.$queryRaw`SELECT 1`)).rejects.toThrow(/bypasses tenant isolation/);
    await expect(asAdminFor(B, () => db.$queryRawUnsafe('SELECT 1'))).rejects.toThrow(TenancyError);
    await expect(asAdmin(() => db.$queryRaw`SELECT 'ok' AS answer`)).resolves.toEqual([{ answer: 'ok' }]);
  });

  it('a batch transaction keeps the context', async () => {
    const [messages, count] = await asA(() => db.$transaction([db.generalMessage.findMany(), db.generalMessage.count()]));
    expect(ownersOf(messages)).toEqual([A]);
    expect(count).toBe(2);
  });

  it('an interactive transaction keeps the context', async () => {
    const count = await asA(() => db.$transaction(async (tx) => tx.generalMessage.count()));
    expect(count).toBe(2);
  });
});

describe('nested reads and writes through relations', () => {
  /** Corrupt data made behind the extension's back: B's device linked to A's synagogue. */
  const crossLink = () => clients.base.device.update({ where: { id: seed[B]!.device }, data: { synagogueId: seed[A]!.synagogue } });

  it('include and select of a list relation return only the tenant’s rows', async () => {
    await crossLink();
    const [shul] = await asA(() => db.synagogue.findMany({ include: { devices: true } }));
    expect(ownersOf(shul!.devices)).toEqual([A]);
    const paged = await asA(() => db.synagogue.findFirst({ select: { devices: { select: { name: true }, take: 5 } } }));
    expect(paged!.devices).toEqual([{ name: `display of ${A}` }]);
  });

  it('a to-one link to another tenant’s row is refused, not returned', async () => {
    await clients.base.device.update({ where: { id: seed[A]!.device }, data: { synagogueId: seed[B]!.synagogue } });
    await expect(asA(() => db.device.findMany({ include: { synagogue: true } }))).rejects.toThrow(/links to a Synagogue of another tenant/);
  });

  it('deep includes are scoped at every level', async () => {
    const [shul] = await asA(() => db.synagogue.findMany({ include: { devices: { include: { metrics: true, settings: true } } } }));
    expect(ownersOf(shul!.devices.flatMap((d) => d.metrics))).toEqual([A]);
    expect(shul!.devices[0]!.settings?.userId).toBe(A);
  });

  it('_count of a relation counts only the tenant’s rows; _count: true must name the relations', async () => {
    await crossLink();
    const shul = await asA(() => db.synagogue.findFirst({ include: { _count: { select: { devices: true } } } }));
    expect(shul!._count.devices).toBe(1);
    await expect(asA(() => db.synagogue.findFirst({ include: { _count: true } }))).rejects.toThrow(/name the relations/);
  });

  it('relation filters do not match through another tenant’s rows', async () => {
    await crossLink();
    const found = await asA(() => db.synagogue.findMany({ where: { devices: { some: { name: `display of ${B}` } } } }));
    expect(found).toEqual([]);
  });

  it('nested creates are stamped with the tenant', async () => {
    const shul = await asA(() =>
      db.synagogue.create({
        data: tenantOwned({
          name: 'new shul',
          latitude: 32,
          longitude: 35,
          timezone: 'Asia/Jerusalem',
          devices: { create: [tenantOwned({ name: 'lobby', credentialId: 'cred-lobby' })] },
        }),
        include: { devices: true },
      }),
    );
    expect(ownersOf(shul.devices)).toEqual([A]);
  });

  it('connect to another tenant’s row fails and links nothing', async () => {
    await expect(
      asA(() => db.device.update({ where: { id: seed[A]!.device }, data: { synagogue: { connect: { id: seed[B]!.synagogue } } } })),
    ).rejects.toMatchObject(notFound);
    await expect(
      asA(() => db.synagogue.update({ where: { id: seed[A]!.synagogue }, data: { devices: { connect: [{ id: seed[B]!.device }] } } })),
    ).rejects.toMatchObject({ code: 'P2018' }); // "the required connected records were not found"
    const theirs = await asAdmin(() => db.device.findUnique({ where: { id: seed[B]!.device } }));
    expect(theirs!.synagogueId).toBe(seed[B]!.synagogue);
  });

  it('nested updateMany and deleteMany reach only the tenant’s rows', async () => {
    await crossLink();
    await asA(() => db.synagogue.update({ where: { id: seed[A]!.synagogue }, data: { devices: { updateMany: { where: {}, data: { location: 'hall' } } } } }));
    await asA(() => db.synagogue.update({ where: { id: seed[A]!.synagogue }, data: { devices: { deleteMany: {} } } }));
    const theirs = await asAdmin(() => db.device.findUnique({ where: { id: seed[B]!.device } }));
    expect(theirs).not.toBeNull();
    expect(theirs!.location).toBeNull();
  });

  it('a nested to-one update does not reach another tenant’s row', async () => {
    await clients.base.device.update({ where: { id: seed[A]!.device }, data: { synagogueId: seed[B]!.synagogue } });
    await expect(asA(() => db.device.update({ where: { id: seed[A]!.device }, data: { synagogue: { update: { name: 'hijacked' } } } }))).rejects.toMatchObject(
      notFound,
    );
    expect((await clients.base.synagogue.findUnique({ where: { id: seed[B]!.synagogue } }))!.name).toBe(`shul of ${B}`);
  });

  it('a userId added to a nested select for checking is not returned', async () => {
    const shul = await asA(() => db.synagogue.findFirst({ select: { name: true, devices: { select: { name: true } } } }));
    expect(shul).toEqual({ name: `shul of ${A}`, devices: [{ name: `display of ${A}` }] });
  });
});
