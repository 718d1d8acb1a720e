import { readFile } from 'node:fs/promises';
import type { JournalEvent } from '../../contracts/journal-events';
import { ChainVerifier } from './chain-verifier';
import type { CheckpointVerifier } from './checkpoint';
import { describeJournalError, type BrokenChain } from './journal-errors';
import { segmentPath } from './segment-files';
import { verifySegment } from './segment-verifier';

/** Where a segment's chain starts, so reading can begin in the middle of the journal. */
export interface SegmentStart {
  segment: number;
  firstSeq: number;
  prevHash: string;
}

/** The files changed under a running journal: someone edited or cut a segment. */
export class JournalCorruptedError extends Error {
  override readonly name = 'JournalCorruptedError';
  constructor(readonly problem: BrokenChain) {
    super(describeJournalError(problem));
  }
}

/**
 * Yields the events with `fromSeq <= seq <= upToSeq`, verifying every line it reads with the same
 * rules as open, so a reader never hands out an event the chain does not vouch for.
 */
export async function* readSegments(
  dir: string,
  segments: readonly SegmentStart[],
  fromSeq: number,
  upToSeq: number,
  verifyCheckpoint?: CheckpointVerifier,
): AsyncGenerator<JournalEvent, void, undefined> {
  if (fromSeq > upToSeq) return;
  let first = 0;
  for (const [index, start] of segments.entries()) {
    if (start.firstSeq <= fromSeq) first = index;
  }
  const startAt = segments[first];
  if (!startAt) return;
  const verifier = new ChainVerifier(
    { seq: startAt.firstSeq - 1, hash: startAt.prevHash },
    verifyCheckpoint,
  );

  const toRead = segments.slice(first);
  for (const [index, { segment }] of toRead.entries()) {
    const bytes = await readFile(segmentPath(dir, segment));
    const batch: JournalEvent[] = [];
    let reachedEnd = false;
    const verdict = verifySegment(bytes, verifier, {
      segment,
      // Lines past upToSeq may be a write still in flight; reading stops before them.
      isLastSegment: index === toRead.length - 1,
      onEvent(event) {
        if (event.seq >= fromSeq) batch.push(event);
        reachedEnd = event.seq >= upToSeq;
        return !reachedEnd;
      },
    });
    if (!verdict.ok) throw new JournalCorruptedError(verdict.error);
    yield* batch;
    if (reachedEnd) return;
  }
  const problem: BrokenChain = {
    kind: 'broken_chain',
    segment: segments[segments.length - 1]?.segment ?? 1,
    line: 0,
    detail: `the journal ends at seq ${verifier.position.seq}, before ${upToSeq}`,
  };
  throw new JournalCorruptedError(problem);
}
