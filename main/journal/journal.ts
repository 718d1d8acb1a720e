import { mkdir, open } from 'node:fs/promises';
import type { BaseLogger } from 'pino';
import { systemClock, type Clock } from '../../contracts/clock';
import {
  parseEventData,
  type JournalEvent,
  type JournalEventDataOf,
  type JournalEventType,
} from '../../contracts/journal-events';
import { err, ok, type Result } from '../../contracts/result';
import { ChainHead, type ChainHeadState, type EncodedEvent } from './chain-head';
import type { CheckpointSigner, CheckpointVerifier } from './checkpoint';
import { GENESIS_HASH } from './event-hash';
import { fsyncDirectory } from './fsync-directory';
import { errorMessage, JournalFatalError, type JournalOpenError } from './journal-errors';
import {
  openSegmentForAppend,
  type SegmentAppendHandle,
  type SegmentFileOpener,
} from './segment-append-handle';
import { segmentPath } from './segment-files';
import { readSegments, type SegmentStart } from './segment-reader';
import { verifyJournalDir, type JournalVerification } from './verify-journal-dir';
import { acquireWriterLock, type WriterLock } from './writer-lock';

/** Default segment size: small enough to upload and verify in one piece, large enough to be rare. */
export const DEFAULT_SEGMENT_MAX_BYTES = 8 * 1024 * 1024;

export type JournalLogger = Pick<BaseLogger, 'info' | 'warn' | 'error'>;

export interface JournalOptions {
  /** Directory holding the segments and the lock; created when missing. */
  dir: string;
  /** Source of each event's `ts`. Default: systemClock. */
  clock?: Clock;
  /** A segment is closed with a CHECKPOINT once it has grown past this. Default 8 MiB. */
  segmentMaxBytes?: number;
  /** Signs CHECKPOINTs: the device key. */
  signer: CheckpointSigner;
  /** Checks CHECKPOINT signatures on open and read. Default: only their chain position is checked. */
  verifyCheckpoint?: CheckpointVerifier;
  /** Default: silent. Only seqs, counts and paths are logged, never event data. */
  logger?: JournalLogger;
  /** Seam for tests (a failing datasync). Default: openSegmentForAppend. */
  openSegment?: SegmentFileOpener;
}

/** CHECKPOINTs are written by the journal itself when a segment fills. */
export type AppendableEventType = Exclude<JournalEventType, 'CHECKPOINT'>;

export type JournalState = 'open' | 'closing' | 'failed' | 'closed';

export interface Journal {
  readonly dir: string;
  readonly state: JournalState;
  /** Seq of the last durable event (0 when empty). */
  readonly lastSeq: number;
  /** Hash of the last durable event (GENESIS_HASH when empty). */
  readonly lastHash: string;
  /** Set when open cut off a torn last line; that write was never acknowledged. */
  readonly repaired: { droppedBytes: number } | null;
  /** Set once a write or fdatasync failed; every append rejects with it from then on. */
  readonly fatalError: JournalFatalError | null;
  /**
   * Appends one event and resolves once it is fdatasynced. Calls are written in call order.
   * Rejects with JournalFatalError if the disk failed; throws if `data` does not fit `type`.
   */
  append<T extends AppendableEventType>(
    type: T,
    data: JournalEventDataOf<T>,
  ): Promise<JournalEvent<T>>;
  /** Durable events from `fromSeq` up to lastSeq as of this call, verified as they are read. */
  events(fromSeq?: number): AsyncIterableIterator<JournalEvent>;
  readAll(): Promise<JournalEvent[]>;
  /** Called with each event, in seq order, once it is durable and before its append resolves. */
  onAppended(listener: (event: JournalEvent) => void): () => void;
  /** Called once when the journal fails; the app must stop. */
  onFatal(listener: (error: JournalFatalError) => void): () => void;
  /** Waits for queued appends, then releases the file and the lock. */
  close(): Promise<void>;
}

/** What derived views need from a journal. */
export type JournalReader = Pick<Journal, 'lastSeq' | 'lastHash' | 'events' | 'onAppended'>;

/**
 * Opens (or creates) the journal in `options.dir`: takes the writer lock, verifies the whole
 * chain, cuts a torn last line, and returns a journal ready to append. A broken chain is refused
 * with a report and nothing on disk is changed.
 */
