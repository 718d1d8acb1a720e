import type { JournalEvent } from '../../contracts/journal-events';
import { emptyInventory, reduceInventory } from '../../main/inventory/inventory-state';
import { nextRevocationList } from '../../main/prescriptions/list-builders';
import type { HubDatabase, Queryable } from '../db/hub-database';
import type { DownloadsStore } from '../server/downloads-store';
import { recordAudit } from './hub-audit';
import { toJournalEvent, type EventRow } from './stored-event';

/**
 * Cross-kiosk duplicate fills (DESIGN §6, prescription-token.md §5 "Replay across kiosks while
 * offline"): each kiosk allows one unacknowledged fill of a token while offline, so two kiosks
 * offline at once can each fill the same prescription. The hub sees both after sync. When the
 * fills of one token, counted at two or more kiosks, exceed its allowance (the fills it was issued
 * with + every refill the hub authorized), the hub raises an alert and revokes the token fleet-wide
 * at once. A token the hub did not issue has no known allowance: it gets the alert, and the
 * pharmacist decides.
 *
 * A fill is counted exactly as the kiosk counts it — one accepted scan from which at least one pack
 * may have left — by running the kiosk's own reducer (main/inventory) over that token's events.
 *
 * Incremental: a per-kiosk watermark (duplicate_fill_scan) remembers how far each kiosk's
 * DISPENSE_RESULTs were read, so a run after each upload reads only what that upload added.
 */

/** Who the hub acts as when it revokes on its own (hub_audit.username, downloads.created_by). */
export const DUPLICATE_FILL_ACTOR = 'hub:duplicate-fills';

export interface DuplicateFill {
  readonly jti: string;
  /** Fills counted across every kiosk. */
  readonly fills: number;
  /** The allowance, or null when the hub did not issue this token. */
  readonly allowed: number | null;
  readonly kiosks: readonly { kioskId: string; fills: number }[];
  /** True when the token is now on the fleet revocation list (this run published it, or it already was). */
  readonly revoked: boolean;
  /** The revocation list this run published, if it did. */
  readonly revocationVersion?: number;
}

export interface DuplicateFillReport {
  /** Tokens with a new fill since the last run. */
  readonly checked: number;
  /** Duplicates found by this run (each alerted once per fill count). */
  readonly duplicates: readonly DuplicateFill[];
}

/** Tokens with a pack that may have left since each kiosk's watermark; moves the watermarks. */
async function tokensWithNewFills(tx: Queryable): Promise<string[]> {
  const kiosks = await tx.query<{
    kiosk_id: string;
    last_seq: string | number;
    scanned: string | number;
  }>(
    `SELECT k.kiosk_id, k.last_seq, coalesce(s.scanned_seq, 0) AS scanned
       FROM kiosks k LEFT JOIN duplicate_fill_scan s ON s.kiosk_id = k.kiosk_id
      WHERE k.last_seq > coalesce(s.scanned_seq, 0)`,
  );
  const jtis = new Set<string>();
  for (const k of kiosks.rows) {
    // Bounded by last_seq as read above: events stored after that are left for the next run.
    const found = await tx.query<{ jti: string }>(
      `SELECT DISTINCT i.data->>'jti' AS jti
         FROM events r
         JOIN events i ON i.kiosk_id = r.kiosk_id AND i.seq = (r.data->>'intentSeq')::bigint
        WHERE r.kiosk_id = $1 AND r.seq > $2 AND r.seq <= $3
          AND r.type = 'DISPENSE_RESULT'
          AND r.data->>'outcome' IN ('SUCCESS', 'UNCERTAIN', 'FAIL_MOTOR_OVERRUN')
          AND i.type = 'DISPENSE_INTENT' AND i.data->>'purpose' = 'patient'
          AND i.data->>'jti' IS NOT NULL`,
      [k.kiosk_id, k.scanned, k.last_seq],
    );
    for (const row of found.rows) jtis.add(row.jti);
    await tx.query(
      `INSERT INTO duplicate_fill_scan (kiosk_id, scanned_seq) VALUES ($1, $2)
       ON CONFLICT (kiosk_id) DO UPDATE SET scanned_seq = excluded.scanned_seq`,
      [k.kiosk_id, k.last_seq],
    );
  }
  return [...jtis];
}

