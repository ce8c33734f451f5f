import { describe, expect, it } from 'vitest';
import { DECOY_HASH, hashSecret, newCredential, parseBearer, verifySecret } from './credentials.js';

describe('device credentials', () => {
  it('verifies the secret it hashed and refuses any other', async () => {
    const { secret } = newCredential();
    const stored = await hashSecret(secret);
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(stored).not.toContain(secret);
    expect(await verifySecret(secret, stored)).toBe(true);
    expect(await verifySecret(`${secret}x`, stored)).toBe(false);
  });

  it('salts every hash, so equal secrets do not give equal hashes', async () => {
    expect(await hashSecret('same-secret-value')).not.toBe(await hashSecret('same-secret-value'));
  });

  it('treats a malformed or absurdly expensive stored hash as a mismatch, not a crash', async () => {
    for (const stored of [
      '',
      'bcrypt$1$2$3$4$5',
      'scrypt$x$8$1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA',
      'scrypt$1073741824$8$1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA',
      'scrypt$16384$8$1$$',
    ]) {
      expect(await verifySecret('anything', stored)).toBe(false);
    }
  });

  it('never matches the decoy hash used for unknown credential ids', async () => {
    expect(await verifySecret(newCredential().secret, DECOY_HASH)).toBe(false);
  });

  it('reads a bearer token in two halves and nothing else', () => {
    const { credentialId, secret, token } = newCredential();
    expect(parseBearer(`Bearer ${token}`)).toEqual({ credentialId, secret });
    expect(parseBearer(`bearer ${token}`)).toEqual({ credentialId, secret });
    for (const header of [undefined, '', token, `Basic ${token}`, `Bearer ${credentialId}`, `Bearer ${token} extra`, `Bearer ${credentialId}.short`]) {
      expect(parseBearer(header)).toBeNull();
    }
  });
});
