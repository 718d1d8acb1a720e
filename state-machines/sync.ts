import { assign, fromPromise, setup } from 'xstate';

/**
 * The kiosk's link to the hub (DESIGN §3): stopped → syncing → online ⇄ syncing, or
 * syncing → offline ⇄ syncing while the hub cannot be reached, and `forked` once the hub has seen
 * a different history for this kiosk. One round (download, then upload the journal from the hub's
 * cursor) is the `syncRound` actor that main provides; this machine only decides *when* to run
 * the next one. Its only timers are XState delays, so tests drive it with a SimulatedClock.
 *
 * Retry waits use FULL jitter, `random(0, min(cap, base · 2^attempt))`: a fleet of kiosks that lost
 * the same link at the same moment must not come back in lock-step and hammer the hub together.
 */

export interface SyncTiming {
  /** Ceiling of the first retry wait. 1 s: a dropped connection is usually back at once. */
  retryBaseMs: number;
  /** Largest retry wait. 5 min: a kiosk on a link that returns after days still finds it soon. */
  retryCapMs: number;
  /** Wait between rounds while the hub answers. 60 s: fills reach the pharmacist within a minute. */
  intervalMs: number;
}

export const SYNC_TIMING_DEFAULTS: SyncTiming = {
  retryBaseMs: 1_000,
  retryCapMs: 5 * 60_000,
  intervalMs: 60_000,
};

/**
 * Full-jitter backoff: a wait drawn uniformly from [0, min(cap, base · 2^attempt)). `attempt` is
 * the number of failures before this one (0 after the first); `random` returns [0, 1).
 */
export function fullJitterDelayMs(
  attempt: number,
  timing: Pick<SyncTiming, 'retryBaseMs' | 'retryCapMs'>,
  random: () => number,
): number {
  const ceiling = Math.min(timing.retryCapMs, timing.retryBaseMs * 2 ** Math.max(0, attempt));
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.min(Math.floor(draw * ceiling), Math.max(0, ceiling - 1));
}

/** Why a round failed, as the agent reports it. Never holds event data or key material. */
export interface SyncFailure {
  /**
   * `unreachable`: no answer (connection refused/reset/closed, timeout, 5xx). `refused`: the hub
   * answered with a 4xx (a bad signature, a stale date, an unknown or flagged kiosk…).
   * `bad_answer`: the answer did not fit the contract. `fork`: the hub holds a different history
   * for this kiosk — retrying cannot help, so the machine stops uploading.
   */
  kind: 'unreachable' | 'refused' | 'bad_answer' | 'fork';
  /** The hub's error code (contracts/hub-api.ts HubErrorCode) when it gave one. */
  code?: string;
  message: string;
}

/** What a successful round tells the machine. */
export interface SyncRoundSuccess {
  /** Kiosk clock (epoch ms) when the round finished. */
  at: number;
  /** The hub holds every event up to here. */
  storedUpToSeq: number;
  /** Hub clock − kiosk clock, estimated from this round. */
  hubOffsetMs: number;
}

export type SyncRoundResult =
  { ok: true; value: SyncRoundSuccess } | { ok: false; error: SyncFailure };

export interface SyncMachineInput {
  timing?: Partial<SyncTiming>;
  /** [0, 1): the jitter source. Default Math.random; tests inject their own. */
  random?: () => number;
}

export type SyncMachineEvent =
  | { type: 'START' }
  | { type: 'STOP' }
  /** A technician (or a test) wants a round now instead of after the current wait. */
  | { type: 'SYNC_NOW' };

interface SyncContext {
  timing: SyncTiming;
  random: () => number;
  /** Failed rounds since the last success: the next retry's backoff exponent. */
  failures: number;
  /** The wait drawn for the current `offline` state. */
  retryDelayMs: number;
  lastSuccessAt: number | null;
  storedUpToSeq: number | null;
  hubOffsetMs: number | null;
  lastError: SyncFailure | null;
}

