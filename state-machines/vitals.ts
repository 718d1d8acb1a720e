import { assign, fromCallback, fromPromise, setup, type EventObject } from 'xstate';
import {
  bpCategory,
  checkLimits,
  describeBreaches,
  measurementPlan,
  type BpCategory,
  type VitalsBpReading,
  type VitalsBreach,
  type VitalsLimits,
  type VitalsMeasurement,
  type VitalsReadings,
  type VitalsSpo2Reading,
} from './vitals-ranges';

export * from './vitals-ranges';

/**
 * One vitals step of a patient session (DESIGN §3 `vitals`): for each measurement the
 * prescription asks for (SpO2, then BP): connect → instructions (place finger / cuff, press
 * Start) → measuring (live pleth / cuff pressure) → result → range check. The step ends at the
 * first measurement that does not end in range, because the prescription needs every reading
 * within its limits (prescription-token.md §4 step 13a) and nothing measured afterwards could
 * change that; the readings taken so far are always reported.
 *
 * Problems the patient can fix (movement, loose cuff, position, weak signal, finger out,
 * artefact) show a retry prompt and go back to the instructions, at most
 * MAX_RETRIES_PER_MEASUREMENT times. Problems only staff can fix end the step at once. Every wait
 * has a named delay, so the step always ends, and it never blocks on a device that is not there.
 *
 * The machine imports no hardware: main forwards the drivers' machine events (`BP.*` from
 * `BpCuffDriver.onMachineEvent`, `OXIMETER.*` from `OximeterDriver.onMachineEvent`) unchanged
 * through the injected actors, and wraps their live batches as `BP.LIVE` / `OXIMETER.LIVE`. The
 * event types below are structural copies of the drivers' types; a type test checks that the
 * drivers' events are assignable to them, so a driver change that the machine would not handle
 * fails to compile.
 */

// ---------------------------------------------------------------------------------------------
// Events the drivers send (structural copies of hardware/*/status.ts)
// ---------------------------------------------------------------------------------------------

/** `BpRetryCause` in hardware/bp-cuff/status.ts. */
export type CuffRetryCause =
  'movement' | 'cuffLoose' | 'position' | 'leak' | 'weakSignal' | 'timeout' | 'implausible';

/** `BpFaultCause` in hardware/bp-cuff/status.ts. */
export type CuffFaultCause =
  | 'overPressure'
  | 'internal'
  | 'unknownError'
  | 'unit'
  | 'noAck'
  | 'noProgress'
  | 'lost'
  | 'notOpen'
  | 'busy';

/** The parts of the driver's `BpReading` the step keeps. */
export interface CuffReading {
  systolic: number;
  diastolic: number;
  map: number;
  pulse: number;
  flags?: {
    irregularPulse: boolean;
    pulseRange: 'within' | 'above' | 'below' | 'reserved';
  };
}

/** A batch from `BpCuffDriver.onLive` (`CuffPressureBatch`). */
export interface CuffPressureSamples {
  samples: ReadonlyArray<{ pressure: number; phase: 'INF' | 'DEF' }>;
}

/** `BpMachineEvent` plus the live batches main wraps as `BP.LIVE`. */
export type VitalsBpEvent =
  | { type: 'BP.STARTED'; seq: number }
  | { type: 'BP.READING'; reading: CuffReading }
  | { type: 'BP.RETRY'; cause: CuffRetryCause; reading?: CuffReading }
  | { type: 'BP.FAULT'; cause: CuffFaultCause; detail: string }
  | { type: 'BP.ABORTED' }
  | { type: 'BP.LOST'; detail: string }
  | { type: 'BP.LIVE'; batch: CuffPressureSamples };

/** The parts of the driver's `OximeterReading` the step keeps. */
export interface OximeterReadingLike {
  hr: number;
  spo2: number;
  lowPerfusion: boolean;
}

/** A batch from `OximeterDriver.onLive` (`PlethBatch`): 8-bit pleth samples, oldest first. */
export interface PlethSamples {
  samples: readonly number[];
}

/** `OximeterMachineEvent` plus the live batches main wraps as `OXIMETER.LIVE`. */
export type VitalsOximeterEvent =
  | { type: 'OXIMETER.READING'; reading: OximeterReadingLike }
  | { type: 'OXIMETER.SIGNAL_OK'; lowPerfusion: boolean }
  | { type: 'OXIMETER.SEARCHING' }
  | { type: 'OXIMETER.FINGER_OUT' }
  | { type: 'OXIMETER.SENSOR_OFF' }
  | { type: 'OXIMETER.MOTION'; cause: 'artifact' | 'outOfTrack' }
  | { type: 'OXIMETER.IMPLAUSIBLE'; hr: number; spo2: number }
  | { type: 'OXIMETER.LINK_UP' }
  | { type: 'OXIMETER.LINK_DEGRADED' }
  | { type: 'OXIMETER.LINK_DOWN' }
  | { type: 'OXIMETER.LOST'; detail: string }
  | { type: 'OXIMETER.LIVE'; batch: PlethSamples };

