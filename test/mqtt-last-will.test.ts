import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceStatus } from '../cloud-sync/protocol/telemetry.js';
import { deviceTopics } from '../cloud-sync/protocol/topics.js';
import { Mosquitto, withTimeout } from './support/mosquitto.js';
import { MqttObserver } from './support/mqtt-observer.js';

let broker: Mosquitto;
let cloud: MqttObserver;
let dir: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  broker = await Mosquitto.start(['dev-w']);
  cloud = await MqttObserver.connect(broker.url, { ...broker.cloud, clientId: 'cloud-will-test' });
  await cloud.subscribe('luach/#');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-will-'));
});
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await cloud?.close();
  await broker?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('last will', () => {
  it('turns the retained status to online: false when the device process is killed with SIGKILL', async () => {
    const topic = deviceTopics('dev-w').status;
    child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'support/mqtt-device-process.ts')], {
      env: {
        ...process.env,
        LUACH_BROKER_URL: broker.url,
        LUACH_DEVICE_ID: 'dev-w',
        LUACH_DEVICE_PASSWORD: broker.device('dev-w').password,
        LUACH_CACHE_FILE: path.join(dir, 'cache.db'),
        LUACH_KEEPALIVE_SECONDS: '5',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const online = await cloud.waitFor((m) => m.topic === topic && (m.json as DeviceStatus).online === true, 20_000, 'the device online');
    expect(DeviceStatus.parse(online.json)).toMatchObject({ appVersion: '0.1.0', display: 'on', shell: 'test' });
    await cloud.waitFor((m) => m.topic === deviceTopics('dev-w').heartbeat, 10_000, 'the first heartbeat');

    const from = cloud.mark();
    const exited = new Promise((resolve) => child!.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await withTimeout(exited, 5_000, 'the device process did not die')).toBe('SIGKILL');
    const will = await cloud.waitFor((m) => m.topic === topic, 15_000, 'the last will', from);
    expect(DeviceStatus.parse(will.json)).toEqual({ v: 1, online: false, reason: 'lost' });

    // A dashboard that connects later sees the retained will, not a stale "online".
    const late = await MqttObserver.connect(broker.url, { ...broker.cloud, clientId: 'late-dashboard' });
    await late.subscribe(topic);
    expect((await late.waitFor((m) => m.retain, 5_000, 'the retained status')).json).toMatchObject({ online: false, reason: 'lost' });
    await late.close();
  });
});
