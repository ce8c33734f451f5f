import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mosquitto } from './support/mosquitto.js';
import { MqttObserver } from './support/mqtt-observer.js';

// The walk-through of cloud-sync/server/README.md ("From nothing to a paired screen"), command by
// command: the same npm, curl and luach commands a person types, in a temp directory.
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
let broker: Mosquitto;
let serving: ChildProcess | undefined;
let env: NodeJS.ProcessEnv;
let dir: string;
let output = '';

const cloud = async (...args: string[]) => (await run('npm', ['run', '--silent', 'cloud', '--', ...args], { cwd: ROOT, env })).stdout;
const sh = async (script: string) => (await run('bash', ['-euo', 'pipefail', '-c', script], { cwd: ROOT, env })).stdout.trim();

beforeAll(async () => {
  broker = await Mosquitto.start([], { dynamicSecurity: true });
  dir = fs.mkdtempSync(path.join(broker.dir, 'cloud-'));
  env = {
    ...process.env,
    LUACH_GATEWAY_SQLITE: path.join(dir, 'cloud.db'),
    LUACH_ASSETS_DIR: path.join(dir, 'assets'),
    LUACH_GATEWAY_PORT: '0',
    LUACH_MQTT_URL: broker.url,
    LUACH_MQTT_PASSWORD: 'cloud-login-secret-123',
    LUACH_DYNSEC_ADMIN_USERNAME: broker.admin.username,
    LUACH_DYNSEC_ADMIN_PASSWORD: broker.admin.password,
    LUACH_LOG_LEVEL: 'warn',
  };
}, 60_000);
afterAll(async () => {
  if (serving && serving.exitCode === null) {
    const exited = new Promise((resolve) => serving!.once('exit', resolve));
    serving.kill('SIGTERM');
    await exited;
  }
  await broker?.dispose();
});

describe('the cloud walk-through', () => {
  it('takes a person from nothing to a paired screen with commands only', { timeout: 120_000 }, async () => {
    expect(await cloud('broker', 'setup')).toContain('broker login cloud created');
    // `npm run cloud -- serve`, as one process the test can stop (npm would leave tsx's child behind).
    serving = spawn(process.execPath, ['--import', 'tsx', 'cloud-sync/server/cli/cloud-cli.ts', 'serve'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    serving.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    serving.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the gateway did not start:\n${output}`)), 30_000);
      serving!.stdout!.on('data', () => {
        const match = /Luach cloud: (http:\/\/\S+)/.exec(output);
        if (!match) return;
        clearTimeout(timer);
        resolve(match[1]!);
      });
    });

    expect(await cloud('user', 'add', '--admin', 'ops@example.org')).toMatch(/created admin ops@example.org[\s\S]*password: \S{20}/);
    env.TOKEN = (await cloud('token', 'add', 'ops@example.org', '--name', 'setup')).trim();
    env.API = `${url}/api/v1`;
    const api = `api() { curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }; `;
    env.CUSTOMER = await sh(`${api} api $API/users -d '{"email":"gabbai@example.org","password":"a long passphrase"}' | jq -r .id`);
    env.SHUL = await sh(
      `${api} api -H "x-customer-context: $CUSTOMER" $API/synagogues -d '{"name":"Ohel Moshe","latitude":31.7767,"longitude":35.2159,"timezone":"Asia/Jerusalem","israel":true}' | jq -r .id`,
    );
    env.SCREEN = await sh(
      `${api} api -H "x-customer-context: $CUSTOMER" $API/devices -d "{\\"name\\":\\"Main hall\\",\\"synagogueId\\":\\"$SHUL\\"}" | jq -r .id`,
    );
    const code = JSON.parse(await sh(`${api} api -H "x-customer-context: $CUSTOMER" -X POST $API/devices/$SCREEN/pairing-code -d '{}'`)) as { code: string };
    expect(code.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const data = path.join(dir, 'screen');
    const paired = await run(process.execPath, [
      path.join(ROOT, 'bin', 'luach.js'),
      'pair',
      '--data',
      data,
      '--api',
      url,
      '--broker',
      broker.url,
      '--code',
      code.code,
    ]);
    expect(paired.stdout).toContain(`paired as ${env.SCREEN}`);

    // The screen's own credentials now open both doors: the broker, and its target state.
    const config = JSON.parse(fs.readFileSync(path.join(data, 'config.json'), 'utf8')) as {
      cloud: { token: string };
      mqtt: { username: string; password: string };
    };
    await (await MqttObserver.connect(broker.url, { ...config.mqtt, clientId: `luach-${env.SCREEN}` })).close();
    const state = await fetch(`${url}/device/v1/state`, { headers: { Authorization: `Bearer ${config.cloud.token}` } });
    expect(state.status).toBe(200);
    expect(((await state.json()) as { synagogue: { name: string } }).synagogue.name).toBe('Ohel Moshe');
    expect(output).not.toContain(config.cloud.token.split('.')[1]);
  });
});
