import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_VERSION } from '../cloud-sync/protocol/commands.js';
import { deviceTopics } from '../cloud-sync/protocol/topics.js';
import { systemClock } from '../device/clock.js';
import { composeDevice, type Device } from '../device/compose-device.js';
import { loadConfig } from '../device/config.js';
import { Mosquitto } from './support/mosquitto.js';
import { eventually, MqttObserver } from './support/mqtt-observer.js';
import { recordingShell } from './support/test-shell.js';

// The device's own cache is capped (SQLite's max_page_count on its connection: a database file
// that cannot grow, as on a full disk), then the broker goes away, a command arrives, events
// are queued, and space comes back. The wall must keep showing through all of it.
const DEVICE = 'wall-full';
let broker: Mosquitto;
let cloud: MqttObserver;
let device: Device;
let dir: string;
const logs: Record<string, unknown>[] = [];
const topics = deviceTopics(DEVICE);

beforeAll(async () => {
  broker = await Mosquitto.start([DEVICE]);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-full-disk-'));
  const login = broker.device(DEVICE);
  device = composeDevice(recordingShell().factory, {
    config: {
      ...loadConfig({ dataDir: dir, env: {} }),
      // No gateway answers here: sync fails quietly and the demo stays; the MQTT side is what is tested.
      cloud: { apiUrl: 'http://127.0.0.1:9', deviceId: DEVICE, token: 'unused' },
      mqtt: { url: broker.url, username: login.username, password: login.password },
    },
    clock: systemClock,
    logger: pino({ level: 'info' }, new Writable({ write: (chunk, _e, done) => done(void logs.push(JSON.parse(String(chunk)))) })),
    env: {},
    appVersion: 'test',
    pid: process.pid,
    ntpProbe: async () => true,
  });
  await device.start();
  cloud = await MqttObserver.connect(broker.url, { ...broker.cloud, clientId: 'cloud-full-disk' });
  await cloud.subscribe(`${topics.root}/#`);
  await eventually(() => device.runtime.current().status.online === true, 15_000, 'the device comes online');
});
afterAll(async () => {
  await device?.stop();
  await cloud?.close();
  await broker?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Insert into `table` until SQLite says it is full: then no page of it has room left. */
function fillTable(sql: string, row: (n: number) => unknown[]): void {
  const insert = device.runtime.database.prepare(sql);
  for (let n = 0; n < 100_000; n++) {
    try {
      insert.run(...row(n));
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_FULL') return;
      throw error;
    }
  }
  throw new Error(`${sql} never filled the capped cache`);
}

const storageEvents = () => logs.filter((l) => typeof l.event === 'string' && l.event.startsWith('storage.')).map((l) => l.event);

describe('a full disk', () => {
  it('is a state, not a crash: the wall shows, a command is refused with the reason, and all recovers when space returns', async () => {
    const db = device.runtime.database;
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    fillTable("INSERT INTO event_log (at, kind, detail) VALUES (?, 'test.filler', '{}')", () => [new Date().toISOString()]);
    fillTable("INSERT INTO command_history (id, type, received_at, status) VALUES (?, 'filler', ?, 'succeeded')", (n) => [
      `filler-${n}`,
      new Date().toISOString(),
    ]);
    const link = device.connection!.link;
    for (let n = 0; n < 10_000 && storageEvents().length === 0; n++) link.sendEvent('test.filler', { n });
    expect(storageEvents()).toEqual(['storage.full']);
    // The outbox is a writer whose room comes and goes: what it sent is deleted when the broker
    // acknowledges it, and a write into that room is rightly 'storage.ok' until it is used up.
    // Each change is said once, so the log alternates; before each check the room is used up
    // (until a message is lost for want of it).
    const fillOutbox = () => {
      const dropped = link.outboxCounts().dropped;
      for (let n = 0; n < 10_000 && link.outboxCounts().dropped === dropped; n++) link.sendEvent('test.filler', { n });
      expect(link.storageFull()).toBe(true);
    };
    const saidOnce = () => expect(storageEvents().every((event, i) => event === (i % 2 === 0 ? 'storage.full' : 'storage.ok'))).toBe(true);

    // The broker goes away: the link's journal cannot be written either; nothing crashes.
    await broker.stop();
    await eventually(() => device.runtime.current().status.online === false, 15_000, 'the wall marks itself offline');
    fillOutbox();
    const droppedBefore = link.outboxCounts().dropped;
    for (let n = 0; n < 20; n++) link.sendEvent('test.lost', { n });
    expect(link.outboxCounts().dropped - droppedBefore).toBe(20);
    expect(device.runtime.rebuild('checking the wall').header.synagogueName).toBe('בית הכנסת אוהל יצחק');

    // The broker comes back; a command cannot be recorded to run once, so it is refused, saying why.
    await broker.resume();
    await eventually(() => device.runtime.current().status.online === true, 15_000, 'the device comes back online');
    const mark = cloud.mark();
    await cloud.client.publishAsync(
      topics.commands,
      JSON.stringify({ v: COMMAND_VERSION, id: 'cmd-full-1', type: 'identify', issuedAt: new Date().toISOString(), params: { seconds: 5 } }),
      { qos: 1 },
    );
    const refused = await cloud.waitFor((m) => m.topic === topics.commandResult('cmd-full-1'), 10_000, 'the refusal', mark);
    expect(refused.json).toMatchObject({ status: 'rejected', reason: expect.stringContaining("the device's storage is full") });
    fillOutbox();
    device.connection!.telemetry.beat();
    const heartbeat = await cloud.waitFor((m) => m.topic === topics.heartbeat, 10_000, 'a heartbeat', mark);
    expect(heartbeat.json).toMatchObject({ storage: 'full' });
    saidOnce();

    // Space comes back: the next write succeeds, it is said once, and events flow again.
    db.pragma('max_page_count = 1073741823');
    link.sendEvent('test.after', { back: true });
    expect(link.storageFull()).toBe(false);
    expect(storageEvents().at(-1)).toBe('storage.ok');
    saidOnce();
    await cloud.waitFor((m) => m.topic === topics.events && (m.json as { kind?: string }).kind === 'test.after', 10_000, 'an event after recovery', mark);
    const recovered = cloud.mark();
    device.connection!.telemetry.beat();
    const next = await cloud.waitFor((m) => m.topic === topics.heartbeat, 10_000, 'a heartbeat after recovery', recovered);
    expect(next.json).not.toHaveProperty('storage');
    expect((next.json as { outboxDropped: number }).outboxDropped).toBeGreaterThanOrEqual(20);
  });
});
