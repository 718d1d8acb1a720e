import {
  JournalEnvelope,
  JournalEventData,
  parseEventData,
  type JournalEvent,
} from '../../contracts/journal-events';
import type { Result } from '../../contracts/result';
import { checkpointProblem, type CheckpointVerifier } from './checkpoint';
import { hashEvent } from './event-hash';

/** Where the chain stands: the last verified event (seq 0 and GENESIS_HASH before the first). */
export interface ChainPosition {
  seq: number;
  hash: string;
}

export interface LineProblem {
  detail: string;
  seq?: number;
}

/**
 * Verifies complete journal lines one after another. Open, verifyJournalDir and the readers all
 * use this one class, so "what counts as a valid journal" is written once.
 */
export class ChainVerifier {
  #position: ChainPosition;
  readonly #verifyCheckpoint: CheckpointVerifier | undefined;

  constructor(start: ChainPosition, verifyCheckpoint?: CheckpointVerifier) {
    this.#position = { ...start };
    this.#verifyCheckpoint = verifyCheckpoint;
  }

  get position(): ChainPosition {
    return { ...this.#position };
  }

  /** `line` is one line's bytes without its newline. On success the position moves past it. */
  verifyLine(line: Buffer, segment: number): Result<JournalEvent, LineProblem> {
    const text = line.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { ok: false, error: { detail: 'not valid JSON' } };
    }
    const envelope = JournalEnvelope.safeParse(parsed);
    if (!envelope.success) {
      const seq = claimedSeq(parsed);
      return {
        ok: false,
        error: { detail: `not a journal envelope: ${envelope.error.message}`, seq },
      };
    }
    const event = envelope.data;
    const { seq } = event;

    // The writer's exact bytes must come back: member order, no spaces, the same escapes. This
    // makes every edit visible, including ones that would parse to the same values.
    if (!Buffer.from(JSON.stringify(event), 'utf8').equals(line)) {
      return { ok: false, error: { detail: 'line is not in the form the journal writes', seq } };
    }

    const { hash, ...unhashed } = event;
    if (hashEvent(unhashed) !== hash) {
      return { ok: false, error: { detail: 'hash does not match the line content', seq } };
    }
    const expectedSeq = this.#position.seq + 1;
    if (seq !== expectedSeq) {
      const why =
        seq > expectedSeq
          ? 'a line is missing or out of order'
          : 'a line is repeated or out of order';
      return {
        ok: false,
        error: { detail: `expected seq ${expectedSeq}, found ${seq} (${why})`, seq },
      };
    }
    if (event.prev !== this.#position.hash) {
      return { ok: false, error: { detail: 'prev is not the hash of the event before it', seq } };
    }
    const data = parseEventData(event.type, event.data);
    if (!data.ok) return { ok: false, error: { detail: data.error, seq } };

    if (event.type === 'CHECKPOINT') {
      const problem = checkpointProblem(
        JournalEventData.CHECKPOINT.parse(event.data),
        { segment, seq, prev: event.prev },
        this.#verifyCheckpoint,
      );
      if (problem) return { ok: false, error: { detail: problem, seq } };
    }

    this.#position = { seq, hash };
    // parseEventData checked `data` against the schema of `type`, which is what JournalEvent says.
    return { ok: true, value: event as JournalEvent };
  }
}

function claimedSeq(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null || !('seq' in value)) return undefined;
  return typeof value.seq === 'number' ? value.seq : undefined;
}
