/** What the tracker reads of an event. */
export interface SeenEvent {
  seq: number;
  type: string;
  data: unknown;
}

/**
 * Decides whether a sync round has news worth journaling as FILLS_ACKNOWLEDGED: the hub now holds
 * an event above the last acknowledged seq that is not one of the agent's own bookkeeping events
 * (SYNC_COMPLETED / FILLS_ACKNOWLEDGED from the hub). Without this rule every idle round would
 * upload the previous round's bookkeeping and journal new bookkeeping about it, forever.
 *
 * Events are classified as the agent sees them (appended while it runs, or read for an upload),
 * so no journal is re-read. Events the hub already held when this process first asked — stored
 * by an earlier process, never seen here — cannot be classified and count as news: at worst one
 * extra acknowledgement after a restart.
 */
export class AcknowledgementTracker {
  #acknowledgedSeq: number;
  #storedUpTo: number;
  /** Every event above this has been seen by this process (null before the first cursor). */
  #classifiedAbove: number | null = null;
  /** Foreign events seen but not yet held by the hub. */
  readonly #foreignUnstored = new Set<number>();
  #newsStored = false;

  constructor(acknowledgedSeq: number) {
    this.#acknowledgedSeq = acknowledgedSeq;
    this.#storedUpTo = acknowledgedSeq;
  }

  get acknowledgedSeq(): number {
    return this.#acknowledgedSeq;
  }

  /** The hub's cursor as a downloads answer gives it (the truth, even when lower than before). */
  hubCursor(cursor: number): void {
    if (this.#classifiedAbove === null) {
      this.#classifiedAbove = cursor;
      if (cursor > this.#acknowledgedSeq) this.#newsStored = true;
    } else {
      this.#classifiedAbove = Math.min(this.#classifiedAbove, cursor);
    }
    this.#storedUpTo = cursor;
    this.#moveStored(cursor);
  }

  /** An event this process saw: appended, or read for an upload. */
  see(event: SeenEvent): void {
    if (event.seq <= this.#acknowledgedSeq || isOwnBookkeeping(event)) return;
    if (event.seq <= this.#storedUpTo) this.#newsStored = true;
    else this.#foreignUnstored.add(event.seq);
  }

  /** The hub answered that it holds every event up to `seq`. */
  stored(seq: number): void {
    this.#storedUpTo = Math.max(this.#storedUpTo, seq);
    this.#moveStored(this.#storedUpTo);
  }

  hasNews(): boolean {
    return this.#newsStored;
  }

  /** FILLS_ACKNOWLEDGED {upToSeq} was journaled. */
  acknowledged(upToSeq: number): void {
    this.#acknowledgedSeq = Math.max(this.#acknowledgedSeq, upToSeq);
    this.#newsStored = false;
    for (const seq of this.#foreignUnstored) {
      if (seq <= this.#acknowledgedSeq) this.#foreignUnstored.delete(seq);
    }
  }

  #moveStored(upTo: number): void {
    for (const seq of this.#foreignUnstored) {
      if (seq <= upTo) {
        this.#foreignUnstored.delete(seq);
        this.#newsStored = true;
      }
    }
  }
}

/** The two events the sync agent journals about itself. */
export function isOwnBookkeeping(event: Pick<SeenEvent, 'type' | 'data'>): boolean {
  return (
    (event.type === 'SYNC_COMPLETED' || event.type === 'FILLS_ACKNOWLEDGED') &&
    typeof event.data === 'object' &&
    event.data !== null &&
    (event.data as { source?: unknown }).source === 'hub'
  );
}
