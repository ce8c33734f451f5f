import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { z } from 'zod';
import { createGateway } from './gateway.js';
import { openSqliteGatewayDb } from './gateway-db.js';
import { createMqttIngest } from './mqtt-ingest.js';
import { describeIssues } from '../protocol/primitives.js';

/**
 * Run the gateway on the embedded SQLite database: `npx tsx cloud-sync/server/serve.ts`.
 * Configuration is environment only (12-factor), checked before anything starts; the MQTT
 * ingest starts when LUACH_MQTT_URL is set.
 */
const Env = z.object({
  LUACH_GATEWAY_SQLITE: z.string().min(1).default('.luach-data/cloud.db'),
  LUACH_GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
  LUACH_GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  LUACH_MQTT_URL: z.url({ protocol: /^(mqtts?|wss?)$/, error: 'expected an mqtt://, mqtts://, ws:// or wss:// URL' }).optional(),
  LUACH_MQTT_USERNAME: z.string().min(1).default('cloud'),
  LUACH_MQTT_PASSWORD: z.string().optional(),
  LUACH_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

async function serve(): Promise<void> {
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    for (const line of describeIssues(parsed.error)) console.error(line);
    process.exit(2);
  }
  const env = parsed.data;
  if (env.LUACH_MQTT_URL && !env.LUACH_MQTT_PASSWORD) {
    console.error('LUACH_MQTT_PASSWORD: required with LUACH_MQTT_URL (the password of the broker user LUACH_MQTT_USERNAME)');
    process.exit(2);
  }
  const logger = pino({ name: 'luach-gateway', level: env.LUACH_LOG_LEVEL });
  const file = path.resolve(env.LUACH_GATEWAY_SQLITE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const { client, db } = openSqliteGatewayDb(file);

  const gateway = createGateway({ prisma: db, logger });
  const { url } = await gateway.start(env.LUACH_GATEWAY_PORT, env.LUACH_GATEWAY_HOST);
  const ingest = env.LUACH_MQTT_URL
    ? createMqttIngest({ prisma: db, url: env.LUACH_MQTT_URL, username: env.LUACH_MQTT_USERNAME, password: env.LUACH_MQTT_PASSWORD!, logger })
    : undefined;
  await ingest?.start();
  logger.info({ url, database: file, mqtt: env.LUACH_MQTT_URL ?? null }, 'device gateway listening');

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'device gateway stopping');
    await gateway.stop();
    await ingest?.stop();
    await client.$disconnect();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

await serve();
