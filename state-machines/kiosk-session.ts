import { assign, fromPromise, sendTo, setup } from 'xstate';
import type { Language, PackProgress, VitalsView } from '../contracts/bridge';
import { dispenseMachine, type DispensePackOutput } from './dispense';
import {
  bpCategory,
  MAX_RETRIES_PER_MEASUREMENT,
  vitalsMachine,
  type VitalsLimits,
  type VitalsOutput,
} from './vitals';

/**
 * One patient at a time (DESIGN §3): attract → scan (or type the code) → verifying → identify →
 * vitals when the prescription asks → confirm (the counselling, "I understand") → dispensing →
 * printing the label → done, with refusals explained and every waiting step returning to
 * attract on an idle timeout, which forgets the patient. Help can be asked from any screen.
 * Dispensing cannot be cancelled or timed out: a pack in flight must end in a journaled result;
 * the label never holds the patient back (a failed label is queued for the technician).
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
  /** The medication's codes (ATC, RxNorm…): the renderer finds its counselling text by them. */
  codes: string[];
  /** The prescription's vitals limits (prescription-token.md §3); absent: no vitals step. */
  vitals?: VitalsLimits;
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
  | { ok: true; order: Order; attemptsLeft: number }
  | {
      ok: false;
      reason: string;
      detail: string;
      /** On `no_fills_left`: the prescription the patient may ask a refill of. */
      refillable?: { jti: string; medication: string };
    };

/** What the label says; main adds lots and expiry from the journaled dispenses. */
export interface LabelInput {
  order: Order;
  results: DispensePackOutput[];
  language: Language;
}
export type LabelOutcome =
  { ok: true } | { ok: false; problem: 'paper_out' | 'cover_open' | 'printer_unavailable' };

/**
 * The short code typed when a QR will not scan; main resolves it through the hub. `refused`: the
 * hub knows the code but will not hand its token to this kiosk; the patient is told why as for a
 * scanned prescription refused for that reason.
 */
export type ShortCodeResolution =
  | { ok: true; text: string }
  | { ok: false; reason: 'offline' | 'not_found' | 'too_many' }
  | { ok: false; reason: 'refused'; refusal: 'revoked' | 'wrong_kiosk'; detail: string };

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
  | { type: 'SCANNED'; scan: ScanInput }
  | { type: 'HELP' }
  | { type: 'CLOSE_HELP' }
  | { type: 'REQUEST_REFILL' }
  | { type: 'START_MEASURE' }
  | { type: 'ENTER_CODE' }
  | { type: 'SUBMIT_CODE'; code: string }
  /** From main, never the renderer: a new site config changed the language sessions start in. */
  | { type: 'SITE_DEFAULT_LANGUAGE'; language: Language };

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
  /** A "call me" request is queued; the help message is open while true. */
  help: { open: boolean } | null;
  /** On a `no_fills_left` refusal. */
  refill: { jti: string; medication: string; requested: boolean } | null;
  /** The vitals step's result, kept for its result screen and a vitals refusal. */
  vitals: VitalsView | null;
  label: LabelOutcome | 'printing' | null;
  codeEntry: 'typing' | 'resolving' | 'offline' | 'not_found' | 'too_many' | null;
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
  help: null,
  refill: null,
  vitals: null,
  label: null,
  codeEntry: null,
};

export const IDLE_DELAYS = {
  /** A patient who walks away mid-session: after 60 s the kiosk forgets them. */
  IDLE_TIMEOUT_MS: 60_000,
  /** The done and refused screens stay long enough to be read aloud and understood. */
  RESULT_SCREEN_MS: 30_000,
  /**
   * A label the printer has not confirmed in 20 s is treated as failed (main's printer effect
   * gives up sooner and journals why); the patient is never kept waiting on paper.
   */
  PRINT_TIMEOUT_MS: 20_000,
};

/** The view of a finished vitals step, for its result screen and a vitals refusal. */
export function vitalsResultView(output: VitalsOutput): VitalsView {
  const bp = output.readings.bp;
  return {
    phase: 'done',
    measurement: output.measurement,
    step: 0,
    steps: 0,
    attempt: 1,
    maxAttempts: MAX_RETRIES_PER_MEASUREMENT + 1,
    retryCause: null,
    hint: null,
    pressureMmHg: null,
    cuffPhase: null,
    pleth: [],
    readings: {
      ...(bp && { bp: { ...bp } }),
      ...(output.readings.spo2 && { spo2: { ...output.readings.spo2 } }),
    },
    bpCategory: bp ? bpCategory(bp.systolic, bp.diastolic) : null,
    outcome: output.outcome,
    breaches: output.breaches.map((b) => ({ ...b })),
  };
}

