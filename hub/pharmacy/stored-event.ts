import { parseEventData, type JournalEvent } from '../../contracts/journal-events';

/** A row of the `events` table as the pharmacy queries read it (seq may come back as text). */
export interface EventRow {
  kiosk_id: string;
  seq: string | number;
  id: string;
  ts: string;
  type: string;
  data: unknown;
  prev: string;
  hash: string;
}

/**
 * A stored row as the kiosk's reducers see an event, or undefined when its data fails its schema:
 * the hub stored it after the chain check, but a reducer is never handed unchecked data.
 */
export function toJournalEvent(row: EventRow): JournalEvent | undefined {
  if (!parseEventData(row.type, row.data).ok) return undefined;
  return {
    seq: Number(row.seq),
    id: row.id,
    ts: row.ts,
    type: row.type,
    data: row.data,
    prev: row.prev,
    hash: row.hash,
  } as JournalEvent;
}
