import crypto from 'node:crypto';

/**
 * Bearer secrets for people: `<prefix><id>.<secret>`, 256 random bits of secret. The cloud keeps
 * sha256 of the secret only. A fast hash is enough here (unlike passwords): nobody can guess 256
 * random bits, so a leaked hash gives nothing, and each API request must not cost a slow hash.
 */
export interface IssuedSecret {
  id: string;
  /** What the holder sends; shown once, never stored. */
  token: string;
  secretHash: string;
}

export function issueSecret(prefix: string): IssuedSecret {
  const id = `${prefix}${crypto.randomBytes(12).toString('base64url')}`;
  const secret = crypto.randomBytes(32).toString('base64url');
  return { id, token: `${id}.${secret}`, secretHash: hashSecretToken(secret) };
}

export function hashSecretToken(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('base64url');
}

/** `<prefix><id>.<secret>` split, or null when `token` is not one. */
export function parseSecret(prefix: string, token: string | undefined): { id: string; secret: string } | null {
  const match = new RegExp(`^(${prefix}[A-Za-z0-9_-]{8,40})\\.([A-Za-z0-9_-]{40,64})$`).exec(token ?? '');
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

/** Constant-time comparison of a presented secret with the stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecretToken(secret));
  const b = Buffer.from(storedHash);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Constant-time string equality (CSRF tokens). */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
