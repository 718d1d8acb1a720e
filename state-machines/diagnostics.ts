import { assign, fromCallback, fromPromise, setup, type SnapshotFrom } from 'xstate';

/**
 * The technician's diagnostics mode (DESIGN §3 `diagnostics`, issue 9): locked → badge → pin →
 * panel. The machine only decides what comes next; every effect is an actor or action main
 * provides with `.provide()` (main/technician/diagnostics-effects.ts):
 *
 * - `verifyBadge` checks a scanned `odb:/` badge against the trust list, revocations, roster and
 *   the badge's lockout;
 * - `checkPin` journals the attempt (fdatasynced) BEFORE it compares the PIN, then the login or
 *   the lock. The typed PIN goes from the SUBMIT_PIN event straight into the actor's input and is
 *   never kept in the context, so no snapshot can carry it;
 * - `selfTest` runs the self-test and reports progress; `exportBundle` writes the bundle;
 * - `recordLogout` journals TECH_LOGOUT (the Log out button, or 5 minutes idle).
 *
 * Its only timers are XState delays, so tests run it on a SimulatedClock.
 */

/** Idle in the panel → logged out (issue 9: "Idle for 5 minutes → logged out"). */
export const TECH_IDLE_TIMEOUT_MS = 5 * 60_000;
/** A PIN screen nobody answers goes back to locked: the next patient must not find it open. */
export const PIN_ENTRY_TIMEOUT_MS = 2 * 60_000;
/** How long a refusal or a lockout notice stays before the kiosk locks again. */
export const NOTICE_TIMEOUT_MS = 15_000;

export interface TechnicianIdentity {
  badgeId: string;
  technicianId: string;
  name: string;
  roles: string[];
}

export type BadgeCheckResult =
  | { ok: true; technician: TechnicianIdentity; attemptsLeft: number }
  | { ok: false; reason: 'locked'; technician: TechnicianIdentity; lockedUntil: number }
  /** `reason`: a badge refusal code (main/technician/badge.ts) or `error`. */
  | { ok: false; reason: string; detail: string };

export interface PinCheckInput {
  badgeId: string;
  technicianId: string;
  roles: string[];
  pin: string;
}

export type PinCheckResult =
  | { ok: true }
  | { ok: false; reason: 'wrong_pin'; attemptsLeft: number }
  | { ok: false; reason: 'locked'; lockedUntil: number };

export interface SelfTestItemSummary {
  id: string;
  title: string;
  passed: boolean;
  reason: string;
}

export interface SelfTestSummary {
  passed: boolean;
  items: SelfTestItemSummary[];
  /** Where the kiosk saved the HTML and JSON report. */
  savedTo: string | null;
}

export interface BundleSummary {
  file: string;
  sha256: string;
  bytes: number;
}

export type BundleResult = { ok: true; value: BundleSummary } | { ok: false; error: string };

export type DiagnosticsEvent =
  /** The long press in the marked corner of the attract screen: "scan your service badge". */
  | { type: 'REQUEST_LOGIN' }
  /** A scan that is a service badge (`odb:/…`), routed here only while no patient is served. */
  | { type: 'BADGE_SCANNED'; text: string }
  | { type: 'SUBMIT_PIN'; pin: string }
  | { type: 'CANCEL' }
  | { type: 'LOGOUT' }
  /** Any touch on the technician screens: restarts the idle timeout. */
  | { type: 'ACTIVITY' }
  | { type: 'RUN_SELF_TEST' }
  | { type: 'EXPORT_BUNDLE'; outDir: string }
  | { type: 'SELF_TEST_PROGRESS'; completed: number; total: number; item: SelfTestItemSummary }
  | { type: 'SELF_TEST_DONE'; summary: SelfTestSummary }
  | { type: 'SELF_TEST_FAILED'; message: string };

export interface DiagnosticsContext {
  technician: TechnicianIdentity | null;
  attemptsLeft: number | null;
  lastWrong: boolean;
  lockedUntil: number | null;
  refusal: { reason: string; detail: string } | null;
  selfTest: {
    completed: number;
    total: number;
    items: SelfTestItemSummary[];
    result: SelfTestSummary | null;
    error: string | null;
  };
  bundle: { result: BundleSummary | null; error: string | null };
}

