import type { JournalEvent } from '../../contracts/journal-events';

/**
 * The on-disk form of one event: compact JSON, members in the order seq,id,ts,type,data,prev,hash,
 * then a newline. The newline is what marks a line as complete; a line without it is torn.
 */
export function encodeEventLine(event: JournalEvent): Buffer {
  const ordered = {
    seq: event.seq,
    id: event.id,
    ts: event.ts,
    type: event.type,
    data: event.data,
    prev: event.prev,
    hash: event.hash,
  };
  return Buffer.from(`${JSON.stringify(ordered)}\n`, 'utf8');
}

export const NEWLINE = 0x0a;
