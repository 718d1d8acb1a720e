import type { Queryable } from '../db/hub-database';
import type { ReviewItem, ReviewKind } from './console-api';

/**
 * The pharmacist's review queue (issue 7), read from what the kiosks uploaded and from the hub's
 * own alerts: uncertain dispenses, vitals out of range, prescriptions locked by the patient
 * check, help and refill requests, forks and cross-kiosk duplicate fills, and (issue 9) stock a
 * technician changed: blind counts that differ, motor tests that removed packs, packs taken out.
 * Titles and details are plain words for a pharmacist; they carry the prescription id (jti) but
 * never patient data, which the kiosk never uploads anyway.
 */

/** Most items answered at once; the queue shows the newest first. */
export const REVIEW_LIMIT = 200;

interface EventRow {
  kiosk_id: string;
  seq: string | number;
  ts: string;
  type: string;
  data: Record<string, unknown>;
  kiosk_name: string;
  intent: Record<string, unknown> | null;
  resolved_by: string | null;
  resolved_at: Date | string | null;
  note: string | null;
  decision: 'approved' | 'declined' | null;
  decided_by: string | null;
  decided_at: Date | string | null;
  decision_note: string | null;
  extra_fills: number | null;
}

interface AlertRow {
  alert_id: string | number;
  kind: string;
  kiosk_id: string | null;
  kiosk_name: string | null;
  detail: Record<string, unknown>;
  created_at: Date | string;
  resolved_by: string | null;
  resolved_at: Date | string | null;
}

const iso = (value: Date | string): string => new Date(value).toISOString();
const str = (value: unknown): string => (typeof value === 'string' ? value : String(value ?? ''));

function describeEvent(row: EventRow): { kind: ReviewKind; title: string; detail: string } {
  const d = row.data;
  switch (row.type) {
    case 'DISPENSE_RESULT': {
      const i = row.intent ?? {};
      const where = i.slot !== undefined ? ` from slot ${str(i.slot)} (lot ${str(i.lot)})` : '';
      return {
        kind: 'uncertain_dispense',
        title: 'A pack may or may not have come out',
        detail: `The kiosk lost track of a pack${where} while giving it out. It counts as given; check the tray and the patient's supply.`,
      };
    }
    case 'VITALS_MEASURED':
      return {
        kind: 'vitals_out_of_range',
        title:
          d.kind === 'bp'
            ? 'Blood pressure outside the prescribed limits'
            : 'Oxygen level outside the prescribed limit',
        detail: `${d.kind === 'bp' ? `Blood pressure ${str(d.systolic)}/${str(d.diastolic)} mmHg` : `SpO₂ ${str(d.spo2)} %`}${d.pulse !== undefined ? `, pulse ${str(d.pulse)}` : ''}. ${str(d.detail)} Nothing that needs this reading was given.`,
      };
    case 'PATIENT_CHECK_FAILED':
      return {
        kind: 'patient_locked',
        title: 'Prescription locked after wrong date of birth or PIN',
        detail: `Attempt ${str(d.attempt)} was wrong, so the kiosk locked this prescription. Call the patient before unlocking or reissuing it.`,
      };
    case 'HELP_REQUESTED':
      return {
        kind: 'help_requested',
        title: 'A patient asked for help',
        detail: `On the "${str(d.screen)}" screen, language ${str(d.language)}. Call the kiosk's site.`,
      };
    case 'REFILL_REQUESTED':
      return {
        kind: 'refill_requested',
        title: `Refill requested: ${str(d.medication)}`,
        detail: `The prescription has no fills left and the patient asked for more (language ${str(d.language)}).`,
      };
    // Technician stock events (issue 9): the hub holds the technician's id, never their name.
    case 'SLOT_COUNTED': {
      const diff = Number(d.counted) - Number(d.expected);
      return {
        kind: 'count_discrepancy',
        title: `Slot ${str(d.slot)}: counted ${str(d.counted)}, expected ${str(d.expected)}`,
        detail: `Technician ${str(d.technicianId)}'s blind count found ${Math.abs(diff)} pack${Math.abs(diff) === 1 ? '' : 's'} ${diff < 0 ? 'fewer' : 'more'} than the journal says. Check the slot and the recent fills.`,
      };
    }
    case 'STOCK_ADJUSTMENT': {
      const packs = Array.isArray(d.packs) ? (d.packs as { lot?: unknown }[]) : [];
      const lots = [...new Set(packs.map((p) => str(p.lot)))].join(', ');
      return {
        kind: 'stock_adjustment',
        title: `Slot ${str(d.slot)}: a motor test removed ${packs.length} pack${packs.length === 1 ? '' : 's'}`,
        detail: `Technician ${str(d.technicianId)} ran the slot's motor (outcome ${str(d.outcome)}, lot ${lots}): ${str(d.reason)}. The pack${packs.length === 1 ? ' is' : 's are'} no longer counted in stock.`,
      };
    }
    case 'PACK_REMOVED': {
      const pack = (typeof d.pack === 'object' && d.pack !== null ? d.pack : {}) as Record<
        string,
        unknown
      >;
      return {
        kind: 'pack_removed',
        title: `Slot ${str(d.slot)}: a pack was removed`,
        detail: `Technician ${str(d.technicianId)} took out a pack${pack.lot !== undefined ? ` of lot ${str(pack.lot)}` : ''}${pack.gtin !== undefined ? ` (GTIN ${str(pack.gtin)})` : ''}: ${str(d.reason)}.`,
      };
    }
    default:
      return { kind: 'alert', title: row.type, detail: '' };
  }
}

