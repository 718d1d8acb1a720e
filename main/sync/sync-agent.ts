import type { Logger } from 'pino';
import { createActor, fromPromise } from 'xstate';
import type { Clock } from '../../contracts/clock';
import type { JournalEvent } from '../../contracts/journal-events';
import { err, ok } from '../../contracts/result';
import {
  syncMachine,
  syncStateOf,
  type SyncFailure,
  type SyncRoundResult,
  type SyncState,
  type SyncTiming,
} from '../../state-machines/sync';
import type { Journal } from '../journal';
import type { ListStore } from '../prescriptions/list-store';
import { AcknowledgementTracker } from './acknowledgement-tracker';
import {
  applyDownloads,
  heldVersions,
  KeptDownloads,
  type SignedDocumentStores,
} from './apply-downloads';
import { createHubClient, type HubCallError, type RequestSigner } from './hub-client';
import { uploadBacklog, type BacklogSource, type UploadBacklogFailure } from './upload-backlog';

/**
 * The kiosk's sync agent (DESIGN §3, §5, §7): runs the `sync` machine with a real round — ask the
 * hub for newer signed downloads and its cursor, install what verifies, upload the journal from
 * that cursor — and journals the outcome (SYNC_COMPLETED, FILLS_ACKNOWLEDGED) for the sync ledger.
 * It never blocks the patient flow: it only reads the journal and appends its own events, and a
 * dead link only changes its status.
 */

export interface SyncStatus {
  state: SyncState;
  /** Kiosk-clock epoch ms of the last successful round (this process). */
  lastSuccessAt: number | null;
  /** Events the hub does not hold yet: journal.lastSeq − storedUpToSeq. */
  backlog: number;
  /** Age of the oldest event the hub does not hold (0 with no backlog). */
  lagMs: number;
  /** Hub clock − kiosk clock from the last answer. */
  hubOffsetMs: number | null;
  lastError: SyncFailure | null;
  /** The hub's cursor as last seen (during a long upload: after each batch). */
  storedUpToSeq: number;
  /** When the next round starts while offline (kiosk clock), if one is scheduled. */
  nextAttemptAt: number | null;
}

export type SyncAgentJournal = Pick<Journal, 'lastSeq' | 'events' | 'append' | 'onAppended'>;

export interface SyncAgentOptions {
  journal: SyncAgentJournal;
  listStore: ListStore;
  /** Where the roster, site config, restock order and releases are installed. */
  documents?: SignedDocumentStores;
  /** Signs requests (the DeviceKey). */
  deviceKey: RequestSigner;
  /** The id the hub gave this kiosk at enrollment. */
  kioskId: string;
  hubUrl: string;
  clock: Clock;
  logger: Logger;
  /** Backoff and interval (state-machines/sync.ts SYNC_TIMING_DEFAULTS). */
  timing?: Partial<SyncTiming>;
  /** [0, 1) jitter source. Default Math.random. */
  random?: () => number;
  /** Per request. Default 30 s. */
  requestTimeoutMs?: number;
  /** Events per upload batch. Default MAX_UPLOAD_BATCH (tests use fewer, for more requests). */
  maxBatch?: number;
  /**
   * The sync ledger as rebuilt from the journal (main/sync/sync-ledger.ts): what the agent last
   * journaled, so it neither re-acknowledges nor stamps needlessly after a restart.
   */
  ledger?: { lastSuccessfulSync: number | null; acknowledgedSeq: number };
  /**
   * With nothing new to acknowledge or install, SYNC_COMPLETED is journaled at most this often.
   * Default 15 min: far inside the offline window (days), and an idle kiosk does not fill its
   * journal (and its next upload) with stamps of its own. See sync-agent's stamp rule below.
   */
  stampRefreshMs?: number;
  /** Start the first round at once. Default true. */
  autoStart?: boolean;
  /** Called with the hub's cursor after each stored batch (bench progress). */
  onStored?: (storedUpToSeq: number) => void;
  /** Seam for tests. Default: the global fetch. */
  fetch?: typeof fetch;
}

export interface SyncAgent {
  status(): SyncStatus;
  /**
   * Starts a round now (or waits for the one running) and resolves with the status once it has
   * ended. Resolves at once when the agent is stopped or forked.
   */
  syncNow(): Promise<SyncStatus>;
  /** Subscribes to state changes; returns the unsubscribe. */
  onStatus(listener: (status: SyncStatus) => void): () => void;
  /** Stops the machine, abandons requests in flight and waits for the round to settle. */
  stop(): Promise<void>;
}

