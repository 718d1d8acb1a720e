import { z } from 'zod';
import { err, ok, type Result } from '../../contracts/result';
import type { Queryable } from '../db/hub-database';
import {
  dummyPasswordHash,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  verifyPassword,
} from './password-hash';

/**
 * Pharmacist accounts (issue 7): scrypt password hashes and a lockout that cannot be raced.
 *
 * Lockout: 5 wrong passwords → locked for 15 minutes. The attempt is counted in the database
 * BEFORE the password is compared, in one conditional UPDATE that also refuses while locked, so a
 * crash mid-check, or fifty parallel requests, never give more than 5 guesses per window. The
 * fifth counted attempt sets the lock at once; if that fifth password is right the success clears
 * it again. A lock that has run out starts a fresh window of 5.
 */

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

export const Username = z
  .string()
  .regex(/^[a-z][a-z0-9._-]{1,31}$/, 'user name: 2–32 lowercase letters, digits, ".", "_" or "-"');
export const DisplayName = z.string().trim().min(1).max(80);
export const Password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `password: at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `password: at most ${MAX_PASSWORD_LENGTH} characters`);

export const NewPharmacist = z.strictObject({
  username: Username,
  displayName: DisplayName,
  password: Password,
});
export type NewPharmacist = z.infer<typeof NewPharmacist>;

export interface Pharmacist {
  readonly username: string;
  readonly displayName: string;
}

export type CreatePharmacistError =
  | { readonly code: 'invalid_input'; readonly message: string }
  | { readonly code: 'exists'; readonly message: string };

export async function createPharmacist(
  db: Queryable,
  input: NewPharmacist,
): Promise<Result<Pharmacist, CreatePharmacistError>> {
  const parsed = NewPharmacist.safeParse(input);
  if (!parsed.success) {
    // Messages name the rule broken, never the value (it may be the password).
    return err({
      code: 'invalid_input',
      message: parsed.error.issues.map((i) => i.message).join('; '),
    });
  }
  const { username, displayName, password } = parsed.data;
  const hash = await hashPassword(password);
  const inserted = await db.query(
    `INSERT INTO pharmacists (username, display_name, password_hash) VALUES ($1, $2, $3)
     ON CONFLICT (username) DO NOTHING`,
    [username, displayName, hash],
  );
  if (inserted.affectedRows !== 1) {
    return err({ code: 'exists', message: `a pharmacist named "${username}" already exists` });
  }
  return ok({ username, displayName });
}

export type LoginError =
  { readonly code: 'unauthorized' } | { readonly code: 'locked_out'; readonly lockedUntil: number };

interface CountedRow {
  display_name: string;
  password_hash: string;
  failed_attempts: number;
  locked_until: Date | string | null;
}

const toMs = (value: Date | string | null): number | undefined =>
  value === null ? undefined : new Date(value).getTime();

/** Checks a user name and password at `now` (epoch ms), counting the attempt first. */
export async function checkPharmacistLogin(
  db: Queryable,
  username: string,
  password: string,
  now: number,
): Promise<Result<Pharmacist, LoginError>> {
  const nowAt = new Date(now);
  const lockAt = new Date(now + LOCKOUT_MS);
  // One statement: refuse while locked, otherwise count this attempt (a fresh window when an old
  // lock has run out) and lock at the fifth — all before the password is looked at.
  const counted = await db.query<CountedRow>(
    `UPDATE pharmacists SET
       failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= $2
                              THEN 1 ELSE failed_attempts + 1 END,
       locked_until = CASE
         WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= $2
                    THEN 1 ELSE failed_attempts + 1 END) >= $4 THEN $3::timestamptz
         WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN NULL
         ELSE locked_until END
     WHERE username = $1 AND (locked_until IS NULL OR locked_until <= $2)
     RETURNING display_name, password_hash, failed_attempts, locked_until`,
    [username, nowAt, lockAt, MAX_FAILED_LOGINS],
  );
  const row = counted.rows[0];
  if (!row) {
    const locked = await db.query<{ locked_until: Date | string | null }>(
      'SELECT locked_until FROM pharmacists WHERE username = $1',
      [username],
    );
    const lockedUntil = toMs(locked.rows[0]?.locked_until ?? null);
    if (lockedUntil !== undefined && lockedUntil > now) {
      return err({ code: 'locked_out', lockedUntil });
    }
    // Unknown user: spend the same time as a real check so timing does not tell names apart.
    await verifyPassword(await dummyPasswordHash(), password);
    return err({ code: 'unauthorized' });
  }
  if (!(await verifyPassword(row.password_hash, password))) {
    const lockedUntil = toMs(row.locked_until);
    if (row.failed_attempts >= MAX_FAILED_LOGINS && lockedUntil !== undefined) {
      return err({ code: 'locked_out', lockedUntil });
    }
    return err({ code: 'unauthorized' });
  }
  await db.query(
    'UPDATE pharmacists SET failed_attempts = 0, locked_until = NULL WHERE username = $1',
    [username],
  );
  return ok({ username, displayName: row.display_name });
}
