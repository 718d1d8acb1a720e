import { MAX_HUB_BODY_BYTES, MAX_UPLOAD_BATCH } from '../../contracts/hub-api';
import type { JournalEvent } from '../../contracts/journal-events';
import { err, ok, type Result } from '../../contracts/result';
import type { HubCallError } from './hub-client';

/**
 * Uploads the journal from the hub's cursor (DESIGN §5 "the outbox is the journal itself"):
 * consecutive events in batches of at most MAX_UPLOAD_BATCH, in seq order, each batch starting
 * where the hub says it is. The hub's cursor is the truth, so a retry after a lost answer simply
 * resends what the hub may already hold (it accepts identical events again), and a 409 `gap`
 * resumes from the hub's lastSeq. The first batch of each run overlaps the hub's last event by
 * one, so a rewritten journal shows up at once as "same seq, different hash" (`fork`) rather than
 * as a chain that merely does not continue.
 */

/** What the upload reads: the journal (or a fake). */
export interface BacklogSource {
  /** Events from `fromSeq` in seq order, verified as read (Journal.events). */
  events(fromSeq: number): AsyncIterableIterator<JournalEvent>;
}

export interface UploadedBatch {
  storedUpToSeq: number;
}

/** Consecutive events, with their JSON array made once while the batch was sized. */
export interface EventBatch {
  events: readonly JournalEvent[];
  /** `[…]`: exactly JSON.stringify(events). */
  json: string;
}

export interface UploadBacklogOptions {
  journal: BacklogSource;
  /** Sends one batch (HubClient.uploadEvents). */
  upload(batch: EventBatch): Promise<Result<{ body: UploadedBatch }, HubCallError>>;
  /** The hub's last stored seq for this kiosk (DownloadsResponse.storedUpToSeq). */
  hubCursor: number;
  /** Upload up to this seq (the journal's lastSeq when the round began). */
  upToSeq: number;
  /** Default MAX_UPLOAD_BATCH. */
  maxBatch?: number;
  /**
   * A batch is cut before its JSON passes this many bytes, so a run of large events never meets
   * the hub's 413. Default: half of MAX_HUB_BODY_BYTES (room for the envelope and headers).
   */
  maxBatchBytes?: number;
  /** Called after every stored batch, for progress and status. */
  onStored?(storedUpToSeq: number): void;
  /** Stop between batches (sync agent stopping). */
  signal?: AbortSignal;
}

export interface UploadBacklogDone {
  /** The hub holds every event up to here (≥ upToSeq on success). */
  storedUpToSeq: number;
  batches: number;
  eventsSent: number;
  /** 409 gaps answered by resuming from the hub's position. */
  gapsResumed: number;
}

export type UploadBacklogFailure =
  /** The hub holds a different history (it answered `fork`, or it holds events this journal lacks). */
  | { kind: 'fork'; hubLastSeq: number | null; message: string }
  /** A call failed (no link, a refusal other than gap/fork, a malformed answer). */
  | { kind: 'call'; error: HubCallError; storedUpToSeq: number }
  /** The hub keeps answering without moving forward; retrying later is all that can help. */
  | { kind: 'stalled'; message: string; storedUpToSeq: number }
  | { kind: 'aborted'; storedUpToSeq: number };

/** Gap answers in a row that move nothing forward before the run gives up. */
const MAX_GAPS_WITHOUT_PROGRESS = 3;

