import { describe, expect, it } from 'vitest';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../hub/pharmacy/password-hash';

/** Pharmacist passwords at rest: scrypt with a per-user salt, compared in constant time. */
describe('pharmacist password hashing', () => {
  it('stores scrypt N=2^15, r=8, p=1 with a 16-byte salt and a 32-byte hash', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain('correct horse');
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword(stored, '')).toBe(false);
  });

  it('salts every hash: the same password never stores the same value', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same password'),
      hashPassword('same password'),
    ]);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'same password')).toBe(true);
    expect(await verifyPassword(b, 'same password')).toBe(true);
  });

  it('treats composed and decomposed accents as the same password (NFC)', async () => {
    const stored = await hashPassword('Ngozi caf\u00e9 2026');
    expect(await verifyPassword(stored, 'Ngozi cafe\u0301 2026')).toBe(true);
  });

  it('refuses malformed or tampered stored values instead of throwing', async () => {
    const stored = await hashPassword('correct horse battery');
    const [, , , , salt, hash] = stored.split('$');
    for (const bad of [
      '',
      'plain text',
      stored.replace('scrypt', 'bcrypt'),
      `scrypt$15$8$1$${salt}$${hash?.slice(0, 20)}`,
      // Absurd cost parameters from a tampered row are refused, not run.
      `scrypt$30$8$1$${salt}$${hash}`,
      `scrypt$15$64$1$${salt}$${hash}`,
      // Other parameters than the ones it was made with: a different hash.
      `scrypt$14$8$1$${salt}$${hash}`,
    ]) {
      expect(await verifyPassword(bad, 'correct horse battery'), bad).toBe(false);
    }
  });

  it('has a dummy hash that costs a real check and matches no password', async () => {
    const dummy = await dummyPasswordHash();
    expect(dummy).toBe(await dummyPasswordHash());
    const started = performance.now();
    expect(await verifyPassword(dummy, 'anything at all')).toBe(false);
    expect(performance.now() - started).toBeGreaterThan(5);
  });
});
