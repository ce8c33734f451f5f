import { hash, verify, type Algorithm } from '@node-rs/argon2';

/**
 * Passwords: argon2id with OWASP's baseline cost (19 MiB, 2 passes, 1 lane: about 30 ms on a
 * server core, and affordable on a Raspberry Pi running the gateway standalone). The hash
 * string carries its parameters, so raising the cost later still verifies old hashes.
 */
// 2 is Algorithm.Argon2id (a const enum, which isolated modules cannot read).
const COST = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, COST);
}

/** True when `password` matches; a malformed stored hash is a mismatch, never an exception. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * A hash of nothing anyone knows, verified when the email is unknown, so a miss costs as much
 * as a wrong password and response times do not tell which accounts exist.
 */
export const DECOY_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$H+KHpNlkf3KaPemcMWHylQ$cvwOOAdQypakG0ZXmTqhr40puJhCAU1AjKhRZ9RIvhw';
