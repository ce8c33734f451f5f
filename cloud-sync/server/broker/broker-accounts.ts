import { deviceTopics } from '../../protocol/topics.js';
import type { DynamicSecurity } from './dynamic-security.js';

/** What the gateway needs from a broker that keeps its own logins. */
export interface BrokerAccounts {
  /** Create or replace the device's login; its old password stops working and its connection is dropped. */
  provision(login: { deviceId: string; password: string }): Promise<void>;
  /** Remove the device's login; a connected device is disconnected at once. */
  revoke(deviceId: string): Promise<void>;
}

const MISSING = [/not found/i];
const EXISTS = [/already exists/i];

/**
 * Device logins in Mosquitto's dynamic security: one client per device (username = deviceId,
 * bound to the client id the device connects with, `luach-<deviceId>`, so nobody else can take
 * that id), with one role allowing exactly its own tree `luach/v1/devices/<deviceId>/#`.
 * Mosquitto 2.0's dynamic security has no %u patterns, hence a role per device.
 */
export function dynsecBrokerAccounts(dynsec: DynamicSecurity): BrokerAccounts {
  const roleOf = (deviceId: string) => `luach-device-${deviceId}`;
  return {
    async provision({ deviceId, password }) {
      const tree = deviceTopics(deviceId).all;
      await dynsec.run(
        {
          command: 'createRole',
          rolename: roleOf(deviceId),
          acls: [
            { acltype: 'publishClientSend', topic: tree, priority: 0, allow: true },
            { acltype: 'publishClientReceive', topic: tree, priority: 0, allow: true },
            { acltype: 'subscribePattern', topic: tree, priority: 0, allow: true },
            { acltype: 'unsubscribePattern', topic: tree, priority: 0, allow: true },
          ],
        },
        EXISTS,
      );
      // Re-pairing replaces the login whole: the old password and any live connection go with it.
      await dynsec.run({ command: 'deleteClient', username: deviceId }, MISSING);
      await dynsec.run({ command: 'createClient', username: deviceId, password, clientid: `luach-${deviceId}`, roles: [{ rolename: roleOf(deviceId) }] });
    },
    async revoke(deviceId) {
      await dynsec.run({ command: 'deleteClient', username: deviceId }, MISSING);
      await dynsec.run({ command: 'deleteRole', rolename: roleOf(deviceId) }, MISSING);
    },
  };
}