export async function uploadBacklog(
  options: UploadBacklogOptions,
): Promise<Result<UploadBacklogDone, UploadBacklogFailure>> {
  const maxBatch = Math.max(1, Math.min(options.maxBatch ?? MAX_UPLOAD_BATCH, MAX_UPLOAD_BATCH));
  const maxBatchBytes = options.maxBatchBytes ?? Math.floor(MAX_HUB_BODY_BYTES / 2);
  const { upToSeq, journal } = options;
  let cursor = options.hubCursor;
  const done: UploadBacklogDone = {
    storedUpToSeq: cursor,
    batches: 0,
    eventsSent: 0,
    gapsResumed: 0,
  };
  if (cursor > upToSeq) return hubHoldsMore(options, done);
  if (cursor === upToSeq) return ok(done);

  let gapsWithoutProgress = 0;
  // Overlap the hub's last event by one (see above); seq 1 has nothing before it.
  let reader = new BatchReader(journal, Math.max(1, cursor), upToSeq, maxBatch, maxBatchBytes);
  let batch = await reader.next();
  while (cursor < upToSeq) {
    if (options.signal?.aborted) return err({ kind: 'aborted', storedUpToSeq: cursor });
    if (batch.events.length === 0) {
      return err({
        kind: 'stalled',
        message: `journal yielded nothing after seq ${cursor} (expected up to ${upToSeq})`,
        storedUpToSeq: cursor,
      });
    }
    const lastInBatch = batch.events[batch.events.length - 1]?.seq ?? cursor;
    // Read the next batch while this one is on the wire.
    const prefetch = lastInBatch < upToSeq ? reader.next() : Promise.resolve(EMPTY_BATCH);
    const answer = await options.upload(batch);
    done.batches += 1;
    done.eventsSent += batch.events.length;

    if (answer.ok) {
      const stored = answer.value.body.storedUpToSeq;
      if (stored > upToSeq && stored > lastInBatch) {
        return err({
          kind: 'fork',
          hubLastSeq: stored,
          message: `the hub holds events up to seq ${stored} but this journal ends at ${upToSeq}`,
        });
      }
      if (stored <= cursor) {
        await prefetch.catch(() => undefined);
        return err({
          kind: 'stalled',
          message: `the hub stored nothing past seq ${cursor}`,
          storedUpToSeq: cursor,
        });
      }
      cursor = stored;
      gapsWithoutProgress = 0;
      done.storedUpToSeq = cursor;
      options.onStored?.(cursor);
      if (stored === lastInBatch) {
        batch = await prefetch;
      } else {
        // The hub holds a different amount than this batch ends at: read on from its position.
        await prefetch.catch(() => undefined);
        reader = new BatchReader(journal, cursor + 1, upToSeq, maxBatch, maxBatchBytes);
        batch = cursor < upToSeq ? await reader.next() : EMPTY_BATCH;
      }
      continue;
    }

    await prefetch.catch(() => undefined);
    const failure = answer.error;
    if (failure.kind === 'refused' && failure.error.error === 'fork') {
      return err({
        kind: 'fork',
        hubLastSeq: failure.error.lastSeq ?? null,
        message: failure.error.message,
      });
    }
    if (failure.kind === 'refused' && failure.error.error === 'gap') {
      const hubLast = failure.error.lastSeq;
      if (hubLast === undefined) {
        return err({ kind: 'call', error: failure, storedUpToSeq: cursor });
      }
      if (hubLast > upToSeq) {
        return err({
          kind: 'fork',
          hubLastSeq: hubLast,
          message: `the hub holds events up to seq ${hubLast} but this journal ends at ${upToSeq}`,
        });
      }
      done.gapsResumed += 1;
      gapsWithoutProgress = hubLast > cursor ? 0 : gapsWithoutProgress + 1;
      if (gapsWithoutProgress >= MAX_GAPS_WITHOUT_PROGRESS) {
        return err({
          kind: 'stalled',
          message: `the hub answered gap at seq ${hubLast} ${MAX_GAPS_WITHOUT_PROGRESS} times`,
          storedUpToSeq: cursor,
        });
      }
      cursor = hubLast;
      done.storedUpToSeq = cursor;
      if (cursor === upToSeq) break;
      reader = new BatchReader(journal, Math.max(1, cursor), upToSeq, maxBatch, maxBatchBytes);
      batch = await reader.next();
      continue;
    }
    return err({ kind: 'call', error: failure, storedUpToSeq: cursor });
  }
  return ok(done);
}

/**
 * The hub holds events past the end of this journal: the journal lost its tail or was replaced.
 * Either way it is a different history. The journal's last event is sent once as a probe so the
 * hub can judge it too: a different hash there is a `fork` the hub records (alert, kiosk
 * flagged); the same hash means the journal lost events the hub holds, reported here as a fork.
 */
async function hubHoldsMore(
  options: UploadBacklogOptions,
  done: UploadBacklogDone,
): Promise<Result<UploadBacklogDone, UploadBacklogFailure>> {
  const { hubCursor, upToSeq } = options;
  const holdsMore: UploadBacklogFailure = {
    kind: 'fork',
    hubLastSeq: hubCursor,
    message: `the hub holds events up to seq ${hubCursor} but this journal ends at ${upToSeq}`,
  };
  if (upToSeq < 1) return err(holdsMore);
  const probe = await new BatchReader(options.journal, upToSeq, upToSeq, 1, Infinity).next();
  if (probe.events.length === 0) return err(holdsMore);
  const answer = await options.upload(probe);
  done.batches += 1;
  done.eventsSent += 1;
  if (answer.ok) return err(holdsMore);
  const failure = answer.error;
  if (failure.kind === 'refused' && failure.error.error === 'fork') {
    return err({
      kind: 'fork',
      hubLastSeq: failure.error.lastSeq ?? hubCursor,
      message: failure.error.message,
    });
  }
  return err({ kind: 'call', error: failure, storedUpToSeq: hubCursor });
}

/**
 * Consecutive batches from one journal iterator: a journal segment is read and verified once per
 * run, not once per batch.
 */
class BatchReader {
  readonly #iterator: AsyncIterableIterator<JournalEvent>;
  #carry: { event: JournalEvent; json: string; bytes: number } | null = null;
  #exhausted = false;

  constructor(
    journal: BacklogSource,
    fromSeq: number,
    private readonly upToSeq: number,
    private readonly maxBatch: number,
    private readonly maxBytes: number,
  ) {
    this.#iterator = journal.events(fromSeq);
  }

  async next(): Promise<EventBatch> {
    const events: JournalEvent[] = [];
    const parts: string[] = [];
    let bytes = 0;
    while (events.length < this.maxBatch) {
      let item = this.#carry;
      this.#carry = null;
      if (!item) {
        if (this.#exhausted) break;
        const step = await this.#iterator.next();
        if (step.done || step.value.seq > this.upToSeq) {
          this.#exhausted = true;
          if (!step.done) await this.#iterator.return?.();
          break;
        }
        const json = JSON.stringify(step.value);
        item = { event: step.value, json, bytes: utf8Length(json) + 1 };
      }
      if (events.length > 0 && bytes + item.bytes > this.maxBytes) {
        this.#carry = item;
        break;
      }
      events.push(item.event);
      parts.push(item.json);
      bytes += item.bytes;
      if (item.event.seq >= this.upToSeq) {
        this.#exhausted = true;
        break;
      }
    }
    return { events, json: `[${parts.join(',')}]` };
  }
}

const EMPTY_BATCH: EventBatch = { events: [], json: '[]' };

/** UTF-8 length of a JSON text: its length when it is ASCII, the common case. */
function utf8Length(json: string): number {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(json) ? json.length : Buffer.byteLength(json, 'utf8');
}
