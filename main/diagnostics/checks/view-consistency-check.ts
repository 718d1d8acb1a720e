import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { JournalEvent } from '../../../contracts/journal-events';
import { fail, pass, type CheckOutcome } from './check-result';
import { eventLoopYielder } from './event-loop-yield';

/**
 * Views against the journal (DESIGN §5 "views are derived data"): each stored view file is
 * compared with a fresh fold of the journal, by the view's own reducer, up to the seq the file
 * says it reflects — and the journal's hash at that seq must be the file's `lastHash`. A mismatch
 * means a reducer that is not pure or a file from another journal; the kiosk would rebuild it.
 * Nothing is written: the stored file and the live view are left as they are.
 */

export interface ViewToCheck {
  /** Short name for the report, e.g. `inventory`. */
  readonly name: string;
  /** The view's lowdb file (ViewFile: {lastSeq, lastHash, state}). */
  readonly file: string;
  readonly initial: () => unknown;
  readonly reduce: (state: never, event: JournalEvent) => unknown;
}

interface StoredView {
  readonly lastSeq: number;
  readonly lastHash: string;
  readonly state: unknown;
}

type Loaded =
  | { readonly kind: 'missing' }
  | { readonly kind: 'unreadable'; readonly detail: string }
  | { readonly kind: 'ok'; readonly stored: StoredView };

async function loadStored(file: string): Promise<Loaded> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', detail: (error as Error).message };
  }
  try {
    const value = JSON.parse(text) as Partial<StoredView>;
    if (typeof value.lastSeq !== 'number' || typeof value.lastHash !== 'string') {
      return { kind: 'unreadable', detail: 'no lastSeq/lastHash' };
    }
    return { kind: 'ok', stored: value as StoredView };
  } catch {
    return { kind: 'unreadable', detail: 'not JSON' };
  }
}

/** What the JSON file would hold: the comparison is made on that form (undefined members vanish). */
const asStored = (state: unknown): unknown => JSON.parse(JSON.stringify(state ?? null)) as unknown;

export async function checkViewConsistency(
  views: readonly ViewToCheck[],
  events: (fromSeq: number) => AsyncIterable<JournalEvent>,
  journalLastSeq: number,
): Promise<CheckOutcome> {
  const notes: string[] = [];
  const problems: string[] = [];
  const targets: { view: ViewToCheck; stored: StoredView; state: unknown; hash: string | null }[] =
    [];
  for (const view of views) {
    const loaded = await loadStored(view.file);
    const where = path.basename(view.file);
    if (loaded.kind === 'missing') {
      notes.push(`${view.name}: no stored file yet (rebuilt from the journal at start)`);
    } else if (loaded.kind === 'unreadable') {
      problems.push(
        `${view.name}: ${where} is unreadable (${loaded.detail}); it will be rebuilt at the next start`,
      );
    } else if (loaded.stored.lastSeq > journalLastSeq) {
      problems.push(
        `${view.name}: ${where} says seq ${loaded.stored.lastSeq}, beyond the journal's ${journalLastSeq}`,
      );
    } else {
      targets.push({ view, stored: loaded.stored, state: view.initial(), hash: null });
    }
  }

  const until = Math.max(0, ...targets.map((t) => t.stored.lastSeq));
  const snapshots = new Map<(typeof targets)[number], unknown>();
  for (const t of targets) if (t.stored.lastSeq === 0) snapshots.set(t, asStored(t.state));
  if (until > 0) {
    const breathe = eventLoopYielder();
    for await (const event of events(1)) {
      await breathe();
      for (const t of targets) {
        if (event.seq > t.stored.lastSeq) continue;
        t.state = (t.view.reduce as (s: unknown, e: JournalEvent) => unknown)(t.state, event);
        if (event.seq === t.stored.lastSeq) {
          // Snapshot now: a reducer may keep changing the same object in place later.
          snapshots.set(t, asStored(t.state));
          t.hash = event.hash;
        }
      }
      if (event.seq >= until) break;
    }
  }

  for (const t of targets) {
    const { name } = t.view;
    const seq = t.stored.lastSeq;
    if (seq > 0 && t.hash !== t.stored.lastHash) {
      problems.push(
        `${name}: the journal's event at seq ${seq} is not the one the view was built on (another journal?)`,
      );
    } else if (!isDeepStrictEqual(snapshots.get(t), asStored(t.stored.state))) {
      problems.push(`${name}: differs from a rebuild from the journal at seq ${seq}`);
    } else {
      notes.push(`${name}: matches the journal at seq ${seq}`);
    }
  }
  return problems.length > 0
    ? fail([...problems, ...notes].join('; '))
    : pass(notes.join('; ') || 'no views to check');
}
