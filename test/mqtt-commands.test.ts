import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandResult } from '../cloud-sync/protocol/commands.js';
import { deviceTopics } from '../cloud-sync/protocol/topics.js';
import { openCache } from '../device/cache/open-cache.js';
import { systemClock } from '../device/clock.js';
import { CommandBus } from '../device/commands/command-bus.js';
import { DeviceLink } from '../device/link/device-link.js';
import { Mosquitto } from './support/mosquitto.js';
import { MqttObserver, eventually } from './support/mqtt-observer.js';
import { RecordingEffects, TINY_PNG } from './support/recording-effects.js';

const topics = deviceTopics('dev-c');
let broker: Mosquitto;
let cloud: MqttObserver;
let dir: string;
let cacheFile: string;

beforeAll(async () => {
  broker = await Mosquitto.start(['dev-c']);
  cloud = await MqttObserver.connect(broker.url, { ...broker.cloud, clientId: 'cloud-commands-test' });
  await cloud.subscribe(topics.commandResults);
  await cloud.subscribe(topics.events);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-commands-'));
  cacheFile = path.join(dir, 'cache.db');
});
afterAll(async () => {
  await cloud?.close();
  await broker?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A device process as the runtime wires it: bus before link, link stopped before bus. */
async function startDevice(effects: RecordingEffects) {
  const { db } = openCache(cacheFile, new Date());
  const link = new DeviceLink(
    { url: broker.url, deviceId: 'dev-c', password: broker.device('dev-c').password, backoff: { initialMs: 100, maxMs: 500, factor: 2 } },
    {
      db,
      clock: systemClock,
      statusFacts: () => ({ appVersion: '0.1.0', appliedEtag: effects.appliedEtag, display: effects.display, shell: 'test', uptimeSeconds: 1 }),
    },
  );
  const bus = new CommandBus({ db, clock: systemClock, effects, outlet: link });
  link.onCommand((payload) => bus.handle(payload));
  bus.start();
  link.start();
  await eventually(() => link.snapshot().state === 'online', 10_000, 'the device is online');
  return {
    link,
    bus,
    async stop() {
      await link.stop();
      await bus.stop();
      db.close();
    },
  };
}

function command(id: string, type: string, params?: unknown, extra: Record<string, unknown> = {}) {
  const now = Date.now();
  return { id, type, params, issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + 60_000).toISOString(), ...extra };
}

function resultsFor(id: string): CommandResult[] {
  return cloud.received.filter((m) => m.topic === topics.commandResult(id)).map((m) => CommandResult.parse(m.json));
}

function finalResult(id: string) {
  return cloud.waitFor((m) => m.topic === topics.commandResult(id) && (m.json as CommandResult).status !== 'accepted', 10_000, `the final result of ${id}`);
}

describe('remote commands over Mosquitto', () => {
  it('runs a command redelivered after a reconnect (and a restart) only once', async () => {
    const effects = new RecordingEffects();
    const first = await startDevice(effects);
    await cloud.publish(topics.commands, command('c-once', 'reload-display'));
    await finalResult('c-once');
    await first.stop();

    // While the device is away the cloud sends the same id again (its retry), plus a new one;
    // the broker queues both in the device's persistent session.
    await cloud.publish(topics.commands, command('c-once', 'reload-display'));
    await cloud.publish(topics.commands, command('c-next', 'sync-now'));
    const from = cloud.mark();
    const second = await startDevice(effects);
    await cloud.waitFor((m) => m.topic === topics.commandResult('c-once'), 10_000, 'the repeated result', from);
    await finalResult('c-next');

    expect(effects.count('reloadDisplay')).toBe(1);
    expect(effects.count('syncNow')).toBe(1);
    expect(resultsFor('c-once').map((r) => [r.status, r.repeat ?? false])).toEqual([
      ['accepted', false],
      ['succeeded', false],
      ['succeeded', true],
    ]);
    await second.stop();
  });

  it('rejects expired, unknown and malformed commands with a reason and changes nothing', async () => {
    const effects = new RecordingEffects();
    const device = await startDevice(effects);
    const settingsBefore = { ...effects.settings };
    const past = Date.now() - 120_000;
    await cloud.publish(
      topics.commands,
      command('c-expired', 'display-power', { on: false }, { expiresAt: new Date(past).toISOString(), issuedAt: new Date(past - 1000).toISOString() }),
    );
    await cloud.publish(topics.commands, command('c-unknown', 'format-disk'));
    await cloud.publish(topics.commands, command('c-badparams', 'set-settings', { settings: { theme: 'neon' } }));
    await cloud.publish(topics.commands, { id: 'c-noexpiry', type: 'reboot', issuedAt: new Date().toISOString() });
    await cloud.publish(topics.commands, '{"this is": not json');

    const reasons: Record<string, RegExp> = {
      'c-expired': /expired at/,
      'c-unknown': /unknown command type "format-disk"/,
      'c-badparams': /params\.settings\.theme/,
      'c-noexpiry': /malformed command: expiresAt/,
    };
    for (const [id, reason] of Object.entries(reasons)) {
      const result = CommandResult.parse((await finalResult(id)).json);
      expect(result).toMatchObject({ status: 'rejected', reason: expect.stringMatching(reason) });
      expect(resultsFor(id).map((r) => r.status)).toEqual(['rejected']);
    }
    // The message without an id cannot be answered; it is reported as an event instead.
    const report = await cloud.waitFor(
      (m) => m.topic === topics.events && (m.json as { kind: string }).kind === 'command.malformed',
      10_000,
      'the malformed report',
    );
    expect(report.json).toMatchObject({ detail: { excerpt: '{"this is": not json' } });
    expect(effects.calls).toEqual([]);
    expect(effects.display).toBe('on');
    expect(effects.settings).toEqual(settingsBefore);
    await device.stop();
  });

  it('carries each handler out and reports its output, with the batch id', async () => {
    const effects = new RecordingEffects();
    const device = await startDevice(effects);
    const batch = { batchId: 'b-evening' };
    await cloud.publish(topics.commands, command('h-power', 'display-power', { on: false }, batch));
    await cloud.publish(topics.commands, command('h-settings', 'set-settings', { settings: { theme: 'dark' } }, batch));
    await cloud.publish(topics.commands, command('h-shot', 'screenshot', undefined, batch));
    await cloud.publish(topics.commands, command('h-logs', 'collect-logs', { lines: 2 }, batch));
    await cloud.publish(topics.commands, command('h-identify', 'identify', { seconds: 1 }, batch));
    await cloud.publish(topics.commands, command('h-update', 'update-software', { version: '0.2.0' }, batch));

    const output = async (id: string) => CommandResult.parse((await finalResult(id)).json);
    expect(await output('h-power')).toMatchObject({ status: 'succeeded', batchId: 'b-evening', output: { display: 'off' } });
    expect(await output('h-settings')).toMatchObject({ status: 'succeeded', output: { applied: ['theme'] } });
    const shot = await output('h-shot');
    expect(shot).toMatchObject({ status: 'succeeded', output: { bytes: TINY_PNG.length } });
    expect(effects.uploads.has((shot.output as { screenshotId: string }).screenshotId)).toBe(true);
    const logs = await output('h-logs');
    expect(JSON.stringify(logs.output)).not.toContain('hunter2');
    expect(await output('h-identify')).toMatchObject({ status: 'succeeded', output: { seconds: 1 } });
    expect(await output('h-update')).toMatchObject({
      status: 'succeeded',
      batchId: 'b-evening',
      output: { version: '0.2.0', switches: 'in the maintenance window' },
    });

    expect(effects.display).toBe('off');
    expect(effects.settings).toMatchObject({ theme: 'dark', language: 'he' });
    expect(resultsFor('h-power').map((r) => r.status)).toEqual(['accepted', 'succeeded']);
    await device.stop();
  });

  it('refuses a 20 MB command unread, naming the limit, and cuts an over-long failure reason to the protocol’s limit', async () => {
    const effects = new RecordingEffects();
    effects.identify = async () => {
      throw new Error(`the screen said: ${'no. '.repeat(2_000)}`);
    };
    const device = await startDevice(effects);
    try {
      const huge = JSON.stringify(command('c-huge', 'set-settings', { settings: { language: 'en' }, padding: 'x'.repeat(20 * 1024 * 1024) }));
      await cloud.publish(topics.commands, huge);
      const refused = await finalResult('c-huge');
      expect(refused.json).toMatchObject({ status: 'rejected', reason: expect.stringContaining('refused unread: the limit is 65536 bytes') });
      expect(effects.calls).toEqual([]);

      await cloud.publish(topics.commands, command('c-long', 'identify', { seconds: 5 }));
      const failed = CommandResult.parse((await finalResult('c-long')).json);
      expect(failed.status).toBe('failed');
      expect(failed.reason).toHaveLength(2000);
      expect(failed.reason!.startsWith('the screen said: no. no.')).toBe(true);
    } finally {
      await device.stop();
    }
  });

  it('survives random payloads on its command topic and still runs the next real command (fuzz, bounded)', async () => {
    const effects = new RecordingEffects();
    const device = await startDevice(effects);
    try {
      const envelope = fc.record(
        {
          v: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
          id: fc.oneof(fc.string({ maxLength: 100 }), fc.integer()),
          type: fc.oneof(fc.constantFrom('reload-display', 'set-settings', 'identify', 'screen', 'sync-now'), fc.string()),
          issuedAt: fc.oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            fc.string(),
          ),
          params: fc.anything(),
        },
        { requiredKeys: [] },
      );
      const payloads = fc.oneof(
        envelope.map((e) => JSON.stringify(e)),
        fc.json(),
        fc.string({ maxLength: 500 }),
        fc.uint8Array({ maxLength: 500 }).map((b) => Buffer.from(b)),
      );
      const sent = fc.sample(payloads, { numRuns: 300, seed: 4242 });
      for (const payload of sent) await cloud.client.publishAsync(topics.commands, payload, { qos: 1 });
      await device.bus.idle();
      expect(device.link.snapshot().state).toBe('online');
      await cloud.publish(topics.commands, command('c-after-fuzz', 'reload-display'));
      expect((await finalResult('c-after-fuzz')).json).toMatchObject({ status: 'succeeded' });
    } finally {
      await device.stop();
    }
  });
});
