import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BATCH } from '../../contracts/hub-api';
import type { JournalEnvelope, JournalEvent } from '../../contracts/journal-events';
import { err, ok, type Result } from '../../contracts/result';
import { GENESIS_HASH, hashEvent } from '../../main/journal/event-hash';
import type { HubCallError } from '../../main/sync/hub-client';
import { uploadBacklog, type BacklogSource, type EventBatch } from '../../main/sync/upload-backlog';

/** An in-memory chain of valid CABINET_READING events; `variant` changes their content. */
function chain(count: number, variant = 0): JournalEvent[] {
  const events: JournalEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const unhashed = {
      seq,
      id: randomUUID(),
      ts: new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString(),
      type: 'CABINET_READING' as const,
      data: {
        temperatureC: 20 + ((seq + variant) % 5),
        setpointC: 20,
        door: 'closed' as const,
        temperatureControl: 'ok' as const,
      },
      prev,
    };
    const hash = hashEvent(unhashed);
    events.push({ ...unhashed, hash });
    prev = hash;
  }
  return events;
}

function sourceOf(events: JournalEvent[]): BacklogSource & { reads: number } {
  const source = {
    reads: 0,
    async *events(fromSeq: number) {
      source.reads += 1;
      for (const event of events) if (event.seq >= fromSeq) yield event;
    },
  };
  return source;
}

type Answer = Result<{ body: { storedUpToSeq: number; hubTime: number } }, HubCallError>;

/**
 * A hub that follows contracts/hub-api.ts for uploads: consecutive seqs, start at or before its
 * head + 1 (else 409 gap with its lastSeq), held seqs must carry the stored hash (else fork), new
 * ones must chain. `faults` lets a test lose answers after storing.
 */
class FakeHub {
  readonly stored: JournalEnvelope[] = [];
  readonly batches: { first: number; last: number; size: number }[] = [];
  loseAnswerOfBatch = new Set<number>();

  get lastSeq(): number {
    return this.stored.length;
  }

  upload = async ({ events, json }: EventBatch): Promise<Answer> => {
    // The batch's JSON is exactly its events'.
    if (json !== JSON.stringify(events)) return refused(400, 'bad_request', 'json differs');
    const first = events[0]!;
    const last = events[events.length - 1]!;
    this.batches.push({ first: first.seq, last: last.seq, size: events.length });
    if (events.length > MAX_UPLOAD_BATCH) return refused(400, 'bad_request', 'too many');
    if (first.seq > this.lastSeq + 1) {
      return refused(409, 'gap', 'gap', this.lastSeq);
    }
    let prev = first.seq === 1 ? GENESIS_HASH : this.stored[first.seq - 2]?.hash;
    for (const [i, event] of events.entries()) {
      if (event.seq !== first.seq + i) return refused(400, 'bad_request', 'not consecutive');
      const held = this.stored[event.seq - 1];
      if (held) {
        if (held.hash !== event.hash) return refused(409, 'fork', 'different hash', this.lastSeq);
      } else {
        if (event.prev !== prev) return refused(409, 'fork', 'does not chain', this.lastSeq);
        this.stored.push({ ...event });
      }
      prev = event.hash;
    }
    if (this.loseAnswerOfBatch.has(this.batches.length)) {
      return err({ kind: 'network', message: 'socket hang up' });
    }
    return ok({ body: { storedUpToSeq: this.lastSeq, hubTime: 0 } });
  };
}

function refused(status: number, code: string, message: string, lastSeq?: number): Answer {
  return err({
    kind: 'refused',
    status,
    error: { error: code as 'gap', message, ...(lastSeq === undefined ? {} : { lastSeq }) },
  });
}

