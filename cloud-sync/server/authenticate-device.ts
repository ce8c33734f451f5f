import { DECOY_HASH, parseBearer, verifySecret } from './credentials.js';
import { asGateway, type GatewayDb } from './gateway-db.js';

/** What the gateway knows about an authenticated device: enough to serve it as its owner. */
export interface AuthenticatedDevice {
  id: string;
  userId: string;
  synagogueId: string | null;
  appliedStateEtag: string | null;
}

/** Why a device was refused; for the log only. The device is told just "401". */
export type AuthRefusal = 'no-token' | 'unknown-credential' | 'wrong-secret' | 'not-active';

export type AuthOutcome = { ok: true; device: AuthenticatedDevice } | { ok: false; refusal: AuthRefusal; credentialId?: string };

/** Only a paired, active, unrevoked device may sync; pending, disabled and retired ones may not. */
const SERVABLE_STATUS = 'active';

/**
 * Authenticate `Authorization: Bearer <credentialId>.<secret>`.
 *
 * The lookup by credentialId runs as the gateway admin: authentication precedes knowing the
 * tenant, and the credential is what tells us the tenant. It selects only what the check and
 * the owner's context need; nothing read here leaves this function unless the secret matched.
 */
export async function authenticateDevice(db: GatewayDb, authorization: string | undefined): Promise<AuthOutcome> {
  const bearer = parseBearer(authorization);
  if (!bearer) return { ok: false, refusal: 'no-token' };
  const device = await asGateway(() =>
    db.device.findUnique({
      where: { credentialId: bearer.credentialId },
      select: { id: true, userId: true, synagogueId: true, appliedStateEtag: true, credentialHash: true, status: true, revokedAt: true },
    }),
  );
  // Verify even when there is nothing to verify against, so a miss takes as long as a mismatch.
  const matches = await verifySecret(bearer.secret, device?.credentialHash ?? DECOY_HASH);
  const refused = (refusal: AuthRefusal): AuthOutcome => ({ ok: false, refusal, credentialId: bearer.credentialId });
  if (!device) return refused('unknown-credential');
  if (!device.credentialHash || !matches) return refused('wrong-secret');
  if (device.revokedAt || device.status !== SERVABLE_STATUS) return refused('not-active');
  return { ok: true, device: { id: device.id, userId: device.userId, synagogueId: device.synagogueId, appliedStateEtag: device.appliedStateEtag } };
}

/**
 * A broker login (for an auth plugin that asks the cloud): the password is the device's token
 * and the username must be the device id it belongs to, because the broker's ACL confines
 * user %u to `luach/v1/devices/%u/#`. A device logging in under another device's name fails.
 */
export async function authenticateBrokerLogin(db: GatewayDb, username: string, password: string): Promise<boolean> {
  const auth = await authenticateDevice(db, `Bearer ${password}`);
  return auth.ok && auth.device.id === username;
}
