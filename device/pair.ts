import fs from 'node:fs';
import path from 'node:path';
import { pairDevice } from '../cloud-sync/client/pair-device.js';
import { ConfigFile } from './config.js';

/**
 * `luach pair`: trade a pairing code for credentials and write them into config.json (kept,
 * other settings untouched), readable by the device user only. Secrets are never printed.
 */
export async function pairThisDevice(options: { configFile: string; apiUrl: string; brokerUrl: string; code: string }): Promise<{ deviceId: string }> {
  const existing = fs.existsSync(options.configFile) ? ConfigFile.parse(JSON.parse(fs.readFileSync(options.configFile, 'utf8'))) : {};
  const answer = await pairDevice({ apiUrl: options.apiUrl, code: options.code });
  const next = ConfigFile.parse({
    ...existing,
    cloud: { apiUrl: options.apiUrl, deviceId: answer.deviceId, token: answer.token },
    mqtt: {
      ...(existing.mqtt?.caFile ? { caFile: existing.mqtt.caFile } : {}),
      url: options.brokerUrl,
      username: answer.mqtt.username,
      password: answer.mqtt.password,
    },
  });
  fs.mkdirSync(path.dirname(options.configFile), { recursive: true });
  const temporary = `${options.configFile}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, options.configFile);
  return { deviceId: answer.deviceId };
}
