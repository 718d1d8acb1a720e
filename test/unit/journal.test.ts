import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../contracts/clock';
import type { JournalEvent } from '../../contracts/journal-events';
import {
  GENESIS_HASH,
  openJournal,
  segmentFileName,
  verifyJournalDir,
  type Journal,
  type JournalOptions,
} from '../../main/journal';
import { createEphemeralDeviceKey } from '../../main/keys';

const key = createEphemeralDeviceKey();
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'journal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function open(extra: Partial<JournalOptions> = {}): Promise<Journal> {
  const opened = await openJournal({
    dir,
    signer: key,
    verifyCheckpoint: key.verifyCheckpoint,
    ...extra,
  });
  if (!opened.ok) throw new Error(`open failed: ${JSON.stringify(opened.error)}`);
  return opened.value;
}

async function lines(segment = 1): Promise<string[]> {
  const text = await readFile(path.join(dir, segmentFileName(segment)), 'utf8');
  return text.split('\n').slice(0, -1);
}

describe('journal format', () => {
  it('writes one line per event, members in order, hash over the RFC 8785 form without hash', async () => {
    const clock = createManualClock(Date.UTC(2026, 2, 4, 10, 30));
    const journal = await open({ clock });
    const first = await journal.append('KIOSK_STARTED', {
      appVersion: '0.1.0',
      hardware: 'simulated',
    });
    clock.advance(1500);
    const second = await journal.append('RX_REFUSED', { reason: 'EXPIRED', detail: 'ü "quoted"' });
    await journal.close();

    const [line1, line2] = await lines();
    expect(Object.keys(JSON.parse(line1 ?? ''))).toEqual([
      'seq',
      'id',
      'ts',
      'type',
      'data',
      'prev',
      'hash',
    ]);
    expect(JSON.parse(line1 ?? '')).toEqual(first);
    expect(JSON.parse(line2 ?? '')).toEqual(second);

    expect(first.seq).toBe(1);
    expect(first.prev).toBe(GENESIS_HASH);
    expect(first.ts).toBe('2026-03-04T10:30:00.000Z');
    expect(second.ts).toBe('2026-03-04T10:30:01.500Z');
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.prev).toBe(first.hash);

    // The hash rule written out independently of the journal's own code.
    const { hash, ...withoutHash } = second;
    const expected = createHash('sha256')
      .update(canonicalize(withoutHash) ?? '')
      .digest('hex');
    expect(hash).toBe(expected);
  });

  it('reopens where it left off and chains on', async () => {
    const journal = await open();
    await journal.append('RX_REFUSED', { reason: 'A', detail: '1' });
    const last = await journal.append('RX_REFUSED', { reason: 'A', detail: '2' });
    await journal.close();

    const again = await open();
    expect(again.lastSeq).toBe(2);
    expect(again.lastHash).toBe(last.hash);
    expect(again.repaired).toBeNull();
    const third = await again.append('RX_REFUSED', { reason: 'A', detail: '3' });
    expect(third.seq).toBe(3);
    expect(third.prev).toBe(last.hash);
    await again.close();

    const verified = await verifyJournalDir(dir, { verifyCheckpoint: key.verifyCheckpoint });
    expect(verified.ok && verified.value.lastSeq).toBe(3);
  });

  it('stores a copy of data: later changes by the caller do not reach the journal', async () => {
    const journal = await open();
    const data = { reason: 'A', detail: 'before' };
    const event = await journal.append('RX_REFUSED', data);
    data.detail = 'after';
    expect(event.data.detail).toBe('before');
    expect((await journal.readAll())[0]?.data).toEqual({ reason: 'A', detail: 'before' });
    await journal.close();
  });

  it('throws on data that does not fit its type, without using a seq', async () => {
    const journal = await open();
    await expect(
      journal.append('RX_REFUSED', { reason: 'A' } as unknown as {
        reason: string;
        detail: string;
      }),
    ).rejects.toThrow(/RX_REFUSED/);
    await expect(
      journal.append('CHECKPOINT' as 'RX_REFUSED', { reason: 'A', detail: 'x' }),
    ).rejects.toThrow(/CHECKPOINT/);
    const event = await journal.append('RX_REFUSED', { reason: 'A', detail: 'ok' });
    expect(event.seq).toBe(1);
    expect(journal.state).toBe('open');
    await journal.close();
  });

  it('creates the directory and starts empty', async () => {
    const nested = path.join(dir, 'a', 'b');
    const opened = await openJournal({ dir: nested, signer: key });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.value.lastSeq).toBe(0);
    expect(opened.value.lastHash).toBe(GENESIS_HASH);
    expect(await opened.value.readAll()).toEqual([]);
    await opened.value.close();
  });

  it('rejects appends after close', async () => {
    const journal = await open();
    await journal.close();
    await expect(journal.append('RX_REFUSED', { reason: 'A', detail: 'x' })).rejects.toThrow(
      /closed/,
    );
  });
});

