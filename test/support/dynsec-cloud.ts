import { DynamicSecurity } from '../../cloud-sync/server/broker/dynamic-security.js';
import type { BrokerUser, Mosquitto } from './mosquitto.js';

/**
 * The cloud's own login on a dynamic-security broker, made the way an operator would with
 * `mosquitto_ctrl dynsec` (see cloud-sync/server/README.md): a `luach-cloud` role over the whole
 * `luach/#` tree, and a client `cloud` holding it. Mosquitto 2.0 checks a shared subscription
 * against its full `$share/<group>/...` filter, so the role names that form too.
 */
export async function provisionCloudLogin(broker: Mosquitto): Promise<{ cloud: BrokerUser; dynsec: DynamicSecurity }> {
  const dynsec = new DynamicSecurity({ url: broker.url, ...broker.admin });
  await dynsec.start();
  await dynsec.run({
    command: 'createRole',
    rolename: 'luach-cloud',
    acls: [
      ...['publishClientSend', 'publishClientReceive', 'subscribePattern', 'unsubscribePattern'].map((acltype) => ({
        acltype,
        topic: 'luach/#',
        priority: 0,
        allow: true,
      })),
      ...['subscribePattern', 'unsubscribePattern'].map((acltype) => ({ acltype, topic: '$share/+/luach/#', priority: 0, allow: true })),
    ],
  });
  await dynsec.run({ command: 'createClient', username: broker.cloud.username, password: broker.cloud.password, roles: [{ rolename: 'luach-cloud' }] });
  return { cloud: broker.cloud, dynsec };
}
