import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Pharmacist passwords at rest: `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` with a 16-byte random salt
 * per user and a 32-byte output, base64url. N = 2^15, r = 8, p = 1 (the same cost as the patient
 * check value of prescription-token.md §3) makes each guess ~100 ms of CPU and 32 MiB of memory.
 * The parameters travel in the stored value, so raising them later still verifies old hashes.
 * The async scrypt runs on libuv's pool: a login never stalls the sync API.
 */

const LOG2_N = 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** scrypt needs 128 · N · r bytes (32 MiB here); Node's default cap is exactly that, so raise it. */
const MAX_MEM = 64 * 1024 * 1024;

const STORED_PATTERN =
  /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{22})\$([A-Za-z0-9_-]{43})$/;

/** Accepted length of a password, in characters: long enough for a passphrase, short enough to bound work. */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(Buffer.from(password.normalize('NFC'), 'utf8'), salt, KEY_BYTES, options, (e, key) =>
      e ? reject(e) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, { N: 2 ** LOG2_N, r: R, p: P, maxmem: MAX_MEM });
  return `scrypt$${LOG2_N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** True when `password` produces `stored`; false for a wrong password or a malformed stored value. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const m = STORED_PATTERN.exec(stored);
  if (!m) return false;
  const [, logN, r, p, saltText = '', hashText = ''] = m;
  const options = { N: 2 ** Number(logN), r: Number(r), p: Number(p), maxmem: MAX_MEM };
  // Refuse absurd parameters from a tampered row rather than let them exhaust the machine.
  if (Number(logN) < 10 || Number(logN) > 20 || options.r > 16 || options.p > 4) return false;
  const expected = Buffer.from(hashText, 'base64url');
  const actual = await derive(password, Buffer.from(saltText, 'base64url'), options);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * A stored value for no account: verifying against it costs what a real check costs, so a login
 * for an unknown user name takes as long as one with a wrong password.
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}
