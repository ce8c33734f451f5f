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
});
