import { z } from 'zod';
import type { GatewayDb } from '../gateway-db.js';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.js';

export type Role = 'customer' | 'admin';

/** What the API says about a person: never the password hash. */
export const PUBLIC_USER = { id: true, email: true, name: true, role: true, locale: true, disabledAt: true, lastLoginAt: true, createdAt: true } as const;

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'expected an email address such as gabbai@example.org' }));
export const Password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { error: `a password has at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(PASSWORD_MAX_LENGTH, { error: `a password has at most ${PASSWORD_MAX_LENGTH} characters` });

export class UserExists extends Error {
  override name = 'UserExists';
}

/**
 * Create a person. User is a global model (no tenant): only the CLI and admins call this. The
 * email is stored lower-cased, so sign-in ignores case; a second account with it is refused.
 */
export async function createUser(db: GatewayDb, input: { email: string; password: string; role: Role; name?: string | undefined }) {
  const email = Email.parse(input.email);
  const password = Password.parse(input.password);
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) throw new UserExists(`an account for ${email} exists already`);
  return db.user.create({ data: { email, passwordHash: await hashPassword(password), role: input.role, name: input.name ?? null }, select: PUBLIC_USER });
}
