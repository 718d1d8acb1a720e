import type { Queryable } from '../db/hub-database';

/**
 * The hub's audit trail (issue 7: "every pharmacist action journaled on the hub with who and
 * when"). Written in the same transaction as the change it describes, so there is never a change
 * without its audit row nor an audit row for a change that rolled back. `detail` names ids (jti,
 * kiosk, lot, list version), never a PIN, a birth date or a token.
 */

export type AuditAction =
  | 'login'
  | 'logout'
  | 'prescription_issued'
  | 'prescription_revoked'
  | 'refill_approved'
  | 'refill_declined'
  | 'lot_recalled'
  | 'kiosk_locked'
  | 'kiosk_unlocked'
  | 'enrollment_code_created'
  | 'site_created'
  | 'review_resolved'
  | 'duplicate_fill_revoked'
  | 'site_config_published'
  // Technicians and stock (technicians.ts, restock-orders.ts, slot-releases.ts).
  | 'technician_added'
  | 'technician_removed'
  | 'badge_issued'
  | 'badge_revoked'
  | 'restock_order_published'
  | 'restock_order_withdrawn'
  | 'slot_released';

export async function recordAudit(
  db: Queryable,
  entry: { username: string; action: AuditAction; detail: Record<string, unknown>; at: number },
): Promise<void> {
  await db.query('INSERT INTO hub_audit (at, username, action, detail) VALUES ($1, $2, $3, $4)', [
    new Date(entry.at),
    entry.username,
    entry.action,
    JSON.stringify(entry.detail),
  ]);
}

export interface AuditEntry {
  readonly at: string;
  readonly username: string;
  readonly action: string;
  readonly detail: unknown;
}

export async function recentAudit(db: Queryable, limit: number): Promise<AuditEntry[]> {
  const rows = await db.query<{
    at: Date | string;
    username: string;
    action: string;
    detail: unknown;
  }>('SELECT at, username, action, detail FROM hub_audit ORDER BY audit_id DESC LIMIT $1', [limit]);
  return rows.rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    username: r.username,
    action: r.action,
    detail: r.detail,
  }));
}
