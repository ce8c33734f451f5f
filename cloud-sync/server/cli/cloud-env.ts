import path from 'node:path';
import { z } from 'zod';
import { describeIssues } from '../../protocol/primitives.js';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

/**
 * The cloud's configuration: environment only (12-factor), checked before anything starts.
 * Every name is in cloud-sync/server/README.md.
 */
export const CloudEnv = z.object({
  LUACH_GATEWAY_SQLITE: z.string().min(1).default('.luach-data/cloud.db'),
  LUACH_GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
  LUACH_GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  LUACH_ASSETS_DIR: z.string().min(1).default('.luach-data/assets'),
  LUACH_STATIC_DIR: z.string().min(1).default('dist/console'),
  LUACH_DISPLAY_DIR: z.string().min(1).default('dist/display'),
  LUACH_STATE_CACHE: flag.default(true),
  LUACH_TRUST_PROXY: flag.default(false),
  LUACH_SECURE_COOKIES: z.enum(['always', 'never', 'auto']).default('auto'),
  LUACH_MQTT_URL: z.url({ protocol: /^(mqtts?|wss?)$/, error: 'expected an mqtt://, mqtts://, ws:// or wss:// URL' }).optional(),
  LUACH_MQTT_USERNAME: z.string().min(1).default('cloud'),
  LUACH_MQTT_PASSWORD: z.string().optional(),
  /** Each replica its own: the broker keeps one persistent session per client id. */
  LUACH_INGEST_CLIENT_ID: z.string().min(1).max(64).default('luach-gateway-ingest'),
  LUACH_INGEST_SHARE_GROUP: z
    .string()
    .regex(/^[\w-]{1,40}$/)
    .default('luach-ingest'),
  LUACH_DYNSEC_ADMIN_USERNAME: z.string().min(1).optional(),
  LUACH_DYNSEC_ADMIN_PASSWORD: z.string().optional(),
  LUACH_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});
export type CloudEnv = z.infer<typeof CloudEnv>;

/** The environment, or a line per problem and exit code 2. */
export function readCloudEnv(env: NodeJS.ProcessEnv = process.env): CloudEnv {
  const parsed = CloudEnv.safeParse(env);
  if (!parsed.success) {
    for (const line of describeIssues(parsed.error)) console.error(line);
    process.exit(2);
  }
  const out = parsed.data;
  const needs = (when: unknown, name: keyof CloudEnv, why: string) => {
    if (when && !out[name]) {
      console.error(`${name}: required ${why}`);
      process.exit(2);
    }
  };
  needs(out.LUACH_MQTT_URL, 'LUACH_MQTT_PASSWORD', 'with LUACH_MQTT_URL (the password of the broker user LUACH_MQTT_USERNAME)');
  needs(out.LUACH_DYNSEC_ADMIN_USERNAME, 'LUACH_DYNSEC_ADMIN_PASSWORD', 'with LUACH_DYNSEC_ADMIN_USERNAME');
  needs(out.LUACH_DYNSEC_ADMIN_USERNAME, 'LUACH_MQTT_URL', 'with LUACH_DYNSEC_ADMIN_USERNAME (the broker to provision)');
  return { ...out, LUACH_GATEWAY_SQLITE: path.resolve(out.LUACH_GATEWAY_SQLITE), LUACH_ASSETS_DIR: path.resolve(out.LUACH_ASSETS_DIR) };
}