export const syncMachine = setup({
  types: {
    input: {} as SyncMachineInput,
    context: {} as SyncContext,
    events: {} as SyncMachineEvent,
  },
  actors: {
    /**
     * One round against the hub. Resolves with a Result: expected failures (no link, a refusal,
     * a fork) are values. A rejection is a bug in the round and is treated like `unreachable`.
     */
    syncRound: fromPromise<SyncRoundResult, void>(async () => {
      throw new Error('syncRound must be provided by main');
    }),
  },
  guards: {
    roundSucceeded: (_, result: SyncRoundResult) => result.ok,
    roundForked: (_, result: SyncRoundResult) => !result.ok && result.error.kind === 'fork',
  },
  delays: {
    /** The full-jitter wait drawn when the round failed (see fullJitterDelayMs). */
    RETRY: ({ context }) => context.retryDelayMs,
    /** Between rounds while online (SyncTiming.intervalMs). */
    INTERVAL: ({ context }) => context.timing.intervalMs,
  },
  actions: {
    recordSuccess: assign((_, success: SyncRoundSuccess) => ({
      failures: 0,
      retryDelayMs: 0,
      lastSuccessAt: success.at,
      storedUpToSeq: success.storedUpToSeq,
      hubOffsetMs: success.hubOffsetMs,
      lastError: null,
    })),
    recordFork: assign((_, failure: SyncFailure) => ({ lastError: failure })),
    /** A failed round: count it and draw the next wait with full jitter. */
    recordFailure: assign(({ context }, failure: SyncFailure) => ({
      lastError: failure,
      retryDelayMs: fullJitterDelayMs(context.failures, context.timing, context.random),
      failures: context.failures + 1,
    })),
  },
}).createMachine({
  id: 'sync',
  context: ({ input }) => ({
    timing: { ...SYNC_TIMING_DEFAULTS, ...input.timing },
    random: input.random ?? Math.random,
    failures: 0,
    retryDelayMs: 0,
    lastSuccessAt: null,
    storedUpToSeq: null,
    hubOffsetMs: null,
    lastError: null,
  }),
  initial: 'stopped',
  states: {
    stopped: { on: { START: 'syncing' } },
    syncing: {
      on: { STOP: 'stopped' },
      invoke: {
        src: 'syncRound',
        onDone: [
          {
            guard: { type: 'roundSucceeded', params: ({ event }) => event.output },
            target: 'online',
            actions: {
              type: 'recordSuccess',
              params: ({ event }) => (event.output as { value: SyncRoundSuccess }).value,
            },
          },
          {
            guard: { type: 'roundForked', params: ({ event }) => event.output },
            target: 'forked',
            actions: {
              type: 'recordFork',
              params: ({ event }) => (event.output as { error: SyncFailure }).error,
            },
          },
          {
            target: 'offline',
            actions: {
              type: 'recordFailure',
              params: ({ event }) => (event.output as { error: SyncFailure }).error,
            },
          },
        ],
        onError: {
          target: 'offline',
          actions: {
            type: 'recordFailure',
            params: ({ event }) => ({
              kind: 'unreachable' as const,
              message: `sync round crashed: ${errorText(event.error)}`,
            }),
          },
        },
      },
    },
    online: {
      on: { STOP: 'stopped', SYNC_NOW: 'syncing' },
      after: { INTERVAL: 'syncing' },
    },
    offline: {
      on: { STOP: 'stopped', SYNC_NOW: 'syncing' },
      after: { RETRY: 'syncing' },
    },
    /**
     * The hub holds a different history for this kiosk: the journal was rewritten or restored.
     * Uploading more would only pile onto the alert, so the kiosk stops here until a technician
     * and the pharmacist have looked (a restart retries once). The patient flow is unaffected.
     */
    forked: { on: { STOP: 'stopped' } },
  },
});

/** The state names the agent reports. */
export type SyncState = 'stopped' | 'syncing' | 'online' | 'offline' | 'forked';

export function syncStateOf(value: unknown): SyncState {
  switch (value) {
    case 'syncing':
    case 'online':
    case 'offline':
    case 'forked':
      return value;
    default:
      return 'stopped';
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
