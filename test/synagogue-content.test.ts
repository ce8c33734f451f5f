import Database from 'better-sqlite3';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLog } from '../device/cache/event-log.js';
import { migrate } from '../device/cache/open-cache.js';
import { applyTargetState, markSynced, readAppliedState, readSnapshot } from '../device/cache/target-state-store.js';
import { VirtualClock } from '../device/clock.js';
import { StateSync } from '../device/sync/state-sync.js';
import { JERUSALEM } from './support/cloud-api.js';
import { CloudStack } from './support/cloud-stack.js';
import { pairedScreen, type PairedScreen } from './support/paired-screen.js';

// Two synagogues of one account (a hall and a beit midrash across the street), a screen in each,
// and another account's screen: what each screen holds, who is nudged, and whose ETag moves.
const NOW = new Date('2026-11-25T10:00:00Z');
let stack: CloudStack;
let hall: PairedScreen;
let midrash: PairedScreen;
let other: PairedScreen;
let hallSynagogue: string;
let midrashSynagogue: string;
let otherAccountsSynagogue: string;
let marker = 0;

/** The state-changed nudges `screen` has had so far (a marker sent after them arrives after them). */
async function nudgesOf(screen: PairedScreen): Promise<number> {
  await stack.gateway.nudger.flush();
  const id = `marker-${++marker}`;
  await stack.ingest.publish(screen.topics.stateChanged, { v: 1, etag: id });
  await screen.mqtt.waitFor((m) => (m.json as { etag?: string }).etag === id, 10_000, 'the marker');
  return screen.mqtt.received.filter((m) => m.topic === screen.topics.stateChanged && !(m.json as { etag?: string }).etag?.startsWith('marker-')).length;
}

/** How many nudges each screen gets from `write`. */
async function nudgesFrom(write: () => Promise<unknown>): Promise<number[]> {
  const screens = [hall, midrash, other];
  const before = await Promise.all(screens.map(nudgesOf));
  await write();
  const after = await Promise.all(screens.map(nudgesOf));
  return after.map((n, i) => n - before[i]!);
}

async function etagOf(screen: PairedScreen): Promise<string> {
  const answer = await fetch(`${stack.api.url}/device/v1/state`, { headers: { Authorization: `Bearer ${screen.paired.token}` } });
  expect(answer.status).toBe(200);
  return answer.headers.get('etag')!;
}

/** A device's own sync (StateSync into a real SQLite cache), and what its wall reads from that cache. */
async function syncedMessages(screen: PairedScreen): Promise<string[]> {
  const db = new Database(':memory:');
  try {
    migrate(db);
    const clock = new VirtualClock(NOW);
    const sync = new StateSync({
      cloud: { apiUrl: stack.api.url, deviceId: screen.deviceId, token: screen.paired.token },
      target: {
        applied: () => readAppliedState(db) ?? undefined,
        apply: (input, tag) => void applyTargetState(db, input, { etag: tag, source: 'cloud', now: clock.now() }),
        confirmed: () => markSynced(db, clock.now()),
      },
      events: new EventLog(db),
      clock,
      logger: pino({ level: 'silent' }),
    });
    await sync.syncNow();
    return readSnapshot(db)!.content.GeneralMessage.map((m) => m.body);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  stack = await CloudStack.start({}, 'synagogue-content');
  const { a, b } = stack.api;
  hallSynagogue = (await a.post('/synagogues', JERUSALEM)).json.id as string;
  midrashSynagogue = (await a.post('/synagogues', { ...JERUSALEM, name: 'בית המדרש' })).json.id as string;
  otherAccountsSynagogue = (await b.post('/synagogues', JERUSALEM)).json.id as string;
  hall = await pairedScreen(a, stack.broker.url, { name: 'Hall', synagogueId: hallSynagogue });
  midrash = await pairedScreen(a, stack.broker.url, { name: 'Beit midrash', synagogueId: midrashSynagogue });
  other = await pairedScreen(b, stack.broker.url, { name: 'Elsewhere', synagogueId: otherAccountsSynagogue });
});
afterAll(async () => {
  for (const screen of [hall, midrash, other]) await screen?.mqtt.close();
  await stack?.stop();
});

