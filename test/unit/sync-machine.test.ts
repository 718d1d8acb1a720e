import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, SimulatedClock } from 'xstate';
import {
  fullJitterDelayMs,
  SYNC_TIMING_DEFAULTS,
  syncMachine,
  syncStateOf,
  type SyncRoundResult,
} from '../../state-machines/sync';

const flush = () => new Promise((r) => setTimeout(r, 0));

const timing = { retryBaseMs: 1_000, retryCapMs: 60_000, intervalMs: 30_000 };

const success = (storedUpToSeq: number): SyncRoundResult => ({
  ok: true,
  value: { at: 1, storedUpToSeq, hubOffsetMs: 5 },
});
const unreachable: SyncRoundResult = {
  ok: false,
  error: { kind: 'unreachable', message: 'ECONNRESET' },
};
const forked: SyncRoundResult = {
  ok: false,
  error: { kind: 'fork', code: 'fork', message: 'seq 7 has a different hash' },
};

/** A seeded [0, 1) sequence (mulberry32), so every draw is reproducible. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function start(results: (SyncRoundResult | Error)[], random: () => number = () => 0.5) {
  const clock = new SimulatedClock();
  const queue = [...results];
  let rounds = 0;
  const actor = createActor(
    syncMachine.provide({
      actors: {
        syncRound: fromPromise<SyncRoundResult, void>(async () => {
          rounds += 1;
          const next = queue.shift() ?? success(0);
          if (next instanceof Error) throw next;
          return next;
        }),
      },
    }),
    { clock, input: { timing, random } },
  );
  actor.start();
  const state = () => syncStateOf(actor.getSnapshot().value);
  return { actor, clock, state, rounds: () => rounds, context: () => actor.getSnapshot().context };
}

describe('fullJitterDelayMs', () => {
  it('draws from [0, min(cap, base·2^attempt)) with the injected random', () => {
    const t = { retryBaseMs: 1_000, retryCapMs: 60_000 };
    expect(fullJitterDelayMs(0, t, () => 0)).toBe(0);
    expect(fullJitterDelayMs(0, t, () => 0.5)).toBe(500);
    expect(fullJitterDelayMs(3, t, () => 0.5)).toBe(4_000);
    expect(fullJitterDelayMs(5, t, () => 0.5)).toBe(16_000);
    // 2^6 s = 64 s is past the cap: the cap is the ceiling from here on, however many failures.
    expect(fullJitterDelayMs(6, t, () => 0.5)).toBe(30_000);
    expect(fullJitterDelayMs(1_000, t, () => 0.5)).toBe(30_000);
    // The top of the range is never reached, even with a random that returns 1.
    expect(fullJitterDelayMs(2, t, () => 0.999_999_9)).toBe(3_999);
    expect(fullJitterDelayMs(2, t, () => 1)).toBe(3_999);
  });

  it('spreads a fleet over the whole range (full, not equal, jitter)', () => {
    const random = seededRandom(7);
    const t = { retryBaseMs: 1_000, retryCapMs: 60_000 };
    for (const attempt of [0, 1, 4, 10]) {
      const ceiling = Math.min(t.retryCapMs, t.retryBaseMs * 2 ** attempt);
      const draws = Array.from({ length: 4_000 }, () => fullJitterDelayMs(attempt, t, random));
      expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...draws)).toBeLessThan(ceiling);
      // Full jitter reaches down near zero and up near the ceiling; the mean is about half of it.
      expect(Math.min(...draws)).toBeLessThan(ceiling * 0.01);
      expect(Math.max(...draws)).toBeGreaterThan(ceiling * 0.99);
      const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
      expect(mean / ceiling).toBeGreaterThan(0.45);
      expect(mean / ceiling).toBeLessThan(0.55);
    }
  });

  it('has documented defaults', () => {
    expect(SYNC_TIMING_DEFAULTS).toEqual({
      retryBaseMs: 1_000,
      retryCapMs: 300_000,
      intervalMs: 60_000,
    });
  });
});

describe('sync machine', () => {
  it('waits for START, then goes online after a good round and syncs again each interval', async () => {
    const s = start([success(10), success(12)]);
    expect(s.state()).toBe('stopped');
    s.clock.increment(timing.intervalMs * 5);
    await flush();
    expect(s.rounds()).toBe(0);

    s.actor.send({ type: 'START' });
    expect(s.state()).toBe('syncing');
    await flush();
    expect(s.state()).toBe('online');
    expect(s.context()).toMatchObject({ storedUpToSeq: 10, hubOffsetMs: 5, lastError: null });

    s.clock.increment(timing.intervalMs - 1);
    await flush();
    expect(s.rounds()).toBe(1);
    s.clock.increment(1);
    expect(s.state()).toBe('syncing');
    await flush();
    expect(s.rounds()).toBe(2);
    expect(s.context().storedUpToSeq).toBe(12);
  });

  it('goes offline when the hub cannot be reached and retries after a full-jitter wait', async () => {
    const draws = [0.25, 0.5, 0.75, 0.9];
    const s = start([unreachable, unreachable, unreachable, success(3)], () => draws.shift() ?? 0);
    s.actor.send({ type: 'START' });
    await flush();
    expect(s.state()).toBe('offline');
    expect(s.context().lastError).toEqual({ kind: 'unreachable', message: 'ECONNRESET' });

    // attempt 0: 0.25 · 1 s; attempt 1: 0.5 · 2 s; attempt 2: 0.75 · 4 s.
    for (const expected of [250, 1_000, 3_000]) {
      expect(s.context().retryDelayMs).toBe(expected);
      const roundsBefore = s.rounds();
      s.clock.increment(expected - 1);
      await flush();
      expect(s.state()).toBe('offline'); // not a millisecond early
      expect(s.rounds()).toBe(roundsBefore);
      s.clock.increment(1);
      await flush();
      expect(s.rounds()).toBe(roundsBefore + 1);
    }
    expect(s.state()).toBe('online');
    expect(s.context()).toMatchObject({ failures: 0, lastError: null, storedUpToSeq: 3 });
  });

  it('never waits longer than the cap, however long the link stays down', async () => {
    const s = start(
      Array.from({ length: 30 }, () => unreachable),
      () => 0.999_999,
    );
    s.actor.send({ type: 'START' });
    await flush();
    let longest = 0;
    for (let i = 0; i < 29; i++) {
      const wait = s.context().retryDelayMs;
      longest = Math.max(longest, wait);
      expect(wait).toBeLessThan(timing.retryCapMs);
      s.clock.increment(wait);
      await flush();
    }
    expect(s.rounds()).toBe(30);
    expect(longest).toBeGreaterThan(timing.retryCapMs * 0.99);
  });

  it('SYNC_NOW cuts an offline wait short and starts a round at once', async () => {
    const s = start([unreachable, success(1)], () => 0.99);
    s.actor.send({ type: 'START' });
    await flush();
    expect(s.state()).toBe('offline');
    s.actor.send({ type: 'SYNC_NOW' });
    expect(s.state()).toBe('syncing');
    await flush();
    expect(s.state()).toBe('online');
    expect(s.rounds()).toBe(2);
  });

  it('a round that crashes counts as a failed round, not a stuck machine', async () => {
    const s = start([new Error('bug in the round'), success(1)], () => 0);
    s.actor.send({ type: 'START' });
    await flush();
    expect(s.state()).toBe('offline');
    expect(s.context().lastError?.message).toMatch(/crashed: bug in the round/);
    s.clock.increment(0);
    await flush();
    expect(s.state()).toBe('online');
  });

  it('stops uploading for good once the hub reports a fork', async () => {
    const s = start([forked, success(1)]);
    s.actor.send({ type: 'START' });
    await flush();
    expect(s.state()).toBe('forked');
    expect(s.context().lastError).toMatchObject({ kind: 'fork', code: 'fork' });
    s.actor.send({ type: 'SYNC_NOW' });
    s.clock.increment(timing.retryCapMs * 10);
    await flush();
    expect(s.state()).toBe('forked');
    expect(s.rounds()).toBe(1);
  });

  it('STOP leaves any state for stopped and a round in flight is abandoned', async () => {
    let signal: AbortSignal | null = null;
    const clock = new SimulatedClock();
    const actor = createActor(
      syncMachine.provide({
        actors: {
          syncRound: fromPromise<SyncRoundResult, void>(
            ({ signal: s }) =>
              new Promise(() => {
                signal = s;
              }),
          ),
        },
      }),
      { clock, input: { timing } },
    );
    actor.start();
    actor.send({ type: 'START' });
    await flush();
    expect(syncStateOf(actor.getSnapshot().value)).toBe('syncing');
    actor.send({ type: 'STOP' });
    expect(syncStateOf(actor.getSnapshot().value)).toBe('stopped');
    expect((signal as AbortSignal | null)?.aborted).toBe(true);
  });
});
