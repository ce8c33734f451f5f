import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../cloud-sync/server/gateway.js';
import { capturingLogger, GatewayCloud } from './support/gateway-cloud.js';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '..', 'bin', 'luach.js');
let cloud: GatewayCloud;
let gateway: Gateway;
let apiUrl: string;

beforeAll(async () => {
  cloud = GatewayCloud.open();
  await cloud.addTenant('tenant-cli', { deviceId: 'wall-cli', synagogueName: 'Shul on the Hill' });
  gateway = createGateway({ prisma: cloud.db, logger: capturingLogger().logger });
  ({ url: apiUrl } = await gateway.start(0));
});
afterAll(async () => {
  await gateway?.stop();
  await cloud?.dispose();
});

async function luach(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('luach pair', () => {
  it('writes this device’s credentials into config.json, for its user only, and prints no secret', async () => {
    const data = path.join(cloud.dir, 'wall');
    fs.mkdirSync(data, { recursive: true });
    fs.writeFileSync(path.join(data, 'config.json'), JSON.stringify({ logLevel: 'debug' }));
    const { code } = await cloud.pairingCode('tenant-cli', 'wall-cli');
    const result = await luach('pair', '--data', data, '--api', apiUrl, '--broker', 'mqtts://broker.example:8883', '--code', code);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('paired as wall-cli');
    const config = JSON.parse(fs.readFileSync(path.join(data, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      logLevel: 'debug',
      cloud: { apiUrl, deviceId: 'wall-cli' },
      mqtt: { url: 'mqtts://broker.example:8883', username: 'wall-cli' },
    });
    expect(result.stdout + result.stderr).not.toContain(config.cloud.token);
    expect(fs.statSync(path.join(data, 'config.json')).mode & 0o777).toBe(0o600);

    // The code is spent: a second attempt is refused in the gateway's words, and the config stays.
    const again = await luach('pair', '--data', data, '--api', apiUrl, '--broker', 'mqtts://broker.example:8883', '--code', code);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/pairing refused \(401\)/);
    expect(JSON.parse(fs.readFileSync(path.join(data, 'config.json'), 'utf8')).cloud.token).toBe(config.cloud.token);
  });

  it('names a missing flag', async () => {
    const result = await luach('pair', '--api', apiUrl);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--broker is required');
  });
});
