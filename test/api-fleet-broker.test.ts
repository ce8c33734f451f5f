import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopics } from '../cloud-sync/protocol/topics.js';
import type { PairingAnswer } from '../cloud-sync/protocol/pairing.js';
import { CloudStack } from './support/cloud-stack.js';
import { JERUSALEM } from './support/cloud-api.js';
import { postJson } from './support/gateway-cloud.js';
import { withTimeout } from './support/mosquitto.js';
import { eventually, MqttObserver } from './support/mqtt-observer.js';

let stack: CloudStack;
let deviceId: string;
let paired: PairingAnswer;

const heartbeat = (id: string) => ({
  v: 1,
  id,
  at: new Date().toISOString(),
  uptimeSeconds: 5,
  display: 'on',
  appliedEtag: null,
  outboxDepth: 0,
  outboxDropped: 0,
});

beforeAll(async () => {
  stack = await CloudStack.start({}, 'fleet');
  const { a } = stack.api;
  const synagogue = await a.post('/synagogues', JERUSALEM);
  const device = await a.post('/devices', { name: 'Main hall', synagogueId: synagogue.json.id });
  expect(device.status).toBe(201);
  deviceId = device.json.id as string;
});
afterAll(async () => stack?.stop());

describe('pairing provisions the broker', () => {
  it('a screen paired with the code the cloud shows logs in to the broker with no hand step, and its heartbeat reaches the fleet view', async () => {
    const code = await stack.api.a.post(`/devices/${deviceId}/pairing-code`, {});
    expect(code.status).toBe(201);
    const answer = await postJson(`${stack.api.url}/device/v1/pair`, { code: code.json.code });
    expect(answer.status).toBe(200);
    paired = answer.json as unknown as PairingAnswer;

    const screen = await MqttObserver.connect(stack.broker.url, { ...paired.mqtt, clientId: `luach-${deviceId}` });
    await screen.publish(deviceTopics(deviceId).heartbeat, heartbeat('hb-1'));
    await eventually(() => stack.ingest.counts().written >= 1, 10_000, 'the heartbeat is written');
    const fleet = await stack.api.a.get('/devices');
    expect(fleet.json.items).toEqual([expect.objectContaining({ id: deviceId, online: true, status: 'active', displayPower: 'on' })]);
    await screen.close();
  });

  it("refuses the screen's login under another client id, and another screen's login under this screen's client id", async () => {
    const wrongId = MqttObserver.connect(stack.broker.url, { ...paired.mqtt, clientId: 'someone-else', reconnectPeriod: 0 });
    await expect(wrongId).rejects.toThrow(/Not authorized|Bad User Name or Password|identifier rejected/i);

    const { b } = stack.api;
    const other = await b.post('/devices', { name: 'Beit midrash', synagogueId: (await b.post('/synagogues', JERUSALEM)).json.id });
    const code = await b.post(`/devices/${String(other.json.id)}/pairing-code`, {});
    const otherLogin = ((await postJson(`${stack.api.url}/device/v1/pair`, { code: code.json.code })).json as unknown as PairingAnswer).mqtt;
    const stolen = MqttObserver.connect(stack.broker.url, { ...otherLogin, clientId: `luach-${deviceId}`, reconnectPeriod: 0 });
    await expect(stolen).rejects.toThrow(/Not authorized|Bad User Name or Password|identifier rejected/i);
    await (await MqttObserver.connect(stack.broker.url, { ...otherLogin, clientId: `luach-${String(other.json.id)}` })).close();
  });

  it("confines the screen to its own topics: another device's tree stays closed", async () => {
    const screen = await MqttObserver.connect(stack.broker.url, { ...paired.mqtt, clientId: `luach-${deviceId}` });
    await expect(screen.client.subscribeAsync(deviceTopics('other-device').all, { qos: 1 })).rejects.toThrow(/Subscribe error/);
    await screen.client.subscribeAsync(deviceTopics(deviceId).commands, { qos: 1 });
    await screen.close();
  });

  it('revoking disconnects the screen at once and refuses its token over HTTP', async () => {
    const client = await mqtt.connectAsync(stack.broker.url, { ...paired.mqtt, clientId: `luach-${deviceId}`, reconnectPeriod: 0 });
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    const revoked = await stack.api.a.post(`/devices/${deviceId}/revoke`, {});
    expect(revoked.status).toBe(200);
    expect(revoked.json).toMatchObject({ status: 'disabled', revokedAt: expect.any(String) });
    await withTimeout(closed, 5_000, 'the broker did not drop the revoked screen');
    const state = await fetch(`${stack.api.url}/device/v1/state`, { headers: { Authorization: `Bearer ${paired.token}` } });
    expect(state.status).toBe(401);
    const again = MqttObserver.connect(stack.broker.url, { ...paired.mqtt, clientId: `luach-${deviceId}`, reconnectPeriod: 0 });
    await expect(again).rejects.toThrow(/Not authorized|Bad User Name or Password/i);
    await client.endAsync(true);
  });

  it('a revoked screen can be paired afresh with a new code', async () => {
    const code = await stack.api.a.post(`/devices/${deviceId}/pairing-code`, {});
    const answer = await postJson(`${stack.api.url}/device/v1/pair`, { code: code.json.code });
    expect(answer.status).toBe(200);
    const screen = await MqttObserver.connect(stack.broker.url, { ...(answer.json as unknown as PairingAnswer).mqtt, clientId: `luach-${deviceId}` });
    await screen.close();
  });
});
