import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../cloud-sync/server/gateway.js';
import type { PairedDevice } from '../cloud-sync/server/pairing.js';
import { capturingLogger, GatewayCloud, postJson } from './support/gateway-cloud.js';

const A = 'tenant-a';
let cloud: GatewayCloud;
let gateway: Gateway;
let url: string;
let now = new Date('2026-11-25T10:00:00Z');
const log = capturingLogger();
const onPaired: PairedDevice[] = [];

const pair = (code: string) => postJson(`${url}/device/v1/pair`, { code });
const stateStatus = async (token: string) => (await fetch(`${url}/device/v1/state`, { headers: { Authorization: `Bearer ${token}` } })).status;
const device = (id: string) => cloud.admin((db) => db.device.findUniqueOrThrow({ where: { id } }));

beforeAll(async () => {
  cloud = GatewayCloud.open();
  for (const id of ['pair-1', 'pair-2', 'pair-3', 'pair-4']) await cloud.addTenant(A, { deviceId: id, synagogueName: 'Ohel Yaakov' });
  gateway = createGateway({ prisma: cloud.db, clock: { now: () => now }, logger: log.logger, onPaired: (paired) => void onPaired.push(paired) });
  ({ url } = await gateway.start(0));
});
afterAll(async () => {
  await gateway?.stop();
  await cloud?.dispose();
});

describe('POST /device/v1/pair', () => {
  it('issues credentials once for a code, and stores only their hashes', async () => {
    const { code } = await cloud.pairingCode(A, 'pair-1', now);
    const first = await pair(code.toLowerCase().replace('-', ' '));
    expect(first.status).toBe(200);
    const paired = first.json as unknown as PairedDevice;
    expect(paired).toMatchObject({ deviceId: 'pair-1', mqtt: { username: 'pair-1' } });
    expect(paired.token.startsWith(`${paired.credentialId}.`)).toBe(true);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(onPaired.map((p) => p.deviceId)).toEqual(['pair-1']);

    const stored = await device('pair-1');
    const secret = paired.token.split('.')[1]!;
    expect(stored).toMatchObject({ status: 'active', credentialId: paired.credentialId, pairingCodeHash: null, pairingCodeExpiresAt: null, pairedAt: now });
    expect(stored.credentialHash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(JSON.stringify(log.lines)).not.toContain(secret);
    expect(JSON.stringify(log.lines)).not.toContain(code.replace('-', ''));
    expect(await stateStatus(paired.token)).toBe(200);

    const again = await pair(code);
    expect(again).toMatchObject({ status: 401, json: { error: 'unknown-code' } });
    expect((await device('pair-1')).credentialHash).toBe(stored.credentialHash);
  });

  it('lets only one of two racing requests with the same code win', async () => {
    const { code } = await cloud.pairingCode(A, 'pair-4', now);
    const results = await Promise.all([pair(code), pair(code), pair(code)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401]);
    const winner = results.find((r) => r.status === 200)!.json as unknown as PairedDevice;
    expect((await device('pair-4')).credentialId).toBe(winner.credentialId);
  });

  it('refuses an expired code and leaves the device unpaired', async () => {
    const { code } = await cloud.pairingCode(A, 'pair-2', now, 5);
    now = new Date(now.getTime() + 6 * 60_000);
    expect(await pair(code)).toMatchObject({ status: 401, json: { error: 'expired-code', message: expect.stringMatching(/create a new one/) } });
    expect(await device('pair-2')).toMatchObject({ status: 'pending', credentialHash: null, pairedAt: null });
  });

  it('refuses a malformed code, and a code for a retired device', async () => {
    expect(await pair('12')).toMatchObject({ status: 400, json: { error: 'malformed-code' } });
    const { code } = await cloud.pairingCode(A, 'pair-3', now);
    await cloud.admin((db) => db.device.update({ where: { id: 'pair-3' }, data: { status: 'retired' } }));
    expect(await pair(code)).toMatchObject({ status: 403, json: { error: 'not-pairable' } });
    expect((await device('pair-3')).credentialHash).toBeNull();
  });

  it('replaces the credentials when a device is paired again: the old token stops working', async () => {
    const first = (await pair((await cloud.pairingCode(A, 'pair-4', now)).code)).json as unknown as PairedDevice;
    const second = (await pair((await cloud.pairingCode(A, 'pair-4', now)).code)).json as unknown as PairedDevice;
    expect(second.credentialId).not.toBe(first.credentialId);
    expect(await stateStatus(first.token)).toBe(401);
    expect(await stateStatus(second.token)).toBe(200);
  });
});

describe('failed attempts, counted in the database', () => {
  /** A cloud of its own: the counts of the tests above must not spill into these. */
  async function freshCloud() {
    const own = GatewayCloud.open();
    await own.addTenant(A, { deviceId: 'limit-1', synagogueName: 'Ohel Yaakov' });
    return own;
  }
  const limits = { pairingLimit: { attempts: 3, windowMs: 60_000 }, deviceLoginLimit: { attempts: 3, windowMs: 60_000 } };

  it('refuse pairing from one address over the limit, even with a right code, and across a restart of the gateway', async () => {
    const own = await freshCloud();
    let clock = new Date('2026-11-25T10:00:00Z');
    const start = async () => {
      const limited = createGateway({ prisma: own.db, clock: { now: () => clock }, logger: log.logger, ...limits });
      return { limited, url: (await limited.start(0)).url };
    };
    let running = await start();
    try {
      for (let i = 0; i < 3; i++) expect((await postJson(`${running.url}/device/v1/pair`, { code: 'AAAA-AAAA' })).status).toBe(401);
      // The gateway restarts (or another replica answers): the count is in the database, not lost.
      await running.limited.stop();
      running = await start();
      const { code } = await own.pairingCode(A, 'limit-1', clock);
      const refused = await postJson(`${running.url}/device/v1/pair`, { code });
      expect(refused).toMatchObject({ status: 429, json: { error: 'too-many-attempts' } });
      expect(refused.headers.get('retry-after')).toBe('60');
      expect((await own.admin((db) => db.device.findUniqueOrThrow({ where: { id: 'limit-1' } }))).credentialHash).toBeNull();
      clock = new Date(clock.getTime() + 60_000);
      expect((await postJson(`${running.url}/device/v1/pair`, { code })).status).toBe(200);
    } finally {
      await running.limited.stop();
      await own.dispose();
    }
  });

  it('stop an address guessing device logins, while a screen already verified goes on syncing', async () => {
    const own = await freshCloud();
    const clock = new Date('2026-11-25T10:00:00Z');
    const limited = createGateway({ prisma: own.db, clock: { now: () => clock }, logger: log.logger, ...limits });
    const { url: limitedUrl } = await limited.start(0);
    const sync = async (token: string) => (await fetch(`${limitedUrl}/device/v1/state`, { headers: { Authorization: `Bearer ${token}` } })).status;
    try {
      const { code } = await own.pairingCode(A, 'limit-1', clock);
      const paired = (await postJson(`${limitedUrl}/device/v1/pair`, { code })).json as unknown as PairedDevice;
      expect(await sync(paired.token)).toBe(200);
      const guesses = [];
      for (let i = 0; i < 5; i++) guesses.push(await sync(`${paired.credentialId}.wrong-secret-${i}`));
      expect(guesses).toEqual([401, 401, 401, 429, 429]);
      // The real screen's secret was verified before: it is not locked out by the guesser at its address.
      expect(await sync(paired.token)).toBe(200);
    } finally {
      await limited.stop();
      await own.dispose();
    }
  });
});