describe('uploadBacklog', () => {
  it('sends the journal in consecutive batches of at most MAX_UPLOAD_BATCH', async () => {
    const events = chain(4_500);
    const hub = new FakeHub();
    const progress: number[] = [];
    const source = sourceOf(events);
    const result = await uploadBacklog({
      journal: source,
      upload: hub.upload,
      hubCursor: 0,
      upToSeq: 4_500,
      onStored: (seq) => progress.push(seq),
    });
    expect(result).toEqual({
      ok: true,
      value: { storedUpToSeq: 4_500, batches: 3, eventsSent: 4_500, gapsResumed: 0 },
    });
    expect(hub.batches).toEqual([
      { first: 1, last: 2_000, size: 2_000 },
      { first: 2_001, last: 4_000, size: 2_000 },
      { first: 4_001, last: 4_500, size: 500 },
    ]);
    expect(progress).toEqual([2_000, 4_000, 4_500]);
    expect(hub.stored.map((e) => e.hash)).toEqual(events.map((e) => e.hash));
    // One journal read for the whole run, not one per batch.
    expect(source.reads).toBe(1);
  });

  it("starts at the hub's cursor, overlapping its last event by one", async () => {
    const events = chain(3_000);
    const hub = new FakeHub();
    hub.stored.push(...events.slice(0, 1_234));
    const result = await uploadBacklog({
      journal: sourceOf(events),
      upload: hub.upload,
      hubCursor: 1_234,
      upToSeq: 3_000,
    });
    expect(result.ok).toBe(true);
    expect(hub.batches[0]).toEqual({ first: 1_234, last: 3_000, size: 1_767 });
    expect(hub.stored).toHaveLength(3_000);
  });

  it('does nothing when the hub already holds everything', async () => {
    const hub = new FakeHub();
    const events = chain(10);
    hub.stored.push(...events);
    const result = await uploadBacklog({
      journal: sourceOf(events),
      upload: hub.upload,
      hubCursor: 10,
      upToSeq: 10,
    });
    expect(result).toEqual({
      ok: true,
      value: { storedUpToSeq: 10, batches: 0, eventsSent: 0, gapsResumed: 0 },
    });
    expect(hub.batches).toEqual([]);
  });

  it('a lost answer fails the run; the retry from the hub cursor stores nothing twice', async () => {
    const events = chain(5_000);
    const hub = new FakeHub();
    hub.loseAnswerOfBatch.add(2);
    const first = await uploadBacklog({
      journal: sourceOf(events),
      upload: hub.upload,
      hubCursor: 0,
      upToSeq: 5_000,
    });
    expect(first).toEqual({
      ok: false,
      error: {
        kind: 'call',
        error: { kind: 'network', message: 'socket hang up' },
        storedUpToSeq: 2_000,
      },
    });
    // The hub stored batch 2 although its answer was lost.
    expect(hub.lastSeq).toBe(4_000);

    const retry = await uploadBacklog({
      journal: sourceOf(events),
      upload: hub.upload,
      hubCursor: hub.lastSeq,
      upToSeq: 5_000,
    });
    expect(retry.ok).toBe(true);
    expect(hub.stored.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
  });

  it("resumes from the hub's lastSeq when it answers 409 gap", async () => {
    const events = chain(3_000);
    const hub = new FakeHub();
    hub.stored.push(...events.slice(0, 1_000));
    // The kiosk believes the hub holds 2,500 (e.g. a hub restored from an older backup).
    const result = await uploadBacklog({
      journal: sourceOf(events),
      upload: hub.upload,
      hubCursor: 2_500,
      upToSeq: 3_000,
    });
    expect(result).toMatchObject({ ok: true, value: { storedUpToSeq: 3_000, gapsResumed: 1 } });
    expect(hub.batches.map((b) => [b.first, b.last])).toEqual([
      [2_500, 3_000],
      [1_000, 2_999],
      [3_000, 3_000],
    ]);
    expect(hub.stored.map((e) => e.hash)).toEqual(events.map((e) => e.hash));
  });

  it('reports a fork when the hub holds a different event at a seq', async () => {
    const original = chain(100);
    const rewritten = chain(150, 1);
    const hub = new FakeHub();
    hub.stored.push(...original);
    const result = await uploadBacklog({
      journal: sourceOf(rewritten),
      upload: hub.upload,
      hubCursor: 100,
      upToSeq: 150,
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'fork', hubLastSeq: 100 } });
    expect(hub.stored).toHaveLength(100);
    expect(hub.batches).toHaveLength(1);
  });

  it('when the hub holds more than the journal, probes with the last event so the hub can judge', async () => {
    const hub = new FakeHub();
    hub.stored.push(...chain(9));
    // A rewritten, shorter journal: the hub sees seq 5 with a different hash (fork, flagged).
    const rewritten = await uploadBacklog({
      journal: sourceOf(chain(5, 1)),
      upload: hub.upload,
      hubCursor: 9,
      upToSeq: 5,
    });
    expect(rewritten).toMatchObject({
      ok: false,
      error: { kind: 'fork', hubLastSeq: 9, message: 'different hash' },
    });
    expect(hub.batches).toEqual([{ first: 5, last: 5, size: 1 }]);

    // A journal that lost its tail: the hub agrees on seq 5 but holds 6..9 the kiosk lacks.
    const truncated = await uploadBacklog({
      journal: sourceOf(hub.stored.slice(0, 5) as JournalEvent[]),
      upload: hub.upload,
      hubCursor: 9,
      upToSeq: 5,
    });
    expect(truncated).toMatchObject({
      ok: false,
      error: {
        kind: 'fork',
        hubLastSeq: 9,
        message: expect.stringMatching(/holds events up to seq 9/),
      },
    });
    expect(hub.stored).toHaveLength(9);
  });

  it('cuts batches by size so a run of large events never meets the 413', async () => {
    const events = chain(100);
    const hub = new FakeHub();
    const bytesOf = (e: JournalEvent) => JSON.stringify(e).length + 1;
    const limit = bytesOf(events[50]!) * 30;
    const result = await uploadBacklog({
      journal: sourceOf(events),
      upload: hub.upload,
      hubCursor: 0,
      upToSeq: 100,
      maxBatchBytes: limit,
    });
    expect(result.ok).toBe(true);
    expect(hub.stored).toHaveLength(100);
    expect(hub.batches.length).toBeGreaterThanOrEqual(4);
    for (const [i, batch] of hub.batches.entries()) {
      const inBatch = events.slice(batch.first - 1, batch.last);
      const size = inBatch.reduce((sum, e) => sum + bytesOf(e), 0);
      expect(size).toBeLessThanOrEqual(limit);
      // Full batches: the next event would not have fitted.
      const next = events[batch.last];
      if (i < hub.batches.length - 1 && next) expect(size + bytesOf(next)).toBeGreaterThan(limit);
    }
  });

  it('gives up (stalled) on a hub that answers without moving forward', async () => {
    const events = chain(10);
    const result = await uploadBacklog({
      journal: sourceOf(events),
      upload: async () => ok({ body: { storedUpToSeq: 0 } }),
      hubCursor: 0,
      upToSeq: 10,
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'stalled' } });
  });

  it('passes any other refusal up unchanged, with how far it got', async () => {
    const events = chain(3_000);
    let calls = 0;
    const hub = new FakeHub();
    const result = await uploadBacklog({
      journal: sourceOf(events),
      upload: async (batch: EventBatch) => {
        calls += 1;
        if (calls === 2) return refused(401, 'bad_signature', 'digest mismatch');
        return hub.upload(batch);
      },
      hubCursor: 0,
      upToSeq: 3_000,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'call', storedUpToSeq: 2_000, error: { kind: 'refused', status: 401 } },
    });
  });

  it('stops between batches when aborted', async () => {
    const controller = new AbortController();
    const hub = new FakeHub();
    const result = await uploadBacklog({
      journal: sourceOf(chain(5_000)),
      upload: async (batch: EventBatch) => {
        const answer = await hub.upload(batch);
        controller.abort();
        return answer;
      },
      hubCursor: 0,
      upToSeq: 5_000,
      signal: controller.signal,
    });
    expect(result).toEqual({ ok: false, error: { kind: 'aborted', storedUpToSeq: 2_000 } });
  });
});
