import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { createPairingCode } from '../../cloud-sync/server/pairing.js';
import { asDeviceOwner, asGateway, openSqliteGatewayDb, type GatewayDb } from '../../cloud-sync/server/gateway-db.js';
import type { PrismaClient } from '../../prisma/generated/sqlite/index.js';

/**
 * The cloud's database for a gateway test: a real Prisma Client on a SQLite file in a temp
 * directory, wrapped in the tenancy extension. Seeding runs as an admin naming each tenant,
 * as the cloud's own admin tools would.
 */
export class GatewayCloud {
  private constructor(
    readonly dir: string,
    readonly base: PrismaClient,
    readonly db: GatewayDb,
  ) {}

  static open(): GatewayCloud {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-gateway-'));
    const { client, db } = openSqliteGatewayDb(path.join(dir, 'cloud.db'));
    return new GatewayCloud(dir, client, db);
  }

  /** As an unimpersonated admin: sees and writes every tenant's rows. */
  admin<T>(fn: (db: GatewayDb) => T) {
    return asGateway(() => fn(this.db));
  }

  /** As the customer `tenant`, the way the cloud UI edits content. */
  as<T>(tenant: string, fn: (db: GatewayDb) => T) {
    return asDeviceOwner(tenant, () => fn(this.db));
  }

  /** A tenant with a synagogue in Jerusalem and one pending display. */
  async addTenant(tenant: string, options: { deviceId: string; synagogueName: string }): Promise<{ deviceId: string; synagogueId: string }> {
    return this.admin(async (db) => {
      const synagogue = await db.synagogue.create({
        data: { userId: tenant, name: options.synagogueName, latitude: 31.7683, longitude: 35.2137, elevation: 754, timezone: 'Asia/Jerusalem', israel: true },
      });
      await db.device.create({
        data: { id: options.deviceId, userId: tenant, name: `display of ${tenant}`, credentialId: `pending-${options.deviceId}`, synagogueId: synagogue.id },
      });
      return { deviceId: options.deviceId, synagogueId: synagogue.id };
    });
  }

  /** A pairing code for the device, created as its owner would in the cloud UI. */
  pairingCode(tenant: string, deviceId: string, now = new Date(), ttlMinutes?: number) {
    return this.as(tenant, (db) => createPairingCode(db, deviceId, now, ttlMinutes));
  }

  async dispose(): Promise<void> {
    await this.base.$disconnect();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A pino logger whose lines a test can read. */
export function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

/** POST JSON to the gateway. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> };
}
