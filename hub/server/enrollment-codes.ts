import { randomInt } from 'node:crypto';
import { err, ok, type Result } from '../../contracts/result';
import type { Queryable } from '../db/hub-database';

/**
 * One-time enrollment codes (DESIGN §7): a pharmacist makes one for a site, a technician types it
 * on the kiosk. 12 Crockford base32 characters (60 bits) shown as XXXX-XXXX-XXXX: with a short
 * life and a single use, guessing one is hopeless, and the alphabet has no 0/O or 1/I/L pairs to
 * misread.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_CHARS = 12;
/** A day: long enough to drive to the kiosk, short enough that a lost note soon means nothing. */
export const DEFAULT_ENROLLMENT_CODE_TTL_MS = 24 * 3_600_000;
export const SITE_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export interface EnrollmentCode {
  /** As shown to people: XXXX-XXXX-XXXX. */
  code: string;
  siteId: string;
  expiresAt: Date;
}

export type EnrollmentCodeError = {
  code: 'unknown_site' | 'bad_site_id' | 'bad_ttl';
  detail: string;
};

/** Canonical form for storage and lookup: what a person typed, minus spaces and dashes, with the
 * characters Crockford base32 reads as digits mapped to them. */
export function normalizeEnrollmentCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function formatEnrollmentCode(canonical: string): string {
  return canonical.match(/.{1,4}/g)?.join('-') ?? canonical;
}

export async function createEnrollmentCode(
  db: Queryable,
  options: {
    siteId: string;
    /** Who asked for it (a pharmacist's username, or `cli`). */
    createdBy: string;
    ttlMs?: number;
    /** The name the kiosk will carry; the kiosk's own name is used when absent. */
    kioskName?: string;
    /** Epoch ms; default Date.now(). */
    now?: number;
  },
): Promise<Result<EnrollmentCode, EnrollmentCodeError>> {
  const ttlMs = options.ttlMs ?? DEFAULT_ENROLLMENT_CODE_TTL_MS;
  if (!SITE_ID_PATTERN.test(options.siteId)) {
    return err({
      code: 'bad_site_id',
      detail: 'a site id is 1–64 letters, digits, ".", "_" or "-"',
    });
  }
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    return err({ code: 'bad_ttl', detail: 'ttlMs must be a positive whole number of ms' });
  }
  const site = await db.query('SELECT 1 FROM sites WHERE site_id = $1', [options.siteId]);
  if (site.rows.length === 0) {
    return err({ code: 'unknown_site', detail: `no site "${options.siteId}"` });
  }
  const canonical = Array.from(
    { length: CODE_CHARS },
    () => ALPHABET[randomInt(ALPHABET.length)],
  ).join('');
  const expiresAt = new Date((options.now ?? Date.now()) + ttlMs);
  await db.query(
    `INSERT INTO enrollment_codes (code, site_id, kiosk_name, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5::timestamptz)`,
    [
      canonical,
      options.siteId,
      options.kioskName ?? null,
      options.createdBy,
      expiresAt.toISOString(),
    ],
  );
  return ok({ code: formatEnrollmentCode(canonical), siteId: options.siteId, expiresAt });
}

/** Creates the site when it does not exist yet (the CLI; the console has its own site page). */
export async function ensureSite(
  db: Queryable,
  site: { siteId: string; name?: string },
): Promise<Result<{ created: boolean }, EnrollmentCodeError>> {
  if (!SITE_ID_PATTERN.test(site.siteId)) {
    return err({
      code: 'bad_site_id',
      detail: 'a site id is 1–64 letters, digits, ".", "_" or "-"',
    });
  }
  const inserted = await db.query(
    'INSERT INTO sites (site_id, name) VALUES ($1, $2) ON CONFLICT (site_id) DO NOTHING',
    [site.siteId, site.name ?? site.siteId],
  );
  return ok({ created: inserted.affectedRows > 0 });
}