/** What the patient (through the renderer) sends. */
export type VitalsPatientEvent =
  /** The patient placed the cuff / finger and pressed "Start". */
  | { type: 'START_MEASURE' }
  /** Ends the step as `cancelled`; a cuff that may be inflating is told to deflate first. */
  | { type: 'CANCEL' }
  /** Any touch: restarts the wait for "Start", so a slow but present patient is not timed out. */
  | { type: 'ACTIVITY' };

export type VitalsEvent = VitalsPatientEvent | VitalsBpEvent | VitalsOximeterEvent;

// ---------------------------------------------------------------------------------------------
// Injected actors
// ---------------------------------------------------------------------------------------------

/** Vitals devices, named as in the hardware config (`oximeter`, `bpCuff`). */
export type VitalsDevice = 'bpCuff' | 'oximeter';

export const DEVICE_FOR: Readonly<Record<VitalsMeasurement, VitalsDevice>> = {
  bp: 'bpCuff',
  spo2: 'oximeter',
};

/** `connectDevice` answers whether the device's link is ready for a measurement. */
export type DeviceLinkCheck = { ready: true } | { ready: false; detail: string };

export interface ConnectDeviceInput {
  device: VitalsDevice;
}

export interface MeasureInput {
  /** 1 for the first attempt of this measurement, 2 and 3 after retries (for logs). */
  attempt: number;
}

/** Why the cuff is told to stop. */
export interface AbortBpInput {
  reason: 'cancelled' | 'watchdog';
}

/** `BpCuffDriver.abort()`'s `StopResult` is assignable to this. */
export type CuffStopResult = { ok: true } | { ok: false; error: { detail: string } };

// ---------------------------------------------------------------------------------------------
// Outcome, output, constants
// ---------------------------------------------------------------------------------------------

export type VitalsOutcome =
  | 'in_range'
  | 'out_of_range'
  | 'could_not_measure'
  | 'device_unavailable'
  | 'device_fault'
  | 'cancelled'
  | 'timed_out';

/**
 * Why the patient is asked to try again; the renderer turns each into a prompt ("keep still",
 * "wrap the cuff more tightly", "rest your arm at heart level", "put your finger fully in" …).
 */
export type VitalsRetryCause =
  /** Cuff: body movement (E03 or status bit 0). Oximeter: ARTF in 7+ of 25 frames. */
  | 'movement'
  /** Cuff: E05 or status bit 1. */
  | 'cuffLoose'
  /** Cuff: status bit 5, improper measurement position. */
  | 'position'
  /** Cuff: E06 (no pulse found). Oximeter: no reading within SPO2_NO_READING_MS. */
  | 'weakSignal'
  /** Cuff: E04, no result within its own 120 s. */
  | 'timeout'
  /** A result outside the plausible window (cuff) or HR/SpO2 outside it (oximeter). */
  | 'implausible'
  /** Oximeter: SNSA, no usable data (finger removed). */
  | 'fingerOut'
  /** Oximeter: out of track, the module lost the pulse rhythm. */
  | 'artefact';

export interface VitalsOutput {
  outcome: VitalsOutcome;
  /** Every reading accepted in this step, in range or not. */
  readings: VitalsReadings;
  /** The requirement the step was run with. */
  limits: VitalsLimits;
  /** One line for the journal and the pharmacist: which limit, which fault, which cause. */
  detail: string;
  /** The limits broken (non-empty only for `out_of_range`). */
  breaches: VitalsBreach[];
  /** The measurement the step ended on; null when every measurement finished in range. */
  measurement: VitalsMeasurement | null;
}

/**
 * Retries allowed per measurement (so 3 attempts). A patient who still cannot keep still or
 * place the cuff after two prompts rarely succeeds on a fourth try, and each cuff attempt squeezes
 * the arm for up to two minutes: back-to-back inflations hurt and read high. After that a
 * pharmacist should talk to the patient instead.
 */
export const MAX_RETRIES_PER_MEASUREMENT = 2;

/**
 * Pleth samples kept for the UI waveform: 3 s at 75 Hz, about three heartbeats. Older samples are
 * dropped, so the context stays the same size however long a measurement takes.
 */
export const PLETH_WINDOW_SAMPLES = 225;