/** prescription-token.md §4 step 13a: a reading within limits is required, and there is none. */
const REFUSAL_VITALS = 'vitals_required';

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
    vitalsStep: vitalsMachine,
    printLabel: fromPromise<LabelOutcome, LabelInput>(async () => {
      throw new Error('printLabel must be provided by main');
    }),
    resolveShortCode: fromPromise<ShortCodeResolution, { code: string }>(async () => {
      throw new Error('resolveShortCode must be provided by main');
    }),
  },
  delays: {
    IDLE_TIMEOUT: IDLE_DELAYS.IDLE_TIMEOUT_MS,
    RESULT_SCREEN: IDLE_DELAYS.RESULT_SCREEN_MS,
    PRINT_TIMEOUT: IDLE_DELAYS.PRINT_TIMEOUT_MS,
  },
  actions: {
    forgetPatient: assign(({ context }) => ({
      ...EMPTY_SESSION,
      language: context.defaultLanguage,
    })),
    rememberScan: assign({ scan: ({ event }) => (event.type === 'SCANNED' ? event.scan : null) }),
    // Journaling effects, provided by main (the journal is the outbox the pharmacist reads).
    // Main reads the screen from `self` (params cannot see the state).
    requestHelp: (_, _params: { language: Language; jti?: string }) => {},
    requestRefill: (_, _params: { jti: string; medication: string; language: Language }) => {},
    recordVitals: (_, _params: { jti: string; output: VitalsOutput }) => {},
    acknowledgeCounselling: (_, _params: { jti: string; language: Language }) => {},
  },
  guards: {
    morePacksToGo: ({ context }) => context.results.length < (context.order?.packs ?? 0),
    needsVitals: ({ context }) => context.order?.vitals !== undefined,
    anyPackGiven: ({ context }) => context.results.some((r) => r.result !== 'not_given'),
  },
}).createMachine({
  id: 'kioskSession',
  context: ({ input }) => ({
    ...EMPTY_SESSION,
    defaultLanguage: input.defaultLanguage,
    language: input.defaultLanguage,
  }),
  // The language can change on any screen; it is forgotten with the patient at attract. Help
  // can be asked on any screen a patient is being served on (attract overrides it).
  on: {
    SET_LANGUAGE: { actions: assign({ language: ({ event }) => event.language }) },
    // Main sends it only at attract (a new site config is applied between patients).
    SITE_DEFAULT_LANGUAGE: {
      actions: assign({
        defaultLanguage: ({ event }) => event.language,
        language: ({ event }) => event.language,
      }),
    },
    HELP: [
      {
        guard: ({ context }) => context.help === null,
        actions: [
          {
            type: 'requestHelp',
            params: ({ context }) => ({
              language: context.language,
              ...(context.order && { jti: context.order.jti }),
            }),
          },
          assign({ help: { open: true } }),
        ],
      },
      // Asked again: the request is already queued; show the message again, journal nothing.
      { actions: assign({ help: { open: true } }) },
    ],
    CLOSE_HELP: { actions: assign({ help: ({ context }) => context.help && { open: false } }) },
  },
  initial: 'attract',
  states: {
    attract: {
      entry: 'forgetPatient',
      on: {
        START: 'scan',
        SCANNED: { target: 'verifying', actions: 'rememberScan' },
        // Nobody is being served yet: there is no one for the pharmacist to call back.
        HELP: {},
      },
    },
    scan: {
      on: {
        SCANNED: { target: 'verifying', actions: 'rememberScan' },
        ENTER_CODE: { target: 'enter_code', actions: assign({ codeEntry: 'typing' }) },
        CANCEL: 'attract',
        ACTIVITY: { target: 'scan', reenter: true },
      },
      after: { IDLE_TIMEOUT: 'attract' },
    },
    enter_code: {
      initial: 'typing',
      on: {
        // A QR that scans after all is as good as a code.
        SCANNED: { target: 'verifying', actions: ['rememberScan', assign({ codeEntry: null })] },
        CANCEL: { target: 'scan', actions: assign({ codeEntry: null }) },
      },
      states: {
        typing: {
          on: {
            SUBMIT_CODE: 'resolving',
            ACTIVITY: { target: 'typing', reenter: true },
          },
          after: { IDLE_TIMEOUT: '#kioskSession.attract' },
        },
        resolving: {
          entry: assign({ codeEntry: 'resolving' }),
          invoke: {
            src: 'resolveShortCode',
            input: ({ event }) => ({ code: event.type === 'SUBMIT_CODE' ? event.code : '' }),
            onDone: [
              {
                guard: ({ event }) => event.output.ok,
                target: '#kioskSession.verifying',
                actions: assign({
                  scan: ({ event }) =>
                    event.output.ok ? { text: event.output.text, aim: null } : null,
                  codeEntry: null,
                }),
              },
              {
                guard: ({ event }) => !event.output.ok && event.output.reason === 'refused',
                target: '#kioskSession.refused',
                actions: assign({
                  refusal: ({ event }) =>
                    !event.output.ok && event.output.reason === 'refused'
                      ? { reason: event.output.refusal, detail: event.output.detail }
                      : null,
                  codeEntry: null,
                }),
              },
              {
                target: 'typing',
                actions: assign({
                  codeEntry: ({ event }) =>
                    event.output.ok || event.output.reason === 'refused'
                      ? null
                      : event.output.reason,
                }),
              },
            ],
            onError: { target: 'typing', actions: assign({ codeEntry: 'offline' }) },
          },
        },
      },
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
              refill: ({ event }) =>
                !event.output.ok && event.output.refillable
                  ? { ...event.output.refillable, requested: false }
                  : null,
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
            target: 'vitals',
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
    vitals: {
      initial: 'deciding',
      states: {
        deciding: {
          always: [
            { guard: 'needsVitals', target: 'measuring' },
            { target: '#kioskSession.confirm' },
          ],
        },
        measuring: {
          invoke: {
            id: 'vitals',
            src: 'vitalsStep',
            input: ({ context }) => context.order!.vitals!,
            onDone: [
              {
                guard: ({ event }) => event.output.outcome === 'in_range',
                target: 'result',
                actions: [
                  {
                    type: 'recordVitals',
                    params: ({ context, event }) => ({
                      jti: context.order!.jti,
                      output: event.output,
                    }),
                  },
                  assign({ vitals: ({ event }) => vitalsResultView(event.output) }),
                ],
              },
              // The patient cancelled, or walked away from the instructions: forget them.
              {
                guard: ({ event }) =>
                  event.output.outcome === 'cancelled' || event.output.outcome === 'timed_out',
                target: '#kioskSession.attract',
              },
              // Out of range, or no reading possible: nothing that needs vitals is given.
              {
                target: '#kioskSession.refused',
                actions: [
                  {
                    type: 'recordVitals',
                    params: ({ context, event }) => ({
                      jti: context.order!.jti,
                      output: event.output,
                    }),
                  },
                  assign({
                    vitals: ({ event }) => vitalsResultView(event.output),
                    refusal: ({ event }) => ({
                      reason: REFUSAL_VITALS,
                      detail: `${event.output.outcome}: ${event.output.detail}`,
                    }),
                  }),
                ],
              },
            ],
          },
          // The step owns the cuff: a cancel must let it deflate first.
          on: {
            START_MEASURE: { actions: sendTo('vitals', { type: 'START_MEASURE' }) },
            CANCEL: { actions: sendTo('vitals', { type: 'CANCEL' }) },
            ACTIVITY: { actions: sendTo('vitals', { type: 'ACTIVITY' }) },
          },
        },
        result: {
          on: {
            CONFIRM: '#kioskSession.confirm',
            CANCEL: '#kioskSession.attract',
            ACTIVITY: { target: 'result', reenter: true },
          },
          after: { IDLE_TIMEOUT: '#kioskSession.attract' },
        },
      },
    },
    confirm: {
      on: {
        CONFIRM: {
          target: 'dispensing',
          actions: [
            {
              type: 'acknowledgeCounselling',
              params: ({ context }) => ({ jti: context.order!.jti, language: context.language }),
            },
            assign({
              packs: ({ context }) =>
                Array.from({ length: context.order!.packs }, (_, index) => ({
                  index,
                  state: 'waiting' as const,
                })),
              results: [],
            }),
          ],
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
          always: [
            { guard: 'morePacksToGo', target: 'pack' },
            { guard: 'anyPackGiven', target: '#kioskSession.printing' },
            { target: '#kioskSession.done' },
          ],
        },
      },
    },
    printing: {
      entry: assign({ label: 'printing' }),
      invoke: {
        src: 'printLabel',
        input: ({ context }) => ({
          order: context.order!,
          results: context.results,
          language: context.language,
        }),
        onDone: { target: 'done', actions: assign({ label: ({ event }) => event.output }) },
        onError: {
          target: 'done',
          actions: assign({ label: { ok: false, problem: 'printer_unavailable' } }),
        },
      },
      after: {
        PRINT_TIMEOUT: {
          target: 'done',
          actions: assign({ label: { ok: false, problem: 'printer_unavailable' } }),
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
          actions: [
            assign({ refusal: null, order: null, identify: null, refill: null, vitals: null }),
            'rememberScan',
          ],
        },
        REQUEST_REFILL: {
          guard: ({ context }) => context.refill !== null && !context.refill.requested,
          actions: [
            {
              type: 'requestRefill',
              params: ({ context }) => ({
                jti: context.refill!.jti,
                medication: context.refill!.medication,
                language: context.language,
              }),
            },
            assign({ refill: ({ context }) => ({ ...context.refill!, requested: true }) }),
          ],
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

/** The screen a session state shows (a nested state shows its parent's screen). */
export function screenOfState(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return Object.keys(value)[0] ?? 'attract';
  return 'attract';
}
