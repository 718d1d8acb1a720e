import { nextRevocationList } from '../../main/prescriptions/list-builders';
import { refusal } from '../server/hub-errors';
import type { Published, RecallLotRequest, RevokePrescriptionRequest } from './console-api';
import { recordAudit } from './hub-audit';
import type { Actor, PharmacyDeps } from './pharmacy-deps';
import { publishedOrRefuse } from './published';

/**
 * Revoking a prescription and recalling a lot (issue 7): both add to the one fleet-wide revocation
 * list (prescription-token.md §4a: `jtis`, `lots`), so every kiosk refuses the token or never
 * picks a pack of the lot after its next sync. The new list, its audit row and the check that the
 * entry is new happen in one transaction: a refusal publishes nothing.
 */

export async function revokePrescription(
  deps: PharmacyDeps,
  actor: Actor,
  request: RevokePrescriptionRequest,
): Promise<Published> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const current = await deps.downloads.latestPayload('revocation', 'fleet', tx);
    if (current?.jtis.includes(request.jti)) {
      throw refusal('bad_request', 'this prescription is already revoked');
    }
    const published = publishedOrRefuse(
      await deps.downloads.publishIn(
        tx,
        'revocation',
        'fleet',
        (c) => nextRevocationList(c.previous, { jtis: [request.jti] }, c.version, c),
        actor.username,
      ),
    );
    await recordAudit(tx, {
      username: actor.username,
      action: 'prescription_revoked',
      detail: { jti: request.jti, reason: request.reason, revocationVersion: published.version },
      at: now,
    });
    return published;
  });
}

export async function recallLot(
  deps: PharmacyDeps,
  actor: Actor,
  request: RecallLotRequest,
): Promise<Published> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const current = await deps.downloads.latestPayload('revocation', 'fleet', tx);
    if (current?.lots.some((l) => l.gtin === request.gtin && l.lot === request.lot)) {
      throw refusal(
        'bad_request',
        `lot ${request.lot} of GTIN ${request.gtin} is already recalled`,
      );
    }
    const published = publishedOrRefuse(
      await deps.downloads.publishIn(
        tx,
        'revocation',
        'fleet',
        (c) =>
          nextRevocationList(
            c.previous,
            { lots: [{ gtin: request.gtin, lot: request.lot }] },
            c.version,
            c,
          ),
        actor.username,
      ),
    );
    await recordAudit(tx, {
      username: actor.username,
      action: 'lot_recalled',
      detail: {
        gtin: request.gtin,
        lot: request.lot,
        reason: request.reason,
        revocationVersion: published.version,
      },
      at: now,
    });
    return published;
  });
}