describe('journal appends', () => {
  it('keeps 200 concurrent appends in call order with a valid chain', async () => {
    const journal = await open();
    const events = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        journal.append('RX_REFUSED', { reason: 'R', detail: String(i) }),
      ),
    );
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(events.map((e) => e.data.detail)).toEqual(
      Array.from({ length: 200 }, (_, i) => String(i)),
    );
    for (let i = 1; i < events.length; i++) expect(events[i]?.prev).toBe(events[i - 1]?.hash);
    expect(journal.lastSeq).toBe(200);
    await journal.close();

    const onDisk = (await lines()).map((line) => JSON.parse(line) as JournalEvent);
    expect(onDisk).toEqual(events);
    const verified = await verifyJournalDir(dir);
    expect(verified.ok).toBe(true);
  });

  it('keeps call order across segment rotations', async () => {
    const journal = await open({ segmentMaxBytes: 1200 });
    const events = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        journal.append('RX_REFUSED', { reason: 'R', detail: String(i) }),
      ),
    );
    const seqs = events.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    const all = await journal.readAll();
    expect(all.filter((e) => e.type !== 'CHECKPOINT')).toEqual(events);
    expect(all.filter((e) => e.type === 'CHECKPOINT').length).toBeGreaterThan(5);
    await journal.close();
    const verified = await verifyJournalDir(dir, { verifyCheckpoint: key.verifyCheckpoint });
    expect(verified.ok).toBe(true);
  });

  it('tells listeners about each durable event in order, before the append resolves', async () => {
    const journal = await open({ segmentMaxBytes: 600 });
    const seen: number[] = [];
    const unsubscribe = journal.onAppended((event) => seen.push(event.seq));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        journal.append('RX_REFUSED', { reason: 'R', detail: String(i) }).then((event) => {
          // Everything up to this event has been announced by the time its append resolves.
          expect(seen).toContain(event.seq);
          return event;
        }),
      ),
    );
    // CHECKPOINTs are part of the chain and announced too.
    expect(seen).toEqual(Array.from({ length: journal.lastSeq }, (_, i) => i + 1));
    expect(seen.length).toBeGreaterThan(results.length);
    unsubscribe();
    await journal.append('RX_REFUSED', { reason: 'R', detail: 'after' });
    expect(seen.length).toBe(journal.lastSeq - 1);
    await journal.close();
  });

  it('keeps the journal running when a listener throws', async () => {
    const journal = await open();
    journal.onAppended(() => {
      throw new Error('listener bug');
    });
    const event = await journal.append('RX_REFUSED', { reason: 'R', detail: 'x' });
    expect(event.seq).toBe(1);
    expect(journal.state).toBe('open');
    await journal.close();
  });

  it('reads from any seq, across segments', async () => {
    const journal = await open({ segmentMaxBytes: 700 });
    for (let i = 0; i < 20; i++)
      await journal.append('RX_REFUSED', { reason: 'R', detail: String(i) });
    const all = await journal.readAll();
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: journal.lastSeq }, (_, i) => i + 1));
    for (const from of [1, 2, 5, 13, journal.lastSeq, journal.lastSeq + 1]) {
      const read: number[] = [];
      for await (const event of journal.events(from)) read.push(event.seq);
      expect(read).toEqual(all.filter((e) => e.seq >= from).map((e) => e.seq));
    }
    await journal.close();
  });

  it('stops an iterator at the lastSeq it started with', async () => {
    const journal = await open();
    await journal.append('RX_REFUSED', { reason: 'R', detail: '1' });
    const iterator = journal.events(1);
    await journal.append('RX_REFUSED', { reason: 'R', detail: '2' });
    const read: number[] = [];
    for await (const event of iterator) read.push(event.seq);
    expect(read).toEqual([1]);
    await journal.close();
  });
});
