import crypto from 'node:crypto';
import { promisify } from 'node:util';

/**
 * Device credentials: a public id and a secret, sent together as `<credentialId>.<secret>`.
 * The cloud keeps only an scrypt hash of the secret (`scrypt$N$r$p$salt$hash`), so a leaked
 * database does not let anyone act as a display.
 */

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

/** 2^14: about 20 ms on a server core; a device authenticates once per sync, not per frame. */
const DEFAULT_COST = { N: 16_384, r: 8, p: 1 };
const KEY_BYTES = 32;
/** A stored hash asking for more than this is refused rather than let it stall the gateway. */
const MAX_N = 1 << 20;

export interface IssuedCredential {
  credentialId: string;
  secret: string;
  /** What the device sends: `<credentialId>.<secret>`. Shown once, never stored. */
  token: string;
}

/** A fresh credential: ids and secrets are base64url, so neither contains the `.` separator. */
export function newCredential(): IssuedCredential {
  const credentialId = `dc_${crypto.randomBytes(16).toString('base64url')}`;
  const secret = crypto.randomBytes(32).toString('base64url');
  return { credentialId, secret, token: `${credentialId}.${secret}` };
}

export async function hashSecret(secret: string, cost = DEFAULT_COST): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(secret, salt, KEY_BYTES, { ...cost, maxmem: 256 * cost.N * cost.r });
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `secret` matches `stored`; a malformed `stored` is a mismatch, never an exception. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every(Number.isSafeInteger) || N < 2 || N > MAX_N || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (salt.length < 8 || expected.length < 16) return false;
  const actual = await scrypt(secret, salt, expected.length, { N, r, p, maxmem: 256 * N * r });
  return crypto.timingSafeEqual(actual, expected);
}

/**
 * A well-formed hash of nothing anyone knows. Verifying against it when the credential id is
 * unknown makes a miss cost as much as a wrong secret, so response times do not tell an
 * attacker which credential ids exist.
 */
export const DECOY_HASH = `scrypt$${DEFAULT_COST.N}$${DEFAULT_COST.r}$${DEFAULT_COST.p}$${Buffer.alloc(16, 7).toString('base64url')}$${Buffer.alloc(KEY_BYTES, 9).toString('base64url')}`;

const TOKEN_PATTERN = /^(dc_[A-Za-z0-9_-]{8,64})\.([A-Za-z0-9_-]{16,128})$/;

/** `Authorization: Bearer <credentialId>.<secret>` split in two, or null when it is not one. */
export function parseBearer(header: string | undefined): { credentialId: string; secret: string } | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const token = match ? TOKEN_PATTERN.exec(match[1]!) : null;
  return token ? { credentialId: token[1]!, secret: token[2]! } : null;
}
