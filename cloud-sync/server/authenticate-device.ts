import crypto from 'node:crypto';
import { DECOY_HASH, parseBearer, verifySecret } from './credentials.js';
import { asGateway, type GatewayDb } from './gateway-db.js';

/** What the gateway knows about an authenticated device: enough to serve it as its owner. */
export interface AuthenticatedDevice {
  id: string;
  userId: string;
  synagogueId: string | null;
  appliedStateEtag: string | null;
  lastSeenAt: Date | null;
  lastIp: string | null;
}

/** Why a device was refused; for the log only. The device is told just "401". */
export type AuthRefusal = 'no-token' | 'unknown-credential' | 'wrong-secret' | 'not-active' | 'not-verified';

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
export async function authenticateDevice(
  db: GatewayDb,
  authorization: string | undefined,
  verified?: VerifiedSecrets,
  /** False for an address over its limit of failed logins: only a secret already known to match may pass, and no scrypt is spent. */
  mayVerify = true,
): Promise<AuthOutcome> {
  const bearer = parseBearer(authorization);
  if (!bearer) return { ok: false, refusal: 'no-token' };
  const device = await asGateway(() =>
    db.device.findUnique({
      where: { credentialId: bearer.credentialId },
      select: {
        id: true,
        userId: true,
        synagogueId: true,
        appliedStateEtag: true,
        lastSeenAt: true,
        lastIp: true,
        credentialHash: true,
        status: true,
        revokedAt: true,
      },
    }),
  );
  // Verify even when there is nothing to verify against, so a miss takes as long as a mismatch.
  const stored = device?.credentialHash ?? DECOY_HASH;
  const remembered = verified?.has(stored, bearer.secret) ?? false;
  if (!remembered && !mayVerify) return { ok: false, refusal: 'not-verified', credentialId: bearer.credentialId };
  const matches = remembered || (await verifySecret(bearer.secret, stored));
  if (matches && device?.credentialHash) verified?.add(stored, bearer.secret);
  const refused = (refusal: AuthRefusal): AuthOutcome => ({ ok: false, refusal, credentialId: bearer.credentialId });
  if (!device) return refused('unknown-credential');
  if (!device.credentialHash || !matches) return refused('wrong-secret');
  if (device.revokedAt || device.status !== SERVABLE_STATUS) return refused('not-active');
  const { credentialHash: _hash, status: _status, revokedAt: _revoked, ...known } = device;
  return { ok: true, device: known };
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

/**
 * Secrets that matched a stored hash recently, so a device's every sync does not cost a fresh
 * scrypt (about 20 ms; a 304 should cost a few). Keyed by the stored hash and a digest of the
 * secret: re-pairing changes the hash, and a revoked or disabled device is refused by the
 * database row read on every request, so a remembered match never outlives the credential.
 * Only matches are kept; a wrong secret always costs the full scrypt. Bounded, oldest out first.
 */
export class VerifiedSecrets {
  private readonly keys = new Set<string>();
  constructor(private readonly max = 10_000) {}

  private key(stored: string, secret: string): string {
    return crypto.createHash('sha256').update(stored).update('\0').update(secret).digest('base64url');
  }

  has(stored: string, secret: string): boolean {
    return this.keys.has(this.key(stored, secret));
  }

  add(stored: string, secret: string): void {
    this.keys.add(this.key(stored, secret));
    while (this.keys.size > this.max) this.keys.delete(this.keys.values().next().value!);
  }
}