const emptySelfTest = (): DiagnosticsContext['selfTest'] => ({
  completed: 0,
  total: 0,
  items: [],
  result: null,
  error: null,
});

const initialContext = (): DiagnosticsContext => ({
  technician: null,
  attemptsLeft: null,
  lastWrong: false,
  lockedUntil: null,
  refusal: null,
  selfTest: emptySelfTest(),
  bundle: { result: null, error: null },
});

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const diagnosticsMachine = setup({
  types: {
    context: {} as DiagnosticsContext,
    events: {} as DiagnosticsEvent,
  },
  actors: {
    verifyBadge: fromPromise<BadgeCheckResult, { text: string }>(async () => {
      throw new Error('verifyBadge must be provided by main');
    }),
    checkPin: fromPromise<PinCheckResult, PinCheckInput>(async () => {
      throw new Error('checkPin must be provided by main');
    }),
    selfTest: fromCallback<DiagnosticsEvent, { technicianId: string }>(({ sendBack }) => {
      sendBack({ type: 'SELF_TEST_FAILED', message: 'selfTest must be provided by main' });
    }),
    exportBundle: fromPromise<BundleResult, { technicianId: string; outDir: string }>(async () => {
      throw new Error('exportBundle must be provided by main');
    }),
  },
  actions: {
    /** Journals TECH_LOGOUT; provided by main. */
    recordLogout: (
      _,
      _params: { badgeId: string; technicianId: string; reason: 'user' | 'idle' },
    ) => {},
    forget: assign(() => initialContext()),
  },
  guards: {
    badgeAccepted: (_, output: BadgeCheckResult) => output.ok,
    badgeLocked: (_, output: BadgeCheckResult) => !output.ok && output.reason === 'locked',
    pinAccepted: (_, output: PinCheckResult) => output.ok,
    pinLocked: (_, output: PinCheckResult) => !output.ok && output.reason === 'locked',
  },
  delays: {
    TECH_IDLE_TIMEOUT: TECH_IDLE_TIMEOUT_MS,
    PIN_ENTRY_TIMEOUT: PIN_ENTRY_TIMEOUT_MS,
    NOTICE_TIMEOUT: NOTICE_TIMEOUT_MS,
  },
}).createMachine({
  id: 'diagnostics',
  context: initialContext,
  initial: 'locked',
  states: {
    locked: {
      entry: 'forget',
      on: { BADGE_SCANNED: 'badge', REQUEST_LOGIN: 'awaitingBadge' },
    },
    awaitingBadge: {
      on: { BADGE_SCANNED: 'badge', CANCEL: 'locked' },
      after: { NOTICE_TIMEOUT: 'locked' },
    },
    badge: {
      invoke: {
        src: 'verifyBadge',
        input: ({ event }) => ({ text: event.type === 'BADGE_SCANNED' ? event.text : '' }),
        onDone: [
          {
            guard: { type: 'badgeAccepted', params: ({ event }) => event.output },
            target: 'pin',
            actions: assign(({ event }) => {
              const out = event.output as Extract<BadgeCheckResult, { ok: true }>;
              return {
                technician: out.technician,
                attemptsLeft: out.attemptsLeft,
                lastWrong: false,
              };
            }),
          },
          {
            guard: { type: 'badgeLocked', params: ({ event }) => event.output },
            target: 'lockedOut',
            actions: assign(({ event }) => {
              const out = event.output as Extract<BadgeCheckResult, { reason: 'locked' }>;
              return { technician: out.technician, lockedUntil: out.lockedUntil };
            }),
          },
          {
            target: 'refused',
            actions: assign(({ event }) => {
              const out = event.output as { reason: string; detail: string };
              return { refusal: { reason: out.reason, detail: out.detail } };
            }),
          },
        ],
        onError: {
          target: 'refused',
          actions: assign(({ event }) => ({
            refusal: { reason: 'error', detail: errorText(event.error) },
          })),
        },
      },
    },
    pin: {
      initial: 'entering',
      on: { CANCEL: 'locked' },
      states: {
        entering: {
          on: { SUBMIT_PIN: 'checking', ACTIVITY: { target: 'entering', reenter: true } },
          after: { PIN_ENTRY_TIMEOUT: '#diagnostics.locked' },
        },
        checking: {
          // CANCEL is ignored here: the attempt is already journaled and its outcome must be too.
          on: { CANCEL: {} },
          invoke: {
            src: 'checkPin',
            input: ({ context, event }) => {
              const t = context.technician as TechnicianIdentity;
              return {
                badgeId: t.badgeId,
                technicianId: t.technicianId,
                roles: t.roles,
                pin: event.type === 'SUBMIT_PIN' ? event.pin : '',
              };
            },
            onDone: [
              {
                guard: { type: 'pinAccepted', params: ({ event }) => event.output },
                target: '#diagnostics.panel',
                actions: assign({ attemptsLeft: null, lastWrong: false }),
              },
              {
                guard: { type: 'pinLocked', params: ({ event }) => event.output },
                target: '#diagnostics.lockedOut',
                actions: assign(({ event }) => ({
                  lockedUntil: (event.output as { lockedUntil: number }).lockedUntil,
                  attemptsLeft: 0,
                })),
              },
              {
                target: 'entering',
                actions: assign(({ event }) => ({
                  attemptsLeft: (event.output as { attemptsLeft: number }).attemptsLeft,
                  lastWrong: true,
                })),
              },
            ],
            onError: {
              target: '#diagnostics.refused',
              actions: assign(({ event }) => ({
                refusal: { reason: 'error', detail: errorText(event.error) },
              })),
            },
          },
        },
      },
    },
    lockedOut: {
      on: { CANCEL: 'locked' },
      after: { NOTICE_TIMEOUT: 'locked' },
    },
    refused: {
      on: { CANCEL: 'locked', BADGE_SCANNED: 'badge' },
      after: { NOTICE_TIMEOUT: 'locked' },
    },
    panel: {
      type: 'parallel',
      on: {
        LOGOUT: {
          target: 'locked',
          actions: {
            type: 'recordLogout',
            params: ({ context }) => logoutParams(context, 'user'),
          },
        },
      },
      states: {
        idle: {
          initial: 'watching',
          states: {
            watching: {
              on: { ACTIVITY: { target: 'watching', reenter: true } },
              after: {
                TECH_IDLE_TIMEOUT: {
                  target: '#diagnostics.locked',
                  actions: {
                    type: 'recordLogout',
                    params: ({ context }) => logoutParams(context, 'idle'),
                  },
                },
              },
            },
          },
        },
        work: {
          initial: 'home',
          states: {
            home: {
              on: { RUN_SELF_TEST: 'selfTesting', EXPORT_BUNDLE: 'exporting' },
            },
            selfTesting: {
              entry: assign({ selfTest: () => emptySelfTest() }),
              invoke: {
                src: 'selfTest',
                input: ({ context }) => ({
                  technicianId: (context.technician as TechnicianIdentity).technicianId,
                }),
              },
              on: {
                SELF_TEST_PROGRESS: {
                  actions: assign(({ context, event }) => ({
                    selfTest: {
                      ...context.selfTest,
                      completed: event.completed,
                      total: event.total,
                      items: [...context.selfTest.items, event.item],
                    },
                  })),
                },
                SELF_TEST_DONE: {
                  target: 'home',
                  actions: assign(({ context, event }) => ({
                    selfTest: {
                      ...context.selfTest,
                      result: event.summary,
                      items: event.summary.items,
                    },
                  })),
                },
                SELF_TEST_FAILED: {
                  target: 'home',
                  actions: assign(({ context, event }) => ({
                    selfTest: { ...context.selfTest, error: event.message },
                  })),
                },
              },
            },
            exporting: {
              entry: assign({ bundle: { result: null, error: null } }),
              invoke: {
                src: 'exportBundle',
                input: ({ context, event }) => ({
                  technicianId: (context.technician as TechnicianIdentity).technicianId,
                  outDir: event.type === 'EXPORT_BUNDLE' ? event.outDir : '',
                }),
                onDone: {
                  target: 'home',
                  actions: assign(({ event }) => ({
                    bundle: event.output.ok
                      ? { result: event.output.value, error: null }
                      : { result: null, error: event.output.error },
                  })),
                },
                onError: {
                  target: 'home',
                  actions: assign(({ event }) => ({
                    bundle: { result: null, error: errorText(event.error) },
                  })),
                },
              },
            },
          },
        },
      },
    },
  },
});

