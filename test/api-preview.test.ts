import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisplayModel } from '../device/model/display-model.js';
import { CloudApi, JERUSALEM } from './support/cloud-api.js';

let api: CloudApi;
let deviceId: string;
/** A Wednesday afternoon in Jerusalem (winter: sunset about 16:38). */
const AT = '2026-11-25T12:00:00+02:00';

beforeAll(async () => {
  api = await CloudApi.start();
  const synagogueId = (await api.a.post('/synagogues', JERUSALEM)).json.id;
  deviceId = (await api.a.post('/devices', { name: 'Main hall', synagogueId })).json.id as string;
  await api.a.post('/prayer-times', {
    name: 'מנחה',
    category: 'mincha',
    time: { kind: 'zman', zman: 'sunset', offsetMinutes: -15 },
    rounding: { mode: 'down', step: 5 },
    sortOrder: 2,
  });
  await api.a.post('/messages', { body: 'Kiddush after Musaf' });
});
afterAll(async () => api?.stop());

const rows = (model: DisplayModel) => model.todayPrayerTimes.map((t) => ({ label: t.label, time: t.time, explanation: t.explanation }));

describe('preview', () => {
  it('returns the DisplayModel the screen would show at that moment, each time with how it was computed', async () => {
    const answer = await api.a.get(`/devices/${deviceId}/preview?at=${encodeURIComponent(AT)}`);
    expect(answer.status).toBe(200);
    const model = answer.json.model as DisplayModel;
    expect(model.header.synagogueName).toBe(JERUSALEM.name);
    const mincha = rows(model).find((r) => r.label === 'מנחה')!;
    expect(mincha.time).toMatch(/^16:[0-5][05]$/);
    expect(mincha.explanation).toMatch(/sunset .* − 15.*rounded down to 5 → 16:\d\d/);
    expect(model.ticker.map((m) => m.body)).toContain('Kiddush after Musaf');
    expect(new Date(model.validUntil).getTime()).toBeGreaterThan(new Date(AT).getTime());
    expect(model.validUntilBecause.length).toBeGreaterThan(0);
  });

  it('previews an unsaved rule and settings without saving them', async () => {
    const draft = { TfilaTime: [{ name: 'ערבית', category: 'maariv', time: { kind: 'zman', zman: 'tzeit', offsetMinutes: 10 }, sortOrder: 3 }] };
    const answer = await api.a.post(`/devices/${deviceId}/preview`, { at: AT, draft, settings: { language: 'en' } });
    expect(answer.status).toBe(200);
    const model = answer.json.model as DisplayModel;
    expect(rows(model).map((r) => r.label)).toContain('ערבית');
    expect(model.locale.language).toBe('en');
    expect((await api.a.get('/prayer-times')).json.total).toBe(1);
  });

  it('shows a draft row of this screen’s synagogue or the account, and not one of another synagogue', async () => {
    const synagogueId = (await api.a.get(`/devices/${deviceId}`)).json.synagogueId as string;
    const elsewhere = (await api.a.post('/synagogues', { ...JERUSALEM, name: 'Beit midrash' })).json.id as string;
    const draft = {
      GeneralMessage: [
        { id: 'here', body: 'For this hall', synagogueId },
        { id: 'there', body: 'For the beit midrash', synagogueId: elsewhere },
      ],
    };
    const model = (await api.a.post(`/devices/${deviceId}/preview`, { at: AT, draft })).json.model as DisplayModel;
    expect(model.ticker.map((m) => m.body)).toEqual(expect.arrayContaining(['For this hall', 'Kiddush after Musaf']));
    expect(model.ticker.map((m) => m.body)).not.toContain('For the beit midrash');
  });

  it('refuses a draft row the wall would refuse, naming the row and field', async () => {
    const answer = await api.a.post(`/devices/${deviceId}/preview`, { draft: { TfilaTime: [{ name: 'bad', time: { kind: 'fixed', time: '7am' } }] } });
    expect(answer).toMatchObject({ status: 400, json: { fields: { 'draft.TfilaTime.0.time.time': expect.stringContaining('HH:mm') } } });
  });

  it('says what to fix when the screen has no synagogue', async () => {
    const lonely = (await api.a.post('/devices', { name: 'In the box' })).json.id as string;
    expect(await api.a.get(`/devices/${lonely}/preview`)).toMatchObject({
      status: 409,
      json: { error: 'state-unavailable', message: expect.stringContaining('no synagogue') },
    });
  });
});
