import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudApi, JERUSALEM } from './support/cloud-api.js';

let api: CloudApi;
let synagogueId: string;
let deviceId: string;

const counts = async () => ({
  messages: (await api.a.get('/messages')).json.total,
  rules: (await api.a.get('/prayer-times')).json.total,
  yahrzeits: (await api.a.get('/yahrzeits')).json.total,
  audit: (await api.a.get('/audit')).json.total,
});

beforeAll(async () => {
  api = await CloudApi.start();
  synagogueId = (await api.a.post('/synagogues', JERUSALEM)).json.id as string;
  deviceId = (await api.a.post('/devices', { name: 'Main hall', synagogueId })).json.id as string;
});
afterAll(async () => api?.stop());

describe('two gabbaim editing the same row', () => {
  it('the second, holding an old ETag, is refused with 412 and overwrites nothing', async () => {
    const rule = await api.a.post('/prayer-times', { name: 'שחרית', category: 'shacharit', time: { kind: 'fixed', time: '06:30' } });
    const path = `/prayer-times/${String(rule.json.id)}`;
    const etag = rule.headers.get('etag')!;
    const first = await api.a.call('PATCH', path, { time: { kind: 'fixed', time: '06:45' } }, { 'If-Match': etag });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).not.toBe(etag);
    const second = await api.a.call('PATCH', path, { time: { kind: 'fixed', time: '07:00' } }, { 'If-Match': etag });
    expect(second).toMatchObject({ status: 412, json: { error: 'precondition-failed' } });
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect((await api.a.get(path)).json.time).toEqual({ kind: 'fixed', time: '06:45' });
    expect(await api.a.call('DELETE', path, undefined, { 'If-Match': etag })).toMatchObject({ status: 412 });
  });

  it('a change without If-Match is refused with 428', async () => {
    const message = await api.a.post('/messages', { body: 'Shiur cancelled tonight' });
    expect(await api.a.call('PATCH', `/messages/${String(message.json.id)}`, { urgent: true })).toMatchObject({
      status: 428,
      json: { error: 'precondition-required' },
    });
    expect(await api.a.call('DELETE', `/messages/${String(message.json.id)}`)).toMatchObject({ status: 428 });
  });
});

describe('clearing a field', () => {
  it('null clears a rule’s lists and its rounding, as the console’s editor sends them', async () => {
    const rule = await api.a.post('/prayer-times', {
      name: 'מנחה',
      category: 'mincha',
      time: { kind: 'zman', zman: 'sunset', offsetMinutes: -15 },
      rounding: { mode: 'down', step: 5 },
      daysOfWeek: [0, 1, 2, 3, 4],
      excludeDayKinds: ['yomTov'],
    });
    const path = `/prayer-times/${String(rule.json.id)}`;
    const cleared = await api.a.patch(path, { rounding: null, daysOfWeek: null, dayKinds: null, excludeDayKinds: null, replaces: null });
    expect(cleared.status).toBe(200);
    const row = (await api.a.get(path)).json;
    expect(row.rounding).toBeUndefined();
    expect(row.excludeDayKinds ?? []).toEqual([]);
    expect(row.daysOfWeek ?? []).toEqual([]);
  });
});

