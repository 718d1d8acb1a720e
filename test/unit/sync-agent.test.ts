import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../contracts/clock';
import type { JournalEnvelope, JournalEvent } from '../../contracts/journal-events';
import { GENESIS_HASH, hashEvent } from '../../main/journal/event-hash';
import { createEphemeralDeviceKey } from '../../main/keys';
import type { ListStore } from '../../main/prescriptions/list-store';
import { startSyncAgent, type SyncAgentJournal } from '../../main/sync/sync-agent';

/** A journal in memory with the members the agent uses. */
function memoryJournal(clock: { now(): number }, count: number) {
  const events: JournalEvent[] = [];
  const listeners = new Set<(e: JournalEvent) => void>();
  const append = async (type: string, data: unknown) => {
    const seq = events.length + 1;
    const unhashed = {
      seq,
      id: randomUUID(),
      ts: new Date(clock.now()).toISOString(),
      type,
      data,
      prev: events.at(-1)?.hash ?? GENESIS_HASH,
    };
    const event = { ...unhashed, hash: hashEvent(unhashed) } as JournalEvent;
    events.push(event);
    for (const listener of listeners) listener(event);
    return event;
  };
  const reading = { temperatureC: 20, setpointC: 20, door: 'closed', temperatureControl: 'ok' };
  for (let i = 0; i < count; i++) void append('CABINET_READING', reading);
  const journal = {
    get lastSeq() {
      return events.length;
    },
    append,
    async *events(fromSeq = 1) {
      const upTo = events.length;
      for (const event of events.slice(fromSeq - 1, upTo)) yield event;
    },
    onAppended(listener: (e: JournalEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    journal: journal as unknown as SyncAgentJournal,
    events,
    appendReading: () => append('CABINET_READING', reading),
  };
}

const noLists = { current: () => undefined } as unknown as ListStore;

/**
 * A hub behind `fetch` that follows the contract for uploads and downloads, and can be switched
 * off (every request fails as a refused connection) or made to hang until aborted.
 */
function fakeHub(clock: { now(): number }) {
  const stored: JournalEnvelope[] = [];
  const hub = {
    stored,
    mode: 'up' as 'up' | 'down' | 'hang',
    requests: 0,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      hub.requests += 1;
      if (hub.mode === 'down')
        throw new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') });
      if (hub.mode === 'hang') {
        return new Promise<Response>((_r, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
        );
      }
      const path = new URL(String(input)).pathname;
      const body = JSON.parse(new TextDecoder().decode(init?.body as Uint8Array)) as {
        events?: JournalEnvelope[];
      };
      const answer = (value: unknown) =>
        new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json' } });
      if (path.endsWith('/downloads')) {
        return answer({ downloads: [], storedUpToSeq: stored.length, hubTime: clock.now() + 250 });
      }
      for (const event of body.events ?? [])
        if (event.seq === stored.length + 1) stored.push(event);
      return answer({ storedUpToSeq: stored.length, hubTime: clock.now() + 250 });
    }) as typeof fetch,
  };
  return hub;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

function agentFor(count: number) {
  const clock = createManualClock(Date.UTC(2026, 3, 1));
  const journal = memoryJournal(clock, count);
  const hub = fakeHub(clock);
  const agent = startSyncAgent({
    journal: journal.journal,
    listStore: noLists,
    deviceKey: createEphemeralDeviceKey(),
    kioskId: 'k-test',
    hubUrl: 'http://hub.test',
    clock,
    logger: pino({ level: 'silent' }),
    autoStart: false,
    random: () => 0.5,
    timing: { retryBaseMs: 1_000, retryCapMs: 10_000, intervalMs: 60_000 },
    fetch: hub.fetch,
  });
  return { clock, journal, hub, agent };
}

describe('sync agent', () => {
  it('reports offline with the backlog growing while the hub is away, then catches up', async () => {
    const { clock, journal, hub, agent } = agentFor(5);
    hub.mode = 'down';
    let status = await agent.syncNow();
    expect(status).toMatchObject({
      state: 'offline',
      backlog: 5,
      storedUpToSeq: 0,
      lastSuccessAt: null,
      lastError: { kind: 'unreachable' },
      // Full jitter with random 0.5 on the first failure: half of the 1 s base.
      nextAttemptAt: clock.now() + 500,
    });
    clock.advance(400); // not yet the retry
    await journal.appendReading();
    status = agent.status();
    expect(status.backlog).toBe(6);
    // The oldest event the hub lacks was appended before the agent started: at least that old.
    expect(status.lagMs).toBe(400);

    hub.mode = 'up';
    status = await agent.syncNow();
    expect(status).toMatchObject({ state: 'online', storedUpToSeq: 6, lastError: null });
    expect(status.hubOffsetMs).toBe(250);
    expect(hub.stored.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    // Its own two events come after, for the next round.
    expect(journal.events.slice(6).map((e) => [e.type, e.data])).toEqual([
      ['FILLS_ACKNOWLEDGED', { upToSeq: 6, source: 'hub' }],
      ['SYNC_COMPLETED', { at: clock.now(), source: 'hub', hubOffsetMs: 250 }],
    ]);
    expect(status.backlog).toBe(2);

    // An idle round uploads them and journals nothing new; the stamp is refreshed after 15 min.
    status = await agent.syncNow();
    expect(status).toMatchObject({ backlog: 0, lagMs: 0, storedUpToSeq: 8 });
    expect(journal.events).toHaveLength(8);
    clock.advance(15 * 60_000);
    await flush();
    await agent.syncNow();
    expect(journal.events.at(-1)?.type).toBe('SYNC_COMPLETED');
    expect(journal.events).toHaveLength(9);
    await agent.stop();
  });

  it('stop() abandons a request in flight and journals nothing', async () => {
    const { journal, hub, agent } = agentFor(3);
    hub.mode = 'hang';
    const pending = agent.syncNow();
    await flush();
    expect(agent.status().state).toBe('syncing');
    await agent.stop();
    expect((await pending).state).toBe('stopped');
    expect(journal.events).toHaveLength(3);
    expect(await agent.syncNow()).toMatchObject({ state: 'stopped' });
    expect(hub.requests).toBe(1);
  });
});
