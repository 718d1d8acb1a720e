import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/hub-database';
import type { Pharmacist } from './pharmacist-accounts';

/**
 * Console sessions: a random 32-byte token in an HttpOnly cookie; the database keeps only its
 * SHA-256, so reading the table does not log anyone in. A session ends after 8 hours without a
 * request (a working day with breaks), or at logout.
 */

export const SESSION_IDLE_MS = 8 * 60 * 60_000;
const TOKEN_BYTES = 32;
/** base64url of 32 bytes. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function startSession(db: Queryable, username: string, now: number): Promise<string> {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const at = new Date(now);
  await db.query(
    `INSERT INTO pharmacist_sessions (token_hash, username, created_at, last_seen_at)
     VALUES ($1, $2, $3, $3)`,
    [hashToken(token), username, at],
  );
  return token;
}

/**
 * The pharmacist a token belongs to, if the session is still live at `now`; each use moves the
 * idle deadline. An idle-expired session is deleted on sight.
 */
export async function resumeSession(
  db: Queryable,
  token: string,
  now: number,
): Promise<Pharmacist | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const tokenHash = hashToken(token);
  const live = await db.query<{ username: string; display_name: string }>(
    `UPDATE pharmacist_sessions s SET last_seen_at = $2
       FROM pharmacists p
      WHERE s.token_hash = $1 AND p.username = s.username AND s.last_seen_at > $3
     RETURNING s.username, p.display_name`,
    [tokenHash, new Date(now), new Date(now - SESSION_IDLE_MS)],
  );
  const row = live.rows[0];
  if (row) return { username: row.username, displayName: row.display_name };
  await db.query('DELETE FROM pharmacist_sessions WHERE token_hash = $1', [tokenHash]);
  return undefined;
}

export async function endSession(db: Queryable, token: string): Promise<void> {
  if (!TOKEN_PATTERN.test(token)) return;
  await db.query('DELETE FROM pharmacist_sessions WHERE token_hash = $1', [hashToken(token)]);
}
