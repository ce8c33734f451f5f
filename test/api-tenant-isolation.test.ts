import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentResourceNames, contentResources, type ContentResourceName } from '../cloud-sync/protocol/api/content-api.js';
import type { ApiClient } from './support/cloud-api.js';
import { JERUSALEM } from './support/cloud-api.js';
import { CloudStack } from './support/cloud-stack.js';
import { contentSamples } from './support/content-samples.js';

/** What one customer owns, every resource of it, made through the API as that customer. */
interface Owned {
  rows: Record<string, string>;
  deviceId: string;
  releaseId: string;
  commandId: string;
  batchId: string;
}

let stack: CloudStack;
const owned: Record<'a' | 'b', Owned> = {} as never;
const RELEASE = { version: '1.2.0', url: 'https://updates.example/luach-1.2.0.deb', sha256: 'a'.repeat(64), signature: 'sig' };

async function seed(client: ApiClient, name: string): Promise<Owned> {
  const synagogue = await client.post('/synagogues', { ...JERUSALEM, name });
  const device = await client.post('/devices', { name: `${name} hall`, synagogueId: synagogue.json.id });
  const deviceId = device.json.id as string;
  const samples = contentSamples({}, deviceId);
  const rows: Record<string, string> = { Synagogue: synagogue.json.id as string };
  for (const resource of contentResourceNames.filter((r) => r !== 'Synagogue')) {
    const created = await client.post(`/${contentResources[resource].path}`, samples[resource]);
    expect(created.status, `${resource}: ${created.text}`).toBe(201);
    rows[resource] = created.json.id as string;
  }
  const release = await client.post('/releases', RELEASE);
  const command = await client.post(`/devices/${deviceId}/commands`, { type: 'identify', params: { seconds: 5 } });
  const batch = await client.post('/batch-commands', { type: 'reload-display', deviceIds: [deviceId] });
  expect([release.status, command.status, batch.status]).toEqual([201, 202, 202]);
  return { rows, deviceId, releaseId: release.json.id as string, commandId: command.json.commandId as string, batchId: batch.json.id as string };
}

/** Every read path of a customer's rows, by id. */
function byId(o: Owned): string[] {
  return [
    ...contentResourceNames.map((r) => `/${contentResources[r].path}/${o.rows[r]}`),
    `/devices/${o.deviceId}`,
    `/devices/${o.deviceId}/preview`,
    `/devices/${o.deviceId}/commands`,
    `/devices/${o.deviceId}/screenshots`,
    `/releases/${o.releaseId}`,
    `/releases/${o.releaseId}/statuses`,
    `/commands/${o.commandId}`,
    `/batch-commands/${o.batchId}`,
    `/batch-commands/${o.batchId}/results`,
  ];
}

const LISTS = [...contentResourceNames.map((r) => `/${contentResources[r].path}`), '/devices', '/releases', '/batch-commands', '/audit'];
const ids = async (client: ApiClient, path: string) => {
  const answer = await client.get(`${path}?limit=200`);
  expect(answer.status, `${path}: ${answer.text}`).toBe(200);
  return new Set(answer.json.items!.map((row) => String(row.id)));
};

beforeAll(async () => {
  stack = await CloudStack.start({}, 'isolation');
  owned.a = await seed(stack.api.a, 'Ohel Moshe');
  owned.b = await seed(stack.api.b, 'Heichal Shlomo');
}, 120_000);
afterAll(async () => stack?.stop());

