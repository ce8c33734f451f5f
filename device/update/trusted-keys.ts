import crypto from 'node:crypto';
import fs from 'node:fs';
import * as z from 'zod';
import { describeIssues } from '../../cloud-sync/protocol/primitives.js';
import { keyIdOf, type TrustedKey } from './release-signature.js';

/** The file of trusted release keys at an application's root (`<appDir>/release-keys.json`); it ships inside every release and the .deb. */
export const RELEASE_KEYS_FILE = 'release-keys.json';

const ReleaseKeys = z.strictObject({
  keys: z.array(z.strictObject({ id: z.string().regex(/^[0-9a-f]{16}$/), publicKey: z.string().min(1), note: z.string().optional() })),
});

/**
 * The keys the running application trusts to sign its successors. Because the list ships in
 * each release, rotation is a release: one signed by the old key that lists the new key too;
 * later releases may then be signed by the new one, and a release that drops the old key
 * retires it. Each entry's id must be the id of its key.
 */
export function readTrustedKeys(file: string): TrustedKey[] {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot be read as JSON (${(error as Error).message}); this build can install no release until it can`, { cause: error });
  }
  const parsed = ReleaseKeys.safeParse(json);
  if (!parsed.success) throw new Error(`${file}: ${describeIssues(parsed.error).join('; ')}`);
  return parsed.data.keys.map((key, i) => {
    let publicKey: crypto.KeyObject;
    try {
      publicKey = crypto.createPublicKey({ key: Buffer.from(key.publicKey, 'base64'), format: 'der', type: 'spki' });
    } catch (error) {
      throw new Error(`${file}: keys.${i}.publicKey: not a base64 SPKI public key (${(error as Error).message})`, { cause: error });
    }
    if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`${file}: keys.${i}.publicKey: expected an ed25519 key, got ${publicKey.asymmetricKeyType}`);
    if (keyIdOf(publicKey) !== key.id) throw new Error(`${file}: keys.${i}.id: is ${key.id} but the key's id is ${keyIdOf(publicKey)}`);
    return key;
  });
}
