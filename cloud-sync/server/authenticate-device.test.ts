import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../prisma/generated/sqlite/index.js';
import { authenticateBrokerLogin, authenticateDevice } from './authenticate-device.js';
import { asDeviceOwner, asGateway, openSqliteGatewayDb, type GatewayDb } from './gateway-db.js';
import { createPairingCode, pairDevice } from './pairing.js';

let dir: string;
let base: PrismaClient;
let db: GatewayDb;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luach-auth-'));
  ({ client: base, db } = openSqliteGatewayDb(path.join(dir, 'cloud.db')));
  for (const [tenant, deviceId] of [
    ['tenant-a', 'dev-1'],
    ['tenant-b', 'dev-2'],
  ] as const) {
    const synagogue = await asGateway(() =>
      db.synagogue.create({ data: { userId: tenant, name: 'Shul', latitude: 31.77, longitude: 35.21, timezone: 'Asia/Jerusalem' } }),
    );
    await asGateway(() =>
      db.device.create({ data: { id: deviceId, userId: tenant, name: deviceId, credentialId: `pending-${deviceId}`, synagogueId: synagogue.id } }),
    );
    const { code } = await asDeviceOwner(tenant, () => createPairingCode(db, deviceId, new Date()));
    const outcome = await pairDevice(db, code, new Date());
    if (!outcome.ok) throw new Error(`pairing failed: ${outcome.reason}`);
    tokens[deviceId] = outcome.paired.token;
  }
});
afterAll(async () => {
  await base?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('authenticateDevice', () => {
  it('finds the device and its owner from the token, outside any tenant context', async () => {
    expect(await authenticateDevice(db, `Bearer ${tokens['dev-1']}`)).toEqual({
      ok: true,
      device: { id: 'dev-1', userId: 'tenant-a', synagogueId: expect.any(String), appliedStateEtag: null, lastSeenAt: null, lastIp: null },
    });
  });

  it('says why it refused, for the log, without the secret', async () => {
    const [credentialId] = tokens['dev-1']!.split('.');
    expect(await authenticateDevice(db, undefined)).toEqual({ ok: false, refusal: 'no-token' });
    expect(await authenticateDevice(db, `Bearer ${credentialId}.${'x'.repeat(43)}`)).toEqual({ ok: false, refusal: 'wrong-secret', credentialId });
    expect(await authenticateDevice(db, `Bearer dc_nobodyHasThisOne.${'x'.repeat(43)}`)).toMatchObject({ ok: false, refusal: 'unknown-credential' });
  });
});

describe('authenticateBrokerLogin', () => {
  it('accepts a device under its own id only', async () => {
    expect(await authenticateBrokerLogin(db, 'dev-1', tokens['dev-1']!)).toBe(true);
    expect(await authenticateBrokerLogin(db, 'dev-2', tokens['dev-1']!)).toBe(false);
    expect(await authenticateBrokerLogin(db, 'dev-1', 'guess')).toBe(false);
  });
});
