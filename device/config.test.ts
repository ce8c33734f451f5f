import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function withConfig(content: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-config-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(content));
  return dir;
}

const cloud = { apiUrl: 'https://cloud.example', deviceId: 'wall-1', token: 't0ken' };

describe('the device config', () => {
  it('refuses a cloud address that is not http or https, naming the field', () => {
    const dataDir = withConfig({ cloud: { ...cloud, apiUrl: 'ftp://cloud.example' } });
    expect(() => loadConfig({ dataDir, env: {} })).toThrow(ConfigError);
    expect(() => loadConfig({ dataDir, env: {} })).toThrow(/config\.json: cloud\.apiUrl: expected an http:\/\/ or https:\/\/ URL/);
  });

  it('takes an http(s) cloud and an mqtts broker, with the defaults for the rest', () => {
    const dataDir = withConfig({ cloud, mqtt: { url: 'mqtts://broker.example:8883', username: 'wall-1', password: 'secret' } });
    const config = loadConfig({ dataDir, env: {} });
    expect(config.cloud?.apiUrl).toBe('https://cloud.example');
    expect(config.port).toBe(8737);
    expect(config.cacheFile).toBe(path.join(dataDir, 'cache.sqlite'));
  });

  it('refuses a CA file it cannot read, naming it, before anything starts', () => {
    const dataDir = withConfig({ cloud, mqtt: { url: 'mqtts://broker.example:8883', username: 'wall-1', password: 'secret', caFile: 'ca.pem' } });
    expect(() => loadConfig({ dataDir, env: {} })).toThrow(/config\.json: mqtt\.caFile: cannot be read: ENOENT \(ca\.pem\)/);
    fs.writeFileSync(path.join(dataDir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\n');
    expect(loadConfig({ dataDir, env: {} }).mqtt?.caFile).toBe(path.join(dataDir, 'ca.pem'));
  });

  it('refuses a device id that cannot name an MQTT topic', () => {
    const dataDir = withConfig({ cloud: { ...cloud, deviceId: 'wall/1#' } });
    expect(() => loadConfig({ dataDir, env: {} })).toThrow(/config\.json: cloud\.deviceId: expected 1-64 characters/);
  });
});
