import type { z } from 'zod';
import { nextRefillList } from '../../main/prescriptions/list-builders';
import type { Queryable } from '../db/hub-database';
import { siteScope } from '../server/download-scopes';
import { refusal } from '../server/hub-errors';
import type {
  ApproveRefillRequest,
  AuthorizeRefillRequest,
  DeclineRefillRequest,
  Published,
} from './console-api';
import { recordAudit } from './hub-audit';
import type { Actor, PharmacyDeps } from './pharmacy-deps';
import { publishedOrRefuse } from './published';
import { findReviewEvent } from './review-queue';

/**
 * Refill authorizations (prescription-token.md §4a refill list, `refills: [{jti, extraFills,
 * notAfter}]`): the next refill list of the site, built with main/prescriptions' nextRefillList
 * from the previous one, so earlier authorizations and the remote fills stay. A REFILL_REQUESTED
 * from a kiosk is answered for that kiosk's site and then counts as approved or declined.
 */

const DAY_S = 86_400;

interface Terms {
  readonly jti: string;
  readonly siteId: string;
  readonly extraFills: number;
  readonly validDays: number;
}

async function publishAuthorization(
  deps: PharmacyDeps,
  tx: Queryable,
  actor: Actor,
  terms: Terms,
  now: number,
): Promise<{ published: Published; authorizationId: number; notAfter: number }> {
  const notAfter = Math.floor(now / 1000) + terms.validDays * DAY_S;
  const published = publishedOrRefuse(
    await deps.downloads.publishIn(
      tx,
      'refill',
      siteScope(terms.siteId),
      (c) =>
        nextRefillList(
          c.previous,
          [{ jti: terms.jti, extraFills: terms.extraFills, notAfter }],
          c.version,
          c,
        ),
      actor.username,
    ),
  );
  const inserted = await tx.query<{ authorization_id: string | number }>(
    `INSERT INTO refill_authorizations
       (jti, site_id, extra_fills, not_after, authorized_by, authorized_at, list_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING authorization_id`,
    [
      terms.jti,
      terms.siteId,
      terms.extraFills,
      notAfter,
      actor.username,
      new Date(now),
      published.version,
    ],
  );
  return { published, authorizationId: Number(inserted.rows[0]?.authorization_id), notAfter };
}

/** The pharmacist's own authorization for a prescription at a site. */
export async function authorizeRefill(
  deps: PharmacyDeps,
  actor: Actor,
  request: z.output<typeof AuthorizeRefillRequest>,
): Promise<Published> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const site = await tx.query('SELECT 1 FROM sites WHERE site_id = $1', [request.siteId]);
    if (site.rows.length === 0) throw refusal('not_found', `no site "${request.siteId}"`);
    const { published, notAfter } = await publishAuthorization(deps, tx, actor, request, now);
    await recordAudit(tx, {
      username: actor.username,
      action: 'refill_approved',
      detail: {
        jti: request.jti,
        siteId: request.siteId,
        extraFills: request.extraFills,
        notAfter,
        refillVersion: published.version,
      },
      at: now,
    });
    return published;
  });
}

async function pendingRequest(
  tx: Queryable,
  kioskId: string,
  seq: number,
): Promise<{ jti: string; siteId: string }> {
  const event = await findReviewEvent(tx, kioskId, seq);
  if (!event || event.type !== 'REFILL_REQUESTED') {
    throw refusal('not_found', `kiosk "${kioskId}" has no refill request at event ${seq}`);
  }
  // Two pharmacists answering the same request at once: the second waits here, then sees the first's answer.
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('refill-request:' || $1 || ':' || $2))`, [
    kioskId,
    String(seq),
  ]);
  const decided = await tx.query<{ decision: string }>(
    'SELECT decision FROM refill_decisions WHERE kiosk_id = $1 AND seq = $2',
    [kioskId, seq],
  );
  const decision = decided.rows[0]?.decision;
  if (decision) throw refusal('bad_request', `this refill request was already ${decision}`);
  const jti = event.data.jti;
  if (typeof jti !== 'string')
    throw refusal('bad_request', 'the refill request names no prescription');
  return { jti, siteId: event.siteId };
}

export async function approveRefillRequest(
  deps: PharmacyDeps,
  actor: Actor,
  request: z.output<typeof ApproveRefillRequest>,
): Promise<Published> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const { jti, siteId } = await pendingRequest(tx, request.kioskId, request.seq);
    const terms = { jti, siteId, extraFills: request.extraFills, validDays: request.validDays };
    const { published, authorizationId, notAfter } = await publishAuthorization(
      deps,
      tx,
      actor,
      terms,
      now,
    );
    await tx.query(
      `INSERT INTO refill_decisions (kiosk_id, seq, jti, decision, authorization_id, decided_by, decided_at)
       VALUES ($1, $2, $3, 'approved', $4, $5, $6)`,
      [request.kioskId, request.seq, jti, authorizationId, actor.username, new Date(now)],
    );
    await recordAudit(tx, {
      username: actor.username,
      action: 'refill_approved',
      detail: {
        jti,
        siteId,
        kioskId: request.kioskId,
        requestSeq: request.seq,
        extraFills: request.extraFills,
        notAfter,
        refillVersion: published.version,
      },
      at: now,
    });
    return published;
  });
}

export async function declineRefillRequest(
  deps: PharmacyDeps,
  actor: Actor,
  request: DeclineRefillRequest,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const { jti } = await pendingRequest(tx, request.kioskId, request.seq);
    await tx.query(
      `INSERT INTO refill_decisions (kiosk_id, seq, jti, decision, decided_by, decided_at, note)
       VALUES ($1, $2, $3, 'declined', $4, $5, $6)`,
      [request.kioskId, request.seq, jti, actor.username, new Date(now), request.reason],
    );
    await recordAudit(tx, {
      username: actor.username,
      action: 'refill_declined',
      detail: { jti, kioskId: request.kioskId, requestSeq: request.seq, reason: request.reason },
      at: now,
    });
  });
}
