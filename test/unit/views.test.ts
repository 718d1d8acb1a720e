import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JournalEvent } from '../../contracts/journal-events';
import { openJournal, type Journal } from '../../main/journal';
import { createEphemeralDeviceKey } from '../../main/keys';
import { openViewStore, type ViewStore, type ViewStoreOptions } from '../../main/views';

const key = createEphemeralDeviceKey();

/** A small view in the style of the real ones: counts and stock per slot. */
interface TestView {
  events: number;
  refusals: Record<string, number>;
  stock: Record<string, number>;
}
const TestView = z.object({
  events: z.number(),
  refusals: z.record(z.string(), z.number()),
  stock: z.record(z.string(), z.number()),
});

function reduce(state: TestView, event: JournalEvent): TestView {
  const next = {
    events: state.events + 1,
    refusals: { ...state.refusals },
    stock: { ...state.stock },
  };
  if (event.type === 'RX_REFUSED') {
    next.refusals[event.data.reason] = (next.refusals[event.data.reason] ?? 0) + 1;
  } else if (event.type === 'RESTOCK') {
    const slot = String(event.data.slot);
    next.stock[slot] = (next.stock[slot] ?? 0) + event.data.packs.length;
  }
  return next;
}

let dir: string;
let journal: Journal;
let viewFile: string;
const stores: ViewStore<TestView>[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'views-'));
  viewFile = path.join(dir, 'views', 'test-view.json');
  const opened = await openJournal({
    dir: path.join(dir, 'journal'),
    signer: key,
    segmentMaxBytes: 2000,
  });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  journal = opened.value;
});
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close().catch(() => undefined);
  await journal.close();
  await rm(dir, { recursive: true, force: true });
});

async function openStore(
  extra: Partial<ViewStoreOptions<TestView>> = {},
): Promise<ViewStore<TestView>> {
  const store = await openViewStore<TestView>({
    file: viewFile,
    journal,
    initial: () => ({ events: 0, refusals: {}, stock: {} }),
    reduce,
    schema: TestView,
    ...extra,
  });
  stores.push(store);
  return store;
}

async function appendSome(count: number, offset = 0): Promise<void> {
  for (let i = offset; i < offset + count; i++) {
    if (i % 3 === 0) {
      await journal.append('RESTOCK', {
        slot: (i % 4) + 1,
        packs: [{ gtin: '09506000134352', lot: 'L1', expiry: '2027-01-31' }],
      });
    } else {
      await journal.append('RX_REFUSED', {
        reason: i % 2 ? 'EXPIRED' : 'REVOKED',
        detail: String(i),
      });
    }
  }
}

async function fromScratch(): Promise<TestView> {
  let state: TestView = { events: 0, refusals: {}, stock: {} };
  for (const event of await journal.readAll()) state = reduce(state, event);
  return state;
}

