import type { KeyObject } from 'node:crypto';
import { nextRevocationList } from '../../main/prescriptions/list-builders';
import { renderTokenQr } from '../../main/prescriptions/qr';
import { BADGE_PREFIX } from '../../main/prescriptions/shc-numeric';
import { signBadge } from '../../main/technician/badge';
import { parseRoster, technicianPinCheck, type Roster } from '../../main/technician/roster';
import type { Queryable } from '../db/hub-database';
import { refusal } from '../server/hub-errors';
import type { Published } from './console-api';
import { recordAudit } from './hub-audit';
import type { Actor, PharmacyDeps } from './pharmacy-deps';
import { publishedOrRefuse } from './published';
import type {
  AddTechnicianRequest,
  IssueBadgeRequest,
  IssuedBadge,
  RemoveTechnicianRequest,
  RevokeBadgeRequest,
  TechnicianList,
} from './technicians-stock-api';
import type { z } from 'zod';

/**
 * The technician roster and service badges in the console (issue 9). The `technicians` table is
 * what the fleet `roster` download (main/technician/roster.ts Roster, `opendispense-roster+jws`)
 * is built from; every change publishes the next roster in the same transaction as its audit row.
 * A PIN is turned into its scrypt check value the moment it arrives and is never stored, logged,
 * audited or answered. Badges are signed with the hub's badge issuer key (listed in the trust
 * list's `badgeIssuers`); revoking one adds its id to the fleet revocation list's `badges`.
 */

const DAY_S = 86_400;
const iso = (value: Date | string | number): string => new Date(value).toISOString();

interface TechnicianRow {
  technician_id: string;
  name: string;
  roles: string[];
  pin_check: string;
  added_by: string;
  added_at: Date | string;
}

interface BadgeRow {
  badge_id: string;
  technician_id: string;
  issued_by: string;
  issued_at: Date | string;
  not_before: string | number;
  expires_at: string | number;
  revoked_by: string | null;
  revoked_at: Date | string | null;
}

export async function listTechnicians(
  deps: Pick<PharmacyDeps, 'db' | 'downloads'>,
): Promise<TechnicianList> {
  const technicians = await deps.db.query<TechnicianRow>(
    'SELECT * FROM technicians ORDER BY technician_id',
  );
  const badges = await deps.db.query<BadgeRow>(
    'SELECT * FROM technician_badges ORDER BY issued_at DESC, badge_id',
  );
  const roster = await deps.downloads.latestPayload('roster', 'fleet');
  return {
    technicians: technicians.rows.map((t) => ({
      id: t.technician_id,
      name: t.name,
      roles: t.roles,
      addedBy: t.added_by,
      addedAt: iso(t.added_at),
      badges: badges.rows
        .filter((b) => b.technician_id === t.technician_id)
        .map((b) => ({
          badgeId: b.badge_id,
          issuedBy: b.issued_by,
          issuedAt: iso(b.issued_at),
          validFrom: iso(Number(b.not_before) * 1000),
          validUntil: iso(Number(b.expires_at) * 1000),
          revokedAt: b.revoked_at === null ? null : iso(b.revoked_at),
          revokedBy: b.revoked_by,
        })),
    })),
    roster: roster ? { version: roster.version, expiresAt: iso(roster.expiresAt * 1000) } : null,
  };
}

/** The next fleet roster, from the table as it is inside `tx`, checked with the kiosk's schema. */
async function publishRoster(tx: Queryable, deps: PharmacyDeps, actor: Actor): Promise<Published> {
  const { rows } = await tx.query<TechnicianRow>(
    'SELECT technician_id, name, roles, pin_check FROM technicians ORDER BY technician_id',
  );
  return publishedOrRefuse(
    await deps.downloads.publishIn(
      tx,
      'roster',
      'fleet',
      (c): Roster => {
        const roster = parseRoster({
          version: c.version,
          issuedAt: c.issuedAt,
          expiresAt: c.expiresAt,
          technicians: rows.map((t) => ({
            id: t.technician_id,
            name: t.name,
            roles: t.roles,
            pin: t.pin_check,
          })),
        });
        // The request schema is the roster's; a refusal here means they drifted apart.
        if (!roster.ok)
          throw refusal('bad_request', `the roster would be refused: ${roster.error}`);
        return roster.value;
      },
      actor.username,
    ),
  );
}

export async function addTechnician(
  deps: PharmacyDeps,
  actor: Actor,
  request: AddTechnicianRequest,
): Promise<Published> {
  // scrypt, ~100 ms: outside the transaction, and the PIN goes no further than this line.
  const pinCheck = technicianPinCheck(request.id, request.pin);
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const inserted = await tx.query(
      `INSERT INTO technicians (technician_id, name, roles, pin_check, added_by, added_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (technician_id) DO NOTHING`,
      [
        request.id,
        request.name,
        JSON.stringify(request.roles),
        pinCheck,
        actor.username,
        new Date(now),
      ],
    );
    if (inserted.affectedRows !== 1)
      throw refusal('bad_request', `technician "${request.id}" is already on the roster`);
    const published = await publishRoster(tx, deps, actor);
    await recordAudit(tx, {
      username: actor.username,
      action: 'technician_added',
      detail: {
        technicianId: request.id,
        name: request.name,
        roles: request.roles,
        rosterVersion: published.version,
      },
      at: now,
    });
    return published;
  });
}