describe('content of one synagogue, of the whole account', () => {
  it('reaches each synagogue’s screens with the account’s rows, and never the other synagogue’s, through a real sync', async () => {
    const { a } = stack.api;
    expect((await a.post('/messages', { body: 'Kiddush for the whole community' })).status).toBe(201);
    expect((await a.post('/messages', { body: 'Hall: Shacharit moves upstairs', synagogueId: hallSynagogue })).status).toBe(201);
    expect((await a.post('/messages', { body: 'Beit midrash: the Gemara shiur is cancelled', synagogueId: midrashSynagogue })).status).toBe(201);

    expect(await syncedMessages(hall)).toEqual(['Kiddush for the whole community', 'Hall: Shacharit moves upstairs']);
    expect(await syncedMessages(midrash)).toEqual(['Kiddush for the whole community', 'Beit midrash: the Gemara shiur is cancelled']);
    expect(await syncedMessages(other)).toEqual([]);
  });

  it('refuses a row for a synagogue of another account, naming the field, and stores nothing', async () => {
    const { a } = stack.api;
    const refused = await a.post('/yahrzeits', { name: 'Moshe ben Avraham', diedOn: '1990-03-01', synagogueId: otherAccountsSynagogue });
    expect(refused.status).toBe(400);
    expect(refused.json.fields).toMatchObject({ synagogueId: `no synagogue ${otherAccountsSynagogue} in this account` });
    expect((await a.get('/yahrzeits')).json.items).toEqual([]);

    const message = (await a.post('/messages', { body: 'Mazal tov', synagogueId: hallSynagogue })).json;
    const moved = await a.patch(`/messages/${String(message.id)}`, { synagogueId: otherAccountsSynagogue });
    expect(moved.status).toBe(400);
    expect((await a.get(`/messages/${String(message.id)}`)).json.synagogueId).toBe(hallSynagogue);
  });

  it('nudges only the synagogue’s screens for its own row, both synagogues’ on a move, and all for an account-wide row', async () => {
    const { a } = stack.api;
    let id = '';
    expect(
      await nudgesFrom(async () => {
        id = String((await a.post('/messages', { body: 'Hall only', synagogueId: hallSynagogue })).json.id);
      }),
    ).toEqual([1, 0, 0]);
    expect(await nudgesFrom(() => a.patch(`/messages/${id}`, { synagogueId: midrashSynagogue }))).toEqual([1, 1, 0]);
    expect(await nudgesFrom(() => a.patch(`/messages/${id}`, { synagogueId: null }))).toEqual([1, 1, 0]);
    expect(await nudgesFrom(() => a.patch(`/messages/${id}`, { body: 'Everyone' }))).toEqual([1, 1, 0]);
    expect(await nudgesFrom(() => a.patch(`/messages/${id}`, { synagogueId: hallSynagogue }))).toEqual([1, 1, 0]);
    expect(await nudgesFrom(() => a.remove(`/messages/${id}`))).toEqual([1, 0, 0]);
  });

  it('changes the ETag only of the screens whose synagogue the write touched', async () => {
    const { a } = stack.api;
    const before = { hall: await etagOf(hall), midrash: await etagOf(midrash) };
    await a.post('/shiurim', { title: 'Daf Yomi', time: { kind: 'fixed', time: '06:00' }, synagogueId: midrashSynagogue });
    const afterMidrash = { hall: await etagOf(hall), midrash: await etagOf(midrash) };
    expect(afterMidrash.hall).toBe(before.hall);
    expect(afterMidrash.midrash).not.toBe(before.midrash);
    await a.post('/shiurim', { title: 'Parashat hashavua', time: { kind: 'fixed', time: '20:00' } });
    const afterAccount = { hall: await etagOf(hall), midrash: await etagOf(midrash) };
    expect(afterAccount.hall).not.toBe(afterMidrash.hall);
    expect(afterAccount.midrash).not.toBe(afterMidrash.midrash);
  });

  it('keeps a synagogue that content still belongs to, and says what to move first', async () => {
    const { a } = stack.api;
    const empty = String((await a.post('/synagogues', { ...JERUSALEM, name: 'Minyan in the school' })).json.id);
    const slide = (await a.post('/slides', { slide: 'zmanim', synagogueId: empty })).json;
    const refused = await a.remove(`/synagogues/${empty}`);
    expect(refused.status).toBe(409);
    expect(refused.json.message).toMatch(/slides and when they play belong to this synagogue/);
    expect((await a.remove(`/slides/${String(slide.id)}`)).status).toBe(204);
    expect((await a.remove(`/synagogues/${empty}`)).status).toBe(204);
  });

  it('imports a synagogue’s yahrzeits from CSV, English names too, and exports them with their synagogue', async () => {
    const { a } = stack.api;
    const csv = ['name,nameEn,diedOn,afterSunset', 'שרה בת יעקב,Sarah bat Yaakov,1987-05-04,no', 'יוסף בן חיים,Yosef ben Chaim,2001-11-20,yes'].join('\n');
    const nudges = await nudgesFrom(async () => {
      const imported = await a.call('POST', `/yahrzeits.csv?synagogueId=${midrashSynagogue}`, csv, { 'Content-Type': 'text/csv' });
      expect(imported).toMatchObject({ status: 201, json: { imported: 2 } });
    });
    expect(nudges).toEqual([0, 1, 0]);
    const exported = (await a.call('GET', `/yahrzeits.csv?synagogueId=${midrashSynagogue}`)).text.split('\n').filter(Boolean);
    expect(exported[0]).toContain(',nameEn,synagogueId');
    expect(exported[1]).toContain(`Sarah bat Yaakov,${midrashSynagogue}`);
    expect(exported.slice(1)).toHaveLength(2);
    for (const line of exported.slice(1)) expect(line.endsWith(midrashSynagogue)).toBe(true);

    const foreign = ['name,diedOn,synagogueId', `Rivka bat Moshe,1999-01-01,${otherAccountsSynagogue}`].join('\n');
    const refused = await a.call('POST', '/yahrzeits.csv', foreign, { 'Content-Type': 'text/csv' });
    expect(refused.status).toBe(400);
    expect(refused.json.fields).toMatchObject({ 'rows.1.synagogueId': `no synagogue ${otherAccountsSynagogue} in this account` });
  });
});
