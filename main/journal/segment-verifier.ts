import type { JournalEvent } from '../../contracts/journal-events';
import type { Result } from '../../contracts/result';
import type { ChainVerifier } from './chain-verifier';
import { NEWLINE } from './event-line';
import type { BrokenChain } from './journal-errors';

export interface SegmentVerdict {
  /** Events in this segment (after any torn tail). */
  eventCount: number;
  /** The last complete line is a CHECKPOINT: the segment is closed. */
  closed: boolean;
  /** Bytes of complete lines; the segment's size once a torn tail is cut off. */
  completeBytes: number;
  /** Bytes after the last newline: a line whose write never finished. */
  tornBytes: number;
  /** onEvent asked to stop before the end. */
  stopped: boolean;
}

export interface SegmentVerifyOptions {
  segment: number;
  /** Only the last segment may end in a torn line; anywhere else it is damage. */
  isLastSegment: boolean;
  /** Called with each verified event in order; return false to stop reading. */
  onEvent?: (event: JournalEvent) => boolean;
}

/** Verifies one segment file's bytes line by line, continuing the chain of `verifier`. */
export function verifySegment(
  bytes: Buffer,
  verifier: ChainVerifier,
  options: SegmentVerifyOptions,
): Result<SegmentVerdict, BrokenChain> {
  const { segment } = options;
  let start = 0;
  let line = 0;
  let closed = false;
  while (start < bytes.length) {
    const end = bytes.indexOf(NEWLINE, start);
    if (end === -1) break;
    line += 1;
    if (closed) {
      return broken(
        segment,
        line,
        undefined,
        'a line follows the CHECKPOINT that closed this segment',
      );
    }
    const verdict = verifier.verifyLine(bytes.subarray(start, end), segment);
    if (!verdict.ok) return broken(segment, line, verdict.error.seq, verdict.error.detail);
    start = end + 1;
    closed = verdict.value.type === 'CHECKPOINT';
    if (options.onEvent && !options.onEvent(verdict.value)) {
      return {
        ok: true,
        value: { eventCount: line, closed, completeBytes: start, tornBytes: 0, stopped: true },
      };
    }
  }
  const tornBytes = bytes.length - start;
  if (tornBytes > 0 && !options.isLastSegment) {
    return broken(
      segment,
      line + 1,
      undefined,
      'line without a newline, but a later segment exists',
    );
  }
  return {
    ok: true,
    value: { eventCount: line, closed, completeBytes: start, tornBytes, stopped: false },
  };
}

function broken(
  segment: number,
  line: number,
  seq: number | undefined,
  detail: string,
): { ok: false; error: BrokenChain } {
  return {
    ok: false,
    error:
      seq === undefined
        ? { kind: 'broken_chain', segment, line, detail }
        : { kind: 'broken_chain', segment, line, seq, detail },
  };
}
