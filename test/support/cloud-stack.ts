import { dynsecBrokerAccounts } from '../../cloud-sync/server/broker/broker-accounts.js';
import { CLOUD_CHANGES_TOPIC } from '../../cloud-sync/server/broker/change-feed.js';
import { DynamicSecurity } from '../../cloud-sync/server/broker/dynamic-security.js';
import type { Gateway, GatewayOptions } from '../../cloud-sync/server/gateway.js';
import { createMqttIngest, type MqttIngest } from '../../cloud-sync/server/mqtt-ingest.js';
import { CloudApi } from './cloud-api.js';
import { provisionCloudLogin } from './dynsec-cloud.js';
import { Mosquitto } from './mosquitto.js';

/**
 * The whole cloud as production runs it, on one machine: a Mosquitto with dynamic security, the
 * gateway (people's API and device endpoints) provisioning device logins there, and the MQTT
 * ingest (shared subscription) whose connection also carries commands and sync nudges.
 */
export class CloudStack {
  private constructor(
    readonly broker: Mosquitto,
    readonly api: CloudApi,
    readonly ingest: MqttIngest,
    private readonly dynsec: DynamicSecurity[],
  ) {}

  get gateway(): Gateway {
    return this.api.gateway;
  }

  static async start(options: Partial<GatewayOptions> = {}, name = 'stack'): Promise<CloudStack> {
    const broker = await Mosquitto.start([], { dynamicSecurity: true });
    const { dynsec: operator } = await provisionCloudLogin(broker);
    const dynsec = new DynamicSecurity({ url: broker.url, ...broker.admin });
    await dynsec.start();
    // The gateway and the ingest each need the other: bound late, through this holder.
    const late: { gateway?: Gateway; ingest?: MqttIngest } = {};
    const stackLog = (await import('./gateway-cloud.js')).capturingLogger();
    const ingestOf = (db: Parameters<typeof createMqttIngest>[0]['prisma']) =>
      createMqttIngest({
        prisma: db,
        url: broker.url,
        ...broker.cloud,
        clientId: `ingest-${name}`,
        sharedGroup: 'luach-ingest',
        logger: stackLog.logger,
        cloudTopics: { [CLOUD_CHANGES_TOPIC]: (payload) => late.gateway?.changes.heard(payload) },
      });
    const api = await CloudApi.start({
      stateCache: { enabled: true },
      ...options,
      broker: { publish: (topic, payload) => late.ingest!.publish(topic, payload), accounts: dynsecBrokerAccounts(dynsec) },
    });
    late.gateway = api.gateway;
    const ingest = ingestOf(api.cloud.db);
    late.ingest = ingest;
    await ingest.start();
    return new CloudStack(broker, api, ingest, [operator, dynsec]);
  }

  async stop(): Promise<void> {
    await this.api.gateway.stop();
    await this.ingest.stop();
    for (const client of this.dynsec) await client.stop();
    await this.broker.dispose();
    await this.api.cloud.dispose();
  }
}