/** Fills of one token per kiosk, by the kiosk's own reducer over that token's events. */
export async function fillsPerKiosk(db: Queryable, jti: string): Promise<Map<string, number>> {
  const rows = await db.query<EventRow>(
    `SELECT kiosk_id, seq, id, ts, type, data, prev, hash FROM events
      WHERE data->>'jti' = $1 AND type IN ('RX_ACCEPTED', 'DISPENSE_INTENT')
     UNION ALL
     SELECT r.kiosk_id, r.seq, r.id, r.ts, r.type, r.data, r.prev, r.hash
       FROM events r
       JOIN events i ON i.kiosk_id = r.kiosk_id AND i.seq = (r.data->>'intentSeq')::bigint
      WHERE r.type = 'DISPENSE_RESULT' AND i.type = 'DISPENSE_INTENT' AND i.data->>'jti' = $1
     ORDER BY kiosk_id, seq`,
    [jti],
  );
  const perKiosk = new Map<string, JournalEvent[]>();
  for (const row of rows.rows) {
    const event = toJournalEvent(row);
    if (!event) continue;
    const list = perKiosk.get(row.kiosk_id) ?? [];
    list.push(event);
    perKiosk.set(row.kiosk_id, list);
  }
  const fills = new Map<string, number>();
  for (const [kioskId, events] of perKiosk) {
    const count = events.reduce(reduceInventory, emptyInventory()).fills[jti]?.count ?? 0;
    if (count > 0) fills.set(kioskId, count);
  }
  return fills;
}

/** The fills a token may have: issued fills + every refill authorized for it; null if not issued here. */
export async function allowedFills(db: Queryable, jti: string): Promise<number | null> {
  const issued = await db.query<{ fills_allowed: number }>(
    'SELECT fills_allowed FROM issued_prescriptions WHERE jti = $1',
    [jti],
  );
  const base = issued.rows[0]?.fills_allowed;
  if (base === undefined) return null;
  const extra = await db.query<{ total: string | number | null }>(
    'SELECT sum(extra_fills) AS total FROM refill_authorizations WHERE jti = $1',
    [jti],
  );
  return Number(base) + Number(extra.rows[0]?.total ?? 0);
}

/**
 * Looks for cross-kiosk duplicate fills among the fills uploaded since the last run; for each new
 * one, records an alert and (allowance known) publishes a fleet revocation of the token, all in one
 * transaction. Safe to call after every upload, from any number of hub instances (one runs at a time).
 */
export async function detectDuplicateFills(
  db: HubDatabase,
  downloads: Pick<DownloadsStore, 'publishIn' | 'latestPayload'>,
  options: { now?: number } = {},
): Promise<DuplicateFillReport> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('duplicate-fills'))`);
    const now = options.now ?? Date.now();
    const candidates = await tokensWithNewFills(tx);
    const duplicates: DuplicateFill[] = [];
    for (const jti of candidates) {
      const perKiosk = await fillsPerKiosk(tx, jti);
      if (perKiosk.size < 2) continue;
      const fills = [...perKiosk.values()].reduce((a, b) => a + b, 0);
      const allowed = await allowedFills(tx, jti);
      if (allowed !== null && fills <= allowed) continue;
      const seen = await tx.query(
        `SELECT 1 FROM alerts WHERE kind = 'duplicate_fill' AND detail->>'jti' = $1 AND (detail->>'fills')::int >= $2`,
        [jti, fills],
      );
      if (seen.rows.length > 0) continue;

      let revocationVersion: number | undefined;
      let revoked = false;
      if (allowed !== null) {
        const current = await downloads.latestPayload('revocation', 'fleet', tx);
        revoked = current?.jtis.includes(jti) ?? false;
        if (!revoked) {
          const published = await downloads.publishIn(
            tx,
            'revocation',
            'fleet',
            (c) => nextRevocationList(c.previous, { jtis: [jti] }, c.version, c),
            DUPLICATE_FILL_ACTOR,
          );
          // Built from the previous list by the list builder: a refusal here is a bug.
          if (!published.ok)
            throw new Error(`duplicate fill revocation refused: ${published.error.detail}`);
          revocationVersion = published.value.version;
          revoked = true;
          await recordAudit(tx, {
            username: DUPLICATE_FILL_ACTOR,
            action: 'duplicate_fill_revoked',
            detail: { jti, fills, allowed, revocationVersion },
            at: now,
          });
        }
      }
      const kiosks = [...perKiosk].map(([kioskId, n]) => ({ kioskId, fills: n }));
      const duplicate: DuplicateFill = {
        jti,
        fills,
        allowed,
        kiosks,
        revoked,
        ...(revocationVersion !== undefined && { revocationVersion }),
      };
      // One alert for the fleet; kiosk_id names the kiosk with the latest fill's batch, for the queue.
      await tx.query(
        `INSERT INTO alerts (kind, kiosk_id, detail) VALUES ('duplicate_fill', $1, $2)`,
        [kiosks.at(-1)?.kioskId ?? null, JSON.stringify(duplicate)],
      );
      duplicates.push(duplicate);
    }
    return { checked: candidates.length, duplicates };
  });
}
