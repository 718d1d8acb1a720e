import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeJournalError,
  hashEvent,
  LOCK_FILE_NAME,
  openJournal,
  segmentFileName,
  verifyJournalDir,
  writeChainedEvents,
  type JournalOpenError,
} from '../../main/journal';
import { createEphemeralDeviceKey } from '../../main/keys';

const key = createEphemeralDeviceKey();
let root: string;
/** 40 events over several segments, closed normally. */
let fixture: string;
let copies = 0;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'journal-broken-'));
  fixture = path.join(root, 'fixture');
  await writeChainedEvents(fixture, 40, { signer: key, segmentMaxBytes: 3000 });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function copyFixture(): Promise<string> {
  const dir = path.join(root, `copy-${copies++}`);
  await cp(fixture, dir, { recursive: true });
  return dir;
}

async function segmentLines(dir: string, segment: number): Promise<string[]> {
  return (await readFile(path.join(dir, segmentFileName(segment)), 'utf8'))
    .split('\n')
    .slice(0, -1);
}

async function writeSegmentLines(dir: string, segment: number, lines: string[]): Promise<void> {
  await writeFile(path.join(dir, segmentFileName(segment)), lines.map((l) => `${l}\n`).join(''));
}

async function expectRefused(
  dir: string,
): Promise<Extract<JournalOpenError, { kind: 'broken_chain' }>> {
  const before = await snapshot(dir);
  const opened = await openJournal({ dir, signer: key, verifyCheckpoint: key.verifyCheckpoint });
  expect(opened.ok).toBe(false);
  if (opened.ok) throw new Error('opened a broken journal');
  expect(opened.error.kind).toBe('broken_chain');
  if (opened.error.kind !== 'broken_chain') throw new Error(`wrong error ${opened.error.kind}`);
  // Refusing changes nothing on disk and leaves no lock behind.
  expect(await snapshot(dir)).toEqual(before);
  expect(existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
  return opened.error;
}

async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (let segment = 1; existsSync(path.join(dir, segmentFileName(segment))); segment++) {
    out.push(await readFile(path.join(dir, segmentFileName(segment)), 'utf8'));
  }
  return out;
}

