import { KioskLock } from '../../main/prescriptions/kiosk-lock';
import type { Queryable } from '../db/hub-database';
import { kioskScope } from '../server/download-scopes';
import { refusal } from '../server/hub-errors';
import type { Published } from './console-api';
import { recordAudit } from './hub-audit';
import type { Actor, PharmacyDeps } from './pharmacy-deps';
import { publishedOrRefuse } from './published';

/**
 * Locking a kiosk from the console (issue 7): a signed `lock` download (prescription-token.md §4a
 * envelope, typ `opendispense-lock+jws`) for scope `kiosk:<id>`. Each lock or unlock is the next
 * version; the newest says whether the kiosk may serve patients. The payload (project choice,
 * for the kiosk's sync agent to apply) is `{version, issuedAt, expiresAt, locked, reason}`.
 */

/** The payload is the kiosk's own schema (main/prescriptions/kiosk-lock.ts): one definition. */
export const KioskLockPayload = KioskLock;
export type KioskLockPayload = KioskLock;

/** Whether the newest lock download for `kioskId` locks it. */
export async function isKioskLocked(
  deps: Pick<PharmacyDeps, 'downloads'>,
  kioskId: string,
  db?: Queryable,
): Promise<boolean> {
  const latest = KioskLockPayload.safeParse(
    await deps.downloads.latestPayload('lock', kioskScope(kioskId), db),
  );
  return latest.success && latest.data.locked;
}

export async function setKioskLock(
  deps: PharmacyDeps,
  actor: Actor,
  request: { kioskId: string; reason: string },
  locked: boolean,
): Promise<Published> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const kiosk = await tx.query('SELECT 1 FROM kiosks WHERE kiosk_id = $1', [request.kioskId]);
    if (kiosk.rows.length === 0) throw refusal('not_found', `no kiosk "${request.kioskId}"`);
    if ((await isKioskLocked(deps, request.kioskId, tx)) === locked) {
      throw refusal('bad_request', `the kiosk is already ${locked ? 'locked' : 'unlocked'}`);
    }
    const published = publishedOrRefuse(
      await deps.downloads.publishIn(
        tx,
        'lock',
        kioskScope(request.kioskId),
        (c): KioskLockPayload => ({
          version: c.version,
          issuedAt: c.issuedAt,
          expiresAt: c.expiresAt,
          locked,
          reason: request.reason,
        }),
        actor.username,
      ),
    );
    await recordAudit(tx, {
      username: actor.username,
      action: locked ? 'kiosk_locked' : 'kiosk_unlocked',
      detail: { kioskId: request.kioskId, reason: request.reason, lockVersion: published.version },
      at: now,
    });
    return published;
  });
}
