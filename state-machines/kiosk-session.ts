import { assign, fromPromise, setup } from 'xstate';
import type { Language, PackProgress } from '../contracts/bridge';
import { dispenseMachine, type DispensePackOutput } from './dispense';

/**
 * One patient at a time (DESIGN §3): attract → scan → verifying → confirm → dispensing → done,
 * with refusals explained and every waiting step returning to attract on an idle timeout, which
 * forgets the patient. Dispensing cannot be cancelled or timed out: a pack in flight must end in
 * a journaled result.
 */

/** What the patient is about to receive, from a prescription that passed the verifier. */
export interface Order {
  jti: string;
  medication: string;
  dose: string;
  packs: number;
  gtins: string[];
  /** Days the supply must last; packs expiring sooner are not picked. */
  supplyDays: number;
}

/** The patient's answer to "date of birth + PIN", checked in main (never kept in the machine). */
export interface PatientCheckInput {
  jti: string;
  birthDate: string;
  pin: string;
}

export type PatientCheckResult =
  | { ok: true }
  | { ok: false; reason: 'patient_mismatch'; attemptsLeft: number }
  | { ok: false; reason: 'patient_locked' };

export type Verification =
  /** `attemptsLeft`: patient-check tries this prescription still has on this kiosk. */
  { ok: true; order: Order; attemptsLeft: number } | { ok: false; reason: string; detail: string };

export interface ScanInput {
  text: string;
  aim: string | null;
}

export type KioskSessionEvent =
  | { type: 'START' }
  | { type: 'CONFIRM' }
  | { type: 'CANCEL' }
  | { type: 'FINISH' }
  | { type: 'ACTIVITY' }
  | { type: 'SET_LANGUAGE'; language: Language }
  | { type: 'PATIENT_CHECK'; birthDate: string; pin: string }
  | { type: 'SCANNED'; scan: ScanInput };

interface KioskSessionContext {
  /** The site's language, which every new session starts in. */
  defaultLanguage: Language;
  language: Language;
  scan: ScanInput | null;
  order: Order | null;
  refusal: { reason: string; detail: string } | null;
  identify: { attemptsLeft: number; lastWrong: boolean } | null;
  packs: PackProgress[];
  results: DispensePackOutput[];
}

/** Wrong answers allowed before a prescription locks on this kiosk (prescription-token.md §4 step 12). */
export const PATIENT_CHECK_ATTEMPTS = 3;

const EMPTY_SESSION: Omit<KioskSessionContext, 'defaultLanguage' | 'language'> = {
  identify: null,
  scan: null,
  order: null,
  refusal: null,
  packs: [],
  results: [],
};

export const IDLE_DELAYS = {
  /** A patient who walks away mid-session: after 60 s the kiosk forgets them. */
  IDLE_TIMEOUT_MS: 60_000,
  /** The done and refused screens stay long enough to be read aloud and understood. */
  RESULT_SCREEN_MS: 30_000,
};

