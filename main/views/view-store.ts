import { isDeepStrictEqual } from 'node:util';
import { Low } from 'lowdb';
import type { BaseLogger } from 'pino';
import { z } from 'zod';
import type { JournalEvent } from '../../contracts/journal-events';
import { GENESIS_HASH } from '../journal/event-hash';
import type { JournalReader } from '../journal/journal';
import { PowerSafeJsonFile } from './power-safe-json-file';

/** The view file: the state and the journal position it reflects. */
export interface ViewFile<T> {
  lastSeq: number;
  lastHash: string;
  state: T;
}

export interface ViewStoreOptions<T> {
  /** The JSON file the view is kept in. */
  file: string;
  journal: JournalReader;
  /** A fresh empty state (called again for every rebuild). */
  initial: () => T;
  /** Applies one event. May update `state` in place or return a new one; must not change `event`. */
  reduce: (state: T, event: JournalEvent) => T;
  /** Validates the stored state; a stored state that fails it is rebuilt. Default: trusted. */
  schema?: z.ZodType<T>;
  /** Default: silent. */
  logger?: Pick<BaseLogger, 'info' | 'warn' | 'error'>;
}

export type RebuildReason = 'missing' | 'empty' | 'corrupt' | 'ahead_of_journal' | 'hash_mismatch';

/** How open found the file: `replayed` events were applied on top of what it held. */
export type ViewOpened =
  { from: 'file'; replayed: number } | { from: 'rebuild'; reason: RebuildReason; replayed: number };

export interface ViewStore<T> {
  /** Current with the journal: updated before each append's promise resolves. */
  readonly state: T;
  readonly lastSeq: number;
  readonly lastHash: string;
  readonly opened: ViewOpened;
  /** Resolves once the current state is on disk; rejects if writing it failed. */
  flush(): Promise<void>;
  /** Recomputes the state from the whole journal, makes it current and returns it. */
  rebuild(): Promise<T>;
  /** Stops following the journal and flushes. */
  close(): Promise<void>;
}

/**
 * Opens a derived view (DESIGN §5): loads its file when it matches the journal, replays the
 * events it is behind by, and otherwise rebuilds it from the journal. It then follows the
 * journal live; the file is only a cache that saves a replay at the next start.
 */
export async function openViewStore<T>(options: ViewStoreOptions<T>): Promise<ViewStore<T>> {
  const store = new JournalViewStore(options);
  await store.load();
  return store;
}

interface Position<T> {
  seq: number;
  hash: string;
  state: T;
}

class JournalViewStore<T> implements ViewStore<T> {
  readonly #options: ViewStoreOptions<T>;
  readonly #adapter: PowerSafeJsonFile<ViewFile<T>>;
  readonly #db: Low<ViewFile<T>>;
  readonly #unsubscribe: () => void;
  /** Null until load() has caught up; events then go to the buffers only. */
  #live: Position<T> | null = null;
  #opened: ViewOpened | null = null;
  /** One buffer per catch-up in progress: events that arrive while it reads the journal. */
  readonly #catchUpBuffers = new Set<JournalEvent[]>();
  #failure: unknown = null;
  #dirty = false;
  #writing: Promise<void> | null = null;
  #writeError: unknown = null;

