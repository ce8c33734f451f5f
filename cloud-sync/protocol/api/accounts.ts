import { z } from 'zod';
import { isoDateTime } from '../primitives.js';

/** The people's side of the API: who is signed in, personal API tokens, and (admins) accounts. */

export const Role = z.enum(['customer', 'admin']);

export const User = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role: Role,
    locale: z.string(),
    disabledAt: isoDateTime.nullable(),
    lastLoginAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const SignIn = z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(256) });

export const SessionInfo = z
  .object({
    user: User,
    via: z.enum(['session', 'token']),
    /** Echo it as X-CSRF-Token on every POST, PUT, PATCH and DELETE made with the session cookie. */
    csrfToken: z.string().nullable(),
    expiresAt: isoDateTime.nullable(),
    /** The customer an admin acts as (x-customer-context), when it names one. */
    actingAs: z.string().nullable(),
  })
  .meta({ id: 'SessionInfo' });

export const NewUser = z.object({
  email: z.string().min(3).max(320),
  role: Role.default('customer'),
  name: z.string().min(1).max(200).optional(),
  password: z.string().min(10).max(256).describe('at least 10 characters'),
});

export const UserPatch = z
  .object({ name: z.string().min(1).max(200).nullable(), role: Role, disabled: z.boolean(), locale: z.enum(['he', 'en']) })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { error: 'give at least one field to change' });

export const PasswordChange = z.object({ current: z.string().min(1).max(256), next: z.string().min(10).max(256).describe('at least 10 characters') });

export const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    tokenId: z.string(),
    lastUsedAt: isoDateTime.nullable(),
    expiresAt: isoDateTime.nullable(),
    revokedAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'ApiToken' });

export const NewApiToken = z.object({
  name: z.string().min(1).max(100).describe('what the token is for, e.g. "nightly yahrzeit import"'),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

/** Shown once: `token` is never stored and cannot be read again. */
export const IssuedApiToken = ApiToken.extend({ token: z.string().describe('Authorization: Bearer <token>; shown once') });
