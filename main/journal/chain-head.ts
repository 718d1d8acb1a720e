import { randomUUID } from 'node:crypto';
import type { Clock } from '../../contracts/clock';
import type { JournalEvent } from '../../contracts/journal-events';
import { signCheckpoint, type CheckpointSigner } from './checkpoint';
import { hashEvent } from './event-hash';
import { encodeEventLine } from './event-line';

/** One event ready to write: its envelope, its line bytes, and the segment it belongs in. */
export interface EncodedEvent {
  event: JournalEvent;
  line: Buffer;
  segment: number;
}

export interface ChainHeadState {
  lastSeq: number;
  lastHash: string;
  /** The segment the next event goes into. */
  segment: number;
  /** Bytes already in that segment. */
  segmentBytes: number;
}

export interface ChainHeadRules {
  segmentMaxBytes: number;
  signer: CheckpointSigner;
  clock: Clock;
}

/**
 * The tip of the chain in memory: gives each new event its seq, prev and hash, and closes a
 * segment with a signed CHECKPOINT once it has grown past the limit. Both the journal and the
 * bulk writer for tests use it, so they produce identical files.
 */
export class ChainHead {
  #state: ChainHeadState;
  readonly #rules: ChainHeadRules;

  constructor(state: ChainHeadState, rules: ChainHeadRules) {
    this.#state = { ...state };
    this.#rules = rules;
  }

  get state(): ChainHeadState {
    return { ...this.#state };
  }

  /**
   * Encodes the next event. `lines` is what to write, in order: the event, followed by a
   * CHECKPOINT when it filled its segment. `data` must already be valid for `type` and plain JSON.
   */
  next(type: string, data: unknown): { event: EncodedEvent; lines: EncodedEvent[] } {
    const lines: EncodedEvent[] = [];
    // A segment opened over the limit (the limit was lowered since it was written) is closed
    // before anything else goes into it.
    if (this.#state.segmentBytes > this.#rules.segmentMaxBytes) lines.push(this.#checkpoint());
    const event = this.#encode(type, data);
    lines.push(event);
    if (this.#state.segmentBytes > this.#rules.segmentMaxBytes) lines.push(this.#checkpoint());
    return { event, lines };
  }

  #checkpoint(): EncodedEvent {
    const { segment, lastSeq, lastHash } = this.#state;
    const encoded = this.#encode(
      'CHECKPOINT',
      signCheckpoint(this.#rules.signer, segment, lastSeq, lastHash),
    );
    this.#state.segment = segment + 1;
    this.#state.segmentBytes = 0;
    return encoded;
  }

  #encode(type: string, data: unknown): EncodedEvent {
    const unhashed = {
      seq: this.#state.lastSeq + 1,
      id: randomUUID(),
      ts: new Date(this.#rules.clock.now()).toISOString(),
      type,
      data,
      prev: this.#state.lastHash,
    };
    // parseEventData has checked data against the schema of type before it reached here.
    const event = { ...unhashed, hash: hashEvent(unhashed) } as JournalEvent;
    const line = encodeEventLine(event);
    const segment = this.#state.segment;
    this.#state.lastSeq = event.seq;
    this.#state.lastHash = event.hash;
    this.#state.segmentBytes += line.length;
    return { event, line, segment };
  }
}
