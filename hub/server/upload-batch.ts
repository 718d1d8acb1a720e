import { parseEventData, type JournalEnvelope } from '../../contracts/journal-events';
import { err, ok, type Result } from '../../contracts/result';
import { GENESIS_HASH, hashEvent } from '../../main/journal/event-hash';

/**
 * The hub's judgement of one upload batch against the chain head it holds (DESIGN §5, §7): pure,
 * so every rule is unit-tested without a database. Order is by seq, never by clock.
 *
 * - the batch is consecutive seqs;
 * - it starts at or before head + 1 (else `gap`: the kiosk resumes from the hub's head);
 * - events the hub already holds must carry the stored hash (a retry: skipped); a different hash
 *   for a stored seq is a `fork`: the kiosk's journal was rewritten;
 * - every event's hash is the hash of its content and its `data` is valid for its type;
 * - the first new event chains onto the stored head (a different `prev` claims a different event
 *   at the head's seq: also a `fork`), and each next one onto the event before it.
 */

export interface ChainHead {
  lastSeq: number;
  lastHash: string;
}

export type UploadRefusal =
  | { code: 'bad_request'; message: string }
  | { code: 'gap'; message: string; lastSeq: number; lastHash: string }
  | {
      code: 'fork';
      message: string;
      /** The seq at which the kiosk's chain and the hub's differ. */
      seq: number;
      storedHash: string;
      claimedHash: string;
    }
  | { code: 'chain_broken'; message: string; seq: number };

export interface AcceptedBatch {
  /** The events to store (may be empty: a pure retry). */
  fresh: JournalEnvelope[];
  head: ChainHead;
}

/**
 * `storedHash(seq)` answers for every seq in the batch at or below `head.lastSeq` (the caller
 * loads those rows first); undefined there means the hub lost an event it acknowledged.
 */
export function checkUploadBatch(
  head: ChainHead,
  events: readonly JournalEnvelope[],
  storedHash: (seq: number) => string | undefined,
): Result<AcceptedBatch, UploadRefusal> {
  const first = events[0];
  if (first === undefined)
    return err({ code: 'bad_request', message: 'events: the batch is empty' });
  for (let i = 1; i < events.length; i++) {
    const event = events[i]!;
    if (event.seq !== first.seq + i) {
      return err({
        code: 'bad_request',
        message: `events: seqs must be consecutive; seq ${event.seq} follows seq ${events[i - 1]!.seq}`,
      });
    }
  }
  if (first.seq > head.lastSeq + 1) {
    return err({
      code: 'gap',
      message: `the batch starts at seq ${first.seq} but the hub holds up to seq ${head.lastSeq}; send from seq ${head.lastSeq + 1}`,
      lastSeq: head.lastSeq,
      lastHash: head.lastHash,
    });
  }

  let expectedPrev = head.lastHash;
  let lastSeq = head.lastSeq;
  const fresh: JournalEnvelope[] = [];
  for (const event of events) {
    const computed = hashEvent({
      seq: event.seq,
      id: event.id,
      ts: event.ts,
      type: event.type,
      data: event.data,
      prev: event.prev,
    });
    if (event.seq <= head.lastSeq) {
      const stored = storedHash(event.seq);
      if (stored === undefined) {
        throw new Error(
          `the hub has no stored event at seq ${event.seq} below its head ${head.lastSeq}`,
        );
      }
      if (stored !== event.hash) {
        return err({
          code: 'fork',
          message: `seq ${event.seq} has a different hash than the event the hub stored: the kiosk's journal was rewritten`,
          seq: event.seq,
          storedHash: stored,
          claimedHash: event.hash,
        });
      }
      if (computed !== event.hash) {
        return err({
          code: 'chain_broken',
          message: `seq ${event.seq}: hash is not the hash of the event's content`,
          seq: event.seq,
        });
      }
      continue;
    }
    if (computed !== event.hash) {
      return err({
        code: 'chain_broken',
        message: `seq ${event.seq}: hash is not the hash of the event's content`,
        seq: event.seq,
      });
    }
    if (event.prev !== expectedPrev) {
      if (event.seq === head.lastSeq + 1 && head.lastSeq > 0) {
        return err({
          code: 'fork',
          message: `seq ${event.seq} chains onto a seq ${head.lastSeq} the hub does not hold: the kiosk's journal was rewritten`,
          seq: head.lastSeq,
          storedHash: head.lastHash,
          claimedHash: event.prev,
        });
      }
      return err({
        code: 'chain_broken',
        message:
          event.seq === 1 && head.lastSeq === 0
            ? `seq 1: prev must be ${GENESIS_HASH.slice(0, 8)}… (the genesis hash)`
            : `seq ${event.seq}: prev is not the hash of seq ${event.seq - 1}`,
        seq: event.seq,
      });
    }
    const data = parseEventData(event.type, event.data);
    if (!data.ok) {
      return err({
        code: 'chain_broken',
        message: `seq ${event.seq}: ${data.error}`,
        seq: event.seq,
      });
    }
    fresh.push(event);
    expectedPrev = event.hash;
    lastSeq = event.seq;
  }
  return ok({ fresh, head: fresh.length > 0 ? { lastSeq, lastHash: expectedPrev } : head });
}
