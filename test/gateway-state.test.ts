import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TargetState } from '../cloud-sync/protocol/target-state.js';
import { createGateway, type Gateway } from '../cloud-sync/server/gateway.js';
import { tenantOwned } from '../prisma/tenancy/index.js';
import { capturingLogger, GatewayCloud, postJson } from './support/gateway-cloud.js';

const A = 'tenant-a';
const B = 'tenant-b';
let cloud: GatewayCloud;
let gateway: Gateway;
let url: string;
const log = capturingLogger();
const tokens: Record<string, string> = {};

/** Both tenants hold rows with the same names and shapes; only their ids and times differ. */
async function seedContent(tenant: string, shacharit: string) {
  return cloud.as(tenant, async (db) => {
    const tfila = await db.tfilaTime.create({
      data: tenantOwned({ name: 'שחרית', category: 'shacharit', time: { kind: 'fixed', time: shacharit }, sortOrder: 1 }),
    });
    await db.tfilaTime.create({
      data: tenantOwned({
        name: 'מנחה',
        category: 'mincha',
        time: { kind: 'zman', zman: 'sunset', offsetMinutes: -15 },
        rounding: { mode: 'down', step: 5 },
        dayKinds: ['weekday'],
      }),
    });
    await db.generalMessage.create({ data: tenantOwned({ body: `Kiddush after Musaf (${tenant})`, startsAt: new Date('2026-11-20T00:00:00Z') }) });
    await db.hanzch.create({ data: tenantOwned({ name: `Yahrzeit of ${tenant}`, hebrewDay: 3, hebrewMonth: 'Kislev' }) });
    await db.shior.create({ data: tenantOwned({ title: 'Daf Yomi', time: { kind: 'fixed', time: '21:00' }, daysOfWeek: [0, 1, 2, 3, 4] }) });
    await db.olieLatora.create({ data: tenantOwned({ date: '2026-11-28', aliyah: 'Kohen', personName: `Cohen of ${tenant}` }) });
    await db.screenTimer.create({ data: tenantOwned({ slide: 'prayerTimes' }) });
    await db.aliyaNotification.create({ data: tenantOwned({ date: '2026-11-28', personName: `Bar mitzvah of ${tenant}` }) });
    await db.dailyContentPreference.create({ data: tenantOwned({ learning: ['dafYomi', 'mishnaYomi'] }) });
    await db.holidayTimes.create({
      data: tenantOwned({
        title: 'Chanukah',
        dateFrom: '2026-12-05',
        dateTo: '2026-12-12',
        replacesRegular: false,
        times: [{ name: 'Candles', time: { kind: 'zman', zman: 'sunset', offsetMinutes: 0 }, sortOrder: 0 }],
      }),
    });
    return tfila.id;
  });
}

