import { afterEach, describe, expect, it } from 'vitest';
import { SYNAGOGUE_FILE_FORMAT, SynagogueFile } from '../cloud-sync/protocol/api/synagogue-file.js';
import { createUser } from '../cloud-sync/server/accounts/users.js';
import { createApiToken } from '../cloud-sync/server/accounts/api-tokens.js';
import { createGateway, type Gateway } from '../cloud-sync/server/gateway.js';
import { ensureStandaloneScreen } from '../cloud-sync/server/standalone-screen.js';
import { demoTargetState } from '../device/demo/demo-state.js';
import { ApiClient } from './support/cloud-api.js';
import { capturingLogger, GatewayCloud } from './support/gateway-cloud.js';

// The gateway inside a standalone screen (what `luach start --standalone` runs), over real HTTP on
// a real SQLite file: the first run's code, and the synagogue moving to a cloud as one JSON file.
const CODE = 'K7M2';
const opened: { cloud: GatewayCloud; gateway: Gateway }[] = [];

async function standaloneGateway() {
  const cloud = GatewayCloud.open();
  const now = new Date();
  const demo = demoTargetState(now);
  const seed = SynagogueFile.parse({
    format: SYNAGOGUE_FILE_FORMAT,
    version: 1,
    exportedAt: now.toISOString(),
    synagogue: demo.synagogue,
    settings: demo.settings,
    content: demo.content,
  });
  const screen = await ensureStandaloneScreen(cloud.db, { hostName: 'shul-pi.local', seed });
  let code: string | null = CODE;
  const gateway = createGateway({
    prisma: cloud.db,
    logger: capturingLogger().logger,
    firstRun: { ownerId: screen.ownerId, code: () => code, completed: () => (code = null) },
  });
  const { url } = await gateway.start(0);
  opened.push({ cloud, gateway });
  const setup = (body: unknown) =>
    fetch(`${url}/api/v1/setup`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { cloud, url, screen, setup, code: () => code };
}

afterEach(async () => {
  for (const { cloud, gateway } of opened.splice(0)) {
    await gateway.stop();
    await cloud.dispose();
  }
});

describe('the first run of a standalone screen', () => {
  it('the code the wall shows, typed in any case, sets the password and signs the phone in; once only', async () => {
    const { url, setup, code } = await standaloneGateway();
    expect(await (await fetch(`${url}/api/v1/setup`)).json()).toEqual({ needed: true, standalone: true });
    const done = await setup({ code: ' k7m-2 ', email: 'gabbai@shul.test', password: 'correct horse battery' });
    expect(done.status).toBe(200);
    const cookie = done.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(code()).toBeNull();
    const session = await fetch(`${url}/api/v1/session`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(await session.json()).toMatchObject({ user: { email: 'gabbai@shul.test', role: 'customer' } });
    expect(await (await fetch(`${url}/api/v1/setup`)).json()).toEqual({ needed: false, standalone: true });
    const again = await setup({ code: CODE, email: 'intruder@shul.test', password: 'another long password' });
    expect(again.status).toBe(409);
    const signIn = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'gabbai@shul.test', password: 'correct horse battery' }),
    });
    expect(signIn.status).toBe(200);
  });

  it('refuses a wrong code beside its field, then limits the tries: past five even the right code waits', async () => {
    const { setup, code } = await standaloneGateway();
    for (let attempt = 0; attempt < 5; attempt++) {
      const wrong = await setup({ code: 'ZZZZ', email: 'guess@shul.test', password: 'guessing all night' });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({ error: 'wrong-setup-code', fields: { code: expect.any(String) } });
    }
    const limited = await setup({ code: CODE, email: 'guess@shul.test', password: 'guessing all night' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(code()).toBe(CODE);
  });

  it('bad bodies get field errors and set nothing', async () => {
    const { setup, code } = await standaloneGateway();
    const short = await setup({ code: CODE, email: 'gabbai@shul.test', password: 'short' });
    expect(short.status).toBe(400);
    expect(await short.json()).toMatchObject({ fields: { password: expect.stringContaining('10 characters') } });
    const notEmail = await setup({ code: CODE, email: 'not an email', password: 'correct horse battery' });
    expect(await notEmail.json()).toMatchObject({ fields: { email: expect.any(String) } });
    expect((await setup('nonsense' as never)).status).toBe(400);
    expect(code()).toBe(CODE);
  });
});

describe('a standalone synagogue moving to a cloud account', () => {
  it('exports as one JSON file and imports whole into another account, content and all', async () => {
    const { url, setup } = await standaloneGateway();
    const done = await setup({ code: CODE, email: 'gabbai@shul.test', password: 'correct horse battery' });
    const { csrfToken } = (await done.json()) as { csrfToken: string };
    const cookie = done.headers.get('set-cookie')!.split(';')[0]!;
    const shuls = (await (await fetch(`${url}/api/v1/synagogues`, { headers: { Cookie: cookie } })).json()) as { items: { id: string; name: string }[] };
    const exported = await fetch(`${url}/api/v1/synagogues/${shuls.items[0]!.id}/export`, { headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken } });
    expect(exported.status).toBe(200);
    const file = (await exported.json()) as SynagogueFile;
    expect(file.format).toBe(SYNAGOGUE_FILE_FORMAT);

    const cloud = GatewayCloud.open();
    const gateway = createGateway({ prisma: cloud.db, logger: capturingLogger().logger });
    opened.push({ cloud, gateway });
    const started = await gateway.start(0);
    const user = await createUser(cloud.db, { email: 'gabbai@cloud.test', password: 'correct horse battery', role: 'customer' });
    const client = new ApiClient(started.url, user.id, (await createApiToken(cloud.db, user.id, { name: 'move' })).token);
    const imported = await client.post('/synagogues/import', file);
    expect(imported.status).toBe(201);
    expect((await client.get('/synagogues')).json.items![0]).toMatchObject({ name: shuls.items[0]!.name });
    for (const [path, rows] of [
      ['/prayer-times', file.content.TfilaTime],
      ['/messages', file.content.GeneralMessage],
      ['/yahrzeits', file.content.Hanzch],
    ] as const)
      expect((await client.get(`${path}?limit=1`)).json.total, path).toBe(rows?.length ?? 0);

    const broken = await client.post('/synagogues/import', { ...file, content: { ...file.content, TfilaTime: [{ name: '' }] } });
    expect(broken.status).toBe(400);
    expect((await client.get('/synagogues')).json.total).toBe(1);
  });
});
