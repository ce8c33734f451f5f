import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandEnvelope } from '../cloud-sync/protocol/commands.js';
import { JERUSALEM } from './support/cloud-api.js';
import { CloudStack } from './support/cloud-stack.js';
import { pairedScreen, type PairedScreen } from './support/paired-screen.js';

const SCREENS = 50;
let stack: CloudStack;
let screens: PairedScreen[] = [];
let skewMs = 0;
/** Screens that never answer (switched off at the wall). */
const silent = new Set<number>();

/** A screen that answers each command: accepted, then succeeded (every tenth one fails). */
function answer(screen: PairedScreen, index: number): void {
  screen.mqtt.client.on('message', (topic, payload) => {
    if (topic !== screen.topics.commands || silent.has(index)) return;
    const command = CommandEnvelope.parse(JSON.parse(payload.toString()));
    const at = new Date().toISOString();
    const result = (status: string, extra: object = {}) =>
      screen.mqtt.publish(screen.topics.commandResult(command.id), {
        v: 1,
        id: command.id,
        type: command.type,
        batchId: command.batchId,
        status,
        at,
        ...extra,
      });
    void result('accepted').then(() =>
      index % 10 === 0 ? result('failed', { reason: 'the screen is off' }) : result('succeeded', { output: { screen: index } }),
    );
  });
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}; last: ${JSON.stringify(value)}`);
    await stack.ingest.idle();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  // One installer pairs all fifty screens from one address: above the default pairing limit.
  stack = await CloudStack.start({ clock: { now: () => new Date(Date.now() + skewMs) }, pairingLimit: { attempts: 100, windowMs: 60_000 } }, 'batch');
  const synagogueId = (await stack.api.a.post('/synagogues', JERUSALEM)).json.id;
  for (let i = 0; i < SCREENS; i++) screens.push(await pairedScreen(stack.api.a, stack.broker.url, { name: `Screen ${i}`, synagogueId }));
  screens.forEach(answer);
}, 180_000);
afterAll(async () => {
  for (const screen of screens) await screen.mqtt.close();
  screens = [];
  await stack?.stop();
});

describe('a batch command to 50 screens', () => {
  it('reaches every screen once and aggregates every result', async () => {
    const sent = await stack.api.a.post('/batch-commands', { type: 'identify', params: { seconds: 10 }, deviceIds: screens.map((s) => s.deviceId) });
    expect(sent).toMatchObject({ status: 202, json: { status: 'running', total: SCREENS, pending: SCREENS } });
    const path = `/batch-commands/${String(sent.json.id)}`;
    const done = await until(
      () => stack.api.a.get(path),
      (b) => b.json.status !== 'running',
      'every screen answered',
    );
    expect(done.json).toMatchObject({ status: 'partial', total: 50, succeeded: 45, failed: 5, expired: 0, pending: 0, completedAt: expect.any(String) });
    const results = (await stack.api.a.get(`${path}/results?limit=200`)).json.items!;
    expect(results).toHaveLength(50);
    expect(results.filter((r) => r.status === 'failed').map((r) => r.error)).toEqual(Array(5).fill('the screen is off'));
    for (const screen of screens)
      expect(screen.mqtt.received.filter((m) => m.topic === screen.topics.commands && (m.json as { batchId?: string }).batchId === sent.json.id)).toHaveLength(
        1,
      );
    const history = (await stack.api.a.get(`/devices/${screens[3]!.deviceId}/commands`)).json.items!;
    expect(history[0]).toMatchObject({ batchCommandId: sent.json.id, status: 'succeeded', result: { screen: 3 } });
  });

  it('marks screens that never answer as expired once the command expires, and finishes the batch', async () => {
    for (const i of [1, 2, 3]) silent.add(i);
    const sent = await stack.api.a.post('/batch-commands', {
      type: 'reload-display',
      ttlSeconds: 60,
      synagogueId: (await stack.api.a.get('/synagogues')).json.items![0]!.id,
    });
    const path = `/batch-commands/${String(sent.json.id)}`;
    await until(
      () => stack.api.a.get(path),
      (b) => b.json.pending === 3,
      'all but the silent screens answered',
    );
    skewMs = 61_000;
    const finished = await stack.api.a.get(path);
    expect(finished.json).toMatchObject({ status: 'partial', succeeded: 42, failed: 5, expired: 3, pending: 0 });
    const expired = (await stack.api.a.get(`${path}/results?limit=200`)).json.items!.filter((r) => r.status === 'expired').map((r) => r.deviceId);
    expect(expired.sort()).toEqual([1, 2, 3].map((i) => screens[i]!.deviceId).sort());
  });

  it('refuses bad params for every screen before sending anything', async () => {
    const refused = await stack.api.a.post('/batch-commands', { type: 'display-power', params: { on: 'maybe' }, deviceIds: [screens[0]!.deviceId] });
    expect(refused).toMatchObject({ status: 400, json: { fields: { 'params.on': expect.any(String) } } });
    expect(await stack.api.a.post('/batch-commands', { type: 'reboot' })).toMatchObject({
      status: 400,
      json: { fields: { deviceIds: expect.stringContaining('name the devices') } },
    });
  });
});
