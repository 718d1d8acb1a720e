import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JournalFatalError,
  openJournal,
  openSegmentForAppend,
  verifyJournalDir,
  type Journal,
  type SegmentAppendHandle,
  type SegmentFileOpener,
} from '../../main/journal';
import { createEphemeralDeviceKey } from '../../main/keys';

const key = createEphemeralDeviceKey();
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'journal-fatal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface FaultyDisk {
  opener: SegmentFileOpener;
  /** Make the n-th datasync from now (1 = the next) fail with EIO. */
  failDatasync(n: number): void;
  failNextWrite(): void;
  /** Hold datasyncs until release() is called, to see what waits for them. */
  holdDatasync(): { reached: Promise<void>; release(): void };
  datasyncCalls(): number;
}

/** Real files, with faults injected through the journal's openSegment seam. */
function faultyDisk(): FaultyDisk {
  let failIn = 0;
  let failWrite = false;
  let held: Promise<void> | null = null;
  let onReached: (() => void) | null = null;
  let calls = 0;
  const eio = (op: string): Error =>
    Object.assign(new Error(`EIO: i/o error, ${op}`), { code: 'EIO' });
  return {
    async opener(file) {
      const real = await openSegmentForAppend(file);
      const handle: SegmentAppendHandle = {
        async write(bytes) {
          if (failWrite) {
            failWrite = false;
            throw eio('write');
          }
          await real.write(bytes);
        },
        async datasync() {
          calls += 1;
          onReached?.();
          if (held) await held;
          if (failIn > 0 && --failIn === 0) throw eio('fdatasync');
          await real.datasync();
        },
        close: () => real.close(),
      };
      return handle;
    },
    failDatasync(n) {
      failIn = n;
    },
    failNextWrite() {
      failWrite = true;
    },
    holdDatasync() {
      let release = (): void => undefined;
      held = new Promise<void>((resolve) => {
        release = () => {
          held = null;
          onReached = null;
          resolve();
        };
      });
      const reached = new Promise<void>((resolve) => (onReached = resolve));
      return { reached, release };
    },
    datasyncCalls: () => calls,
  };
}

async function open(disk: FaultyDisk): Promise<Journal> {
  const opened = await openJournal({ dir, signer: key, openSegment: disk.opener });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  return opened.value;
}

const flushEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('journal durability', () => {
  it('does not resolve an append before its datasync has returned', async () => {
    const disk = faultyDisk();
    const journal = await open(disk);
    const gate = disk.holdDatasync();
    let resolved = false;
    const appended = journal.append('RX_REFUSED', { reason: 'R', detail: 'x' }).then(() => {
      resolved = true;
    });
    await gate.reached;
    // Give a wrongly early resolution every chance to happen.
    for (let i = 0; i < 5; i++) await flushEventLoop();
    expect(disk.datasyncCalls()).toBe(1);
    expect(resolved).toBe(false);
    expect(journal.lastSeq).toBe(0);
    gate.release();
    await appended;
    expect(resolved).toBe(true);
    expect(journal.lastSeq).toBe(1);
    await journal.close();
  });

  it('covers appends queued during a datasync with one later datasync, in order', async () => {
    const disk = faultyDisk();
    const journal = await open(disk);
    const gate = disk.holdDatasync();
    const first = journal.append('RX_REFUSED', { reason: 'R', detail: '0' });
    await gate.reached;
    const rest = Array.from({ length: 9 }, (_, i) =>
      journal.append('RX_REFUSED', { reason: 'R', detail: String(i + 1) }),
    );
    gate.release();
    const events = await Promise.all([first, ...rest]);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(disk.datasyncCalls()).toBe(2);
    await journal.close();
  });
});

describe('journal fatal errors', () => {
  it('stops for good on an fdatasync failure and tells onFatal listeners once', async () => {
    const disk = faultyDisk();
    const journal = await open(disk);
    const fatal: JournalFatalError[] = [];
    journal.onFatal((error) => fatal.push(error));
    await journal.append('RX_REFUSED', { reason: 'R', detail: '1' });

    disk.failDatasync(1);
    const failing = journal.append('RX_REFUSED', { reason: 'R', detail: '2' });
    const queuedBehind = journal.append('RX_REFUSED', { reason: 'R', detail: '3' });
    await expect(failing).rejects.toBeInstanceOf(JournalFatalError);
    await expect(queuedBehind).rejects.toBeInstanceOf(JournalFatalError);

    expect(journal.state).toBe('failed');
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toBe(journal.fatalError);
    expect(fatal[0]?.message).toMatch(/EIO/);
    expect(journal.lastSeq).toBe(1);

    // Never retried: later appends fail at once without touching the disk.
    const callsBefore = disk.datasyncCalls();
    await expect(journal.append('RX_REFUSED', { reason: 'R', detail: '4' })).rejects.toBe(fatal[0]);
    expect(disk.datasyncCalls()).toBe(callsBefore);
    expect(fatal).toHaveLength(1);
    await journal.close();

    // What reached the disk still verifies; the failed line may or may not be there.
    const verified = await verifyJournalDir(dir);
    expect(verified.ok).toBe(true);
    expect(verified.ok && verified.value.lastSeq).toBeGreaterThanOrEqual(1);
  });

  it('stops for good on a write failure', async () => {
    const disk = faultyDisk();
    const journal = await open(disk);
    let fatalCalls = 0;
    journal.onFatal(() => (fatalCalls += 1));
    disk.failNextWrite();
    await expect(journal.append('RX_REFUSED', { reason: 'R', detail: '1' })).rejects.toBeInstanceOf(
      JournalFatalError,
    );
    expect(journal.state).toBe('failed');
    expect(fatalCalls).toBe(1);
    await expect(journal.append('RX_REFUSED', { reason: 'R', detail: '2' })).rejects.toBeInstanceOf(
      JournalFatalError,
    );
    await journal.close();
  });
});
