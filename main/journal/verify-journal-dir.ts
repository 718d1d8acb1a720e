import { readFile } from 'node:fs/promises';
import { err, ok, type Result } from '../../contracts/result';
import { ChainVerifier } from './chain-verifier';
import type { CheckpointVerifier } from './checkpoint';
import { GENESIS_HASH } from './event-hash';
import { errorMessage, type JournalVerifyError } from './journal-errors';
import { listSegments, segmentPath } from './segment-files';
import { verifySegment } from './segment-verifier';

export interface SegmentSummary {
  segment: number;
  /** Seq of the segment's first event (lastSeq + 1 of the journal when it has none yet). */
  firstSeq: number;
  /** Hash of the event before the segment's first one: where its chain starts. */
  prevHash: string;
  eventCount: number;
  /** Bytes of complete lines. */
  bytes: number;
  /** Ends with a CHECKPOINT. */
  closed: boolean;
}

export interface JournalVerification {
  segments: SegmentSummary[];
  lastSeq: number;
  lastHash: string;
  /** An unfinished last line of the last segment, which open cuts off. */
  tornTail: { segment: number; offset: number; droppedBytes: number } | null;
}

export interface VerifyJournalOptions {
  /** Checks CHECKPOINT signatures; without it only their place in the chain is checked. */
  verifyCheckpoint?: CheckpointVerifier;
}

/**
 * Reads every segment and verifies the whole chain without changing anything: envelope, exact
 * line form, seq continuity, prev links, hashes, event data, CHECKPOINT placement and signatures.
 * openJournal runs this before it writes; self-test and the hub use it directly.
 */
export async function verifyJournalDir(
  dir: string,
  options: VerifyJournalOptions = {},
): Promise<Result<JournalVerification, JournalVerifyError>> {
  let segmentNumbers: number[];
  try {
    segmentNumbers = await listSegments(dir);
  } catch (error) {
    return err({ kind: 'io', detail: `cannot list ${dir}: ${errorMessage(error)}` });
  }

  const verifier = new ChainVerifier({ seq: 0, hash: GENESIS_HASH }, options.verifyCheckpoint);
  const segments: SegmentSummary[] = [];
  let tornTail: JournalVerification['tornTail'] = null;

  for (const [index, segment] of segmentNumbers.entries()) {
    const expected = index + 1;
    if (segment !== expected) {
      return err({
        kind: 'broken_chain',
        segment: expected,
        line: 0,
        detail: `segment file ${expected} is missing (found ${segment} next)`,
      });
    }
    const previous = segments[segments.length - 1];
    if (previous && !previous.closed) {
      return err({
        kind: 'broken_chain',
        segment: previous.segment,
        line: previous.eventCount,
        detail: 'segment is followed by another but does not end with a CHECKPOINT',
      });
    }

    let bytes: Buffer;
    try {
      bytes = await readFile(segmentPath(dir, segment));
    } catch (error) {
      return err({ kind: 'io', detail: `cannot read segment ${segment}: ${errorMessage(error)}` });
    }
    const start = verifier.position;
    const isLastSegment = index === segmentNumbers.length - 1;
    const verdict = verifySegment(bytes, verifier, { segment, isLastSegment });
    if (!verdict.ok) return verdict;

    segments.push({
      segment,
      firstSeq: start.seq + 1,
      prevHash: start.hash,
      eventCount: verdict.value.eventCount,
      bytes: verdict.value.completeBytes,
      closed: verdict.value.closed,
    });
    if (verdict.value.tornBytes > 0) {
      tornTail = {
        segment,
        offset: verdict.value.completeBytes,
        droppedBytes: verdict.value.tornBytes,
      };
    }
  }

  const end = verifier.position;
  return ok({ segments, lastSeq: end.seq, lastHash: end.hash, tornTail });
}