describe('view store', () => {
  it('builds a missing file from the journal and persists it', async () => {
    await appendSome(20);
    const store = await openStore();
    expect(store.opened).toEqual({ from: 'rebuild', reason: 'missing', replayed: journal.lastSeq });
    expect(store.state).toEqual(await fromScratch());
    await store.flush();
    const onDisk = JSON.parse(await readFile(viewFile, 'utf8')) as {
      lastSeq: number;
      lastHash: string;
    };
    expect(onDisk).toMatchObject({
      lastSeq: journal.lastSeq,
      lastHash: journal.lastHash,
      state: store.state,
    });
  });

  it.each([
    ['empty', ''],
    ['corrupt', '{"lastSeq": 3, "lastHa'],
    ['corrupt', JSON.stringify({ lastSeq: 1, lastHash: 'nope', state: {} })],
    [
      'corrupt',
      JSON.stringify({ lastSeq: 0, lastHash: '0'.repeat(64), state: { events: 'many' } }),
    ],
  ])('rebuilds a file that is %s (%j)', async (reason, content) => {
    await appendSome(10);
    await mkdir(path.dirname(viewFile), { recursive: true });
    await writeFile(viewFile, content);
    const store = await openStore();
    expect(store.opened).toEqual({ from: 'rebuild', reason, replayed: journal.lastSeq });
    expect(store.state).toEqual(await fromScratch());
  });

  it('rebuilds a file that is ahead of the journal', async () => {
    await appendSome(10);
    const first = await openStore();
    await first.close();
    const stored = JSON.parse(await readFile(viewFile, 'utf8')) as {
      lastSeq: number;
      state: TestView;
    };
    stored.lastSeq = journal.lastSeq + 5;
    stored.state.events = 999;
    await writeFile(viewFile, JSON.stringify(stored));

    const store = await openStore();
    expect(store.opened).toEqual({
      from: 'rebuild',
      reason: 'ahead_of_journal',
      replayed: journal.lastSeq,
    });
    expect(store.state).toEqual(await fromScratch());
  });

  it('rebuilds a file whose lastHash is not the journal hash at its lastSeq', async () => {
    await appendSome(10);
    await (await openStore()).close();
    const stored = JSON.parse(await readFile(viewFile, 'utf8')) as {
      lastHash: string;
      state: TestView;
    };
    stored.lastHash = 'a'.repeat(64);
    stored.state.events = 999;
    await writeFile(viewFile, JSON.stringify(stored));

    const store = await openStore();
    expect(store.opened).toEqual({
      from: 'rebuild',
      reason: 'hash_mismatch',
      replayed: journal.lastSeq,
    });
    expect(store.state).toEqual(await fromScratch());
  });

  it('replays only the events a file is behind by', async () => {
    await appendSome(10);
    const first = await openStore();
    const seqAtClose = first.lastSeq;
    await first.close();
    await appendSome(7, 10);

    // Mark the stored state so we can tell it was loaded, not recomputed.
    const stored = JSON.parse(await readFile(viewFile, 'utf8')) as { state: TestView };
    stored.state.refusals.LOADED = 1;
    await writeFile(viewFile, JSON.stringify(stored));

    const store = await openStore();
    expect(store.opened).toEqual({ from: 'file', replayed: journal.lastSeq - seqAtClose });
    const expected = await fromScratch();
    expect(store.state).toEqual({ ...expected, refusals: { ...expected.refusals, LOADED: 1 } });
  });

  it('replaces a live state that differs from its rebuild, and says so', async () => {
    await appendSome(6);
    await (await openStore()).close();
    const stored = JSON.parse(await readFile(viewFile, 'utf8')) as { state: TestView };
    stored.state.stock['9'] = 42; // wrong, but the file still matches the journal position
    await writeFile(viewFile, JSON.stringify(stored));
    const warnings: string[] = [];
    const logger = {
      info: () => undefined,
      error: () => undefined,
      warn: (_: unknown, msg: string) => void warnings.push(msg),
    };
    const store = await openStore({
      logger: logger as unknown as ViewStoreOptions<TestView>['logger'],
    });
    expect(store.state.stock['9']).toBe(42);
    const rebuilt = await store.rebuild();
    expect(rebuilt).toEqual(await fromScratch());
    expect(store.state).toBe(rebuilt);
    expect(warnings).toEqual(['view differed from its rebuild']);
  });

  it('loads an up-to-date file without replaying', async () => {
    await appendSome(10);
    await (await openStore()).close();
    const store = await openStore();
    expect(store.opened).toEqual({ from: 'file', replayed: 0 });
    expect(store.state).toEqual(await fromScratch());
  });

  it('is current as soon as an append resolves', async () => {
    const store = await openStore();
    expect(store.state.events).toBe(0);
    const event = await journal.append('RX_REFUSED', { reason: 'EXPIRED', detail: 'x' });
    expect(store.lastSeq).toBe(event.seq);
    expect(store.state.refusals.EXPIRED).toBe(1);
  });

  it('loses no event appended while it is opening', async () => {
    await appendSome(30);
    const opening = openStore();
    const during = Array.from({ length: 25 }, (_, i) =>
      journal.append('RX_REFUSED', { reason: 'DURING', detail: String(i) }),
    );
    const [store] = await Promise.all([opening, ...during]);
    expect(store.lastSeq).toBe(journal.lastSeq);
    expect(store.state).toEqual(await fromScratch());
  });

  it('rebuilt equals live, also when events arrive during the rebuild', async () => {
    const store = await openStore();
    await appendSome(40);
    const live = structuredClone(store.state);
    expect(await store.rebuild()).toEqual(live);

    const seqBefore = journal.lastSeq;
    const rebuilding = store.rebuild();
    const during = Array.from({ length: 15 }, (_, i) =>
      journal.append('RX_REFUSED', { reason: 'DURING', detail: String(i) }),
    );
    const [rebuilt] = await Promise.all([rebuilding, ...during]);
    // The rebuild took in everything durable when it finished; the live view went on from there.
    expect(rebuilt.events).toBeGreaterThanOrEqual(seqBefore);
    expect(store.lastSeq).toBe(journal.lastSeq);
    const liveAfter = structuredClone(store.state);
    expect(liveAfter).toEqual(await fromScratch());
    expect(await store.rebuild()).toEqual(liveAfter);
  });

  it('persists the latest state after a burst of appends', async () => {
    const store = await openStore();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        journal.append('RX_REFUSED', { reason: 'R', detail: String(i) }),
      ),
    );
    await store.flush();
    const onDisk = JSON.parse(await readFile(viewFile, 'utf8')) as {
      lastSeq: number;
      state: TestView;
    };
    expect(onDisk.lastSeq).toBe(journal.lastSeq);
    expect(onDisk.state).toEqual(store.state);
  });

  it('reports a reducer that throws through flush, without stopping the journal', async () => {
    const store = await openStore({
      reduce: (state, event) => {
        if (event.type === 'RX_REFUSED' && event.data.reason === 'BOOM')
          throw new Error('reducer bug');
        return reduce(state, event);
      },
    });
    await journal.append('RX_REFUSED', { reason: 'BOOM', detail: 'x' });
    await expect(store.flush()).rejects.toThrow('reducer bug');
    const next = await journal.append('RX_REFUSED', { reason: 'OK', detail: 'y' });
    expect(next.seq).toBe(2);
    stores.splice(stores.indexOf(store), 1);
  });
});
