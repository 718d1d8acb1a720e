import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JournalEnvelope } from '../../contracts/journal-events';
import { GENESIS_HASH, hashEvent } from '../../main/journal/event-hash';
import { checkUploadBatch, type ChainHead } from '../../hub/server/upload-batch';

/** A valid chain of `count` events from `fromSeq`, chained onto `prev`. */
function chain(count: number, fromSeq = 1, prev = GENESIS_HASH, salt = 'a'): JournalEnvelope[] {
  const events: JournalEnvelope[] = [];
  for (let i = 0; i < count; i++) {
    const unhashed = {
      seq: fromSeq + i,
      id: randomUUID(),
      ts: new Date(Date.UTC(2026, 0, 1, 0, 0, fromSeq + i)).toISOString(),
      type: 'RX_REFUSED',
      data: { reason: 'expired', detail: `${salt}${fromSeq + i}` },
      prev,
    };
    const event = { ...unhashed, hash: hashEvent(unhashed) };
    events.push(event);
    prev = event.hash;
  }
  return events;
}

/** Re-hashes an edited event, so only the rule under test is broken. */
function rehash(event: JournalEnvelope): JournalEnvelope {
  const { hash: _old, ...rest } = event;
  return { ...rest, hash: hashEvent(rest) };
}

const GENESIS: ChainHead = { lastSeq: 0, lastHash: GENESIS_HASH };
const none = (): string | undefined => undefined;

function storedOf(events: JournalEnvelope[]): (seq: number) => string | undefined {
  const map = new Map(events.map((e) => [e.seq, e.hash]));
  return (seq) => map.get(seq);
}

describe('checkUploadBatch: the hub’s chain rules', () => {
  it('accepts a first batch from seq 1 and moves the head to its last event', () => {
    const events = chain(5);
    const result = checkUploadBatch(GENESIS, events, none);
    expect(result).toEqual({
      ok: true,
      value: { fresh: events, head: { lastSeq: 5, lastHash: events[4]!.hash } },
    });
  });

  it('accepts a batch that continues the stored head', () => {
    const all = chain(10);
    const head = { lastSeq: 4, lastHash: all[3]!.hash };
    const result = checkUploadBatch(head, all.slice(4), storedOf(all.slice(0, 4)));
    expect(result.ok && result.value.fresh.map((e) => e.seq)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(result.ok && result.value.head).toEqual({ lastSeq: 10, lastHash: all[9]!.hash });
  });

  it('treats a retry of stored events as idempotent: nothing fresh, head unchanged', () => {
    const all = chain(6);
    const head = { lastSeq: 6, lastHash: all[5]!.hash };
    const result = checkUploadBatch(head, all.slice(2), storedOf(all));
    expect(result).toEqual({ ok: true, value: { fresh: [], head } });
  });

  it('keeps only the new tail of an overlapping batch', () => {
    const all = chain(8);
    const head = { lastSeq: 5, lastHash: all[4]!.hash };
    const result = checkUploadBatch(head, all.slice(3), storedOf(all.slice(0, 5)));
    expect(result.ok && result.value.fresh.map((e) => e.seq)).toEqual([6, 7, 8]);
  });

  it('answers a gap with the stored head', () => {
    const all = chain(10);
    const head = { lastSeq: 3, lastHash: all[2]!.hash };
    const result = checkUploadBatch(head, all.slice(5), storedOf(all.slice(0, 3)));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'gap', lastSeq: 3, lastHash: all[2]!.hash },
    });
    expect(!result.ok && result.error.message).toMatch(/starts at seq 6 .* send from seq 4/);
  });

  it('refuses seqs that are not consecutive', () => {
    const all = chain(5);
    const result = checkUploadBatch(GENESIS, [all[0]!, all[1]!, all[3]!], none);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(!result.ok && result.error.message).toMatch(/seq 4 follows seq 2/);
    expect(checkUploadBatch(GENESIS, [], none)).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });

  it('calls a stored seq with another hash a fork', () => {
    const original = chain(5);
    const rewritten = chain(5, 1, GENESIS_HASH, 'rewritten');
    const head = { lastSeq: 5, lastHash: original[4]!.hash };
    const result = checkUploadBatch(head, rewritten.slice(2), storedOf(original));
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'fork',
        seq: 3,
        storedHash: original[2]!.hash,
        claimedHash: rewritten[2]!.hash,
      },
    });
  });

  it('calls a new event that chains onto another event at the head’s seq a fork', () => {
    const original = chain(5);
    const rewritten = chain(8, 1, GENESIS_HASH, 'rewritten');
    const head = { lastSeq: 5, lastHash: original[4]!.hash };
    const result = checkUploadBatch(head, rewritten.slice(5), storedOf(original));
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'fork',
        seq: 5,
        storedHash: original[4]!.hash,
        claimedHash: rewritten[4]!.hash,
      },
    });
  });

  it('refuses a first event whose prev is not the genesis hash', () => {
    const events = chain(2);
    const bad = rehash({ ...events[0]!, prev: 'f'.repeat(64) });
    const result = checkUploadBatch(GENESIS, [bad], none);
    expect(result).toMatchObject({ ok: false, error: { code: 'chain_broken', seq: 1 } });
  });

  it('refuses a batch whose events do not chain to each other, naming the seq', () => {
    const events = chain(4);
    events[2] = rehash({ ...events[2]!, prev: events[0]!.hash });
    const result = checkUploadBatch(GENESIS, events, none);
    expect(result).toMatchObject({ ok: false, error: { code: 'chain_broken', seq: 3 } });
    expect(!result.ok && result.error.message).toBe('seq 3: prev is not the hash of seq 2');
  });

  it('refuses an event whose hash is not the hash of its content', () => {
    const events = chain(3);
    events[1] = { ...events[1]!, data: { reason: 'expired', detail: 'edited' } };
    const result = checkUploadBatch(GENESIS, events, none);
    expect(result).toMatchObject({ ok: false, error: { code: 'chain_broken', seq: 2 } });
    expect(!result.ok && result.error.message).toMatch(/hash is not the hash/);
  });

  it('refuses a stored event resent with the right hash but edited content', () => {
    const all = chain(3);
    const head = { lastSeq: 3, lastHash: all[2]!.hash };
    const edited = { ...all[1]!, ts: '2030-01-01T00:00:00.000Z' };
    const result = checkUploadBatch(head, [all[0]!, edited], storedOf(all));
    expect(result).toMatchObject({ ok: false, error: { code: 'chain_broken', seq: 2 } });
  });

  it.each([
    ['data that does not fit its type', { type: 'RX_REFUSED', data: { reason: 1 } }],
    ['an unknown event type', { type: 'NOT_A_TYPE', data: {} }],
  ])('refuses %s, naming the seq', (_name, change) => {
    const events = chain(3);
    events[2] = rehash({ ...events[2]!, ...change });
    const result = checkUploadBatch(GENESIS, events, none);
    expect(result).toMatchObject({ ok: false, error: { code: 'chain_broken', seq: 3 } });
    expect(!result.ok && result.error.message).toMatch(/^seq 3: /);
  });

  it('throws (a hub bug, not a kiosk error) when a stored seq below the head is missing', () => {
    const all = chain(3);
    expect(() => checkUploadBatch({ lastSeq: 3, lastHash: all[2]!.hash }, all, none)).toThrow(
      /no stored event/,
    );
  });
});