export const VITALS_DELAYS = {
  /**
   * 10 s for a device link to be ready. The device supervisor retries a lost device with a backoff
   * capped at 5 s, so a device that is merely reconnecting gets two tries; one that is not back by
   * then is treated as unavailable instead of keeping the patient waiting.
   */
  CONNECT_TIMEOUT_MS: 10_000,
  /**
   * 2 min for the patient to press Start. Putting on a cuff while instructions are read aloud can
   * take a frail patient well over a minute; after two minutes without a touch they have most
   * likely walked away, and the kiosk must not stay on their session.
   */
  START_TIMEOUT_MS: 120_000,
  /** 5 s on the retry prompt: long enough to read or hear "keep still" once, then instructions. */
  RETRY_PROMPT_MS: 5_000,
  /**
   * 150 s watchdog on one cuff measurement. The cuff gives up by itself after 120 s (E04) and the
   * driver faults after 5 s without progress or 1.5 s without an ACK, so this fires only if the
   * driver never reports; the cuff is then told to deflate and the step ends as a device fault.
   */
  BP_MEASURE_WATCHDOG_MS: 150_000,
  /**
   * 30 s for an oximeter reading. A finger that sits still normally gives 5 good packets (1.7 s)
   * within about 10 s of being placed; 30 s without one means the signal is too weak to use (cold
   * hand, nail polish, poor perfusion): prompt the patient instead of waiting on.
   */
  SPO2_NO_READING_MS: 30_000,
  /**
   * 3 s of grace for an oximeter disturbance (motion, finger out, implausible values). A twitch or
   * a finger re-seated in the clip usually clears within a second or two and the driver restarts
   * its run of 5 by itself; only a disturbance that lasts this long becomes a retry prompt.
   */
  OXIMETER_DISTURBANCE_GRACE_MS: 3_000,
  /**
   * 3 s for the cuff to confirm STOP. The driver sends STOP up to 3 times 500 ms apart (1.5 s) and
   * then reports no ACK; this only guards against a driver that never answers, so a cancel always
   * ends.
   */
  CUFF_ABORT_TIMEOUT_MS: 3_000,
} as const;

/**
 * Cuff retry causes that are not the patient's to fix. A leak (E01, "cannot build pressure")
 * means a split bladder or a tube off the pump: retrying only squeezes the arm again. The
 * driver reports it as a retry; the step treats it as a device fault.
 */
const CUFF_RETRY_CAUSES_THAT_ARE_FAULTS: ReadonlySet<CuffRetryCause> = new Set(['leak']);

/**
 * Cuff retry cause → prompt. `leak` never reaches a prompt (see above); it maps to "check the
 * cuff" only so the table is total.
 */
const CUFF_RETRY_PROMPT: Readonly<Record<CuffRetryCause, VitalsRetryCause>> = {
  movement: 'movement',
  cuffLoose: 'cuffLoose',
  position: 'position',
  leak: 'cuffLoose',
  weakSignal: 'weakSignal',
  timeout: 'timeout',
  implausible: 'implausible',
};

/** Oximeter motion: heavy ARTF is the patient moving; OOT alone is a pulse the module lost. */
const OXIMETER_MOTION_PROMPT: Readonly<
  Record<Extract<VitalsOximeterEvent, { type: 'OXIMETER.MOTION' }>['cause'], VitalsRetryCause>
> = {
  artifact: 'movement',
  outOfTrack: 'artefact',
};

const MEASUREMENT_NAME: Readonly<Record<VitalsMeasurement, string>> = {
  bp: 'blood pressure',
  spo2: 'SpO2',
};

// ---------------------------------------------------------------------------------------------
// Context
// ---------------------------------------------------------------------------------------------

/** The short rolling buffer the UI draws from; replaced, never appended to forever. */
export interface VitalsLive {
  /** The last cuff pressure, mmHg. */
  pressure: number | null;
  cuffPhase: 'INF' | 'DEF' | null;
  /** The last PLETH_WINDOW_SAMPLES pleth samples, oldest first. */
  pleth: number[];
}

export interface VitalsContext {
  limits: VitalsLimits;
  plan: VitalsMeasurement[];
  /** Index into `plan` of the measurement in progress (= plan.length once all are done). */
  index: number;
  /** Retries used by the measurement in progress. */
  retries: number;
  /** The cause of the last retry of this measurement, for the prompt and the final detail. */
  retryCause: VitalsRetryCause | null;
  /** A cuff result given with "retake advised", kept only for the pharmacist's detail. */
  advisoryBp: CuffReading | null;
  /** The last oximeter disturbance of this attempt. */
  disturbance: VitalsRetryCause | null;
  /** The oximeter's last signal report of this attempt. */
  signal: 'searching' | 'ok' | 'lowPerfusion' | null;
  live: VitalsLive;
  readings: VitalsReadings;
  outcome: VitalsOutcome | null;
  detail: string;
}

const NO_LIVE: VitalsLive = { pressure: null, cuffPhase: null, pleth: [] };

function bpReadingOf(r: CuffReading): VitalsBpReading {
  return {
    systolic: r.systolic,
    diastolic: r.diastolic,
    map: r.map,
    pulse: r.pulse,
    ...(r.flags && { irregularPulse: r.flags.irregularPulse, pulseRange: r.flags.pulseRange }),
  };
}

