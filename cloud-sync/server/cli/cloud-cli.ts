import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamicSecurity } from '../broker/dynamic-security.js';
import { createApiToken } from '../accounts/api-tokens.js';
import { createUser, Email, UserExists } from '../accounts/users.js';
import { openSqliteGatewayDb } from '../gateway-db.js';
import { describeIssues } from '../../protocol/primitives.js';
import { readCloudEnv } from './cloud-env.js';
import { serve } from './serve.js';

const USAGE = `npm run cloud -- <command>

  serve                                   run the gateway (configured by LUACH_* environment variables)
  user add [--admin] EMAIL [--name NAME] [--password-stdin]
                                          create an account; without --password-stdin a password is made and printed once
  user list                               every account
  token add EMAIL --name NAME [--days N]  a personal API token for EMAIL, printed once
  broker setup                            create the cloud's broker login in Mosquitto's dynamic security
                                          (LUACH_MQTT_URL, LUACH_MQTT_USERNAME/PASSWORD, LUACH_DYNSEC_ADMIN_USERNAME/PASSWORD)`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  const env = readCloudEnv();
  if (command === 'serve') {
    await serve(env);
    return -1;
  }
  if (command === 'broker' && sub === 'setup') return brokerSetup(env);
  if (command !== 'user' && command !== 'token') throw new UsageError(USAGE);
  fs.mkdirSync(path.dirname(env.LUACH_GATEWAY_SQLITE), { recursive: true });
  const { client, db } = openSqliteGatewayDb(env.LUACH_GATEWAY_SQLITE);
  try {
    if (command === 'user' && sub === 'add') {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { admin: { type: 'boolean' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
      });
      if (positionals.length !== 1) throw new UsageError('user add: give one EMAIL (npm run cloud -- user add [--admin] EMAIL)');
      const made = !values['password-stdin'];
      const password = made ? crypto.randomBytes(15).toString('base64url') : fs.readFileSync(0, 'utf8').replace(/\r?\n$/, '');
      try {
        const user = await createUser(db, { email: positionals[0]!, password, role: values.admin ? 'admin' : 'customer', name: values.name });
        console.log(`created ${user.role} ${user.email} (id ${user.id})`);
        if (made) console.log(`password: ${password}   (shown once; change it with PUT /api/v1/me/password)`);
      } catch (error) {
        if (error instanceof UserExists) throw new UsageError(error.message);
        if (error instanceof Error && error.name === 'ZodError')
          throw new UsageError(`user add: ${describeIssues(error as unknown as Parameters<typeof describeIssues>[0]).join('; ')}`);
        throw error;
      }
      return 0;
    }
    if (command === 'user' && sub === 'list') {
      for (const user of await db.user.findMany({ orderBy: { createdAt: 'asc' } }))
        console.log(`${user.id}  ${user.role.padEnd(8)}  ${user.email}${user.disabledAt ? '  (disabled)' : ''}`);
      return 0;
    }
    if (command === 'token' && sub === 'add') {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { name: { type: 'string' }, days: { type: 'string' } } });
      const email = Email.safeParse(positionals[0] ?? '');
      if (!email.success || !values.name) throw new UsageError('token add: npm run cloud -- token add EMAIL --name NAME [--days N]');
      const owner = await db.user.findUnique({ where: { email: email.data } });
      if (!owner) throw new UsageError(`token add: no account ${email.data}; create it with user add`);
      const days = values.days ? Number(values.days) : undefined;
      if (days !== undefined && !(Number.isInteger(days) && days > 0)) throw new UsageError('token add: --days takes a whole number of days');
      const issued = await createApiToken(db, owner.id, { name: values.name, expiresAt: days ? new Date(Date.now() + days * 86_400_000) : undefined });
      console.log(issued.token);
      return 0;
    }
    throw new UsageError(USAGE);
  } finally {
    await client.$disconnect();
  }
}

/** The cloud's broker login: a role over `luach/#` (shared subscriptions included) and a client holding it. */
async function brokerSetup(env: ReturnType<typeof readCloudEnv>): Promise<number> {
  if (!env.LUACH_MQTT_URL || !env.LUACH_DYNSEC_ADMIN_USERNAME)
    throw new UsageError('broker setup: set LUACH_MQTT_URL, LUACH_MQTT_PASSWORD, LUACH_DYNSEC_ADMIN_USERNAME and LUACH_DYNSEC_ADMIN_PASSWORD');
  const dynsec = new DynamicSecurity({ url: env.LUACH_MQTT_URL, username: env.LUACH_DYNSEC_ADMIN_USERNAME, password: env.LUACH_DYNSEC_ADMIN_PASSWORD! });
  await dynsec.start();
  try {
    const acls = [
      ...['publishClientSend', 'publishClientReceive', 'subscribePattern', 'unsubscribePattern'].map((acltype) => ({
        acltype,
        topic: 'luach/#',
        priority: 0,
        allow: true,
      })),
      // Mosquitto 2.0 checks a shared subscription against its whole $share/<group>/... filter.
      ...['subscribePattern', 'unsubscribePattern'].map((acltype) => ({ acltype, topic: '$share/+/luach/#', priority: 0, allow: true })),
    ];
    await dynsec.run({ command: 'createRole', rolename: 'luach-cloud', acls }, [/already exists/i]);
    await dynsec.run({ command: 'deleteClient', username: env.LUACH_MQTT_USERNAME }, [/not found/i]);
    await dynsec.run({ command: 'createClient', username: env.LUACH_MQTT_USERNAME, password: env.LUACH_MQTT_PASSWORD!, roles: [{ rolename: 'luach-cloud' }] });
    console.log(`broker login ${env.LUACH_MQTT_USERNAME} created with role luach-cloud (luach/#)`);
    return 0;
  } finally {
    await dynsec.stop();
  }
}

try {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (error) {
  if (error instanceof UsageError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(`cloud: ${(error as Error).message}`);
  process.exit(1);
}
