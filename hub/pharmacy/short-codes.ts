import { randomInt } from 'node:crypto';
import type { Queryable } from '../db/hub-database';
import type { DownloadsStore } from '../server/downloads-store';
import { consumeNonce, type AuthenticatedKiosk } from '../server/signed-request';

/**
 * Short codes (DESIGN §9): a prescription QR holds ≈ 2,000 digits, which nobody can type, so the
 * console gives each prescription it issues a code like `OD-7KQ2-9F3M`, printed under the QR. An
 * online kiosk asks the hub what a typed code stands for and verifies the answer exactly as it
 * would a scan. The codes are random, not derived from the token: knowing one tells nothing
 * about another. With 40 bits a guess almost never lands, and a kiosk that keeps missing is
 * slowed down anyway (rate limit below); every lookup is kept as its audit.
 */

/**
 * 32 symbols, 5 bits each: the digits and capitals the kiosk's keypad offers, without the ones a
 * patient confuses reading them off paper (0/O, 1/I).
 */
export const SHORT_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const GROUP = 4;

/** Unknown codes a kiosk may look up inside the window before it must wait. */
export const SHORT_CODE_RATE_LIMIT = { failures: 10, windowMs: 10 * 60_000 } as const;

/** A collision is a 1 in 2^40 event per stored code: several in a row would be a bug. */
const MAX_CODE_ATTEMPTS = 8;

export function newShortCode(): string {
  const group = (): string =>
    Array.from(
      { length: GROUP },
      () => SHORT_CODE_ALPHABET[randomInt(SHORT_CODE_ALPHABET.length)],
    ).join('');
  return `OD-${group()}-${group()}`;
}

/**
 * Stores a fresh code for an issued prescription, inside the caller's transaction (the one that
 * records the prescription, so there is never one without the other).
 */
export async function createShortCode(
  tx: Queryable,
  entry: { jti: string; token: string; at: number },
): Promise<string> {
  for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
    const code = newShortCode();
    const inserted = await tx.query(
      `INSERT INTO short_codes (code, jti, token, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO NOTHING`,
      [code, entry.jti, entry.token, new Date(entry.at)],
    );
    if (inserted.affectedRows === 1) return code;
  }
  throw new Error(`no free short code after ${MAX_CODE_ATTEMPTS} tries`);
}

export type ShortCodeLookup =
  | { outcome: 'resolved'; jti: string; token: string }
  | { outcome: 'unknown_code' }
  | { outcome: 'revoked'; jti: string }
  | { outcome: 'wrong_kiosk'; jti: string }
  | { outcome: 'rate_limited'; retryAfterMs: number };

export interface ShortCodeDeps {
  db: { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> };
  downloads: Pick<DownloadsStore, 'latestPayload'>;
}

/**
 * What `code` stands for, for this kiosk; the lookup and its audit row in one transaction with
 * the request's nonce. Not a refusal but a value: an unknown code must be recorded (it counts
 * towards the limit), where a thrown refusal would roll its own record back.
 */
export async function lookUpShortCode(
  deps: ShortCodeDeps,
  kiosk: AuthenticatedKiosk,
  code: string,
  now: number,
): Promise<ShortCodeLookup> {
  return deps.db.transaction(async (tx) => {
    await consumeNonce(tx, kiosk, now);
    // One lookup at a time per kiosk, so parallel guesses cannot all read the same count.
    await tx.query('SELECT 1 FROM kiosks WHERE kiosk_id = $1 FOR UPDATE', [kiosk.kioskId]);
    const lookup = await decide(tx, deps, kiosk, code, now);
    await tx.query(
      'INSERT INTO short_code_lookups (kiosk_id, at, outcome, jti) VALUES ($1, $2, $3, $4)',
      [kiosk.kioskId, new Date(now), lookup.outcome, 'jti' in lookup ? lookup.jti : null],
    );
    return lookup;
  });
}

async function decide(
  tx: Queryable,
  deps: ShortCodeDeps,
  kiosk: AuthenticatedKiosk,
  code: string,
  now: number,
): Promise<ShortCodeLookup> {
  const { failures, windowMs } = SHORT_CODE_RATE_LIMIT;
  const recent = await tx.query<{ at: Date | string }>(
    `SELECT at FROM short_code_lookups
     WHERE kiosk_id = $1 AND outcome = 'unknown_code' AND at > $2 ORDER BY at DESC LIMIT $3`,
    [kiosk.kioskId, new Date(now - windowMs), failures],
  );
  if (recent.rows.length >= failures) {
    // Free again once the oldest of the last `failures` misses leaves the window.
    const oldest = new Date(recent.rows[failures - 1]!.at).getTime();
    return { outcome: 'rate_limited', retryAfterMs: Math.max(1000, oldest + windowMs - now) };
  }

  const found = await tx.query<{
    jti: string;
    token: string;
    site_ids: string[];
    kiosk_ids: string[];
  }>(
    `SELECT s.jti, s.token, p.site_ids, p.kiosk_ids
     FROM short_codes s JOIN issued_prescriptions p ON p.jti = s.jti WHERE s.code = $1`,
    [code],
  );
  const row = found.rows[0];
  if (row === undefined) return { outcome: 'unknown_code' };
  // The token's own binding rule (prescription-token.md §4 step 11): a named kiosk or site.
  const bound = row.kiosk_ids.length > 0 || row.site_ids.length > 0;
  if (bound && !row.kiosk_ids.includes(kiosk.kioskId) && !row.site_ids.includes(kiosk.siteId))
    return { outcome: 'wrong_kiosk', jti: row.jti };
  // The signed list is the one truth about revocations (the console's and the duplicate-fill
  // check's): a kiosk whose own copy is older must still not be handed a revoked token.
  const revocations = await deps.downloads.latestPayload('revocation', 'fleet', tx);
  if (revocations?.jtis.includes(row.jti)) return { outcome: 'revoked', jti: row.jti };
  return { outcome: 'resolved', jti: row.jti, token: row.token };
}