function describeAlert(row: AlertRow): {
  kind: ReviewKind;
  title: string;
  detail: string;
  jti?: string;
} {
  const d = row.detail;
  if (row.kind === 'fork') {
    return {
      kind: 'fork',
      title: "A kiosk's journal was rewritten",
      detail: `The kiosk sent a different event for a number the hub already held${d.seq !== undefined ? ` (event ${str(d.seq)})` : ''}. It is flagged and refused until someone checks it.`,
    };
  }
  if (row.kind === 'duplicate_fill') {
    const kiosks = Array.isArray(d.kiosks) ? d.kiosks.length : 0;
    const revoked =
      d.revoked === true
        ? ' It was revoked automatically.'
        : ' Its allowance is unknown to the hub, so it was not revoked: decide whether to revoke it.';
    return {
      kind: 'duplicate_fill',
      title: 'Prescription filled at more than one kiosk',
      detail: `Filled ${str(d.fills)} times at ${kiosks} kiosks${d.allowed !== null && d.allowed !== undefined ? `, ${str(d.allowed)} allowed` : ''}.${revoked}`,
      ...(typeof d.jti === 'string' && { jti: d.jti }),
    };
  }
  return { kind: 'alert', title: `Alert: ${row.kind}`, detail: JSON.stringify(d) };
}

