import crypto from 'node:crypto';
import { hashSecret, newCredential } from './credentials.js';
import { asDeviceOwner, asGateway, type GatewayDb } from './gateway-db.js';

/**
 * Pairing: a person creates a short code for a device in the cloud UI and types it on the
 * display (or its installer does); the display trades the code for its own credentials, once.
 * Only sha256 of the code and scrypt of the secret are stored.
 */

/** No 0/O, 1/I/L: the code is read off one screen and typed on another. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;
const DEFAULT_TTL_MINUTES = 15;

/** What a person may type: case, spaces and dashes do not matter. */
export function normalizePairingCode(code: string): string | null {
  const bare = code.toUpperCase().replace(/[\s-]/g, '');
  return bare.length === CODE_LENGTH && [...bare].every((c) => ALPHABET.includes(c)) ? bare : null;
}

export function hashPairingCode(normalized: string): string {
  return crypto.createHash('sha256').update(normalized).digest('hex');
}

/**
 * A new pairing code for `deviceId`, replacing any earlier one. For the cloud UI: run it in the
 * signed-in customer's context (runWithTenant), so a customer can only pair their own device.
 */
export async function createPairingCode(
  db: GatewayDb,
  deviceId: string,
  now: Date,
  ttlMinutes = DEFAULT_TTL_MINUTES,
): Promise<{ code: string; expiresAt: Date }> {
  const bare = Array.from(crypto.randomBytes(CODE_LENGTH), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
  const expiresAt = new Date(now.getTime() + ttlMinutes * 60_000);
  await db.device.update({ where: { id: deviceId }, data: { pairingCodeHash: hashPairingCode(bare), pairingCodeExpiresAt: expiresAt } });
  return { code: `${bare.slice(0, 4)}-${bare.slice(4)}`, expiresAt };
}

export interface PairedDevice {
  deviceId: string;
  credentialId: string;
  /** `<credentialId>.<secret>`: the HTTP bearer token. Shown once. */
  token: string;
  /** The broker login: the username must be the deviceId, which the broker's ACL confines to its tree. */
  mqtt: { username: string; password: string };
}

export type PairingOutcome =
  { ok: true; paired: PairedDevice } | { ok: false; reason: 'malformed' | 'unknown' | 'expired' | 'not-pairable' | 'broker-unavailable' };

/**
 * Trade a pairing code for credentials. The device is found by the code's hash as the gateway
 * admin (the code is what tells us the tenant); the credentials are written as its owner, in
 * one conditional update that also clears the code, so two racing requests cannot both win.
 * Pairing again (a new code) replaces the credentials: the old token stops working.
 */
export async function pairDevice(db: GatewayDb, code: string, now: Date, provisionBroker?: (paired: PairedDevice) => Promise<void>): Promise<PairingOutcome> {
  const normalized = normalizePairingCode(code);
  if (!normalized) return { ok: false, reason: 'malformed' };
  const codeHash = hashPairingCode(normalized);
  const device = await asGateway(() =>
    db.device.findFirst({
      where: { pairingCodeHash: codeHash },
      select: {
        id: true,
        userId: true,
        status: true,
        revokedAt: true,
        pairingCodeExpiresAt: true,
        credentialId: true,
        credentialHash: true,
        credentialIssuedAt: true,
        pairedAt: true,
        appliedStateEtag: true,
      },
    }),
  );
  if (!device) return { ok: false, reason: 'unknown' };
  if (!device.pairingCodeExpiresAt || device.pairingCodeExpiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  if (device.revokedAt || device.status === 'disabled' || device.status === 'retired') return { ok: false, reason: 'not-pairable' };

  const credential = newCredential();
  const credentialHash = await hashSecret(credential.secret);
  const { count } = await asDeviceOwner(device.userId, () =>
    db.device.updateMany({
      where: { id: device.id, pairingCodeHash: codeHash, pairingCodeExpiresAt: { gt: now } },
      data: {
        credentialId: credential.credentialId,
        credentialHash,
        credentialIssuedAt: now,
        pairedAt: now,
        pairingCodeHash: null,
        pairingCodeExpiresAt: null,
        status: 'active',
        appliedStateEtag: null,
      },
    }),
  );
  if (count !== 1) return { ok: false, reason: 'unknown' };
  const paired: PairedDevice = {
    deviceId: device.id,
    credentialId: credential.credentialId,
    token: credential.token,
    // One secret for both doors: the broker checks it like the gateway does (see authenticateBrokerLogin).
    mqtt: { username: device.id, password: credential.token },
  };
  if (provisionBroker) {
    try {
      await provisionBroker(paired);
    } catch {
      // Only the winner of the race gets here; put the device back as it was, code included, so the person can simply retry.
      const { id: _id, userId: _userId, revokedAt: _revokedAt, ...before } = device;
      await asDeviceOwner(device.userId, () =>
        db.device.updateMany({ where: { id: device.id, credentialId: credential.credentialId }, data: { ...before, pairingCodeHash: codeHash } }),
      );
      return { ok: false, reason: 'broker-unavailable' };
    }
  }
  return { ok: true, paired };
}
