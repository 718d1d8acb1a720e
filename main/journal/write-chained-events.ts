import { mkdir, open } from 'node:fs/promises';
import { systemClock, type Clock } from '../../contracts/clock';
import { parseEventData, type JournalEventDataOf } from '../../contracts/journal-events';
import { ChainHead, type EncodedEvent } from './chain-head';
import type { CheckpointSigner } from './checkpoint';
import { GENESIS_HASH } from './event-hash';
import { fsyncDirectory } from './fsync-directory';
import { describeJournalError } from './journal-errors';
import type { AppendableEventType } from './journal';
import { DEFAULT_SEGMENT_MAX_BYTES } from './journal';
import { listSegments, segmentPath } from './segment-files';
import { acquireWriterLock } from './writer-lock';

export interface ChainedEventSpec {
  type: AppendableEventType;
  data: unknown;
}

export interface WriteChainedEventsOptions {
  signer: CheckpointSigner;
  /** Default: systemClock. */
  clock?: Clock;
  /** Default: DEFAULT_SEGMENT_MAX_BYTES, the journal's own default. */
  segmentMaxBytes?: number;
  /** The event for the n-th call (0-based). Default: sampleDispenseIntent. */
  eventAt?: (index: number) => ChainedEventSpec;
}

/** A realistic, mid-sized event (~330 bytes on disk). */
export function sampleDispenseIntent(index: number): {
  type: 'DISPENSE_INTENT';
  data: JournalEventDataOf<'DISPENSE_INTENT'>;
} {
  return {
    type: 'DISPENSE_INTENT',
    data: {
      purpose: 'patient',
      jti: `rx-${String(index).padStart(8, '0')}`,
      slot: (index % 40) + 1,
      gtin: '09506000134352',
      lot: 'LOT2026A',
      expiry: '2027-06-30',
      qty: 1,
    },
  };
}

/**
 * For tests and the bench: writes `count` valid chained events (with CHECKPOINTs where segments
 * fill) into an empty journal directory, one write and one fsync per segment, so a 100k-event
 * journal takes seconds instead of 100k fdatasyncs. The result opens like any journal.
 */
export async function writeChainedEvents(
  dir: string,
  count: number,
  options: WriteChainedEventsOptions,
): Promise<{ lastSeq: number; lastHash: string; segments: number }> {
  await mkdir(dir, { recursive: true });
  const lock = await acquireWriterLock(dir);
  if (!lock.ok) throw new Error(`writeChainedEvents: ${describeJournalError(lock.error)}`);
  try {
    if ((await listSegments(dir)).length > 0) {
      throw new Error(`writeChainedEvents: ${dir} already holds a journal`);
    }
    const eventAt = options.eventAt ?? sampleDispenseIntent;
    const head = new ChainHead(
      { lastSeq: 0, lastHash: GENESIS_HASH, segment: 1, segmentBytes: 0 },
      {
        segmentMaxBytes: options.segmentMaxBytes ?? DEFAULT_SEGMENT_MAX_BYTES,
        signer: options.signer,
        clock: options.clock ?? systemClock,
      },
    );

    let pending: EncodedEvent[] = [];
    let segmentsWritten = 0;
    const flushSegment = async (): Promise<void> => {
      const first = pending[0];
      if (!first) return;
      await writeWholeFile(
        segmentPath(dir, first.segment),
        Buffer.concat(pending.map((e) => e.line)),
      );
      segmentsWritten += 1;
      pending = [];
    };

    for (let index = 0; index < count; index++) {
      const { type, data } = eventAt(index);
      const valid = parseEventData(type, data);
      if (!valid.ok) throw new Error(`writeChainedEvents: ${valid.error}`);
      for (const encoded of head.next(type, data).lines) {
        if (pending[0] && pending[0].segment !== encoded.segment) await flushSegment();
        pending.push(encoded);
      }
    }
    await flushSegment();
    await fsyncDirectory(dir);
    const { lastSeq, lastHash } = head.state;
    return { lastSeq, lastHash, segments: segmentsWritten };
  } finally {
    await lock.value.release();
  }
}

async function writeWholeFile(file: string, bytes: Buffer): Promise<void> {
  const handle = await open(file, 'wx', 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