describe('bad bodies', () => {
  it('get 400 with one message per field, and write nothing', async () => {
    const before = await counts();
    const wrongTypes = await api.a.post('/prayer-times', {
      name: 7,
      category: 'lunch',
      time: { kind: 'fixed', time: '25:61' },
      daysOfWeek: [9],
      colour: 'red',
    });
    expect(wrongTypes.status).toBe(400);
    expect(wrongTypes.json).toMatchObject({ error: 'invalid-body', message: expect.stringContaining('time.time: expected a time as HH:mm') });
    expect(Object.keys(wrongTypes.json.fields!).sort()).toEqual(['category', 'colour', 'daysOfWeek.0', 'name', 'time.time']);
    expect(wrongTypes.json.fields!.colour).toMatch(/unknown field/);
    expect(await api.a.post('/prayer-times', '{"name": "שחרית", ')).toMatchObject({ status: 400, json: { error: 'invalid-json' } });
    expect(await api.a.post('/messages', [])).toMatchObject({ status: 400, json: { error: 'invalid-body' } });
    expect(await api.a.post('/yahrzeits', { name: 'no date at all' })).toMatchObject({
      status: 400,
      json: { message: expect.stringContaining('a yahrzeit needs diedOn, or hebrewDay and hebrewMonth') },
    });
    expect((await api.a.post('/messages', { body: 'x'.repeat(1_100_000) })).status).toBe(413);
    expect(await api.a.call('POST', '/messages', 'body=hi', { 'Content-Type': 'application/x-www-form-urlencoded' })).toMatchObject({
      status: 415,
      json: { error: 'unsupported-media-type' },
    });
    expect(await api.a.get('/messages?limit=0')).toMatchObject({
      status: 400,
      json: { error: 'invalid-query', fields: { 'query.limit': expect.any(String) } },
    });
    expect(await api.a.get('/messages?cursor=%%%')).toMatchObject({ status: 400, json: { error: 'invalid-query' } });
    expect(await counts()).toEqual(before);
  });

  it('checks the merged row: a change that breaks it is refused and the row stays as it was', async () => {
    const yahrzeit = await api.a.post('/yahrzeits', { name: 'Avraham ben Yitzchak', hebrewDay: 10, hebrewMonth: 'Tevet' });
    const path = `/yahrzeits/${String(yahrzeit.json.id)}`;
    expect(await api.a.patch(path, { hebrewMonth: null })).toMatchObject({
      status: 400,
      json: { message: expect.stringContaining('a yahrzeit needs diedOn') },
    });
    expect((await api.a.get(path)).json.hebrewMonth).toBe('Tevet');
    const changed = await api.a.patch(path, { hebrewMonth: null, hebrewDay: null, diedOn: '1998-03-12', afterSunset: true });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ diedOn: '1998-03-12', afterSunset: true });
    expect(changed.json).not.toHaveProperty('hebrewMonth');
  });
});

describe('lists', () => {
  it('page through every row once, oldest first, with the total', async () => {
    for (let i = 0; i < 120; i++) expect((await api.b.post('/messages', { body: `message ${i}` })).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await api.b.get(`/messages?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.json.total).toBe(120);
      seen.push(...page.json.items!.map((m) => String(m.body)));
      cursor = page.json.nextCursor as string | null;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => `message ${i}`));
  });
});

describe('settings', () => {
  it('are one document per device, refused twice, and null clears an optional one', async () => {
    const created = await api.a.post('/device-settings', { deviceId, language: 'en', screenOffCron: '0 23 * * *' });
    expect(created).toMatchObject({ status: 201, json: { deviceId, language: 'en', theme: 'classic' } });
    expect(await api.a.post('/device-settings', { deviceId })).toMatchObject({ status: 409 });
    const cleared = await api.a.patch(`/device-settings/${String(created.json.id)}`, { screenOffCron: null, candleLightingMinutes: 40 });
    expect(cleared.json).toMatchObject({ language: 'en', candleLightingMinutes: 40 });
    expect(cleared.json).not.toHaveProperty('screenOffCron');
    expect((await api.a.get(`/device-settings?deviceId=${deviceId}`)).json.items).toHaveLength(1);
  });

  it('a synagogue with screens cannot be deleted until they move', async () => {
    expect(await api.a.remove(`/synagogues/${synagogueId}`)).toMatchObject({ status: 409, json: { error: 'synagogue-in-use' } });
  });
});

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1, public, and describes every resource with the wire’s schemas', async () => {
    const response = await fetch(`${api.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/api/v1/prayer-times',
      '/api/v1/prayer-times/{id}',
      '/api/v1/devices/{id}/preview',
      '/api/v1/batch-commands',
      '/api/v1/releases/{id}',
      '/api/v1/session',
      '/api/v1/yahrzeits.csv',
      '/device/v1/pair',
    ])
      expect(doc.paths, path).toHaveProperty([path]);
    const ref = (doc.paths['/api/v1/prayer-times']!.post!.requestBody!.content['application/json']!.schema as { $ref: string }).$ref;
    const body = JSON.stringify(doc.components.schemas[ref.split('/').at(-1)!]);
    expect(body).toContain('^([01]\\\\d|2[0-3]):[0-5]\\\\d$');
    expect(body).toContain('sofZmanShmaGra');
    for (const model of ['NewTfilaTime', 'NewGeneralMessage', 'NewHanzch', 'HanzchPatch', 'Hanzch'])
      expect(doc.components.schemas[model], model).toHaveProperty(['properties', 'synagogueId']);
    expect(doc.components.schemas).toHaveProperty('ApiError');
    expect(doc.components.schemas).toHaveProperty('FleetDevice');
  });
});