export const DEFAULT_STAMP_REFRESH_MS = 15 * 60_000;
/** Bound on the per-event ages kept for lagMs (a kiosk offline for weeks must not grow memory). */
const MAX_TRACKED_TS = 100_000;

export function startSyncAgent(options: SyncAgentOptions): SyncAgent {
  const { journal, listStore, clock, logger, kioskId } = options;
  const log = logger.child({ component: 'sync' });
  const client = createHubClient({
    hubUrl: options.hubUrl,
    kioskId,
    signer: options.deviceKey,
    clock,
    timeoutMs: options.requestTimeoutMs,
    fetch: options.fetch,
  });
  const kept = new KeptDownloads();
  const stampRefreshMs = options.stampRefreshMs ?? DEFAULT_STAMP_REFRESH_MS;
  const startedAt = clock.now();

  let storedUpToSeq = options.ledger?.acknowledgedSeq ?? 0;
  const acknowledgements = new AcknowledgementTracker(options.ledger?.acknowledgedSeq ?? 0);
  let lastStampAt = options.ledger?.lastSuccessfulSync ?? null;
  /** `ts` of events the hub does not hold yet, where known (for lagMs). */
  const unsentTs = new Map<number, number>();
  let currentRound: Promise<SyncRoundResult> | null = null;
  let stopped = false;

  const forgetStored = (upTo: number): void => {
    for (const seq of unsentTs.keys()) if (seq <= upTo) unsentTs.delete(seq);
  };
  const see = (event: JournalEvent): void => {
    acknowledgements.see(event);
    if (event.seq > storedUpToSeq && unsentTs.size < MAX_TRACKED_TS && !unsentTs.has(event.seq))
      unsentTs.set(event.seq, Date.parse(event.ts));
  };
  const unlisten = journal.onAppended(see);

  // The journal as the upload reads it: each event read is classified and its age noted.
  const source: BacklogSource = {
    async *events(fromSeq) {
      for await (const event of journal.events(fromSeq)) {
        see(event);
        yield event;
      }
    },
  };

  async function round(signal: AbortSignal): Promise<SyncRoundResult> {
    const upToSeq = journal.lastSeq;
    const answer = await client.downloads(heldVersions(listStore, kept, options.documents), signal);
    if (!answer.ok) return err(callFailure(answer.error));
    const { body, sentAt, receivedAt } = answer.value;
    const hubOffsetMs = Math.round(body.hubTime - (sentAt + receivedAt) / 2);
    // The hub's cursor is the truth, even below what this kiosk once saw acknowledged (a hub
    // restored from a backup): the upload then simply resends what it lacks.
    storedUpToSeq = body.storedUpToSeq;
    acknowledgements.hubCursor(storedUpToSeq);
    forgetStored(storedUpToSeq);

    const applied = await applyDownloads(
      { journal, lists: listStore, kept, documents: options.documents, logger: log },
      body.downloads,
    );
    if (signal.aborted) return err({ kind: 'unreachable', message: 'sync stopped' });

    const uploaded = await uploadBacklog({
      journal: source,
      upload: (batch) => client.uploadEvents(batch.events, signal, batch.json),
      hubCursor: body.storedUpToSeq,
      upToSeq,
      maxBatch: options.maxBatch,
      signal,
      onStored: (seq) => {
        storedUpToSeq = Math.max(storedUpToSeq, seq);
        acknowledgements.stored(seq);
        forgetStored(seq);
        options.onStored?.(seq);
      },
    });
    if (!uploaded.ok) return err(uploadFailure(uploaded.error));
    const stored = uploaded.value.storedUpToSeq;
    storedUpToSeq = Math.max(storedUpToSeq, stored);
    if (signal.aborted) return err({ kind: 'unreachable', message: 'sync stopped' });

    // The stamp rule. Each round journals SYNC_COMPLETED and, when the hub now holds events it did
    // not before, FILLS_ACKNOWLEDGED — except that these two events of the agent's own are not
    // news (acknowledgement-tracker.ts): otherwise every idle round would upload the previous
    // round's stamps and journal new ones, forever. With no news, the stamp that starts the
    // offline window is refreshed every stampRefreshMs.
    const at = clock.now();
    const news = acknowledgements.hasNews();
    if (news) {
      await journal.append('FILLS_ACKNOWLEDGED', { upToSeq: stored, source: 'hub' });
      acknowledgements.acknowledged(stored);
    }
    if (
      news ||
      applied.installed.length > 0 ||
      lastStampAt === null ||
      at - lastStampAt >= stampRefreshMs
    ) {
      await journal.append('SYNC_COMPLETED', { at, source: 'hub', hubOffsetMs });
      lastStampAt = at;
    }
    forgetStored(stored);
    log.info(
      {
        storedUpToSeq: stored,
        sent: uploaded.value.eventsSent,
        batches: uploaded.value.batches,
        installed: applied.installed.map((i) => i.kind),
        hubOffsetMs,
      },
      'sync round done',
    );
    return ok({ at, storedUpToSeq: stored, hubOffsetMs });
  }

  const actor = createActor(
    syncMachine.provide({
      actors: {
        syncRound: fromPromise<SyncRoundResult, void>(({ signal }) => {
          const running = round(signal);
          currentRound = running;
          void running
            .catch(() => undefined)
            .finally(() => {
              if (currentRound === running) currentRound = null;
            });
          return running;
        }),
      },
    }),
    { clock, input: { timing: options.timing, random: options.random } },
  );

  let retryScheduledAt: number | null = null;
  const listeners = new Set<(status: SyncStatus) => void>();
  actor.subscribe((snapshot) => {
    const state = syncStateOf(snapshot.value);
    retryScheduledAt = state === 'offline' ? clock.now() + snapshot.context.retryDelayMs : null;
    if (state === 'offline' && snapshot.context.lastError)
      log.warn(
        {
          kind: snapshot.context.lastError.kind,
          code: snapshot.context.lastError.code,
          why: snapshot.context.lastError.message,
          retryInMs: snapshot.context.retryDelayMs,
        },
        'sync round failed',
      );
    if (state === 'forked')
      log.error(
        { why: snapshot.context.lastError?.message },
        'the hub holds a different history for this kiosk: uploads stopped',
      );
    const current = status();
    for (const listener of [...listeners]) listener(current);
  });

  function status(): SyncStatus {
    const snapshot = actor.getSnapshot();
    const lastSeq = journal.lastSeq;
    const backlog = Math.max(0, lastSeq - storedUpToSeq);
    const oldest = backlog > 0 ? (unsentTs.get(storedUpToSeq + 1) ?? startedAt) : null;
    return {
      state: syncStateOf(snapshot.value),
      lastSuccessAt: snapshot.context.lastSuccessAt,
      backlog,
      lagMs: oldest === null ? 0 : Math.max(0, clock.now() - oldest),
      hubOffsetMs: snapshot.context.hubOffsetMs,
      lastError: snapshot.context.lastError,
      storedUpToSeq,
      nextAttemptAt: retryScheduledAt,
    };
  }

  actor.start();
  if (options.autoStart !== false) actor.send({ type: 'START' });

  return {
    status,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    syncNow() {
      const state = syncStateOf(actor.getSnapshot().value);
      if (stopped || state === 'forked') return Promise.resolve(status());
      return new Promise((resolve) => {
        let sawRound = false;
        const subscription = actor.subscribe((snapshot) => {
          if (snapshot.value === 'syncing') sawRound = true;
          else if (sawRound || snapshot.value === 'stopped') {
            subscription.unsubscribe();
            resolve(status());
          }
        });
        sawRound = actor.getSnapshot().value === 'syncing';
        if (state === 'stopped') actor.send({ type: 'START' });
        else actor.send({ type: 'SYNC_NOW' });
        if (actor.getSnapshot().value === 'syncing') sawRound = true;
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      actor.send({ type: 'STOP' });
      const running: Promise<SyncRoundResult> | null = currentRound;
      actor.stop();
      unlisten();
      if (running) await (running as Promise<SyncRoundResult>).catch(() => undefined);
    },
  };
}

function callFailure(error: HubCallError): SyncFailure {
  switch (error.kind) {
    case 'network':
      return { kind: 'unreachable', message: error.message };
    case 'bad_answer':
      return { kind: 'bad_answer', message: error.message };
    case 'refused':
      return error.error.error === 'fork'
        ? { kind: 'fork', code: 'fork', message: error.error.message }
        : { kind: 'refused', code: error.error.error, message: error.error.message };
  }
}

function uploadFailure(failure: UploadBacklogFailure): SyncFailure {
  switch (failure.kind) {
    case 'fork':
      return { kind: 'fork', code: 'fork', message: failure.message };
    case 'call':
      return callFailure(failure.error);
    case 'stalled':
      return { kind: 'refused', code: 'stalled', message: failure.message };
    case 'aborted':
      return { kind: 'unreachable', message: 'sync stopped' };
  }
}