function logoutParams(
  context: DiagnosticsContext,
  reason: 'user' | 'idle',
): { badgeId: string; technicianId: string; reason: 'user' | 'idle' } {
  const t = context.technician as TechnicianIdentity;
  return { badgeId: t.badgeId, technicianId: t.technicianId, reason };
}

export type DiagnosticsSnapshot = SnapshotFrom<typeof diagnosticsMachine>;

export const DIAGNOSTICS_STEPS = [
  'locked',
  'awaiting_badge',
  'checking_badge',
  'pin',
  'checking_pin',
  'locked_out',
  'refused',
  'panel',
] as const;
export type DiagnosticsStep = (typeof DIAGNOSTICS_STEPS)[number];

/**
 * The serializable view the technician screens draw (the bridge proposal in the issue-9 report):
 * no PIN, no pin check value, no badge text.
 */
export interface DiagnosticsView {
  step: DiagnosticsStep;
  technician: { technicianId: string; name: string; roles: string[] } | null;
  attemptsLeft: number | null;
  lastWrong: boolean;
  lockedUntil: number | null;
  refusal: { reason: string; detail: string } | null;
  selfTest: {
    state: 'idle' | 'running' | 'done' | 'failed';
    completed: number;
    total: number;
    items: SelfTestItemSummary[];
    savedTo: string | null;
    error: string | null;
  };
  bundle: {
    state: 'idle' | 'exporting' | 'done' | 'failed';
    result: BundleSummary | null;
    error: string | null;
  };
}

