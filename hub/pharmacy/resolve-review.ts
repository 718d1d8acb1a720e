import type { z } from 'zod';
import { refusal } from '../server/hub-errors';
import type { ResolveReviewRequest } from './console-api';
import { recordAudit } from './hub-audit';
import type { Actor, PharmacyDeps } from './pharmacy-deps';
import { findReviewEvent, isResolvableEvent } from './review-queue';

/**
 * "Mark as dealt with" on a review item: an alert gets its resolved_by/at, a flagged journal
 * event a row in review_resolutions. Refill requests are answered by approve/decline instead.
 */
export async function resolveReviewItem(
  deps: PharmacyDeps,
  actor: Actor,
  request: z.output<typeof ResolveReviewRequest>,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const { ref, note } = request;
    if ('alertId' in ref) {
      const updated = await tx.query(
        'UPDATE alerts SET resolved_by = $2, resolved_at = $3 WHERE alert_id = $1 AND resolved_at IS NULL',
        [ref.alertId, actor.username, new Date(now)],
      );
      if (updated.affectedRows !== 1) {
        const exists = await tx.query('SELECT 1 FROM alerts WHERE alert_id = $1', [ref.alertId]);
        throw exists.rows.length === 0
          ? refusal('not_found', `no alert ${ref.alertId}`)
          : refusal('bad_request', 'this alert was already dealt with');
      }
      await recordAudit(tx, {
        username: actor.username,
        action: 'review_resolved',
        detail: { alertId: ref.alertId, note },
        at: now,
      });
      return;
    }
    const event = await findReviewEvent(tx, ref.kioskId, ref.seq);
    if (!event) throw refusal('not_found', `kiosk "${ref.kioskId}" has no event ${ref.seq}`);
    if (event.type === 'REFILL_REQUESTED')
      throw refusal('bad_request', 'answer a refill request with approve or decline');
    if (!isResolvableEvent(event))
      throw refusal('bad_request', `event ${ref.seq} is not in the review queue`);
    const inserted = await tx.query(
      `INSERT INTO review_resolutions (kiosk_id, seq, resolved_by, resolved_at, note) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (kiosk_id, seq) DO NOTHING`,
      [ref.kioskId, ref.seq, actor.username, new Date(now), note],
    );
    if (inserted.affectedRows !== 1)
      throw refusal('bad_request', 'this item was already dealt with');
    await recordAudit(tx, {
      username: actor.username,
      action: 'review_resolved',
      detail: { kioskId: ref.kioskId, seq: ref.seq, type: event.type, note },
      at: now,
    });
  });
}
