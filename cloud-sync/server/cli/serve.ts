import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { dynsecBrokerAccounts } from '../broker/broker-accounts.js';
import { CLOUD_CHANGES_TOPIC } from '../broker/change-feed.js';
import { DynamicSecurity } from '../broker/dynamic-security.js';
import { createGateway, type Gateway } from '../gateway.js';
import { openSqliteGatewayDb } from '../gateway-db.js';
import { createMqttIngest } from '../mqtt-ingest.js';
import { directoryAssetStore } from '../assets/asset-store.js';
import type { CloudEnv } from './cloud-env.js';

/**
 * `npm run cloud -- serve`: the gateway on the embedded SQLite database, with the MQTT ingest
 * (a shared subscription, so replicas may run side by side) when LUACH_MQTT_URL is set, and
 * device logins provisioned in the broker's dynamic security when its admin is given.
 */
export async function serve(env: CloudEnv): Promise<void> {
  const logger = pino({ name: 'luach-gateway', level: env.LUACH_LOG_LEVEL });
  fs.mkdirSync(path.dirname(env.LUACH_GATEWAY_SQLITE), { recursive: true });
  const { client, db } = openSqliteGatewayDb(env.LUACH_GATEWAY_SQLITE);

  const late: { gateway?: Gateway } = {};
  const ingest = env.LUACH_MQTT_URL
    ? createMqttIngest({
        prisma: db,
        url: env.LUACH_MQTT_URL,
        username: env.LUACH_MQTT_USERNAME,
        password: env.LUACH_MQTT_PASSWORD!,
        clientId: env.LUACH_INGEST_CLIENT_ID,
        sharedGroup: env.LUACH_INGEST_SHARE_GROUP,
        cloudTopics: { [CLOUD_CHANGES_TOPIC]: (payload) => late.gateway?.changes.heard(payload) },
        logger,
      })
    : undefined;
  const dynsec = env.LUACH_DYNSEC_ADMIN_USERNAME
    ? new DynamicSecurity({ url: env.LUACH_MQTT_URL!, username: env.LUACH_DYNSEC_ADMIN_USERNAME, password: env.LUACH_DYNSEC_ADMIN_PASSWORD! })
    : undefined;
  const gateway = createGateway({
    prisma: db,
    logger,
    assets: directoryAssetStore(env.LUACH_ASSETS_DIR),
    stateCache: { enabled: env.LUACH_STATE_CACHE },
    trustProxy: env.LUACH_TRUST_PROXY,
    secureCookies: env.LUACH_SECURE_COOKIES,
    // The console and the display its preview draws with, when built (`npm run build`).
    ...(fs.existsSync(env.LUACH_STATIC_DIR) ? { staticDir: path.resolve(env.LUACH_STATIC_DIR) } : {}),
    ...(fs.existsSync(env.LUACH_DISPLAY_DIR) ? { displayDir: path.resolve(env.LUACH_DISPLAY_DIR) } : {}),
    ...(ingest
      ? { broker: { publish: (topic: string, payload: unknown) => ingest.publish(topic, payload), accounts: dynsec && dynsecBrokerAccounts(dynsec) } }
      : {}),
  });
  late.gateway = gateway;
  await dynsec?.start();
  await ingest?.start();
  const { url } = await gateway.start(env.LUACH_GATEWAY_PORT, env.LUACH_GATEWAY_HOST);
  logger.info({ url, database: env.LUACH_GATEWAY_SQLITE, mqtt: env.LUACH_MQTT_URL ?? null, dynamicSecurity: Boolean(dynsec) }, 'gateway listening');
  console.log(`Luach cloud: ${url}`);

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'gateway stopping');
    await gateway.stop();
    await ingest?.stop();
    await dynsec?.stop();
    await client.$disconnect();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
