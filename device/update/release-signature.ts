import crypto from 'node:crypto';

/** What a release signature covers: a release is this version, this artifact, and (only if signed so) a downgrade. */
export interface SignedFields {
  version: string;
  sha256: string;
  allowDowngrade: boolean;
}

/** One public key a build trusts to sign releases. */
export interface TrustedKey {
  /** keyIdOf(the key): named in every signature it makes. */
  id: string;
  /** The ed25519 public key as base64 SPKI DER ("MCowBQYDK2VwAyEA..."). */
  publicKey: string;
  note?: string;
}

export type SignatureCheck = { ok: true; keyId: string } | { ok: false; reason: string };

const SIGNATURE = /^ed25519:([0-9a-f]{16}):([A-Za-z0-9+/]{86}==)$/;

/**
 * The exact bytes signed. Binding the version and the downgrade mark to the artifact's hash
 * means a row edited in the cloud (an old signed artifact relabelled as a new version, or
 * marked as a downgrade) no longer verifies.
 */
export function signedStatement(fields: SignedFields): Buffer {
  return Buffer.from(`luach-release/1\nversion: ${fields.version}\nsha256: ${fields.sha256}\nallow-downgrade: ${fields.allowDowngrade ? 'yes' : 'no'}\n`);
}

/** A key's short id: the first 16 hex digits of the sha256 of its SPKI DER. */
export function keyIdOf(publicKey: crypto.KeyObject): string {
  return crypto
    .createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** Sign a release with an operator's ed25519 private key: `ed25519:<key id>:<base64 signature>`. */
export function signRelease(fields: SignedFields, privateKey: crypto.KeyObject): string {
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(`the signing key is ${privateKey.asymmetricKeyType ?? 'not asymmetric'}; expected an ed25519 private key`);
  const signature = crypto.sign(null, signedStatement(fields), privateKey).toString('base64');
  return `ed25519:${keyIdOf(crypto.createPublicKey(privateKey))}:${signature}`;
}

/** Check `signature` over `fields` against the trusted keys; the reason says what a person must fix. */
export function verifyRelease(fields: SignedFields, signature: string, trusted: readonly TrustedKey[]): SignatureCheck {
  const ids = trusted.map((k) => k.id).join(', ') || 'none';
  if (signature.trim() === '')
    return { ok: false, reason: `unsigned: the release carries no signature; this device installs only releases signed by a key it trusts (${ids})` };
  const match = SIGNATURE.exec(signature.trim());
  if (!match) return { ok: false, reason: 'the signature is not of the form ed25519:<16 hex key id>:<base64 signature> (scripts/release.ts makes it)' };
  const [, keyId, body] = match as unknown as [string, string, string];
  const key = trusted.find((k) => k.id === keyId);
  if (!key)
    return {
      ok: false,
      reason: `signed by key ${keyId}, which this device does not trust (it trusts ${ids}); sign with a trusted key, or first ship a release that adds this key`,
    };
  const publicKey = crypto.createPublicKey({ key: Buffer.from(key.publicKey, 'base64'), format: 'der', type: 'spki' });
  if (!crypto.verify(null, signedStatement(fields), publicKey, Buffer.from(body, 'base64')))
    return {
      ok: false,
      reason: `the signature by key ${keyId} does not match this release's version, sha256 and downgrade mark: the artifact or its SoftwareUpdate row was altered after signing`,
    };
  return { ok: true, keyId };
}
