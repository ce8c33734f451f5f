import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Linter, type ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './prisma-cli.js';

// The rule is plain JavaScript (loaded by eslint.config.js); import it by URL so TypeScript
// does not need declarations for it.
const RULE_FILE = path.join(REPO_ROOT, 'scripts', 'lint', 'no-manual-tenant-filter.js');
let plugin: ESLint.Plugin;
beforeAll(async () => {
  plugin = ((await import(pathToFileURL(RULE_FILE).href)) as { default: ESLint.Plugin }).default;
});

function lint(code: string, file: string) {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser as Linter.Parser },
        plugins: { luach: plugin },
        rules: { 'luach/no-manual-tenant-filter': 'error' },
      },
    ],
    { filename: path.join(REPO_ROOT, file) },
  );
}

const violation = `
export async function messages(db: any, userId: string, since: Date) {
  const where = { userId, active: true };
  await db.generalMessage.findMany({ where });
  await db.device.findFirst({ where: { id: 'x', OR: [{ userId }, { name: 'lobby' }] } });
  return db.generalMessage.findMany({ where: { AND: [{ updatedAt: { gt: since } }, { 'userId': userId }] } });
}
`;

const clean = `
export async function messages(db: any, since: Date) {
  const data = { userId: 'stamped anyway', body: 'Kiddush after Musaf' };
  await db.generalMessage.create({ data });
  return db.generalMessage.findMany({ where: { updatedAt: { gt: since } }, include: { _count: { select: { devices: true } } } });
}
`;

describe('luach/no-manual-tenant-filter', () => {
  it('reports every userId written into a where clause under cloud-sync/server', () => {
    const messages = lint(violation, 'cloud-sync/server/state-builder.ts');
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['luach/no-manual-tenant-filter', 3],
      ['luach/no-manual-tenant-filter', 5],
      ['luach/no-manual-tenant-filter', 6],
    ]);
    expect(messages[0]!.message).toMatch(/tenancy extension .* already scopes every query/);
  });

  it('accepts a query that leaves the tenant to the extension', () => {
    expect(lint(clean, 'cloud-sync/server/state-builder.ts')).toEqual([]);
  });

  it("covers the people's API routes, and the filter they hand to listPage", () => {
    const route = `
export async function list(db: any, request: any, listPage: any) {
  await listPage(request.query, (args: any) => db.device.findMany(args), (args: any) => db.device.count(args), { userId: request.principal.user.id });
  return db.synagogue.findMany({ where: { userId: request.headers['x-customer-context'] } });
}
`;
    expect(lint(route, 'cloud-sync/server/api/fleet-routes.ts').map((m) => m.line)).toEqual([3, 4]);
    expect(lint('export const ok = (listPage: any, q: any) => listPage(q, () => [], () => 0, { deviceId: "d" });', 'cloud-sync/server/api/x.ts')).toEqual([]);
  });

  it('guards only cloud-sync/server, and not its tests', () => {
    expect(lint(violation, 'cloud-sync/client/sync.ts')).toEqual([]);
    expect(lint(violation, 'cloud-sync/server/state-builder.test.ts')).toEqual([]);
  });
});