export function diagnosticsStepOf(snapshot: DiagnosticsSnapshot): DiagnosticsStep {
  if (snapshot.matches('awaitingBadge')) return 'awaiting_badge';
  if (snapshot.matches('badge')) return 'checking_badge';
  if (snapshot.matches({ pin: 'checking' })) return 'checking_pin';
  if (snapshot.matches('pin')) return 'pin';
  if (snapshot.matches('lockedOut')) return 'locked_out';
  if (snapshot.matches('refused')) return 'refused';
  if (snapshot.matches('panel')) return 'panel';
  return 'locked';
}

/** True while a technician holds the kiosk: patients see "out of service, back soon". */
export function isTechnicianActive(snapshot: DiagnosticsSnapshot): boolean {
  return diagnosticsStepOf(snapshot) !== 'locked';
}

export function diagnosticsViewOf(snapshot: DiagnosticsSnapshot): DiagnosticsView {
  const c = snapshot.context;
  const selfTestRunning = snapshot.matches({ panel: { work: 'selfTesting' } });
  const exporting = snapshot.matches({ panel: { work: 'exporting' } });
  return {
    step: diagnosticsStepOf(snapshot),
    technician: c.technician
      ? {
          technicianId: c.technician.technicianId,
          name: c.technician.name,
          roles: [...c.technician.roles],
        }
      : null,
    attemptsLeft: c.attemptsLeft,
    lastWrong: c.lastWrong,
    lockedUntil: c.lockedUntil,
    refusal: c.refusal,
    selfTest: {
      state: selfTestRunning
        ? 'running'
        : c.selfTest.error
          ? 'failed'
          : c.selfTest.result
            ? 'done'
            : 'idle',
      completed: c.selfTest.completed,
      total: c.selfTest.total,
      items: c.selfTest.items,
      savedTo: c.selfTest.result?.savedTo ?? null,
      error: c.selfTest.error,
    },
    bundle: {
      state: exporting
        ? 'exporting'
        : c.bundle.error
          ? 'failed'
          : c.bundle.result
            ? 'done'
            : 'idle',
      result: c.bundle.result,
      error: c.bundle.error,
    },
  };
}
