import crypto from 'node:crypto';
import type { SynagogueFile } from '../protocol/api/synagogue-file.js';
import { tenantOwned } from '../../prisma/tenancy/index.js';
import { asDeviceOwner, asGateway, type GatewayDb } from './gateway-db.js';
import { createPairingCode, pairDevice } from './pairing.js';
import { importSynagogueFile } from './synagogue-file.js';

/** A standalone gateway's one screen: the device it runs inside, and the account a phone sets up. */
export interface StandaloneScreen {
  ownerId: string;
  deviceId: string;
  synagogueName: string;
  /** Someone has set the account's password from a phone. */
  setUp: boolean;
}

/**
 * The screen's own account, device and synagogue. On the first run they are made, and the
 * synagogue seeded from `seed` (the demo), so the wall shows something until the gabbai makes
 * it theirs. The account has no password until the phone that enters the wall's code sets one.
 */
export async function ensureStandaloneScreen(
  db: GatewayDb,
  options: { hostName: string; seed: SynagogueFile },
): Promise<StandaloneScreen & { seeded: boolean }> {
  const found = await asGateway(() =>
    db.device.findFirst({ orderBy: [{ createdAt: 'asc' }], select: { id: true, userId: true, synagogue: { select: { name: true } } } }),
  );
  if (found) {
    const owner = await db.user.findUnique({ where: { id: found.userId }, select: { passwordHash: true } });
    return { ownerId: found.userId, deviceId: found.id, synagogueName: found.synagogue?.name ?? 'Luach', setUp: Boolean(owner?.passwordHash), seeded: false };
  }
  const owner = await db.user.create({
    data: { email: `screen-${crypto.randomUUID().slice(0, 8)}@${options.hostName}`, passwordHash: null, role: 'customer', name: null },
    select: { id: true },
  });
  const deviceId = await asDeviceOwner(owner.id, () =>
    db.$transaction(async (tx) => {
      const created = await tx.device.create({
        data: tenantOwned({ name: options.hostName.replace(/\.local$/, ''), credentialId: `pending-${crypto.randomUUID()}`, status: 'pending', tags: [] }),
        select: { id: true },
      });
      await importSynagogueFile(tx as GatewayDb, options.seed, { deviceId: created.id });
      return created.id;
    }),
  );
  return { ownerId: owner.id, deviceId, synagogueName: options.seed.synagogue.name, setUp: false, seeded: true };
}

/** Pair the screen with its own gateway: a fresh credential at every start, so no secret is kept on disk. Returns its bearer token. */
export async function pairStandaloneScreen(db: GatewayDb, screen: StandaloneScreen, now: Date): Promise<string> {
  const { code } = await asDeviceOwner(screen.ownerId, () => createPairingCode(db, screen.deviceId, now, 1));
  const outcome = await pairDevice(db, code, now);
  if (!outcome.ok) throw new Error(`the screen could not pair with its own gateway: ${outcome.reason}`);
  return outcome.paired.token;
}

/**
 * What the fleet view reads from heartbeats on a cloud (online, last seen, the state it holds),
 * told by the screen itself: a standalone gateway has no broker.
 */
export async function reportStandaloneScreen(
  db: GatewayDb,
  screen: StandaloneScreen,
  report: { online?: boolean; appliedStateEtag?: string; appVersion?: string; now: Date },
): Promise<void> {
  const { now, ...fields } = report;
  await asDeviceOwner(screen.ownerId, () => db.device.update({ where: { id: screen.deviceId }, data: { ...fields, lastSeenAt: now } }));
}
