import crypto from 'node:crypto';
import { encode } from 'uqr';

/** No 0/O, 1/I/L: the code is read off the wall and typed on a phone. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 4;

/** A fresh code for the wall, like "K7M2". */
export function newSetupCode(): string {
  return Array.from(crypto.randomBytes(CODE_LENGTH), (byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

/** What the wall shows on a standalone screen's first run: the console's address, the code, and the address as QR modules. */
export function setupNotice(url: string, code: string): { url: string; code: string; qr: string[] } {
  const { data } = encode(url, { ecc: 'M', border: 0 });
  return { url, code, qr: data.map((row) => row.map((dark) => (dark ? '1' : '0')).join('')) };
}