export const kioskSessionMachine = setup({
  types: {
    context: {} as KioskSessionContext,
    events: {} as KioskSessionEvent,
    input: {} as { defaultLanguage: Language },
  },
  actors: {
    verifyPrescription: fromPromise<Verification, ScanInput>(async () => {
      throw new Error('verifyPrescription must be provided by main');
    }),
    dispensePack: dispenseMachine,
    checkPatient: fromPromise<PatientCheckResult, PatientCheckInput>(async () => {
      throw new Error('checkPatient must be provided by main');
    }),
  },
  delays: {
    IDLE_TIMEOUT: IDLE_DELAYS.IDLE_TIMEOUT_MS,
    RESULT_SCREEN: IDLE_DELAYS.RESULT_SCREEN_MS,
  },
  actions: {
    forgetPatient: assign(({ context }) => ({
      ...EMPTY_SESSION,
      language: context.defaultLanguage,
    })),
    rememberScan: assign({ scan: ({ event }) => (event.type === 'SCANNED' ? event.scan : null) }),
  },
  guards: {
    morePacksToGo: ({ context }) => context.results.length < (context.order?.packs ?? 0),
  },
}).createMachine({
  id: 'kioskSession',
  context: ({ input }) => ({
    ...EMPTY_SESSION,
    defaultLanguage: input.defaultLanguage,
    language: input.defaultLanguage,
  }),
  // The language can change on any screen; it is forgotten with the patient at attract.
  on: { SET_LANGUAGE: { actions: assign({ language: ({ event }) => event.language }) } },
  initial: 'attract',
  states: {
    attract: {
      entry: 'forgetPatient',
      on: {
        START: 'scan',
        SCANNED: { target: 'verifying', actions: 'rememberScan' },
      },
    },
    scan: {
      on: {
        SCANNED: { target: 'verifying', actions: 'rememberScan' },
        CANCEL: 'attract',
        ACTIVITY: { target: 'scan', reenter: true },
      },
      after: { IDLE_TIMEOUT: 'attract' },
    },
    verifying: {
      invoke: {
        src: 'verifyPrescription',
        input: ({ context }) => context.scan!,
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'identify',
            actions: assign({
              order: ({ event }) => (event.output.ok ? event.output.order : null),
              identify: ({ event }) => ({
                attemptsLeft: event.output.ok ? event.output.attemptsLeft : 0,
                lastWrong: false,
              }),
              scan: null,
            }),
          },
          {
            target: 'refused',
            actions: assign({
              refusal: ({ event }) =>
                event.output.ok
                  ? null
                  : { reason: event.output.reason, detail: event.output.detail },
              scan: null,
            }),
          },
        ],
        onError: {
          target: 'refused',
          actions: assign({
            refusal: ({ event }) => ({ reason: 'internal_error', detail: String(event.error) }),
            scan: null,
          }),
        },
      },
    },
    identify: {
      on: {
        PATIENT_CHECK: 'checkingPatient',
        CANCEL: 'attract',
        ACTIVITY: { target: 'identify', reenter: true },
      },
      after: { IDLE_TIMEOUT: 'attract' },
    },
    checkingPatient: {
      invoke: {
        src: 'checkPatient',
        // The date of birth and PIN go straight from the event to main; the context never holds them.
        input: ({ context, event }) => {
          const answer = event as Extract<KioskSessionEvent, { type: 'PATIENT_CHECK' }>;
          return { jti: context.order!.jti, birthDate: answer.birthDate, pin: answer.pin };
        },
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'confirm',
            actions: assign({ identify: null }),
          },
          {
            guard: ({ event }) => !event.output.ok && event.output.reason === 'patient_mismatch',
            target: 'identify',
            actions: assign({
              identify: ({ event }) => ({
                attemptsLeft:
                  !event.output.ok && event.output.reason === 'patient_mismatch'
                    ? event.output.attemptsLeft
                    : 0,
                lastWrong: true,
              }),
            }),
          },
          {
            target: 'refused',
            actions: assign({
              identify: null,
              refusal: {
                reason: 'patient_locked',
                detail: `${PATIENT_CHECK_ATTEMPTS} wrong answers: locked on this kiosk`,
              },
            }),
          },
        ],
        onError: {
          target: 'refused',
          actions: assign({
            identify: null,
            refusal: ({ event }) => ({ reason: 'internal_error', detail: String(event.error) }),
          }),
        },
      },
    },
    confirm: {
      on: {
        CONFIRM: {
          target: 'dispensing',
          actions: assign({
            packs: ({ context }) =>
              Array.from({ length: context.order!.packs }, (_, index) => ({
                index,
                state: 'waiting' as const,
              })),
            results: [],
          }),
        },
        CANCEL: 'attract',
        ACTIVITY: { target: 'confirm', reenter: true },
      },
      after: { IDLE_TIMEOUT: 'attract' },
    },
    dispensing: {
      initial: 'pack',
      states: {
        pack: {
          entry: assign({
            packs: ({ context }) =>
              context.packs.map((p) =>
                p.index === context.results.length ? { ...p, state: 'dispensing' as const } : p,
              ),
          }),
          invoke: {
            src: 'dispensePack',
            input: ({ context }) => ({
              jti: context.order!.jti,
              gtins: context.order!.gtins,
              supplyDays: context.order!.supplyDays,
            }),
            onDone: {
              target: 'next',
              actions: assign({
                results: ({ context, event }) => [...context.results, event.output],
                packs: ({ context, event }) =>
                  context.packs.map((p) =>
                    p.index === context.results.length
                      ? {
                          ...p,
                          state:
                            event.output.result === 'given'
                              ? ('done' as const)
                              : event.output.result === 'uncertain'
                                ? ('uncertain' as const)
                                : ('failed' as const),
                          ...(event.output.result === 'not_given' && event.output.lastOutcome
                            ? { outcome: event.output.lastOutcome }
                            : {}),
                          ...(event.output.result === 'uncertain'
                            ? { outcome: 'UNCERTAIN' as const }
                            : {}),
                          ...(event.output.result === 'given'
                            ? { outcome: 'SUCCESS' as const }
                            : {}),
                        }
                      : p,
                  ),
              }),
            },
          },
        },
        next: {
          always: [{ guard: 'morePacksToGo', target: 'pack' }, { target: '#kioskSession.done' }],
        },
      },
    },
    done: {
      on: { FINISH: 'attract', ACTIVITY: { target: 'done', reenter: true } },
      after: { RESULT_SCREEN: 'attract' },
    },
    refused: {
      on: {
        FINISH: 'attract',
        START: 'scan',
        ACTIVITY: { target: 'refused', reenter: true },
        // A patient told "no" often tries the other paper in their hand: read it straight away.
        SCANNED: {
          target: 'verifying',
          actions: [assign({ refusal: null, order: null, identify: null }), 'rememberScan'],
        },
      },
      after: { RESULT_SCREEN: 'attract' },
    },
  },
});

/** Packs the board confirmed as dropped. UNCERTAIN ones count as dispensed in the ledger (DESIGN §5) but are told to the patient separately. */
export function packsGiven(results: DispensePackOutput[]): number {
  return results.filter((r) => r.result === 'given').length;
}
