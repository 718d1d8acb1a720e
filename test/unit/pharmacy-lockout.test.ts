import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openHubDatabase } from '../../hub/db/open-hub-database';
import type { HubDatabase } from '../../hub/db/hub-database';

/**
 * The lockout counter is persisted BEFORE the password is compared (issue 7): a crash during the
 * comparison, or parallel guesses, can never give an attacker an uncounted try. The comparison is
 * replaced by a spy that reads the database at the moment it runs.
 */

const seen: { attemptsWhenCompared: number[]; throwNext: boolean } = {
  attemptsWhenCompared: [],
  throwNext: false,
};
let db: HubDatabase;

vi.mock('../../hub/pharmacy/password-hash', async (original) => {
  const real = await original<typeof import('../../hub/pharmacy/password-hash')>();
  return {
    ...real,
    verifyPassword: async (stored: string, password: string): Promise<boolean> => {
      const { rows } = await db.query<{ failed_attempts: number }>(
        `SELECT failed_attempts FROM pharmacists WHERE username = 'carol'`,
      );
      seen.attemptsWhenCompared.push(rows[0]?.failed_attempts ?? -1);
      if (seen.throwNext) {
        seen.throwNext = false;
        throw new Error('power cut during the comparison');
      }
      return real.verifyPassword(stored, password);
    },
  };
});

const { checkPharmacistLogin, createPharmacist, LOCKOUT_MS, MAX_FAILED_LOGINS } =
  await import('../../hub/pharmacy/pharmacist-accounts');

const PASSWORD = 'carol password 1';
const T0 = Date.UTC(2026, 2, 1, 9);

async function attempts(): Promise<{ failed: number; lockedUntil: number | null }> {
  const { rows } = await db.query<{ failed_attempts: number; locked_until: Date | null }>(
    `SELECT failed_attempts, locked_until FROM pharmacists WHERE username = 'carol'`,
  );
  const row = rows[0];
  return {
    failed: row?.failed_attempts ?? -1,
    lockedUntil: row?.locked_until ? new Date(row.locked_until).getTime() : null,
  };
}

beforeAll(async () => {
  db = await openHubDatabase({ dataDir: null });
  expect(
    (await createPharmacist(db, { username: 'carol', displayName: 'Carol', password: PASSWORD }))
      .ok,
  ).toBe(true);
  // PGlite (WASM PostgreSQL) takes a few seconds to start on a busy 2-core machine.
}, 60_000);
afterAll(async () => {
  await db?.close();
});
beforeEach(async () => {
  seen.attemptsWhenCompared = [];
  await db.query(
    `UPDATE pharmacists SET failed_attempts = 0, locked_until = NULL WHERE username = 'carol'`,
  );
});

describe('pharmacist lockout', () => {
  it('counts each attempt in the database before comparing the password', async () => {
    for (let i = 1; i <= 3; i++)
      expect((await checkPharmacistLogin(db, 'carol', 'wrong', T0)).ok).toBe(false);
    expect(seen.attemptsWhenCompared).toEqual([1, 2, 3]);
    // Even the right password is counted first, then the success clears the count.
    expect((await checkPharmacistLogin(db, 'carol', PASSWORD, T0)).ok).toBe(true);
    expect(seen.attemptsWhenCompared.at(-1)).toBe(4);
    expect(await attempts()).toEqual({ failed: 0, lockedUntil: null });
  });

  it('keeps the count when the comparison never finishes', async () => {
    seen.throwNext = true;
    await expect(checkPharmacistLogin(db, 'carol', 'guess', T0)).rejects.toThrow('power cut');
    expect((await attempts()).failed).toBe(1);
  });

  it('locks at the fifth wrong password for 15 minutes without comparing again', async () => {
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      expect(await checkPharmacistLogin(db, 'carol', 'wrong', T0)).toEqual({
        ok: false,
        error: { code: 'unauthorized' },
      });
    }
    expect(await checkPharmacistLogin(db, 'carol', 'wrong', T0)).toEqual({
      ok: false,
      error: { code: 'locked_out', lockedUntil: T0 + LOCKOUT_MS },
    });
    const compared = seen.attemptsWhenCompared.length;
    expect(await checkPharmacistLogin(db, 'carol', PASSWORD, T0 + LOCKOUT_MS - 1)).toEqual({
      ok: false,
      error: { code: 'locked_out', lockedUntil: T0 + LOCKOUT_MS },
    });
    expect(seen.attemptsWhenCompared.length).toBe(compared);
    // After the lock: a fresh window of 5, starting at 1.
    expect((await checkPharmacistLogin(db, 'carol', 'wrong', T0 + LOCKOUT_MS)).ok).toBe(false);
    expect(await attempts()).toEqual({ failed: 1, lockedUntil: null });
    expect((await checkPharmacistLogin(db, 'carol', PASSWORD, T0 + LOCKOUT_MS)).ok).toBe(true);
  });

  it('gives parallel guessers 5 comparisons in all, not one each', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => checkPharmacistLogin(db, 'carol', `guess ${i}`, T0)),
    );
    expect(seen.attemptsWhenCompared).toHaveLength(MAX_FAILED_LOGINS);
    expect(results.filter((r) => !r.ok && r.error.code === 'locked_out')).toHaveLength(
      12 - (MAX_FAILED_LOGINS - 1),
    );
  });

  it('a right fifth password unlocks instead of locking', async () => {
    for (let i = 1; i < MAX_FAILED_LOGINS; i++)
      await checkPharmacistLogin(db, 'carol', 'wrong', T0);
    expect((await checkPharmacistLogin(db, 'carol', PASSWORD, T0)).ok).toBe(true);
    expect(await attempts()).toEqual({ failed: 0, lockedUntil: null });
  });

  it('an unknown user name changes nothing and answers like a wrong password', async () => {
    expect(await checkPharmacistLogin(db, 'nobody', 'whatever', T0)).toEqual({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(await attempts()).toEqual({ failed: 0, lockedUntil: null });
  });
});