describe('the tenant rule at the edge', () => {
  it("gives a customer none of the other's rows by id: every read is a 404", async () => {
    for (const path of byId(owned.a)) expect((await stack.api.b.get(path)).status, path).toBe(404);
    for (const path of byId(owned.b)) expect((await stack.api.a.get(path)).status, path).toBe(404);
  });

  it("lists a customer's own rows only, in every list", async () => {
    for (const path of LISTS) {
      const seenByB = await ids(stack.api.b, path);
      for (const id of Object.values(owned.a.rows).concat(owned.a.deviceId, owned.a.releaseId, owned.a.batchId))
        expect(seenByB.has(id), `${path} shows A's ${id} to B`).toBe(false);
      expect(seenByB.size, path).toBeGreaterThan(0);
    }
  });

  it("lets a customer neither change nor delete the other's rows, even with If-Match: *, and nothing changes", async () => {
    const star = { 'If-Match': '*' };
    for (const resource of contentResourceNames) {
      const path = `/${contentResources[resource].path}/${owned.a.rows[resource]}`;
      const body = resource === 'Synagogue' ? { name: 'taken' } : resource === 'GeneralMessage' ? { body: 'taken' } : {};
      expect((await stack.api.b.call('PATCH', path, body, star)).status, path).toBe(404);
      expect((await stack.api.b.call('DELETE', path, undefined, star)).status, path).toBe(404);
      expect((await stack.api.a.get(path)).status, path).toBe(200);
    }
    for (const path of [`/devices/${owned.a.deviceId}`, `/releases/${owned.a.releaseId}`])
      expect((await stack.api.b.call('PATCH', path, { name: 'taken', rolloutPercent: 1 }, star)).status, path).toBeOneOf([400, 404]);
    expect((await stack.api.b.call('DELETE', `/devices/${owned.a.deviceId}`, undefined, star)).status).toBe(404);
    expect((await stack.api.b.post(`/devices/${owned.a.deviceId}/revoke`, {})).status).toBe(404);
    expect((await stack.api.b.post(`/devices/${owned.a.deviceId}/pairing-code`, {})).status).toBe(404);
    expect((await stack.api.a.get(`/synagogues/${owned.a.rows.Synagogue}`)).json.name).toBe('Ohel Moshe');
  });

  it("lets a customer neither preview, command nor batch-command the other's screens", async () => {
    expect((await stack.api.b.post(`/devices/${owned.a.deviceId}/preview`, {})).status).toBe(404);
    expect((await stack.api.b.post(`/devices/${owned.a.deviceId}/commands`, { type: 'reboot' })).status).toBe(404);
    const batch = await stack.api.b.post('/batch-commands', { type: 'reboot', deviceIds: [owned.a.deviceId, owned.b.deviceId] });
    expect(batch).toMatchObject({ status: 400, json: { error: 'invalid-body', fields: { deviceIds: expect.stringContaining(owned.a.deviceId) } } });
    expect((await stack.api.b.post('/batch-commands', { type: 'reboot', synagogueId: owned.a.rows.Synagogue })).status).toBe(400);
    const history = await stack.api.a.get(`/devices/${owned.a.deviceId}/commands`);
    expect(history.json.items!.map((c) => c.type)).not.toContain('reboot');
  });

  it('lets a customer link nothing to the other’s rows: a device into their synagogue, settings onto their screen, a release to their screens', async () => {
    expect((await stack.api.b.post('/devices', { name: 'sneaky', synagogueId: owned.a.rows.Synagogue })).status).toBe(400);
    expect((await stack.api.b.post('/device-settings', { deviceId: owned.a.deviceId, language: 'en' })).status).toBe(400);
    expect((await stack.api.b.post('/releases', { ...RELEASE, targetDeviceIds: [owned.a.deviceId] })).status).toBe(400);
  });

  it('shows the admin every customer’s rows', async () => {
    for (const path of LISTS.filter((p) => p !== '/audit')) {
      const seen = await ids(stack.api.admin, path);
      const rowsOf = (o: Owned) => (path === '/devices' ? [o.deviceId] : path === '/releases' ? [o.releaseId] : path === '/batch-commands' ? [o.batchId] : []);
      const resource = contentResourceNames.find((r) => `/${contentResources[r].path}` === path) as ContentResourceName | undefined;
      for (const o of [owned.a, owned.b]) for (const id of resource ? [o.rows[resource]!] : rowsOf(o)) expect(seen.has(id), `${path} ${id}`).toBe(true);
    }
    for (const path of [...byId(owned.a), ...byId(owned.b)]) expect((await stack.api.admin.get(path)).status, path).toBe(200);
  });

  it('shows the admin acting as B exactly B’s rows', async () => {
    const asB = stack.api.admin.actingAs(stack.api.b.userId);
    for (const path of LISTS) expect(await ids(asB, path), path).toEqual(await ids(stack.api.b, path));
    for (const path of byId(owned.a)) expect((await asB.get(path)).status, path).toBe(404);
    for (const path of byId(owned.b)) expect((await asB.get(path)).status, path).toBe(200);
  });

  it('refuses x-customer-context from a customer with 403, whatever it names, and an unknown customer from an admin with 400', async () => {
    for (const named of [stack.api.a.userId, stack.api.b.userId, 'nobody'])
      expect(await stack.api.a.actingAs(named).get('/synagogues')).toMatchObject({ status: 403, json: { error: 'customer-context-forbidden' } });
    expect(await stack.api.admin.actingAs('nobody').get('/synagogues')).toMatchObject({ status: 400, json: { error: 'unknown-customer' } });
    expect(await stack.api.admin.actingAs(stack.api.admin.userId).get('/synagogues')).toMatchObject({ status: 400, json: { error: 'unknown-customer' } });
  });

  it('makes an admin name the customer before creating anything, and records both in the audit trail', async () => {
    expect(await stack.api.admin.post('/messages', { body: 'whose?' })).toMatchObject({ status: 400, json: { error: 'customer-context-required' } });
    const asB = stack.api.admin.actingAs(stack.api.b.userId);
    const created = await asB.post('/messages', { body: 'From the office: the shul is closed on Tuesday' });
    expect(created).toMatchObject({ status: 201, json: { userId: stack.api.b.userId } });
    const trail = await stack.api.b.get(`/audit?entityId=${String(created.json.id)}`);
    expect(trail.json.items).toEqual([
      expect.objectContaining({
        action: 'create',
        entityType: 'GeneralMessage',
        userId: stack.api.b.userId,
        actorId: stack.api.admin.userId,
        actorRole: 'admin',
      }),
    ]);
  });
});
