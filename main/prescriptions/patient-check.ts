import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * The patient check value of prescription-token.md §3: `scrypt$15$8$1$<salt>$<hash>`, scrypt with
 * N = 2^15, r = 8, p = 1 and a 32-byte output over UTF-8 `<birthDate>:<PIN>`, salt and hash in
 * base64url. It is in the token so the kiosk can check the patient offline; scrypt makes each
 * guess cost ~100 ms, but a holder of the QR can still try all 10^6 PINs offline in hours to days,
 * which the threat model states.
 */

export const PATIENT_CHECK_SYSTEM = 'urn:opendispense:patient-check';

const LOG2_N = 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** scrypt needs 128 · N · r bytes = 32 MiB here; Node's default cap is 32 MiB, so raise it. */
const MAX_MEM = 64 * 1024 * 1024;

export const PATIENT_CHECK_PATTERN = /^scrypt\$15\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/;
export const PIN_PATTERN = /^[0-9]{6}$/;

function derive(birthDate: string, pin: string, salt: Uint8Array): Buffer {
  return scryptSync(Buffer.from(`${birthDate}:${pin}`, 'utf8'), salt, KEY_BYTES, {
    N: 2 ** LOG2_N,
    r: R,
    p: P,
    maxmem: MAX_MEM,
  });
}

/** Computes a new check value with a fresh random salt (`salt` only for test vectors). */
export function computePatientCheck(
  birthDate: string,
  pin: string,
  salt: Uint8Array = randomBytes(SALT_BYTES),
): string {
  if (salt.length !== SALT_BYTES) throw new RangeError(`salt must be ${SALT_BYTES} bytes`);
  const hash = derive(birthDate, pin, salt);
  const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
  return `scrypt$${LOG2_N}$${R}$${P}$${b64(salt)}$${b64(hash)}`;
}

/** True when `birthDate` and `pin` produce `checkValue`; false for any malformed value. */
export function matchesPatientCheck(checkValue: string, birthDate: string, pin: string): boolean {
  if (!PATIENT_CHECK_PATTERN.test(checkValue)) return false;
  const [, , , , saltText = '', hashText = ''] = checkValue.split('$');
  const expected = Buffer.from(hashText, 'base64url');
  const actual = derive(birthDate, pin, Buffer.from(saltText, 'base64url'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
