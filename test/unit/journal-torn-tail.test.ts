import { cp, mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../contracts/journal-events';
import {
  openJournal,
  segmentFileName,
  verifyJournalDir,
  writeChainedEvents,
  type Journal,
} from '../../main/journal';
import { createEphemeralDeviceKey } from '../../main/keys';

const key = createEphemeralDeviceKey();
let root: string;
/** A closed journal of 4 events; the last line is the one a crash tears. */
let fixture: string;
let fixtureEvents: JournalEvent[];
let segmentFile: string;
let lastLineStart: number;
let lastLineLength: number;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'journal-torn-'));
  fixture = path.join(root, 'fixture');
  await writeChainedEvents(fixture, 4, { signer: key });
  segmentFile = segmentFileName(1);
  const bytes = await readFile(path.join(fixture, segmentFile));
  lastLineStart = bytes.lastIndexOf(0x0a, bytes.length - 2) + 1;
  lastLineLength = bytes.length - lastLineStart; // including its newline
  fixtureEvents = bytes
    .toString('utf8')
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as JournalEvent);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function openOrThrow(dir: string): Promise<Journal> {
  const opened = await openJournal({ dir, signer: key, verifyCheckpoint: key.verifyCheckpoint });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  return opened.value;
}

describe('torn last line', () => {
  it('is cut off at every byte offset, and the next append chains on the event before it', async () => {
    const previous = fixtureEvents[2];
    if (!previous) throw new Error('fixture too short');
    // keep = bytes of the last line that reached the disk: 1 .. the whole line without its newline.
    for (let keep = 1; keep < lastLineLength; keep++) {
      const dir = path.join(root, `torn-${keep}`);
      await cp(fixture, dir, { recursive: true });
      const file = path.join(dir, segmentFile);
      await truncate(file, lastLineStart + keep);

      const journal = await openOrThrow(dir);
      expect(journal.repaired, `keep ${keep}`).toEqual({ droppedBytes: keep });
      expect(journal.lastSeq).toBe(3);
      expect(journal.lastHash).toBe(previous.hash);
      expect((await stat(file)).size).toBe(lastLineStart);

      const next = await journal.append('RX_REFUSED', { reason: 'R', detail: 'after repair' });
      expect(next.seq).toBe(4);
      expect(next.prev).toBe(previous.hash);
      await journal.close();

      const verified = await verifyJournalDir(dir, { verifyCheckpoint: key.verifyCheckpoint });
      expect(verified.ok && verified.value.lastSeq).toBe(4);
      expect(verified.ok && verified.value.tornTail).toBeNull();
      await rm(dir, { recursive: true });
    }
  });

  it('is not reported when the file ends exactly at a newline', async () => {
    const dir = path.join(root, 'clean-cut');
    await cp(fixture, dir, { recursive: true });
    await truncate(path.join(dir, segmentFile), lastLineStart);
    const journal = await openOrThrow(dir);
    expect(journal.repaired).toBeNull();
    expect(journal.lastSeq).toBe(3);
    await journal.close();
  });

  it('is reported by verifyJournalDir without touching the file', async () => {
    const dir = path.join(root, 'verify-only');
    await cp(fixture, dir, { recursive: true });
    const file = path.join(dir, segmentFile);
    await truncate(file, lastLineStart + 10);
    const verified = await verifyJournalDir(dir);
    expect(verified.ok && verified.value.tornTail).toEqual({
      segment: 1,
      offset: lastLineStart,
      droppedBytes: 10,
    });
    expect((await stat(file)).size).toBe(lastLineStart + 10);
  });

  it('in the only line of a fresh segment leaves an empty segment that is written on', async () => {
    const dir = path.join(root, 'fresh-segment');
    await writeChainedEvents(dir, 30, { signer: key, segmentMaxBytes: 2000 });
    const before = await verifyJournalDir(dir);
    if (!before.ok) throw new Error('fixture broken');
    const lastSegment = before.value.segments.at(-1)?.segment ?? 0;
    const closed = before.value.segments.at(-2);
    if (!closed) throw new Error('fixture has one segment');
    // The new segment's first line only partly reached the disk.
    await writeFile(path.join(dir, segmentFileName(lastSegment)), '{"seq":');

    const journal = await openOrThrow(dir);
    expect(journal.repaired).toEqual({ droppedBytes: 7 });
    expect(journal.lastSeq).toBe(closed.firstSeq + closed.eventCount - 1);
    await journal.append('RX_REFUSED', { reason: 'R', detail: 'x' });
    await journal.close();
    expect((await verifyJournalDir(dir, { verifyCheckpoint: key.verifyCheckpoint })).ok).toBe(true);
    await rm(dir, { recursive: true });
  });
});
