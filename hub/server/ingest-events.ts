import type { JournalEnvelope } from '../../contracts/journal-events';
import type { HubDatabase, Queryable } from '../db/hub-database';
import { refusal } from './hub-errors';
import { assertKioskActive, consumeNonce, type AuthenticatedKiosk } from './signed-request';
import { checkUploadBatch, type UploadRefusal } from './upload-batch';

/**
 * Stores one upload batch (DESIGN §5 "the outbox is the journal itself"): in ONE transaction the
 * nonce, a row lock on the kiosk (so two uploads of one kiosk run one after the other), the chain
 * check against the stored head, one multi-row INSERT of the new events and the new head. Any
 * refusal rolls all of it back. A fork is the exception that must leave a trace: after the
 * rollback, a second transaction records the alert and flags the kiosk.
 */

export interface IngestResult {
  storedUpToSeq: number;
  /** Events newly stored by this call (0 for a pure retry). */
  stored: number;
}

export interface ForkDetected {
  kioskId: string;
  seq: number;
}

export async function ingestEvents(
  db: HubDatabase,
  kiosk: AuthenticatedKiosk,
  events: readonly JournalEnvelope[],
  now: number,
  onFork: (fork: ForkDetected) => void = () => undefined,
): Promise<IngestResult> {
  let fork: Extract<UploadRefusal, { code: 'fork' }> | undefined;
  try {
    return await db.transaction(async (tx) => {
      await consumeNonce(tx, kiosk, now);
      const head = await lockHead(tx, kiosk.kioskId);
      const first = events[0]!.seq;
      const overlapEnd = Math.min(head.lastSeq, events.at(-1)!.seq);
      const stored = new Map<number, string>();
      if (first <= overlapEnd) {
        const { rows } = await tx.query<{ seq: number; hash: string }>(
          'SELECT seq, hash FROM events WHERE kiosk_id = $1 AND seq BETWEEN $2 AND $3',
          [kiosk.kioskId, first, overlapEnd],
        );
        for (const row of rows) stored.set(row.seq, row.hash);
      }
      const checked = checkUploadBatch(head, events, (seq) => stored.get(seq));
      if (!checked.ok) {
        const r = checked.error;
        if (r.code === 'fork') fork = r;
        throw refusal(
          r.code,
          r.message,
          r.code === 'gap' || r.code === 'fork'
            ? { lastSeq: head.lastSeq, lastHash: head.lastHash }
            : {},
        );
      }
      const { fresh, head: newHead } = checked.value;
      if (fresh.length > 0) await insertEvents(tx, kiosk.kioskId, fresh);
      await tx.query(
        `UPDATE kiosks SET last_seq = $2, last_hash = $3, last_sync_at = $4::timestamptz,
           clock_offset_ms = $5 WHERE kiosk_id = $1`,
        [
          kiosk.kioskId,
          newHead.lastSeq,
          newHead.lastHash,
          new Date(now).toISOString(),
          kiosk.clockOffsetMs,
        ],
      );
      return { storedUpToSeq: newHead.lastSeq, stored: fresh.length };
    });
  } catch (error) {
    if (fork !== undefined) {
      await flagFork(db, kiosk.kioskId, fork);
      onFork({ kioskId: kiosk.kioskId, seq: fork.seq });
    }
    throw error;
  }
}

/** The chain head, locked for this transaction; the status is checked again under the lock. */
async function lockHead(
  tx: Queryable,
  kioskId: string,
): Promise<{ lastSeq: number; lastHash: string }> {
  const { rows } = await tx.query<{ last_seq: number; last_hash: string; status: string }>(
    'SELECT last_seq, last_hash, status FROM kiosks WHERE kiosk_id = $1 FOR UPDATE',
    [kioskId],
  );
  const row = rows[0];
  if (row === undefined) throw refusal('unknown_kiosk', `no enrolled kiosk "${kioskId}"`);
  assertKioskActive(row.status);
  return { lastSeq: row.last_seq, lastHash: row.last_hash };
}

/**
 * One statement for the whole batch: the events go in as one JSON array that PostgreSQL expands
 * with jsonb_to_recordset, which costs one round trip and one parse instead of one per row.
 */
export async function insertEvents(
  tx: Queryable,
  kioskId: string,
  events: readonly JournalEnvelope[],
): Promise<void> {
  const inserted = await tx.query(
    `INSERT INTO events (kiosk_id, seq, id, ts, type, data, prev, hash)
     SELECT $1::text, e.seq, e.id, e.ts, e.type, e.data, e.prev, e.hash
     FROM jsonb_to_recordset($2::jsonb)
       AS e(seq bigint, id uuid, ts text, type text, data jsonb, prev text, hash text)`,
    [kioskId, JSON.stringify(events)],
  );
  if (inserted.affectedRows !== events.length) {
    throw new Error(`stored ${inserted.affectedRows} of ${events.length} events`);
  }
}

async function flagFork(
  db: HubDatabase,
  kioskId: string,
  fork: Extract<UploadRefusal, { code: 'fork' }>,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`INSERT INTO alerts (kind, kiosk_id, detail) VALUES ('fork', $1, $2::jsonb)`, [
      kioskId,
      JSON.stringify({ seq: fork.seq, storedHash: fork.storedHash, claimedHash: fork.claimedHash }),
    ]);
    await tx.query(
      `UPDATE kiosks SET status = 'flagged', status_reason = $2 WHERE kiosk_id = $1 AND status = 'active'`,
      [kioskId, `journal fork at seq ${fork.seq}`],
    );
  });
}
