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

  it("passes an operator's Chromium switches to the kiosk, the environment's over the file's, never the kiosk's own", () => {
    const dataDir = withConfig({ chromiumFlags: ['--use-gl=egl', '--enable-features=VaapiVideoDecoder'] });
    expect(loadConfig({ dataDir, env: {} }).chromiumFlags).toEqual(['--use-gl=egl', '--enable-features=VaapiVideoDecoder']);
    expect(loadConfig({ dataDir, env: { LUACH_CHROMIUM_FLAGS: ' --disable-gpu  --force-device-scale-factor=1 ' } }).chromiumFlags).toEqual([
      '--disable-gpu',
      '--force-device-scale-factor=1',
    ]);
    expect(loadConfig({ dataDir: withConfig({}), env: {} }).chromiumFlags).toEqual([]);
    expect(() => loadConfig({ dataDir, env: { LUACH_CHROMIUM_FLAGS: '--use-gl=egl rm' } })).toThrow(
      /environment: LUACH_CHROMIUM_FLAGS: expected Chromium switches such as --use-gl=egl, got "rm"/,
    );
    // The switches that pin the kiosk to the wall or guard its page: another page, another profile, no same-origin policy, an open debugging port.
    expect(() => loadConfig({ dataDir, env: { LUACH_CHROMIUM_FLAGS: '--app=https://elsewhere.example' } })).toThrow(/--app would unpin or unguard the kiosk/);
    expect(() => loadConfig({ dataDir, env: { LUACH_CHROMIUM_FLAGS: '--disable-web-security' } })).toThrow(
      /--disable-web-security would unpin or unguard the kiosk/,
    );
    expect(() => loadConfig({ dataDir: withConfig({ chromiumFlags: ['--remote-debugging-port=9222'] }), env: {} })).toThrow(
      /config\.json: chromiumFlags: --remote-debugging-port would unpin or unguard the kiosk/,
    );
    expect(() => loadConfig({ dataDir: withConfig({ chromiumFlags: ['use-gl'] }), env: {} })).toThrow(/chromiumFlags\.0: expected a Chromium switch/);
  });

  it('gives a new release 3 minutes to prove itself and downloads at 2 MiB/s unless told otherwise', () => {
    expect(loadConfig({ dataDir: withConfig({}), env: {} }).update).toEqual({
      checkSeconds: 180,
      downloadBytesPerSecond: 2 * 1024 * 1024,
      maxDownloadBytes: 512 * 1024 * 1024,
      downloadTimeoutSeconds: 3600,
      reserveBytes: 64 * 1024 * 1024,
    });
    expect(loadConfig({ dataDir: withConfig({ update: { checkSeconds: 60 } }), env: {} }).update.checkSeconds).toBe(60);
  });

  it('refuses an update setting out of range or unknown, naming it', () => {
    expect(() => loadConfig({ dataDir: withConfig({ update: { checkSeconds: 1 } }), env: {} })).toThrow(/config\.json: update\.checkSeconds: .*5/);
    expect(() => loadConfig({ dataDir: withConfig({ update: { checkSecs: 60 } }), env: {} })).toThrow(
      /config\.json: update\.checkSecs: is not a known setting/,
    );
  });

  it('refuses a device id that cannot name an MQTT topic', () => {
    const dataDir = withConfig({ cloud: { ...cloud, deviceId: 'wall/1#' } });
    expect(() => loadConfig({ dataDir, env: {} })).toThrow(/config\.json: cloud\.deviceId: expected 1-64 characters/);
  });
});
