import { describe, expect, it } from 'vitest';
import { hashPairingCode, normalizePairingCode } from './pairing.js';

describe('pairing codes', () => {
  it('reads a code however a person types it', () => {
    for (const typed of ['K7M2-Q9XD', 'k7m2q9xd', ' K7M2 Q9XD ', 'k7m2-q9xd']) expect(normalizePairingCode(typed)).toBe('K7M2Q9XD');
  });

  it('refuses codes of the wrong length or with look-alike characters the cloud never issues', () => {
    for (const typed of ['', 'K7M2', 'K7M2-Q9XD-1', 'K7M2-Q9X0', 'O7M2-Q9XD', 'K7M2_Q9XD']) expect(normalizePairingCode(typed)).toBeNull();
  });

  it('stores a code as hex sha256, never as typed', () => {
    expect(hashPairingCode('K7M2Q9XD')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashPairingCode('K7M2Q9XD')).not.toContain('K7M2');
  });
});
