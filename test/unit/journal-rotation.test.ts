import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalEventData, type JournalEvent } from '../../contracts/journal-events';
import {
  checkpointMessage,
  hashEvent,
  openJournal,
  segmentFileName,
  verifyJournalDir,
  writeChainedEvents,
  type Journal,
  type JournalOptions,
} from '../../main/journal';
import { createEphemeralDeviceKey, verifyEs256 } from '../../main/keys';

const key = createEphemeralDeviceKey();
const otherKey = createEphemeralDeviceKey();
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'journal-rotation-'));
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
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  return opened.value;
}

async function readSegment(segment: number): Promise<JournalEvent[]> {
  const text = await readFile(path.join(dir, segmentFileName(segment)), 'utf8');
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as JournalEvent);
}

describe('segment rotation', () => {
  it('closes a segment past the limit with a signed CHECKPOINT and continues in the next', async () => {
    const journal = await open({ segmentMaxBytes: 1000 });
    for (let i = 0; i < 12; i++)
      await journal.append('RX_REFUSED', { reason: 'R', detail: String(i) });
    await journal.close();

    const names = (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort();
    expect(names.slice(0, 2)).toEqual(['segment-000001.jsonl', 'segment-000002.jsonl']);

    const first = await readSegment(1);
    const checkpoint = first[first.length - 1];
    const before = first[first.length - 2];
    if (checkpoint?.type !== 'CHECKPOINT' || !before) throw new Error('segment 1 is not closed');
    expect(first.filter((e) => e.type === 'CHECKPOINT')).toHaveLength(1);
    // Only the line that crossed the limit (and the CHECKPOINT) lie beyond it.
    const size = (await stat(path.join(dir, segmentFileName(1)))).size;
    const lastTwo = Buffer.byteLength(`${JSON.stringify(before)}\n${JSON.stringify(checkpoint)}\n`);
    expect(size - lastTwo).toBeLessThanOrEqual(1000);
    expect(size).toBeGreaterThan(1000);

    expect(checkpoint.data).toEqual({
      segment: 1,
      lastSeq: before.seq,
      lastHash: before.hash,
      keyId: key.keyId,
      signature: expect.any(String),
    });
    expect(checkpoint.prev).toBe(before.hash);
    const signature = Buffer.from(checkpoint.data.signature, 'base64url');
    expect(signature).toHaveLength(64);
    const message = Buffer.from(`1:${before.seq}:${before.hash}`, 'utf8');
    expect(Buffer.from(checkpointMessage(1, before.seq, before.hash))).toEqual(message);
    expect(verifyEs256(key.publicJwk, message, signature)).toBe(true);

    const second = await readSegment(2);
    expect(second[0]?.seq).toBe(checkpoint.seq + 1);
    expect(second[0]?.prev).toBe(checkpoint.hash);
  });

  it('refuses a CHECKPOINT signed by another key, even when every hash is recomputed', async () => {
    // An attacker who rewrites the chain can recompute hashes but cannot sign as this kiosk.
    await writeChainedEvents(dir, 30, { signer: otherKey, segmentMaxBytes: 2000 });
    const opened = await openJournal({ dir, signer: key, verifyCheckpoint: key.verifyCheckpoint });
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    const first = await readSegment(1);
    expect(opened.error).toMatchObject({ kind: 'broken_chain', segment: 1, line: first.length });
    expect(opened.error.kind === 'broken_chain' && opened.error.detail).toMatch(/signature/);
  });

  it('refuses a forged signature of the right length', async () => {
    await writeChainedEvents(dir, 30, { signer: key, segmentMaxBytes: 2000 });
    const lines = (await readFile(path.join(dir, segmentFileName(1)), 'utf8'))
      .split('\n')
      .slice(0, -1);
    const checkpoint = JSON.parse(lines[lines.length - 1] ?? '') as JournalEvent<'CHECKPOINT'>;
    const data = JournalEventData.CHECKPOINT.parse(checkpoint.data);
    const bytes = Buffer.from(data.signature, 'base64url');
    bytes[10] = (bytes[10] ?? 0) ^ 1;
    const forgedData = { ...data, signature: bytes.toString('base64url') };
    const { hash: _hash, ...rest } = checkpoint;
    const unhashed = { ...rest, data: forgedData };
    lines[lines.length - 1] = JSON.stringify({ ...unhashed, hash: hashEvent(unhashed) });
    await writeFile(path.join(dir, segmentFileName(1)), lines.map((l) => `${l}\n`).join(''));
    // The next segment's first prev no longer links either, but the signature fails first.
    const verified = await verifyJournalDir(dir, { verifyCheckpoint: key.verifyCheckpoint });
    expect(verified.ok).toBe(false);
    if (verified.ok) return;
    expect(verified.error).toMatchObject({ kind: 'broken_chain', segment: 1, line: lines.length });
    expect(verified.error.kind === 'broken_chain' && verified.error.detail).toMatch(/signature/);
  });

  it('refuses a CHECKPOINT that names the wrong segment or seq', async () => {
    await writeChainedEvents(dir, 30, { signer: key, segmentMaxBytes: 2000 });
    const file = path.join(dir, segmentFileName(1));
    const lines = (await readFile(file, 'utf8')).split('\n').slice(0, -1);
    const checkpoint = JSON.parse(lines[lines.length - 1] ?? '') as JournalEvent<'CHECKPOINT'>;
    const data = { ...JournalEventData.CHECKPOINT.parse(checkpoint.data), segment: 7 };
    const { hash: _hash, ...rest } = checkpoint;
    const unhashed = { ...rest, data };
    lines[lines.length - 1] = JSON.stringify({ ...unhashed, hash: hashEvent(unhashed) });
    await writeFile(file, lines.map((l) => `${l}\n`).join(''));
    const verified = await verifyJournalDir(dir);
    expect(!verified.ok && verified.error.kind === 'broken_chain' && verified.error.detail).toMatch(
      /segment 7/,
    );
  });

  it('continues in a new segment when the last one already ends with its CHECKPOINT', async () => {
    const written = await writeChainedEvents(dir, 30, { signer: key, segmentMaxBytes: 2000 });
    // Drop every segment after the first: as if the crash came right after the CHECKPOINT.
    for (let s = 2; s <= written.segments; s++) await rm(path.join(dir, segmentFileName(s)));
    const first = await readSegment(1);
    const journal = await open({ segmentMaxBytes: 2000 });
    expect(journal.lastSeq).toBe(first.length);
    const next = await journal.append('RX_REFUSED', { reason: 'R', detail: 'x' });
    await journal.close();
    const second = await readSegment(2);
    expect(second).toEqual([next]);
    expect(next.prev).toBe(first[first.length - 1]?.hash);
  });

  it('closes an over-full segment first when the limit was lowered since', async () => {
    const big = await open({ segmentMaxBytes: 100_000 });
    for (let i = 0; i < 5; i++) await big.append('RX_REFUSED', { reason: 'R', detail: String(i) });
    await big.close();
    const small = await open({ segmentMaxBytes: 500 });
    const event = await small.append('RX_REFUSED', { reason: 'R', detail: 'after' });
    await small.close();
    const first = await readSegment(1);
    expect(first.map((e) => e.type)).toEqual([...Array(5).fill('RX_REFUSED'), 'CHECKPOINT']);
    expect((await readSegment(2))[0]).toEqual(event);
    expect((await verifyJournalDir(dir, { verifyCheckpoint: key.verifyCheckpoint })).ok).toBe(true);
  });

  it('writes the same files with the bulk writer as the journal would', async () => {
    const written = await writeChainedEvents(dir, 200, { signer: key, segmentMaxBytes: 4000 });
    const verified = await verifyJournalDir(dir, { verifyCheckpoint: key.verifyCheckpoint });
    if (!verified.ok) throw new Error(JSON.stringify(verified.error));
    expect(verified.value.lastSeq).toBe(written.lastSeq);
    expect(verified.value.lastHash).toBe(written.lastHash);
    expect(verified.value.segments).toHaveLength(written.segments);
    expect(verified.value.segments.slice(0, -1).every((s) => s.closed)).toBe(true);
  });
});