describe('broken chain', () => {
  it('refuses a flipped byte in the middle of a segment, naming segment and line', async () => {
    const dir = await copyFixture();
    const lines = await segmentLines(dir, 2);
    const target = lines[2] ?? '';
    const at = target.indexOf('"jti":"rx-') + 12;
    lines[2] = `${target.slice(0, at)}${target[at] === '7' ? '8' : '7'}${target.slice(at + 1)}`;
    await writeSegmentLines(dir, 2, lines);

    const error = await expectRefused(dir);
    const claimedSeq = (JSON.parse(target) as { seq: number }).seq;
    expect(error).toMatchObject({ segment: 2, line: 3, seq: claimedSeq });
    expect(error.detail).toMatch(/hash/);
    expect(describeJournalError(error)).toContain(
      `${segmentFileName(2)} line 3 (seq ${claimedSeq})`,
    );
  });

  it('refuses a missing line (a gap)', async () => {
    const dir = await copyFixture();
    const lines = await segmentLines(dir, 1);
    lines.splice(4, 1);
    await writeSegmentLines(dir, 1, lines);
    const error = await expectRefused(dir);
    expect(error).toMatchObject({ segment: 1, line: 5, seq: 6 });
    expect(error.detail).toMatch(/expected seq 5, found 6/);
  });

  it('refuses two lines swapped', async () => {
    const dir = await copyFixture();
    const lines = await segmentLines(dir, 1);
    const [a, b] = [lines[2] ?? '', lines[3] ?? ''];
    lines[2] = b;
    lines[3] = a;
    await writeSegmentLines(dir, 1, lines);
    const error = await expectRefused(dir);
    expect(error).toMatchObject({ segment: 1, line: 3, seq: 4 });
    expect(error.detail).toMatch(/expected seq 3, found 4/);
  });

  it('refuses a line whose prev does not link, even with a correct own hash', async () => {
    const dir = await copyFixture();
    const lines = await segmentLines(dir, 1);
    const event = JSON.parse(lines[1] ?? '') as Record<string, unknown> & { hash: string };
    const { hash: _old, ...rest } = event;
    const forged = { ...rest, prev: 'f'.repeat(64) } as Parameters<typeof hashEvent>[0];
    lines[1] = JSON.stringify({ ...forged, hash: hashEvent(forged) });
    await writeSegmentLines(dir, 1, lines);
    const error = await expectRefused(dir);
    expect(error).toMatchObject({ segment: 1, line: 2, seq: 2 });
    expect(error.detail).toMatch(/prev/);
  });

  it('refuses a line re-serialised with the same values (spaces added)', async () => {
    const dir = await copyFixture();
    const lines = await segmentLines(dir, 1);
    lines[0] = JSON.stringify(JSON.parse(lines[0] ?? ''), null, 1).replace(/\n/g, '');
    await writeSegmentLines(dir, 1, lines);
    const error = await expectRefused(dir);
    expect(error).toMatchObject({ segment: 1, line: 1 });
  });

  it('refuses a missing segment file', async () => {
    const dir = await copyFixture();
    await rm(path.join(dir, segmentFileName(2)));
    const error = await expectRefused(dir);
    expect(error).toMatchObject({ segment: 2, line: 0 });
  });

  it('refuses a segment cut short before the next one starts', async () => {
    const dir = await copyFixture();
    const lines = await segmentLines(dir, 1);
    await writeSegmentLines(dir, 1, lines.slice(0, -1)); // its CHECKPOINT is gone
    const error = await expectRefused(dir);
    expect(error.segment).toBe(1);
    expect(error.detail).toMatch(/CHECKPOINT/);
  });

  it('refuses an incomplete line in a segment that is not the last', async () => {
    const dir = await copyFixture();
    const file = path.join(dir, segmentFileName(1));
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 5));
    const error = await expectRefused(dir);
    expect(error.segment).toBe(1);
  });

  it('refuses an empty line', async () => {
    const dir = await copyFixture();
    const lines = await segmentLines(dir, 1);
    lines.splice(2, 0, '');
    await writeSegmentLines(dir, 1, lines);
    const error = await expectRefused(dir);
    expect(error).toMatchObject({ segment: 1, line: 3 });
  });

  it('detects any single-byte change of a closed journal, or treats a lost final newline as torn', async () => {
    const files = await snapshot(fixture);
    const originals = files.map((text) => Buffer.from(text, 'utf8'));
    const lastSegment = originals.length;
    const dir = await copyFixture();

    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: originals.length - 1 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (segmentIndex, position, xor) => {
          const original = originals[segmentIndex];
          if (!original) throw new Error('no such segment');
          const offset = position % original.length;
          const changed = Buffer.from(original);
          changed[offset] = (original[offset] ?? 0) ^ xor;
          const file = path.join(dir, segmentFileName(segmentIndex + 1));
          await writeFile(file, changed);
          try {
            const verified = await verifyJournalDir(dir, {
              verifyCheckpoint: key.verifyCheckpoint,
            });
            if (!verified.ok) {
              expect(verified.error.kind).toBe('broken_chain');
              return;
            }
            // Accepted only as a torn tail: the final newline of the last segment was changed,
            // so that line is reported to be cut off, never silently kept.
            expect(segmentIndex + 1).toBe(lastSegment);
            expect(offset).toBe(original.length - 1);
            expect(verified.value.tornTail).not.toBeNull();
          } finally {
            await writeFile(file, original);
          }
        },
      ),
      {
        numRuns: 400,
        // Always include the one change that is accepted: the last segment's final newline.
        examples: [[lastSegment - 1, (originals[lastSegment - 1]?.length ?? 1) - 1, 0x0a ^ 0x20]],
      },
    );
  });
});
