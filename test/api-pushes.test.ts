import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JERUSALEM } from './support/cloud-api.js';
import { CloudStack } from './support/cloud-stack.js';
import { pairedScreen, type PairedScreen } from './support/paired-screen.js';

let stack: CloudStack;
let hallA: PairedScreen;
let midrashA: PairedScreen;
let screenB: PairedScreen;
let synagogueA: string;
let marker = 0;

/** Every nudge sent so far has reached `screen`: a marker sent after them arrives after them. */
async function nudgesOf(screen: PairedScreen): Promise<number> {
  await stack.gateway.nudger.flush();
  const id = `marker-${++marker}`;
  await stack.ingest.publish(screen.topics.stateChanged, { v: 1, etag: id });
  await screen.mqtt.waitFor((m) => (m.json as { etag?: string }).etag === id, 10_000, 'the marker');
  return screen.mqtt.received.filter((m) => m.topic === screen.topics.stateChanged && !(m.json as { etag?: string }).etag?.startsWith('marker-')).length;
}

beforeAll(async () => {
  stack = await CloudStack.start({}, 'pushes');
  const { a, b } = stack.api;
  synagogueA = (await a.post('/synagogues', JERUSALEM)).json.id as string;
  const otherA = (await a.post('/synagogues', { ...JERUSALEM, name: 'Beit Midrash' })).json.id;
  hallA = await pairedScreen(a, stack.broker.url, { name: 'Hall', synagogueId: synagogueA });
  midrashA = await pairedScreen(a, stack.broker.url, { name: 'Midrash', synagogueId: otherA });
  screenB = await pairedScreen(b, stack.broker.url, { name: 'B hall', synagogueId: (await b.post('/synagogues', JERUSALEM)).json.id });
});
afterAll(async () => {
  for (const screen of [hallA, midrashA, screenB]) await screen?.mqtt.close();
  await stack?.stop();
});

describe('pushes', () => {
  it('nudge every screen of the tenant after a content edit, and no screen of another tenant', async () => {
    const before = await Promise.all([hallA, midrashA, screenB].map(nudgesOf));
    expect((await stack.api.a.post('/messages', { body: 'Kiddush after Musaf' })).status).toBe(201);
    await hallA.mqtt.waitFor(
      (m) => m.topic === hallA.topics.stateChanged && !String((m.json as { etag?: string }).etag).startsWith('marker-'),
      5_000,
      'the nudge',
      hallA.mqtt.mark() - 1,
    );
    const after = await Promise.all([hallA, midrashA, screenB].map(nudgesOf));
    expect(after.map((n, i) => n - before[i]!)).toEqual([1, 1, 0]);
  });

  it('gather a 500-row import into one nudge per screen', async () => {
    const before = await Promise.all([hallA, midrashA].map(nudgesOf));
    const rows = Array.from({ length: 500 }, (_, i) => `Name ${i},${1950 + (i % 50)}-0${1 + (i % 9)}-1${i % 10},no`);
    const imported = await stack.api.a.call('POST', '/yahrzeits.csv', ['name,diedOn,afterSunset', ...rows].join('\n'), { 'Content-Type': 'text/csv' });
    expect(imported).toMatchObject({ status: 201, json: { imported: 500 } });
    const after = await Promise.all([hallA, midrashA].map(nudgesOf));
    expect(after.map((n, i) => n - before[i]!)).toEqual([1, 1]);
  });

  it("nudge only a synagogue's own screens when the synagogue changes, and only one screen for its settings", async () => {
    const before = await Promise.all([hallA, midrashA, screenB].map(nudgesOf));
    expect((await stack.api.a.patch(`/synagogues/${synagogueA}`, { nameEn: 'Ohel Moshe' })).status).toBe(200);
    const afterSynagogue = await Promise.all([hallA, midrashA, screenB].map(nudgesOf));
    expect(afterSynagogue.map((n, i) => n - before[i]!)).toEqual([1, 0, 0]);
    expect((await stack.api.a.post('/device-settings', { deviceId: midrashA.deviceId, theme: 'dark' })).status).toBe(201);
    const afterSettings = await Promise.all([hallA, midrashA, screenB].map(nudgesOf));
    expect(afterSettings.map((n, i) => n - afterSynagogue[i]!)).toEqual([0, 1, 0]);
  });

  it('serve the changed state right after the nudge, with the state cache on', async () => {
    const state = () => fetch(`${stack.api.url}/device/v1/state`, { headers: { Authorization: `Bearer ${hallA.paired.token}` } });
    const first = await state();
    const etag = first.headers.get('etag')!;
    expect(
      (await fetch(`${stack.api.url}/device/v1/state`, { headers: { Authorization: `Bearer ${hallA.paired.token}`, 'If-None-Match': etag } })).status,
    ).toBe(304);
    await stack.api.a.post('/messages', { body: 'The mikveh is closed today' });
    const changed = await fetch(`${stack.api.url}/device/v1/state`, { headers: { Authorization: `Bearer ${hallA.paired.token}`, 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain('The mikveh is closed today');
  });
});
