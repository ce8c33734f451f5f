import type { PairingAnswer } from '../../cloud-sync/protocol/pairing.js';
import { deviceTopics } from '../../cloud-sync/protocol/topics.js';
import type { ApiClient } from './cloud-api.js';
import { postJson } from './gateway-cloud.js';
import { MqttObserver } from './mqtt-observer.js';

/**
 * A screen as the cloud sees it, without the runtime: added and paired through the API and the
 * device endpoint, then connected to the broker with the login pairing issued, subscribed to its
 * commands and sync nudges.
 */
export async function pairedScreen(api: ApiClient, brokerUrl: string, body: { name: string; synagogueId?: unknown }) {
  const device = await api.post('/devices', body);
  if (device.status !== 201) throw new Error(`could not add a screen: ${device.text}`);
  const deviceId = String(device.json.id);
  const code = await api.post(`/devices/${deviceId}/pairing-code`, {});
  const pairing = await postJson(`${api.url}/device/v1/pair`, { code: code.json.code });
  if (pairing.status !== 200) throw new Error(`pairing refused (${pairing.status}): ${JSON.stringify(pairing.json)}`);
  const paired = pairing.json as unknown as PairingAnswer;
  const mqtt = await MqttObserver.connect(brokerUrl, { ...paired.mqtt, clientId: `luach-${deviceId}` });
  const topics = deviceTopics(deviceId);
  await mqtt.subscribe(topics.commands);
  await mqtt.subscribe(topics.stateChanged);
  return { deviceId, paired, mqtt, topics };
}
export type PairedScreen = Awaited<ReturnType<typeof pairedScreen>>;