async function getState(token: string | undefined, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/device/v1/state`, { headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } });
  const text = await response.text();
  return { status: response.status, etag: response.headers.get('etag'), text, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

let shacharitA: string;
beforeAll(async () => {
  cloud = GatewayCloud.open();
  await cloud.addTenant(A, { deviceId: 'device-a', synagogueName: 'Beit Knesset Ohel Moshe' });
  await cloud.addTenant(B, { deviceId: 'device-b', synagogueName: 'Heichal Shlomo' });
  shacharitA = await seedContent(A, '06:45');
  await seedContent(B, '07:10');
  await cloud.as(A, (db) =>
    db.deviceSettings.create({
      data: tenantOwned({ deviceId: 'device-a', language: 'en', theme: 'dark', transitions: 'simple', yahrzeitWindow: { kind: 'days', days: 10 } }),
    }),
  );
  gateway = createGateway({ prisma: cloud.db, logger: log.logger });
  ({ url } = await gateway.start(0));
  for (const [tenant, deviceId] of [
    [A, 'device-a'],
    [B, 'device-b'],
  ] as const) {
    const { code } = await cloud.pairingCode(tenant, deviceId);
    tokens[deviceId] = (await postJson(`${url}/device/v1/pair`, { code })).json.token as string;
  }
});
afterAll(async () => {
  await gateway?.stop();
  await cloud?.dispose();
});

describe('GET /device/v1/state', () => {
  it("serves a paired device its own tenant's synagogue and content, and none of the other tenant's", async () => {
    const { status, json, text } = await getState(tokens['device-a']);
    expect(status).toBe(200);
    const state = TargetState.parse(json);
    expect(state.synagogue.name).toBe('Beit Knesset Ohel Moshe');
    expect(state.settings).toMatchObject({ language: 'en', theme: 'dark', transitions: 'simple', yahrzeitWindow: { kind: 'days', days: 10 } });
    expect(state.configuration).toMatchObject({ syncCron: '*/15 * * * *', heartbeatSeconds: 30 });
    for (const name of Object.keys(state.content) as (keyof typeof state.content)[])
      expect(state.content[name], name).toHaveLength(name === 'TfilaTime' ? 2 : 1);
    expect(state.content.TfilaTime.map((t) => t.time)).toContainEqual({ kind: 'fixed', time: '06:45' });
    expect(text).not.toMatch(/tenant-b|Heichal Shlomo|07:10/);
    expect(text).not.toMatch(/userId|createdAt|credential/);

    const other = TargetState.parse((await getState(tokens['device-b'])).json);
    expect(other.synagogue.name).toBe('Heichal Shlomo');
    expect(other.settings.language).toBe('he');
    // No settings of its own: the device decides how its screen moves.
    expect(other.settings).not.toHaveProperty('transitions');
    const idsOfA = new Set(state.content.TfilaTime.map((t) => t.id));
    expect(other.content.TfilaTime.filter((t) => idsOfA.has(t.id))).toEqual([]);
  });

  it('leaves out wire fields Prisma cannot leave out: empty day lists, nulls', async () => {
    const { json } = await getState(tokens['device-a']);
    const rows = (json as { content: { TfilaTime: Record<string, unknown>[] } }).content.TfilaTime;
    const shacharit = rows.find((t) => t.id === shacharitA)!;
    expect(shacharit).not.toHaveProperty('daysOfWeek');
    expect(shacharit).not.toHaveProperty('dayKinds');
    expect(shacharit).not.toHaveProperty('nameEn');
    expect(rows.find((t) => t.id !== shacharitA)).toMatchObject({ dayKinds: ['weekday'] });
  });

  it('answers 304 while nothing changed, and a new ETag once the cloud edits a prayer time', async () => {
    const first = await getState(tokens['device-a']);
    expect(first.etag).toMatch(/^"[\w-]{43}"$/);
    const again = await getState(tokens['device-a'], { 'If-None-Match': first.etag! });
    expect(again.status).toBe(304);
    expect(again.etag).toBe(first.etag);
    expect(await cloud.admin((db) => db.device.findUnique({ where: { id: 'device-a' } }))).toMatchObject({ appliedStateEtag: first.etag, lastIp: '127.0.0.1' });

    await cloud.as(A, (db) => db.tfilaTime.update({ where: { id: shacharitA }, data: { time: { kind: 'fixed', time: '06:40' } } }));
    const changed = await getState(tokens['device-a'], { 'If-None-Match': first.etag! });
    expect(changed.status).toBe(200);
    expect(changed.etag).not.toBe(first.etag);
    expect(changed.text).toContain('06:40');
    // The other tenant's state did not move.
    const b1 = await getState(tokens['device-b']);
    expect((await getState(tokens['device-b'], { 'If-None-Match': b1.etag! })).status).toBe(304);
  });

  it('leaves out a row that fails the wire schema, logs its id and field, and delivers the rest', async () => {
    const bad = await cloud.as(A, (db) => db.tfilaTime.create({ data: tenantOwned({ name: 'Broken', time: { kind: 'fixed', time: '25:99' } }) }));
    const { status, json } = await getState(tokens['device-a']);
    expect(status).toBe(200);
    const state = TargetState.parse(json);
    expect(state.content.TfilaTime.map((t) => t.id)).not.toContain(bad.id);
    expect(state.content.TfilaTime).toHaveLength(2);
    expect(state.content.GeneralMessage).toHaveLength(1);
    const line = log.lines.find((l) => l.rowId === bad.id);
    expect(line).toMatchObject({ collection: 'TfilaTime', deviceId: 'device-a' });
    expect(line!.fields).toContain('time.time');
    await cloud.as(A, (db) => db.tfilaTime.delete({ where: { id: bad.id } }));
  });

  it('refuses a missing, malformed, wrong or unknown token with 401 and tells nothing about the state', async () => {
    const good = tokens['device-a']!;
    const [credentialId, secret] = good.split('.') as [string, string];
    const attempts = [undefined, 'not-a-token', `${credentialId}.${secret.slice(0, -2)}xx`, `dc_unknownCredential0.${secret}`, tokens['device-b']];
    for (const token of attempts) {
      const { status, text } = await getState(token, token === tokens['device-b'] ? { 'X-Luach-Device': 'device-a' } : {});
      expect(status, String(token)).toBe(401);
      expect(JSON.parse(text)).toEqual({ error: 'unauthorized', message: expect.stringMatching(/pair the device again/) });
    }
    expect(JSON.stringify(log.lines)).not.toContain(secret);
  });

  it('refuses a revoked device and a disabled one', async () => {
    await cloud.admin((db) => db.device.update({ where: { id: 'device-b' }, data: { revokedAt: new Date() } }));
    expect((await getState(tokens['device-b'])).status).toBe(401);
    await cloud.admin((db) => db.device.update({ where: { id: 'device-b' }, data: { revokedAt: null, status: 'disabled' } }));
    expect((await getState(tokens['device-b'])).status).toBe(401);
    await cloud.admin((db) => db.device.update({ where: { id: 'device-b' }, data: { status: 'active' } }));
    expect((await getState(tokens['device-b'])).status).toBe(200);
  });

  it('says what to fix when the device has no synagogue', async () => {
    await cloud.admin((db) => db.device.update({ where: { id: 'device-b' }, data: { synagogueId: null } }));
    const { status, json } = await getState(tokens['device-b']);
    expect(status).toBe(409);
    expect(json).toMatchObject({ error: 'state-unavailable', message: expect.stringMatching(/no synagogue; assign one/) });
  });
});

describe('bad requests', () => {
  it('answers unknown paths, wrong methods and bad bodies with a JSON error', async () => {
    expect((await fetch(`${url}/device/v1/nothing`)).status).toBe(404);
    const wrongMethod = await fetch(`${url}/device/v1/state`, { method: 'POST' });
    expect([wrongMethod.status, wrongMethod.headers.get('allow')]).toEqual([405, 'GET']);
    expect((await postJson(`${url}/device/v1/pair`, '{not json')).json).toMatchObject({ error: 'invalid-json' });
    expect((await postJson(`${url}/device/v1/pair`, { pin: 1 })).json).toMatchObject({ error: 'invalid-body', message: expect.stringContaining('"code"') });
    const plain = await fetch(`${url}/device/v1/pair`, { method: 'POST', body: 'code=ABCD' });
    expect(plain.status).toBe(415);
    expect((await postJson(`${url}/device/v1/pair`, { code: 'x'.repeat(4000) })).status).toBe(413);
  });
});