/** Off the roster, and every badge of theirs still valid revoked: re-adding them later revives none. */
export async function removeTechnician(
  deps: PharmacyDeps,
  actor: Actor,
  request: RemoveTechnicianRequest,
): Promise<Published> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const removed = await tx.query('DELETE FROM technicians WHERE technician_id = $1', [
      request.id,
    ]);
    if (removed.affectedRows !== 1)
      throw refusal('not_found', `no technician "${request.id}" on the roster`);
    const live = await tx.query<{ badge_id: string }>(
      `UPDATE technician_badges SET revoked_by = $2, revoked_at = $3, revoke_reason = $4
        WHERE technician_id = $1 AND revoked_at IS NULL AND expires_at > $5
        RETURNING badge_id`,
      [request.id, actor.username, new Date(now), request.reason, Math.floor(now / 1000)],
    );
    const badgeIds = live.rows.map((r) => r.badge_id);
    const published = await publishRoster(tx, deps, actor);
    let revocationVersion: number | undefined;
    if (badgeIds.length > 0) {
      revocationVersion = (await publishBadgeRevocation(tx, deps, actor, badgeIds)).version;
    }
    await recordAudit(tx, {
      username: actor.username,
      action: 'technician_removed',
      detail: {
        technicianId: request.id,
        reason: request.reason,
        rosterVersion: published.version,
        revokedBadges: badgeIds,
        ...(revocationVersion !== undefined && { revocationVersion }),
      },
      at: now,
    });
    return published;
  });
}

export async function issueBadge(
  deps: PharmacyDeps,
  badgeIssuerKey: KeyObject,
  actor: Actor,
  request: z.output<typeof IssueBadgeRequest>,
): Promise<IssuedBadge> {
  const found = await deps.db.query<TechnicianRow>(
    'SELECT technician_id, name, roles FROM technicians WHERE technician_id = $1',
    [request.technicianId],
  );
  const technician = found.rows[0];
  if (!technician)
    throw refusal('not_found', `no technician "${request.technicianId}" on the roster`);
  const now = deps.clock.now();
  const nbf = Math.floor(now / 1000);
  const exp = nbf + request.validDays * DAY_S;
  const signed = signBadge(badgeIssuerKey, {
    technicianId: technician.technician_id,
    name: technician.name,
    roles: technician.roles,
    nbf,
    exp,
  });
  if (!signed.ok) throw refusal('bad_request', `the badge could not be signed: ${signed.error}`);
  const qr = await renderTokenQr(signed.value.qrText, { prefix: BADGE_PREFIX, scale: 4 });
  if (!qr.ok) throw refusal('bad_request', `the QR code could not be drawn: ${qr.error.detail}`);
  const badgeId = signed.value.claims.jti;
  await deps.db.transaction(async (tx) => {
    // Removed between the read above and now: no badge for someone off the roster.
    const still = await tx.query('SELECT 1 FROM technicians WHERE technician_id = $1 FOR UPDATE', [
      technician.technician_id,
    ]);
    if (still.rows.length === 0)
      throw refusal('not_found', `no technician "${request.technicianId}" on the roster`);
    await tx.query(
      `INSERT INTO technician_badges
         (badge_id, technician_id, issued_by, issued_at, not_before, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [badgeId, technician.technician_id, actor.username, new Date(now), nbf, exp],
    );
    await recordAudit(tx, {
      username: actor.username,
      action: 'badge_issued',
      detail: {
        badgeId,
        technicianId: technician.technician_id,
        validUntil: iso(exp * 1000),
        kid: signed.value.kid,
      },
      at: now,
    });
  });
  return {
    badgeId,
    technicianId: technician.technician_id,
    name: technician.name,
    roles: technician.roles,
    validFrom: iso(nbf * 1000),
    validUntil: iso(exp * 1000),
    qrText: signed.value.qrText,
    qrPng: `data:image/png;base64,${qr.value.png.toString('base64')}`,
  };
}

async function publishBadgeRevocation(
  tx: Queryable,
  deps: PharmacyDeps,
  actor: Actor,
  badgeIds: readonly string[],
): Promise<Published> {
  return publishedOrRefuse(
    await deps.downloads.publishIn(
      tx,
      'revocation',
      'fleet',
      (c) => nextRevocationList(c.previous, { badges: badgeIds }, c.version, c),
      actor.username,
    ),
  );
}

export async function revokeBadge(
  deps: PharmacyDeps,
  actor: Actor,
  request: RevokeBadgeRequest,
): Promise<Published> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const found = await tx.query<{ technician_id: string; revoked_at: Date | string | null }>(
      'SELECT technician_id, revoked_at FROM technician_badges WHERE badge_id = $1 FOR UPDATE',
      [request.badgeId],
    );
    const badge = found.rows[0];
    if (!badge) throw refusal('not_found', `the hub issued no badge "${request.badgeId}"`);
    if (badge.revoked_at !== null) throw refusal('bad_request', 'this badge is already revoked');
    await tx.query(
      `UPDATE technician_badges SET revoked_by = $2, revoked_at = $3, revoke_reason = $4
        WHERE badge_id = $1`,
      [request.badgeId, actor.username, new Date(now), request.reason],
    );
    const published = await publishBadgeRevocation(tx, deps, actor, [request.badgeId]);
    await recordAudit(tx, {
      username: actor.username,
      action: 'badge_revoked',
      detail: {
        badgeId: request.badgeId,
        technicianId: badge.technician_id,
        reason: request.reason,
        revocationVersion: published.version,
      },
      at: now,
    });
    return published;
  });
}