export async function openJournal(
  options: JournalOptions,
): Promise<Result<Journal, JournalOpenError>> {
  const segmentMaxBytes = options.segmentMaxBytes ?? DEFAULT_SEGMENT_MAX_BYTES;
  if (!Number.isSafeInteger(segmentMaxBytes) || segmentMaxBytes <= 0) {
    throw new Error(`segmentMaxBytes must be a positive integer, got ${segmentMaxBytes}`);
  }
  const { dir, logger } = options;
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    return err({ kind: 'io', detail: `cannot create ${dir}: ${errorMessage(error)}` });
  }

  const lock = await acquireWriterLock(dir);
  if (!lock.ok) return lock;

  try {
    const scan = await verifyJournalDir(dir, { verifyCheckpoint: options.verifyCheckpoint });
    if (!scan.ok) {
      await lock.value.release();
      logger?.error({ dir, problem: scan.error }, 'journal refused to open');
      return scan;
    }
    let repaired: Journal['repaired'] = null;
    if (scan.value.tornTail) {
      const { segment, offset, droppedBytes } = scan.value.tornTail;
      await cutTornTail(segmentPath(dir, segment), offset);
      repaired = { droppedBytes };
      logger?.warn({ dir, segment, droppedBytes }, 'journal: cut off a torn last line');
    }
    const journal = new AppendOnlyJournal(
      options,
      segmentMaxBytes,
      lock.value,
      scan.value,
      repaired,
    );
    logger?.info(
      { dir, lastSeq: journal.lastSeq, segments: scan.value.segments.length },
      'journal opened',
    );
    return ok(journal);
  } catch (error) {
    await lock.value.release().catch(() => undefined);
    return err({ kind: 'io', detail: errorMessage(error) });
  }
}

/** A line whose write never finished: the caller was never told it was done. */
async function cutTornTail(file: string, offset: number): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.truncate(offset);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

interface PendingLine {
  encoded: EncodedEvent;
  /** The caller waiting for this line; CHECKPOINTs have none. */
  waiter?: { resolve(event: JournalEvent): void; reject(error: unknown): void };
}

class AppendOnlyJournal implements Journal {
  readonly dir: string;
  readonly repaired: Journal['repaired'];
  #state: JournalState = 'open';
  #fatalError: JournalFatalError | null = null;
  #lastSeq: number;
  #lastHash: string;

  readonly #head: ChainHead;
  readonly #lock: WriterLock;
  readonly #openSegment: SegmentFileOpener;
  readonly #verifyCheckpoint: CheckpointVerifier | undefined;
  readonly #logger: JournalLogger | undefined;
  /** Where each segment's chain starts, for reads from the middle. */
  readonly #segments: SegmentStart[];
  /** The highest segment whose file is known to exist (a new one needs a directory fsync). */
  #createdThrough: number;

  #handle: SegmentAppendHandle | null = null;
  #handleSegment = 0;
  #pending: PendingLine[] = [];
  #writing = false;
  #idleWaiters: (() => void)[] = [];
  readonly #appendedListeners = new Set<(event: JournalEvent) => void>();
  readonly #fatalListeners = new Set<(error: JournalFatalError) => void>();

