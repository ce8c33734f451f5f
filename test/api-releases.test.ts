import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudApi } from './support/cloud-api.js';

let api: CloudApi;
const RELEASE = { version: '1.3.0', url: 'https://updates.example/luach-1.3.0.deb', sha256: 'b'.repeat(64), signature: 'sig-1.3.0' };

beforeAll(async () => {
  api = await CloudApi.start();
});
afterAll(async () => api?.stop());

describe('releases', () => {
  it('go from draft to published, paused and withdrawn, and never back from withdrawn', async () => {
    const created = await api.a.post('/releases', { ...RELEASE, rolloutPercent: 10 });
    expect(created).toMatchObject({ status: 201, json: { status: 'draft', rolloutPercent: 10, publishedAt: null, devices: {} } });
    const path = `/releases/${String(created.json.id)}`;
    const published = await api.a.patch(path, { status: 'published', rolloutPercent: 50 });
    expect(published.json).toMatchObject({ status: 'published', rolloutPercent: 50, publishedAt: expect.any(String) });
    expect(await api.a.patch(path, { url: 'https://updates.example/other.deb' })).toMatchObject({
      status: 409,
      json: { error: 'artifact-frozen', fields: { url: expect.any(String) } },
    });
    expect((await api.a.patch(path, { status: 'paused' })).json.status).toBe('paused');
    expect((await api.a.patch(path, { status: 'withdrawn' })).json.status).toBe('withdrawn');
    expect(await api.a.patch(path, { status: 'published' })).toMatchObject({ status: 409, json: { error: 'invalid-transition' } });
  });

  it('take the row the release script prints (its size and downgrade mark too), frozen with the artifact once published', async () => {
    const created = await api.a.post('/releases', { ...RELEASE, version: '1.2.9', sizeBytes: 31_457_280, allowDowngrade: true });
    expect(created).toMatchObject({ status: 201, json: { sizeBytes: 31_457_280, allowDowngrade: true } });
    const path = `/releases/${String(created.json.id)}`;
    await api.a.patch(path, { status: 'published' });
    expect(await api.a.patch(path, { allowDowngrade: false })).toMatchObject({
      status: 409,
      json: { error: 'artifact-frozen', fields: { allowDowngrade: expect.any(String) } },
    });
    expect((await api.a.get(path)).json).toMatchObject({ sizeBytes: 31_457_280, allowDowngrade: true });
  });

  it('refuse a bad artifact, naming the field', async () => {
    const refused = await api.a.post('/releases', { ...RELEASE, sha256: 'not-hex', url: 'ftp://x', rolloutPercent: 140 });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.json.fields!).sort()).toEqual(['rolloutPercent', 'sha256', 'url']);
  });

  it('show each device’s update status to its owner only', async () => {
    const deviceId = (await api.a.post('/devices', { name: 'Hall' })).json.id as string;
    const release = await api.a.post('/releases', { ...RELEASE, targetDeviceIds: [deviceId] });
    await api.cloud.as(api.a.userId, (db) =>
      db.updateStatus.create({
        data: {
          userId: api.a.userId,
          deviceId,
          softwareUpdateId: String(release.json.id),
          state: 'failed',
          toVersion: '1.3.0',
          error: 'signature did not verify',
        },
      }),
    );
    expect((await api.a.get(`/releases/${String(release.json.id)}`)).json.devices).toEqual({ failed: 1 });
    expect((await api.a.get(`/releases/${String(release.json.id)}/statuses`)).json.items).toEqual([
      expect.objectContaining({ deviceId, state: 'failed', error: 'signature did not verify' }),
    ]);
    expect((await api.b.get(`/releases/${String(release.json.id)}/statuses`)).status).toBe(404);
    expect((await api.a.get(`/devices/${deviceId}`)).json.alerts).toContainEqual(
      expect.objectContaining({ kind: 'update-failed', message: expect.stringContaining('signature did not verify') }),
    );
  });
});
