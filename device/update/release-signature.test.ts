import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyIdOf, signRelease, verifyRelease, type TrustedKey } from './release-signature.js';

function keyPair(note: string): { trusted: TrustedKey; privateKey: crypto.KeyObject } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  return { trusted: { id: keyIdOf(publicKey), publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'), note }, privateKey };
}

const operator = keyPair('the operator');
const next = keyPair('the next operator key');
const stranger = keyPair('someone else');
const release = { version: '1.4.0', sha256: crypto.createHash('sha256').update('the artifact').digest('hex'), allowDowngrade: false };

describe('release signatures', () => {
  it('verifies a release signed by a trusted key, and names the key', () => {
    const signature = signRelease(release, operator.privateKey);
    expect(signature).toMatch(new RegExp(`^ed25519:${operator.trusted.id}:`));
    expect(verifyRelease(release, signature, [operator.trusted])).toEqual({ ok: true, keyId: operator.trusted.id });
  });

  it('refuses an unsigned release, listing the keys it would trust', () => {
    expect(verifyRelease(release, '', [operator.trusted])).toEqual({
      ok: false,
      reason: expect.stringMatching(new RegExp(`^unsigned: .*${operator.trusted.id}`)),
    });
  });

  it('refuses a release signed by a key it does not trust', () => {
    const check = verifyRelease(release, signRelease(release, stranger.privateKey), [operator.trusted]);
    expect(check).toEqual({ ok: false, reason: expect.stringContaining(`signed by key ${stranger.trusted.id}, which this device does not trust`) });
  });

  it('refuses a signature that does not cover this version, this artifact or this downgrade mark', () => {
    const signature = signRelease(release, operator.privateKey);
    for (const altered of [
      { ...release, version: '9.9.9' },
      { ...release, sha256: 'b'.repeat(64) },
      { ...release, allowDowngrade: true },
    ]) {
      expect(verifyRelease(altered, signature, [operator.trusted])).toEqual({ ok: false, reason: expect.stringContaining('does not match') });
    }
  });

  it('refuses a signature in any other form, saying the form it expects', () => {
    expect(verifyRelease(release, 'c2lnbmVk', [operator.trusted])).toEqual({
      ok: false,
      reason: expect.stringContaining('ed25519:<16 hex key id>:<base64 signature>'),
    });
  });

  it('rotates keys: a device trusting the old and the new key accepts either; one trusting only the old refuses the new', () => {
    const byNext = signRelease(release, next.privateKey);
    expect(verifyRelease(release, byNext, [operator.trusted, next.trusted]).ok).toBe(true);
    expect(verifyRelease(release, signRelease(release, operator.privateKey), [operator.trusted, next.trusted]).ok).toBe(true);
    expect(verifyRelease(release, byNext, [operator.trusted]).ok).toBe(false);
  });
});