  constructor(
    options: JournalOptions,
    segmentMaxBytes: number,
    lock: WriterLock,
    scan: JournalVerification,
    repaired: Journal['repaired'],
  ) {
    this.dir = options.dir;
    this.repaired = repaired;
    this.#lock = lock;
    this.#openSegment = options.openSegment ?? openSegmentForAppend;
    this.#verifyCheckpoint = options.verifyCheckpoint;
    this.#logger = options.logger;
    this.#lastSeq = scan.lastSeq;
    this.#lastHash = scan.lastHash;
    this.#segments = scan.segments.map(({ segment, firstSeq, prevHash }) => ({
      segment,
      firstSeq,
      prevHash,
    }));
    const last = scan.segments[scan.segments.length - 1];
    this.#createdThrough = last?.segment ?? 0;
    this.#head = new ChainHead(headState(scan), {
      segmentMaxBytes,
      signer: options.signer,
      clock: options.clock ?? systemClock,
    });
  }

  get state(): JournalState {
    return this.#state;
  }
  get lastSeq(): number {
    return this.#lastSeq;
  }
  get lastHash(): string {
    return this.#lastHash;
  }
  get fatalError(): JournalFatalError | null {
    return this.#fatalError;
  }

  async append<T extends AppendableEventType>(
    type: T,
    data: JournalEventDataOf<T>,
  ): Promise<JournalEvent<T>> {
    // Everything up to the returned promise runs synchronously, so seq follows call order.
    if (this.#fatalError) throw this.#fatalError;
    if (this.#state !== 'open') throw new Error(`journal is ${this.#state}`);
    if ((type as string) === 'CHECKPOINT') {
      throw new Error('CHECKPOINT events are written by the journal itself');
    }
    // A plain-JSON copy: what is hashed, written and handed to listeners is exactly what a
    // reader will parse back later, and a caller mutating its object afterwards changes nothing.
    const json = JSON.stringify(data);
    if (json === undefined) throw new Error(`journal.append(${type}): data is not JSON`);
    const plain: unknown = JSON.parse(json);
    const valid = parseEventData(type, plain);
    if (!valid.ok) throw new Error(`journal.append: ${valid.error}`);

    const { event, lines } = this.#head.next(type, plain);
    const written = new Promise<JournalEvent>((resolve, reject) => {
      for (const encoded of lines) {
        this.#pending.push(
          encoded === event ? { encoded, waiter: { resolve, reject } } : { encoded },
        );
      }
    });
    this.#startWriting();
    return written as Promise<JournalEvent<T>>;
  }

  events(fromSeq = 1): AsyncIterableIterator<JournalEvent> {
    // The bounds are fixed now, not at the first next(): lines past lastSeq may be half-written.
    return readSegments(
      this.dir,
      [...this.#segments],
      Math.max(1, fromSeq),
      this.#lastSeq,
      this.#verifyCheckpoint,
    );
  }

  async readAll(): Promise<JournalEvent[]> {
    const all: JournalEvent[] = [];
    for await (const event of this.events(1)) all.push(event);
    return all;
  }

  onAppended(listener: (event: JournalEvent) => void): () => void {
    this.#appendedListeners.add(listener);
    return () => this.#appendedListeners.delete(listener);
  }

  onFatal(listener: (error: JournalFatalError) => void): () => void {
    this.#fatalListeners.add(listener);
    return () => this.#fatalListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    if (this.#state === 'open') this.#state = 'closing';
    await this.#whenIdle();
    const handle = this.#handle;
    this.#handle = null;
    // After a failure the handle may be unusable; closing it is best effort.
    await handle?.close().catch(() => undefined);
    await this.#lock.release();
    this.#state = 'closed';
  }

  /**
   * One writer loop. Lines queued while a datasync is in flight are written together by the
   * next write and covered by one datasync (group commit); each caller still resolves only after
   * the datasync that covers its own line.
   */
  #startWriting(): void {
    if (this.#writing) return;
    this.#writing = true;
    void this.#writeLoop();
  }

  async #writeLoop(): Promise<void> {
    try {
      while (this.#pending.length > 0 && this.#fatalError === null) {
        const segment = this.#pending[0]?.encoded.segment;
        let count = 0;
        while (this.#pending[count]?.encoded.segment === segment) count += 1;
        const batch = this.#pending.splice(0, count);
        try {
          const handle = await this.#handleFor(batch[0]?.encoded.segment ?? 0);
          const first = batch[0];
          await handle.write(
            batch.length === 1 && first
              ? first.encoded.line
              : Buffer.concat(batch.map((p) => p.encoded.line)),
          );
          await handle.datasync();
        } catch (cause) {
          this.#fail(cause, batch);
          return;
        }
        for (const line of batch) this.#commit(line);
      }
    } finally {
      // Reset synchronously after the last check of #pending, so no append is left unwritten.
      this.#writing = false;
      for (const wake of this.#idleWaiters.splice(0)) wake();
    }
  }

  async #handleFor(segment: number): Promise<SegmentAppendHandle> {
    if (this.#handle && this.#handleSegment === segment) return this.#handle;
    if (this.#handle) {
      const previous = this.#handle;
      this.#handle = null;
      await previous.close();
    }
    const handle = await this.#openSegment(segmentPath(this.dir, segment));
    this.#handle = handle;
    this.#handleSegment = segment;
    if (segment > this.#createdThrough) {
      // The new file's name must survive a power cut along with the lines written into it.
      await fsyncDirectory(this.dir);
      this.#createdThrough = segment;
    }
    return handle;
  }

  #commit({ encoded, waiter }: PendingLine): void {
    const { event, segment } = encoded;
    this.#lastSeq = event.seq;
    this.#lastHash = event.hash;
    const lastKnown = this.#segments[this.#segments.length - 1];
    if (lastKnown?.segment !== segment) {
      this.#segments.push({ segment, firstSeq: event.seq, prevHash: event.prev });
    }
    for (const listener of [...this.#appendedListeners]) {
      try {
        listener(event);
      } catch (error) {
        // The event is durable whatever a listener does; its bug must not stop the journal.
        this.#logger?.error({ seq: event.seq, err: errorMessage(error) }, 'journal listener threw');
      }
    }
    waiter?.resolve(event);
  }

  #fail(cause: unknown, batch: PendingLine[]): void {
    const error = new JournalFatalError(
      `journal write failed, the journal is stopped: ${errorMessage(cause)}`,
      { cause },
    );
    this.#fatalError = error;
    this.#state = 'failed';
    this.#logger?.error({ dir: this.dir, err: errorMessage(cause) }, 'journal failed');
    for (const line of [...batch, ...this.#pending.splice(0)]) line.waiter?.reject(error);
    for (const listener of [...this.#fatalListeners]) {
      try {
        listener(error);
      } catch (listenerError) {
        this.#logger?.error({ err: errorMessage(listenerError) }, 'journal fatal listener threw');
      }
    }
  }

  #whenIdle(): Promise<void> {
    if (!this.#writing) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }
}

/** Where the next event goes: after the last verified one, in a new segment if that one is closed. */
function headState(scan: JournalVerification): ChainHeadState {
  const last = scan.segments[scan.segments.length - 1];
  const base = { lastSeq: scan.lastSeq, lastHash: scan.lastHash };
  if (!last) return { ...base, lastHash: GENESIS_HASH, segment: 1, segmentBytes: 0 };
  if (last.closed) return { ...base, segment: last.segment + 1, segmentBytes: 0 };
  return { ...base, segment: last.segment, segmentBytes: last.bytes };
}
