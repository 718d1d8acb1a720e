import { randomInt } from 'node:crypto';
import type { EnrollRequest, EnrollResponse } from '../../contracts/hub-api';
import type { EcPublicJwk } from '../../main/keys/jwk-thumbprint';
import type { HubDatabase } from '../db/hub-database';
import { scopesOfKiosk } from './download-scopes';
import type { DownloadsStore } from './downloads-store';
import { normalizeEnrollmentCode } from './enrollment-codes';
import { refusal } from './hub-errors';
import { ensureSiteDownloads } from './initial-downloads';

const KIOSK_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** `k-` and 10 random base32 characters (50 bits): unguessable enough to never collide. */
export function newKioskId(): string {
  return `k-${Array.from({ length: 10 }, () => KIOSK_ID_ALPHABET[randomInt(32)]).join('')}`;
}

/**
 * Enrollment (DESIGN §7): the one-time code is the credential. In one transaction the code is
 * locked, checked (known, unused, unexpired) and marked used, the kiosk is created with its
 * device key, and the downloads it starts with are read, so a code can never enroll two kiosks.
 */
export async function enrollKiosk(
  deps: { db: HubDatabase; downloads: DownloadsStore; rootPublicJwk: EcPublicJwk },
  request: EnrollRequest,
  now: number,
): Promise<EnrollResponse> {
  const code = normalizeEnrollmentCode(request.code);
  return deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<{
      site_id: string;
      kiosk_name: string | null;
      expires_at: Date;
      used_at: Date | null;
    }>(
      'SELECT site_id, kiosk_name, expires_at, used_at FROM enrollment_codes WHERE code = $1 FOR UPDATE',
      [code],
    );
    const row = rows[0];
    if (row === undefined) throw refusal('bad_enrollment_code', 'unknown enrollment code');
    if (row.used_at !== null)
      throw refusal('bad_enrollment_code', 'this enrollment code was already used');
    if (new Date(row.expires_at).getTime() <= now) {
      throw refusal('bad_enrollment_code', 'this enrollment code has expired; ask for a new one');
    }
    const kioskId = newKioskId();
    await ensureSiteDownloads(deps.downloads, row.site_id, tx);
    const { kty, crv, x, y } = request.devicePublicJwk;
    await tx.query(
      `INSERT INTO kiosks (kiosk_id, site_id, name, device_public_jwk, enrolled_at)
       VALUES ($1, $2, $3, $4::jsonb, $5::timestamptz)`,
      [
        kioskId,
        row.site_id,
        row.kiosk_name ?? request.kioskName,
        JSON.stringify({ kty, crv, x, y }),
        new Date(now).toISOString(),
      ],
    );
    await tx.query(
      'UPDATE enrollment_codes SET used_at = $2::timestamptz, used_by = $3 WHERE code = $1',
      [code, new Date(now).toISOString(), kioskId],
    );
    const downloads = await deps.downloads.newerThan(
      tx,
      scopesOfKiosk({ kioskId, siteId: row.site_id }),
      {},
    );
    return {
      kioskId,
      siteId: row.site_id,
      rootPublicJwk: deps.rootPublicJwk,
      downloads,
      hubTime: now,
    };
  });
}