  constructor(options: ViewStoreOptions<T>) {
    this.#options = options;
    const fileSchema = z.object({
      lastSeq: z.number().int().nonnegative(),
      lastHash: z.string().regex(/^[0-9a-f]{64}$/),
      state: options.schema ?? z.unknown(),
    }) as unknown as z.ZodType<ViewFile<T>>;
    this.#adapter = new PowerSafeJsonFile(options.file, fileSchema);
    this.#db = new Low(this.#adapter, {
      lastSeq: 0,
      lastHash: GENESIS_HASH,
      state: options.initial(),
    });
    // Subscribe before reading anything so no event can fall between the read and the follow.
    this.#unsubscribe = options.journal.onAppended((event) => this.#onAppended(event));
  }

  get state(): T {
    return this.#current().state;
  }
  get lastSeq(): number {
    return this.#current().seq;
  }
  get lastHash(): string {
    return this.#current().hash;
  }
  get opened(): ViewOpened {
    if (!this.#opened) throw new Error('view store is not loaded');
    return this.#opened;
  }

  async load(): Promise<void> {
    const { journal, initial, logger, file } = this.#options;
    const stored = await this.#adapter.readChecked();
    let start: Position<T> | null = null;
    let reason: RebuildReason | null = null;
    if (stored.kind !== 'ok') {
      reason = stored.kind;
    } else if (stored.data.lastSeq > journal.lastSeq) {
      reason = 'ahead_of_journal';
    } else if (!(await this.#journalHas(stored.data.lastSeq, stored.data.lastHash))) {
      reason = 'hash_mismatch';
    } else {
      start = { seq: stored.data.lastSeq, hash: stored.data.lastHash, state: stored.data.state };
    }
    const from = start ?? { seq: 0, hash: GENESIS_HASH, state: initial() };
    const caughtUp = await this.#catchUp(from);
    const replayed = caughtUp.seq - from.seq;
    this.#live = caughtUp;
    this.#opened = reason ? { from: 'rebuild', reason, replayed } : { from: 'file', replayed };
    if (reason) logger?.warn({ file, reason, replayed }, 'view rebuilt from the journal');
    if (reason || replayed > 0) this.#schedulePersist();
  }

  async rebuild(): Promise<T> {
    const rebuilt = await this.#catchUp({
      seq: 0,
      hash: GENESIS_HASH,
      state: this.#options.initial(),
    });
    const live = this.#current();
    // Both saw every event up to the same durable seq; anything else is a bug in this store.
    if (rebuilt.seq !== live.seq || rebuilt.hash !== live.hash) {
      throw new Error(`rebuild reached seq ${rebuilt.seq}, live view is at ${live.seq}`);
    }
    if (!isDeepStrictEqual(rebuilt.state, live.state)) {
      // The live state drifted: a stale file taken as current, or a reducer that is not pure.
      this.#options.logger?.warn(
        { file: this.#options.file, seq: live.seq },
        'view differed from its rebuild',
      );
    }
    this.#live = rebuilt;
    this.#schedulePersist();
    return rebuilt.state;
  }

  async flush(): Promise<void> {
    for (;;) {
      if (this.#failure) throw this.#failure;
      if (this.#writing) {
        await this.#writing;
      } else if (this.#dirty) {
        this.#schedulePersist();
      } else {
        return;
      }
      if (this.#writeError) {
        const error = this.#writeError;
        this.#writeError = null;
        throw error;
      }
    }
  }

  async close(): Promise<void> {
    this.#unsubscribe();
    await this.flush();
  }

  #current(): Position<T> {
    if (!this.#live) throw new Error('view store is not loaded');
    return this.#live;
  }

  async #journalHas(seq: number, hash: string): Promise<boolean> {
    if (seq === 0) return hash === GENESIS_HASH;
    for await (const event of this.#options.journal.events(seq)) return event.hash === hash;
    return false;
  }

  /** Applies the journal from after `from` up to its end, including events that arrive meanwhile. */
  async #catchUp(from: Position<T>): Promise<Position<T>> {
    const buffer: JournalEvent[] = [];
    this.#catchUpBuffers.add(buffer);
    try {
      let position = from;
      for await (const event of this.#options.journal.events(from.seq + 1)) {
        position = this.#apply(position, event);
      }
      // No await from here on: nothing can arrive between draining the buffer and going live.
      for (const event of buffer) position = this.#apply(position, event);
      return position;
    } finally {
      this.#catchUpBuffers.delete(buffer);
    }
  }

  #apply(position: Position<T>, event: JournalEvent): Position<T> {
    if (event.seq <= position.seq) return position;
    if (event.seq !== position.seq + 1) {
      throw new Error(`view missed events: at seq ${position.seq}, received ${event.seq}`);
    }
    return { seq: event.seq, hash: event.hash, state: this.#options.reduce(position.state, event) };
  }

  #onAppended(event: JournalEvent): void {
    for (const buffer of this.#catchUpBuffers) buffer.push(event);
    if (!this.#live || this.#failure) return;
    try {
      this.#live = this.#apply(this.#live, event);
    } catch (error) {
      // A reducer bug: the view can no longer be trusted. flush() reports it; the journal is fine.
      this.#failure = error;
      this.#options.logger?.error(
        { file: this.#options.file, seq: event.seq },
        'view reducer failed',
      );
      return;
    }
    this.#schedulePersist();
  }

  /** Coalesced persistence: one write in flight; changes meanwhile cause one more write after it. */
  #schedulePersist(): void {
    this.#dirty = true;
    if (this.#writing) return;
    this.#writing = this.#persistLoop();
  }

  async #persistLoop(): Promise<void> {
    try {
      while (this.#dirty) {
        this.#dirty = false;
        const { seq, hash, state } = this.#current();
        this.#db.data = { lastSeq: seq, lastHash: hash, state };
        await this.#db.write();
      }
    } catch (error) {
      // Kept dirty so the next change or flush() tries again; the journal still has everything.
      this.#dirty = true;
      this.#writeError = error;
      this.#options.logger?.error({ file: this.#options.file }, 'view file write failed');
    } finally {
      this.#writing = null;
    }
  }
}