function current(context: VitalsContext): VitalsMeasurement | null {
  return context.plan[context.index] ?? null;
}

function currentName(context: VitalsContext): string {
  const m = current(context);
  return m ? MEASUREMENT_NAME[m] : 'vitals';
}

// ---------------------------------------------------------------------------------------------
// Machine
// ---------------------------------------------------------------------------------------------

export const vitalsMachine = setup({
  types: {
    input: {} as VitalsLimits,
    context: {} as VitalsContext,
    events: {} as VitalsEvent,
    output: {} as VitalsOutput,
  },
  actors: {
    /**
     * Resolves when the device's link is ready, or says why not. Main answers from the device
     * supervisor (ready/degraded → ready; lost, backoff, not configured → not ready); it may wait
     * for a reopen in progress, the machine's CONNECT_TIMEOUT bounds that wait.
     */
    connectDevice: fromPromise<DeviceLinkCheck, ConnectDeviceInput>(async () => {
      throw new Error('connectDevice must be provided by main');
    }),
    /**
     * One cuff measurement. Main subscribes to `onMachineEvent` and `onLive` (sending
     * `{ type: 'BP.LIVE', batch }`), then calls `measure()`; the outcome arrives as the driver's
     * BP.READING / BP.RETRY / BP.FAULT event. Cleanup unsubscribes and, as a safety net for a
     * parent that stops this machine without sending CANCEL, calls `abort()` (a no-op when idle).
     */
    measureBp: fromCallback<EventObject, MeasureInput>(() => {
      throw new Error('measureBp must be provided by main');
    }),
    /**
     * Watches the oximeter for one attempt. Main calls `restartRun()` so only packets from now on
     * count, subscribes to `onMachineEvent` and `onLive` (sending `{ type: 'OXIMETER.LIVE',
     * batch }`), and first sends the current link (LINK_DOWN if down) and condition
     * (`conditionToEvent(driver.condition)`), since the driver only reports changes. Cleanup
     * unsubscribes.
     */
    watchOximeter: fromCallback<EventObject, MeasureInput>(() => {
      throw new Error('watchOximeter must be provided by main');
    }),
    /** Tells the cuff to deflate now (`BpCuffDriver.abort()`). */
    abortBp: fromPromise<CuffStopResult, AbortBpInput>(async () => {
      throw new Error('abortBp must be provided by main');
    }),
  },
  delays: {
    CONNECT_TIMEOUT: VITALS_DELAYS.CONNECT_TIMEOUT_MS,
    START_TIMEOUT: VITALS_DELAYS.START_TIMEOUT_MS,
    RETRY_PROMPT: VITALS_DELAYS.RETRY_PROMPT_MS,
    BP_MEASURE_WATCHDOG: VITALS_DELAYS.BP_MEASURE_WATCHDOG_MS,
    SPO2_NO_READING: VITALS_DELAYS.SPO2_NO_READING_MS,
    OXIMETER_DISTURBANCE_GRACE: VITALS_DELAYS.OXIMETER_DISTURBANCE_GRACE_MS,
    CUFF_ABORT_TIMEOUT: VITALS_DELAYS.CUFF_ABORT_TIMEOUT_MS,
  },
  actions: {
    beginMeasurement: assign({ retries: 0, retryCause: null, advisoryBp: null }),
    advancePlan: assign({ index: ({ context }) => context.index + 1 }),
    finish: assign((_, params: { outcome: VitalsOutcome; detail: string }) => ({
      outcome: params.outcome,
      detail: params.detail,
    })),
    noteStopFailure: assign({
      detail: ({ context }, params: { why: string }) =>
        `${context.detail}; the cuff did not confirm STOP (${params.why})`,
    }),
    resetLive: assign({ live: NO_LIVE, disturbance: null, signal: null }),
    // The advisory reading belongs to the last retry only: a later retry without one clears it.
    noteRetry: assign((_, params: { cause: VitalsRetryCause; advisory?: CuffReading }) => ({
      retryCause: params.cause,
      advisoryBp: params.advisory ?? null,
    })),
    countRetry: assign({ retries: ({ context }) => context.retries + 1 }),
    cuffStarted: assign({
      live: ({ context }) => ({ ...context.live, cuffPhase: 'INF' as const }),
    }),
    takeCuffPressure: assign({
      live: ({ context }, params: { batch: CuffPressureSamples }) => {
        const last = params.batch.samples.at(-1);
        return last
          ? { ...context.live, pressure: last.pressure, cuffPhase: last.phase }
          : context.live;
      },
    }),
    takePleth: assign({
      live: ({ context }, params: { batch: PlethSamples }) => ({
        ...context.live,
        pleth: [...context.live.pleth, ...params.batch.samples].slice(-PLETH_WINDOW_SAMPLES),
      }),
    }),
    recordBp: assign({
      readings: ({ context }, params: { reading: CuffReading }) => ({
        ...context.readings,
        bp: bpReadingOf(params.reading),
      }),
    }),
    recordSpo2: assign({
      readings: ({ context }, params: { reading: OximeterReadingLike }) => ({
        ...context.readings,
        spo2: {
          spo2: params.reading.spo2,
          pulse: params.reading.hr,
          lowPerfusion: params.reading.lowPerfusion,
        } satisfies VitalsSpo2Reading,
      }),
    }),
    noteDisturbance: assign({
      disturbance: (_, params: { cause: VitalsRetryCause }) => params.cause,
    }),
    noteSignal: assign({
      signal: (_, params: { signal: 'searching' | 'ok' | 'lowPerfusion' }) => params.signal,
    }),
  },
  guards: {
    planComplete: ({ context }) => context.index >= context.plan.length,
    currentIsBp: ({ context }) => current(context) === 'bp',
    deviceReady: (_, params: { check: DeviceLinkCheck }) => params.check.ready,
    retryAllowed: ({ context }) => context.retries < MAX_RETRIES_PER_MEASUREMENT,
    outOfRange: ({ context }) => checkLimits(context.limits, context.readings).length > 0,
    cuffRetryIsFault: (_, params: { cause: CuffRetryCause }) =>
      CUFF_RETRY_CAUSES_THAT_ARE_FAULTS.has(params.cause),
    /** No open port behind the cuff driver: the device is not there, nothing failed mid-way. */
    cuffPortMissing: (_, params: { cause: CuffFaultCause }) => params.cause === 'notOpen',
    stopConfirmed: (_, params: { result: CuffStopResult }) => params.result.ok,
  },
}).createMachine({
  id: 'vitals',
  context: ({ input }) => ({
    limits: input,
    plan: measurementPlan(input),
    index: 0,
    retries: 0,
    retryCause: null,
    advisoryBp: null,
    disturbance: null,
    signal: null,
    live: NO_LIVE,
    readings: {},
    outcome: null,
    detail: '',
  }),
  // Overridden where the cuff may be inflating (measuringBp) and while it is being stopped.
  on: {
    CANCEL: {
      target: '.done',
      actions: {
        type: 'finish',
        params: ({ context }) => ({
          outcome: 'cancelled',
          detail: `the patient cancelled during ${currentName(context)}`,
        }),
      },
    },
  },
  initial: 'selecting',
  states: {
    selecting: {
      always: [
        {
          guard: 'planComplete',
          target: 'done',
          actions: {
            type: 'finish',
            params: ({ context }) => ({
              outcome: 'in_range',
              detail:
                context.plan.length === 0
                  ? 'no vitals limits: nothing to measure'
                  : `${context.plan.map((m) => MEASUREMENT_NAME[m]).join(' and ')} within limits`,
            }),
          },
        },
        { target: 'connecting', actions: 'beginMeasurement' },
      ],
    },

    connecting: {
      invoke: {
        src: 'connectDevice',
        input: ({ context }) => ({ device: DEVICE_FOR[current(context)!] }),
        onDone: [
          {
            guard: { type: 'deviceReady', params: ({ event }) => ({ check: event.output }) },
            target: 'instructions',
          },
          {
            target: 'done',
            actions: {
              type: 'finish',
              params: ({ context, event }) => ({
                outcome: 'device_unavailable',
                detail: `${DEVICE_FOR[current(context)!]}: ${event.output.ready ? '' : event.output.detail}`,
              }),
            },
          },
        ],
        onError: {
          target: 'done',
          actions: {
            type: 'finish',
            params: ({ context, event }) => ({
              outcome: 'device_unavailable',
              detail: `${DEVICE_FOR[current(context)!]}: ${String(event.error)}`,
            }),
          },
        },
      },
      after: {
        CONNECT_TIMEOUT: {
          target: 'done',
          actions: {
            type: 'finish',
            params: ({ context }) => ({
              outcome: 'device_unavailable',
              detail: `${DEVICE_FOR[current(context)!]}: link not ready within ${VITALS_DELAYS.CONNECT_TIMEOUT_MS} ms`,
            }),
          },
        },
      },
    },

    instructions: {
      on: {
        START_MEASURE: [
          { guard: 'currentIsBp', target: 'measuringBp' },
          { target: 'measuringSpo2' },
        ],
        ACTIVITY: { target: 'instructions', reenter: true },
      },
      after: {
        START_TIMEOUT: {
          target: 'done',
          actions: {
            type: 'finish',
            params: ({ context }) => ({
              outcome: 'timed_out',
              detail: `${currentName(context)}: Start not pressed within ${VITALS_DELAYS.START_TIMEOUT_MS} ms`,
            }),
          },
        },
      },
    },

    measuringBp: {
      entry: 'resetLive',
      invoke: { src: 'measureBp', input: ({ context }) => ({ attempt: context.retries + 1 }) },
      on: {
        'BP.STARTED': { actions: 'cuffStarted' },
        'BP.LIVE': {
          actions: { type: 'takeCuffPressure', params: ({ event }) => ({ batch: event.batch }) },
        },
        'BP.READING': {
          target: 'result',
          actions: { type: 'recordBp', params: ({ event }) => ({ reading: event.reading }) },
        },
        'BP.RETRY': [
          {
            guard: { type: 'cuffRetryIsFault', params: ({ event }) => ({ cause: event.cause }) },
            target: 'done',
            actions: {
              type: 'finish',
              params: ({ event }) => ({
                outcome: 'device_fault',
                detail: `bpCuff: ${event.cause} (cannot build pressure)`,
              }),
            },
          },
          {
            target: 'retryCheck',
            actions: {
              type: 'noteRetry',
              params: ({ event }) => ({
                cause: CUFF_RETRY_PROMPT[event.cause],
                ...(event.reading && { advisory: event.reading }),
              }),
            },
          },
        ],
        'BP.FAULT': [
          {
            guard: { type: 'cuffPortMissing', params: ({ event }) => ({ cause: event.cause }) },
            target: 'done',
            actions: {
              type: 'finish',
              params: ({ event }) => ({
                outcome: 'device_unavailable',
                detail: `bpCuff: ${event.detail}`,
              }),
            },
          },
          {
            target: 'done',
            actions: {
              type: 'finish',
              params: ({ event }) => ({
                outcome: 'device_fault',
                detail: `bpCuff: ${event.cause}: ${event.detail}`,
              }),
            },
          },
        ],
        // Only this machine aborts the cuff, and it stops listening first: an abort seen here
        // came from elsewhere (the driver closing), and no result will follow.
        'BP.ABORTED': {
          target: 'done',
          actions: {
            type: 'finish',
            params: { outcome: 'device_fault', detail: 'bpCuff: measurement aborted elsewhere' },
          },
        },
        'BP.LOST': {
          target: 'done',
          actions: {
            type: 'finish',
            params: ({ event }) => ({
              outcome: 'device_fault',
              detail: `bpCuff: lost during the measurement (${event.detail})`,
            }),
          },
        },
        CANCEL: {
          target: 'stoppingCuff',
          actions: {
            type: 'finish',
            params: { outcome: 'cancelled', detail: 'the patient cancelled during blood pressure' },
          },
        },
      },
      after: {
        BP_MEASURE_WATCHDOG: {
          target: 'stoppingCuff',
          actions: {
            type: 'finish',
            params: {
              outcome: 'device_fault',
              detail: `bpCuff: no result within ${VITALS_DELAYS.BP_MEASURE_WATCHDOG_MS} ms`,
            },
          },
        },
      },
    },

    measuringSpo2: {
      entry: 'resetLive',
      invoke: { src: 'watchOximeter', input: ({ context }) => ({ attempt: context.retries + 1 }) },
      on: {
        'OXIMETER.LIVE': {
          actions: { type: 'takePleth', params: ({ event }) => ({ batch: event.batch }) },
        },
        'OXIMETER.READING': {
          target: 'result',
          actions: { type: 'recordSpo2', params: ({ event }) => ({ reading: event.reading }) },
        },
        'OXIMETER.SENSOR_OFF': {
          target: 'done',
          actions: {
            type: 'finish',
            params: { outcome: 'device_fault', detail: 'oximeter: sensor unplugged or inoperable' },
          },
        },
        'OXIMETER.LINK_DOWN': {
          target: 'done',
          actions: {
            type: 'finish',
            params: { outcome: 'device_fault', detail: 'oximeter: no valid frame for 1 s' },
          },
        },
        'OXIMETER.LOST': {
          target: 'done',
          actions: {
            type: 'finish',
            params: ({ event }) => ({
              outcome: 'device_fault',
              detail: `oximeter: lost during the measurement (${event.detail})`,
            }),
          },
        },
        // LINK_UP / LINK_DEGRADED change nothing here: without packets there is no reading, and
        // SPO2_NO_READING ends the wait.
      },
      after: {
        SPO2_NO_READING: {
          target: 'retryCheck',
          actions: {
            type: 'noteRetry',
            params: ({ context }) => ({ cause: context.disturbance ?? 'weakSignal' }),
          },
        },
      },
      initial: 'acquiring',
      states: {
        acquiring: {
          on: {
            'OXIMETER.SIGNAL_OK': {
              actions: {
                type: 'noteSignal',
                params: ({ event }) => ({ signal: event.lowPerfusion ? 'lowPerfusion' : 'ok' }),
              },
            },
            'OXIMETER.SEARCHING': {
              actions: { type: 'noteSignal', params: { signal: 'searching' } },
            },
            'OXIMETER.MOTION': {
              target: 'disturbed',
              actions: {
                type: 'noteDisturbance',
                params: ({ event }) => ({ cause: OXIMETER_MOTION_PROMPT[event.cause] }),
              },
            },
            'OXIMETER.FINGER_OUT': {
              target: 'disturbed',
              actions: { type: 'noteDisturbance', params: { cause: 'fingerOut' } },
            },
            'OXIMETER.IMPLAUSIBLE': {
              target: 'disturbed',
              actions: { type: 'noteDisturbance', params: { cause: 'implausible' } },
            },
          },
        },
        // A disturbance that clears within the grace period is forgotten; one that lasts becomes
        // a retry prompt. A change of disturbance does not restart the grace period.
        disturbed: {
          on: {
            'OXIMETER.SIGNAL_OK': {
              target: 'acquiring',
              actions: {
                type: 'noteSignal',
                params: ({ event }) => ({ signal: event.lowPerfusion ? 'lowPerfusion' : 'ok' }),
              },
            },
            'OXIMETER.SEARCHING': {
              target: 'acquiring',
              actions: { type: 'noteSignal', params: { signal: 'searching' } },
            },
            'OXIMETER.MOTION': {
              actions: {
                type: 'noteDisturbance',
                params: ({ event }) => ({ cause: OXIMETER_MOTION_PROMPT[event.cause] }),
              },
            },
            'OXIMETER.FINGER_OUT': {
              actions: { type: 'noteDisturbance', params: { cause: 'fingerOut' } },
            },
            'OXIMETER.IMPLAUSIBLE': {
              actions: { type: 'noteDisturbance', params: { cause: 'implausible' } },
            },
          },
          after: {
            OXIMETER_DISTURBANCE_GRACE: {
              target: '#vitals.retryCheck',
              actions: {
                type: 'noteRetry',
                params: ({ context }) => ({ cause: context.disturbance ?? 'artefact' }),
              },
            },
          },
        },
      },
    },

    retryCheck: {
      always: [
        { guard: 'retryAllowed', target: 'retry', actions: 'countRetry' },
        {
          target: 'done',
          actions: {
            type: 'finish',
            params: ({ context }) => ({
              outcome: 'could_not_measure',
              detail:
                `${currentName(context)}: ${MAX_RETRIES_PER_MEASUREMENT + 1} attempts, ` +
                `last: ${context.retryCause ?? 'unknown'}` +
                (context.advisoryBp
                  ? ` (cuff gave ${context.advisoryBp.systolic}/${context.advisoryBp.diastolic} with a retake advised)`
                  : ''),
            }),
          },
        },
      ],
    },

    retry: { after: { RETRY_PROMPT: 'instructions' } },

    result: {
      always: [
        {
          guard: 'outOfRange',
          target: 'done',
          actions: {
            type: 'finish',
            params: ({ context }) => ({
              outcome: 'out_of_range',
              detail: describeBreaches(checkLimits(context.limits, context.readings)),
            }),
          },
        },
        { target: 'selecting', actions: 'advancePlan' },
      ],
    },

    // The outcome (cancelled, or device_fault from the watchdog) is already set; this state only
    // makes sure the cuff deflates and says so in the detail when it did not confirm.
    stoppingCuff: {
      invoke: {
        src: 'abortBp',
        input: ({ context }) => ({
          reason: context.outcome === 'cancelled' ? ('cancelled' as const) : ('watchdog' as const),
        }),
        onDone: [
          {
            guard: { type: 'stopConfirmed', params: ({ event }) => ({ result: event.output }) },
            target: 'done',
          },
          {
            target: 'done',
            actions: {
              type: 'noteStopFailure',
              params: ({ event }) => ({ why: event.output.ok ? '' : event.output.error.detail }),
            },
          },
        ],
        onError: {
          target: 'done',
          actions: {
            type: 'noteStopFailure',
            params: ({ event }) => ({ why: String(event.error) }),
          },
        },
      },
      after: {
        CUFF_ABORT_TIMEOUT: {
          target: 'done',
          actions: {
            type: 'noteStopFailure',
            params: { why: `no answer within ${VITALS_DELAYS.CUFF_ABORT_TIMEOUT_MS} ms` },
          },
        },
      },
      // Already stopping: a second CANCEL must not cut the abort short.
      on: { CANCEL: {} },
    },

    done: { type: 'final' },
  },
  output: ({ context }) => {
    // Every transition into `done` sets the outcome; the fallback only narrows the type.
    const outcome = context.outcome ?? 'could_not_measure';
    return {
      outcome,
      readings: context.readings,
      limits: context.limits,
      detail: context.detail,
      breaches: outcome === 'out_of_range' ? checkLimits(context.limits, context.readings) : [],
      measurement: outcome === 'in_range' ? null : current(context),
    };
  },
});