/** The queue, newest first. `includeDone` adds resolved, approved and declined items. */
export async function readReviewQueue(
  db: Queryable,
  options: { includeDone: boolean; limit?: number },
): Promise<ReviewItem[]> {
  const limit = options.limit ?? REVIEW_LIMIT;
  const events = await db.query<EventRow>(
    `SELECT e.kiosk_id, e.seq, e.ts, e.type, e.data, k.name AS kiosk_name, i.data AS intent,
            r.resolved_by, r.resolved_at, r.note,
            d.decision, d.decided_by, d.decided_at, d.note AS decision_note, a.extra_fills
       FROM events e
       JOIN kiosks k ON k.kiosk_id = e.kiosk_id
       LEFT JOIN events i ON e.type = 'DISPENSE_RESULT' AND i.kiosk_id = e.kiosk_id
                         AND i.seq = (e.data->>'intentSeq')::bigint
       LEFT JOIN review_resolutions r ON r.kiosk_id = e.kiosk_id AND r.seq = e.seq
       LEFT JOIN refill_decisions d ON d.kiosk_id = e.kiosk_id AND d.seq = e.seq
       LEFT JOIN refill_authorizations a ON a.authorization_id = d.authorization_id
      WHERE ((e.type = 'DISPENSE_RESULT' AND e.data->>'outcome' = 'UNCERTAIN')
          OR (e.type = 'VITALS_MEASURED' AND e.data->>'inRange' = 'false')
          OR (e.type = 'PATIENT_CHECK_FAILED' AND e.data->>'locked' = 'true')
          OR e.type IN ('HELP_REQUESTED', 'REFILL_REQUESTED')
          OR (e.type = 'SLOT_COUNTED' AND (e.data->'counted') <> (e.data->'expected'))
          OR (e.type = 'STOCK_ADJUSTMENT' AND jsonb_array_length(e.data->'packs') > 0)
          OR e.type = 'PACK_REMOVED')
        AND ($1 OR (r.resolved_by IS NULL AND d.decision IS NULL))
      ORDER BY e.received_at DESC, e.seq DESC
      LIMIT $2`,
    [options.includeDone, limit],
  );
  const alerts = await db.query<AlertRow>(
    `SELECT a.alert_id, a.kind, a.kiosk_id, k.name AS kiosk_name, a.detail, a.created_at,
            a.resolved_by, a.resolved_at
       FROM alerts a LEFT JOIN kiosks k ON k.kiosk_id = a.kiosk_id
      WHERE $1 OR a.resolved_at IS NULL
      ORDER BY a.alert_id DESC
      LIMIT $2`,
    [options.includeDone, limit],
  );

  const items: ReviewItem[] = [];
  for (const row of alerts.rows) {
    const { jti, ...text } = describeAlert(row);
    items.push({
      ref: { alertId: Number(row.alert_id) },
      ...text,
      kioskId: row.kiosk_id,
      kioskName: row.kiosk_name,
      at: iso(row.created_at),
      ...(jti !== undefined && { jti }),
      state: row.resolved_at ? 'resolved' : 'open',
      ...(row.resolved_by && { decidedBy: row.resolved_by }),
      ...(row.resolved_at && { decidedAt: iso(row.resolved_at) }),
    });
  }
  for (const row of events.rows) {
    const text = describeEvent(row);
    const jti =
      typeof row.data.jti === 'string'
        ? row.data.jti
        : typeof row.intent?.jti === 'string'
          ? row.intent.jti
          : undefined;
    const isRefill = row.type === 'REFILL_REQUESTED';
    const state: ReviewItem['state'] = isRefill
      ? (row.decision ?? 'pending')
      : row.resolved_by
        ? 'resolved'
        : 'open';
    const decidedBy = row.decided_by ?? row.resolved_by;
    const decidedAt = row.decided_at ?? row.resolved_at;
    const note = row.decision_note ?? row.note;
    items.push({
      ref: { kioskId: row.kiosk_id, seq: Number(row.seq) },
      ...text,
      detail:
        row.decision === 'approved' && row.extra_fills !== null
          ? `${text.detail} Approved: ${row.extra_fills} more fill${row.extra_fills === 1 ? '' : 's'}.`
          : text.detail,
      kioskId: row.kiosk_id,
      kioskName: row.kiosk_name,
      at: row.ts,
      ...(jti !== undefined && { jti }),
      state,
      ...(decidedBy && { decidedBy }),
      ...(decidedAt && { decidedAt: iso(decidedAt) }),
      ...(note && { note }),
    });
  }
  return items;
}

/** One reviewable journal event, or undefined when `kioskId`/`seq` names none. */
export async function findReviewEvent(
  db: Queryable,
  kioskId: string,
  seq: number,
): Promise<{ type: string; data: Record<string, unknown>; siteId: string } | undefined> {
  const found = await db.query<{ type: string; data: Record<string, unknown>; site_id: string }>(
    `SELECT e.type, e.data, k.site_id FROM events e JOIN kiosks k ON k.kiosk_id = e.kiosk_id
      WHERE e.kiosk_id = $1 AND e.seq = $2`,
    [kioskId, seq],
  );
  const row = found.rows[0];
  return row && { type: row.type, data: row.data, siteId: row.site_id };
}

const REVIEWABLE = new Set([
  'DISPENSE_RESULT',
  'VITALS_MEASURED',
  'PATIENT_CHECK_FAILED',
  'HELP_REQUESTED',
  'SLOT_COUNTED',
  'STOCK_ADJUSTMENT',
  'PACK_REMOVED',
]);

/** Whether an event is an item of the queue that "resolve" applies to (refills have their own answer). */
export function isResolvableEvent(event: { type: string; data: Record<string, unknown> }): boolean {
  if (!REVIEWABLE.has(event.type)) return false;
  if (event.type === 'DISPENSE_RESULT') return event.data.outcome === 'UNCERTAIN';
  if (event.type === 'VITALS_MEASURED') return event.data.inRange === false;
  if (event.type === 'PATIENT_CHECK_FAILED') return event.data.locked === true;
  if (event.type === 'SLOT_COUNTED') return event.data.counted !== event.data.expected;
  if (event.type === 'STOCK_ADJUSTMENT')
    return Array.isArray(event.data.packs) && event.data.packs.length > 0;
  return true;
}