// ---------------------------------------------------------------------------------------------
// View for the renderer
// ---------------------------------------------------------------------------------------------

export type VitalsPhase =
  | 'connecting'
  | 'instructions'
  | 'measuring'
  | 'retry'
  /** Cancelled or watchdog: waiting for the cuff to confirm it deflates. */
  | 'stopping'
  | 'done';

/** A live hint while the oximeter measures: a disturbance being waited out, or the signal. */
export type VitalsHint = VitalsRetryCause | 'searching' | 'signalOk' | 'lowPerfusion';

/** Plain JSON: what the renderer needs to draw the vitals step. */
export interface VitalsView {
  phase: VitalsPhase;
  /** The measurement in progress (the one the step ended on when done), or null. */
  measurement: VitalsMeasurement | null;
  /** 1-based position of `measurement` in the plan, and the plan's length ("1 of 2"). */
  step: number;
  steps: number;
  /** 1-based attempt of the measurement (on the retry prompt: the one about to start), and the most it gets. */
  attempt: number;
  maxAttempts: number;
  /** On the retry prompt and on the instructions after it: what to fix. */
  retryCause: VitalsRetryCause | null;
  /** While measuring SpO2. */
  hint: VitalsHint | null;
  /** While measuring BP: the last cuff pressure, mmHg. */
  pressureMmHg: number | null;
  cuffPhase: 'inflating' | 'deflating' | null;
  /** While measuring SpO2: the last few seconds of pleth samples (0–255), oldest first. */
  pleth: number[];
  readings: VitalsReadings;
  /** The BP reading's category, once there is one. */
  bpCategory: BpCategory | null;
  /** Once done. */
  outcome: VitalsOutcome | null;
  breaches: VitalsBreach[];
}

/** The parts of a vitals snapshot the view reads (a full `SnapshotFrom<typeof vitalsMachine>` fits). */
export interface VitalsSnapshotLike {
  value: unknown;
  context: VitalsContext;
}

function phaseOf(value: unknown): { phase: VitalsPhase; disturbed: boolean } {
  if (typeof value === 'object' && value !== null && 'measuringSpo2' in value) {
    return {
      phase: 'measuring',
      disturbed: (value as { measuringSpo2: unknown }).measuringSpo2 === 'disturbed',
    };
  }
  switch (value) {
    case 'connecting':
    case 'instructions':
    case 'retry':
    case 'done':
      return { phase: value, disturbed: false };
    case 'measuringBp':
      return { phase: 'measuring', disturbed: false };
    case 'stoppingCuff':
      return { phase: 'stopping', disturbed: false };
    default:
      // Transient states (selecting, retryCheck, result) are never observed at rest.
      return { phase: 'connecting', disturbed: false };
  }
}

const SIGNAL_HINT: Readonly<Record<NonNullable<VitalsContext['signal']>, VitalsHint>> = {
  searching: 'searching',
  ok: 'signalOk',
  lowPerfusion: 'lowPerfusion',
};

/** Pure: a vitals snapshot → what the renderer draws. Copies arrays, so it is safe to serialise. */
export function vitalsSnapshotView(snapshot: VitalsSnapshotLike): VitalsView {
  const c = snapshot.context;
  const { phase, disturbed } = phaseOf(snapshot.value);
  const measurement = current(c);
  const measuring = phase === 'measuring';
  const bp = c.readings.bp;
  const hint: VitalsHint | null =
    measuring && measurement === 'spo2'
      ? disturbed
        ? c.disturbance
        : c.signal
          ? SIGNAL_HINT[c.signal]
          : null
      : null;
  return {
    phase,
    measurement: phase === 'done' && c.outcome === 'in_range' ? null : measurement,
    step: Math.min(c.index + 1, c.plan.length),
    steps: c.plan.length,
    attempt: c.retries + 1,
    maxAttempts: MAX_RETRIES_PER_MEASUREMENT + 1,
    retryCause: phase === 'retry' || phase === 'instructions' ? c.retryCause : null,
    hint,
    pressureMmHg: measuring && measurement === 'bp' ? c.live.pressure : null,
    cuffPhase:
      measuring && measurement === 'bp' && c.live.cuffPhase
        ? c.live.cuffPhase === 'INF'
          ? 'inflating'
          : 'deflating'
        : null,
    pleth: measuring && measurement === 'spo2' ? [...c.live.pleth] : [],
    readings: {
      ...(c.readings.bp && { bp: { ...c.readings.bp } }),
      ...(c.readings.spo2 && { spo2: { ...c.readings.spo2 } }),
    },
    bpCategory: bp ? bpCategory(bp.systolic, bp.diastolic) : null,
    outcome: phase === 'done' ? c.outcome : null,
    breaches:
      phase === 'done' && c.outcome === 'out_of_range' ? checkLimits(c.limits, c.readings) : [],
  };
}
