import { err, ok, type Result } from '../../contracts/result';
import type { CuffSentence } from './codec';
import {
  DIASTOLIC_MAX,
  DIASTOLIC_MIN,
  ERROR_CUFF_LOOSE,
  ERROR_INTERNAL,
  ERROR_LEAK,
  ERROR_MOTION,
  ERROR_OVERPRESSURE,
  ERROR_TIMEOUT,
  ERROR_WEAK_SIGNAL,
  PULSE_MAX,
  PULSE_MIN,
  PULSE_RANGE_ABOVE,
  PULSE_RANGE_BELOW,
  PULSE_RANGE_WITHIN,
  STATUS_BODY_MOVEMENT,
  STATUS_CUFF_LOOSE,
  STATUS_IMPROPER_POSITION,
  STATUS_IRREGULAR_PULSE,
  STATUS_PULSE_RANGE_MASK,
  STATUS_PULSE_RANGE_SHIFT,
  STATUS_RETAKE_MASK,
  SYSTOLIC_MAX,
  SYSTOLIC_MIN,
  UNIT_MMHG,
} from './protocol';

/**
 * Pure mapping from what the cuff says to what the kiosk does (vitals.md §B.2 host rules, §C):
 * 0x2A35 status bits → flags, `E` codes → a reason, an `R` → an accepted reading or a rejection,
 * and every session outcome → one vitals machine event.
 */

// ---------------------------------------------------------------------------------------------
// Measurement status bits
// ---------------------------------------------------------------------------------------------

export type PulseRange = 'within' | 'above' | 'below' | 'reserved';

export interface CuffStatusFlags {
  /** Bit 0. */
  bodyMovement: boolean;
  /** Bit 1. */
  cuffLoose: boolean;
  /** Bit 2: kept with the reading and shown to the pharmacist; no retake by itself. */
  irregularPulse: boolean;
  /** Bits 3–4: kept with the reading; no retake by itself. */
  pulseRange: PulseRange;
  /** Bit 5. */
  improperPosition: boolean;
  /** Bit 0, 1 or 5 set: the reading stands, but a retake is advised. */
  retakeAdvised: boolean;
}

/** 0x2A35 status → flags. Bits 6–15 are ignored (vitals.md §C). */
export function interpretStatus(status: number): CuffStatusFlags {
  const range = (status & STATUS_PULSE_RANGE_MASK) >> STATUS_PULSE_RANGE_SHIFT;
  return {
    bodyMovement: (status & STATUS_BODY_MOVEMENT) !== 0,
    cuffLoose: (status & STATUS_CUFF_LOOSE) !== 0,
    irregularPulse: (status & STATUS_IRREGULAR_PULSE) !== 0,
    pulseRange:
      range === PULSE_RANGE_WITHIN
        ? 'within'
        : range === PULSE_RANGE_ABOVE
          ? 'above'
          : range === PULSE_RANGE_BELOW
            ? 'below'
            : 'reserved',
    improperPosition: (status & STATUS_IMPROPER_POSITION) !== 0,
    retakeAdvised: (status & STATUS_RETAKE_MASK) !== 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Device error codes
// ---------------------------------------------------------------------------------------------

export type CuffErrorReason =
  | 'leak'
  | 'overPressure'
  | 'motion'
  | 'timeout'
  | 'cuffLoose'
  | 'weakSignal'
  | 'internal'
  | 'unknown';

const ERROR_TABLE: ReadonlyMap<string, CuffErrorReason> = new Map<string, CuffErrorReason>([
  [ERROR_LEAK, 'leak'],
  [ERROR_OVERPRESSURE, 'overPressure'],
  [ERROR_MOTION, 'motion'],
  [ERROR_TIMEOUT, 'timeout'],
  [ERROR_CUFF_LOOSE, 'cuffLoose'],
  [ERROR_WEAK_SIGNAL, 'weakSignal'],
  [ERROR_INTERNAL, 'internal'],
]);

/** `E` code → reason; a code outside E01–E07 is "unknown". */
export function interpretErrorCode(code: string): CuffErrorReason {
  return ERROR_TABLE.get(code) ?? 'unknown';
}

// ---------------------------------------------------------------------------------------------
// Result acceptance
// ---------------------------------------------------------------------------------------------

/** An accepted blood-pressure reading (mmHg only). */
export interface BpReading {
  seq: number;
  systolic: number;
  diastolic: number;
  map: number;
  pulse: number;
  /** The raw 0x2A35 status, for the record. */
  status: number;
  flags: CuffStatusFlags;
}

export type ResultRejection =
  /** The cuff reported another unit than mmHg (a configuration problem, not the patient's). */
  | { reason: 'unit'; unit: string; detail: string }
  /** Values outside the plausible window or not ordered dia < map < sys. */
  | { reason: 'implausible'; detail: string };

/**
 * An `R` sentence → an accepted reading, or why not (vitals.md §B.2 and §C): unit mmHg,
 * 60 ≤ sys ≤ 260, 30 ≤ dia ≤ 160, pulse 30..220, and dia < map < sys.
 */
export function evaluateResult(
  r: Extract<CuffSentence, { type: 'R' }>,
): Result<BpReading, ResultRejection> {
  if (r.unit !== UNIT_MMHG) {
    return err({
      reason: 'unit',
      unit: r.unit,
      detail: `unit "${r.unit}"; the kiosk accepts mmHg only`,
    });
  }
  const problems: string[] = [];
  if (r.systolic < SYSTOLIC_MIN || r.systolic > SYSTOLIC_MAX) {
    problems.push(`systolic ${r.systolic} outside ${SYSTOLIC_MIN}–${SYSTOLIC_MAX}`);
  }
  if (r.diastolic < DIASTOLIC_MIN || r.diastolic > DIASTOLIC_MAX) {
    problems.push(`diastolic ${r.diastolic} outside ${DIASTOLIC_MIN}–${DIASTOLIC_MAX}`);
  }
  if (r.pulse < PULSE_MIN || r.pulse > PULSE_MAX) {
    problems.push(`pulse ${r.pulse} outside ${PULSE_MIN}–${PULSE_MAX}`);
  }
  if (!(r.diastolic < r.map && r.map < r.systolic)) {
    problems.push(`not dia ${r.diastolic} < map ${r.map} < sys ${r.systolic}`);
  }
  if (problems.length > 0) return err({ reason: 'implausible', detail: problems.join('; ') });
  return ok({
    seq: r.seq,
    systolic: r.systolic,
    diastolic: r.diastolic,
    map: r.map,
    pulse: r.pulse,
    status: r.status,
    flags: interpretStatus(r.status),
  });
}

// ---------------------------------------------------------------------------------------------
// Session outcome → machine event
// ---------------------------------------------------------------------------------------------

export type BpHostFault =
  /** START sent 3 times (or STOP) without an ACK. */
  | 'noAck'
  /** No P/R/E for 5 s during a session: the host sent STOP. */
  | 'noProgress'
  /** The port was lost during the session. */
  | 'lost'
  /** The driver has no open port. */
  | 'notOpen'
  /** A session is already running (one at a time). */
  | 'busy';

/** How one measurement session ended. */
export type BpOutcome =
  | { kind: 'reading'; reading: BpReading }
  | { kind: 'rejected'; seq: number; rejection: ResultRejection }
  | { kind: 'deviceError'; seq: number; code: string; reason: CuffErrorReason; text: string }
  | { kind: 'fault'; seq?: number; fault: BpHostFault; detail: string }
  /** The host stopped the session (abort()). */
  | { kind: 'aborted'; seq: number };

export type BpRetryCause =
  'movement' | 'cuffLoose' | 'position' | 'leak' | 'weakSignal' | 'timeout' | 'implausible';

export type BpFaultCause =
  | 'overPressure'
  | 'internal'
  | 'unknownError'
  | 'unit'
  | 'noAck'
  | 'noProgress'
  | 'lost'
  | 'notOpen'
  | 'busy';

/** Events for the vitals machine (DESIGN §3). */
export type BpMachineEvent =
  /** The cuff ACKed START: inflation begins (show the live gauge). */
  | { type: 'BP.STARTED'; seq: number }
  /** An accepted reading with no retake advised. */
  | { type: 'BP.READING'; reading: BpReading }
  /**
   * Prompt the patient to retry: motion, loose cuff, position, leak, weak signal, timeout, or an
   * implausible result. `reading` is present when the cuff gave one with a retake advised.
   */
  | { type: 'BP.RETRY'; cause: BpRetryCause; reading?: BpReading }
  /** The device or the link failed: staff must look (or the step is skipped/referred). */
  | { type: 'BP.FAULT'; cause: BpFaultCause; detail: string }
  | { type: 'BP.ABORTED' }
  /** The port is gone (unplug, EIO). */
  | { type: 'BP.LOST'; detail: string };

const RETRY_BY_ERROR: Partial<Record<CuffErrorReason, BpRetryCause>> = {
  leak: 'leak',
  motion: 'movement',
  timeout: 'timeout',
  cuffLoose: 'cuffLoose',
  weakSignal: 'weakSignal',
};

/**
 * Outcome → machine event. A reading with bit 0, 1 or 5 becomes a retry prompt carrying the
 * reading (the first bit wins: movement, then cuff loose, then position); irregular pulse and
 * pulse range never do by themselves. Over-pressure and internal faults are device faults, not
 * something the patient can fix.
 */
export function outcomeToEvent(outcome: BpOutcome): BpMachineEvent {
  switch (outcome.kind) {
    case 'reading': {
      const f = outcome.reading.flags;
      if (!f.retakeAdvised) return { type: 'BP.READING', reading: outcome.reading };
      const cause: BpRetryCause = f.bodyMovement
        ? 'movement'
        : f.cuffLoose
          ? 'cuffLoose'
          : 'position';
      return { type: 'BP.RETRY', cause, reading: outcome.reading };
    }
    case 'rejected':
      return outcome.rejection.reason === 'unit'
        ? { type: 'BP.FAULT', cause: 'unit', detail: outcome.rejection.detail }
        : { type: 'BP.RETRY', cause: 'implausible' };
    case 'deviceError': {
      const retry = RETRY_BY_ERROR[outcome.reason];
      if (retry) return { type: 'BP.RETRY', cause: retry };
      return {
        type: 'BP.FAULT',
        cause:
          outcome.reason === 'overPressure'
            ? 'overPressure'
            : outcome.reason === 'internal'
              ? 'internal'
              : 'unknownError',
        detail: `${outcome.code} ${outcome.text}`,
      };
    }
    case 'fault':
      return { type: 'BP.FAULT', cause: outcome.fault, detail: outcome.detail };
    case 'aborted':
      return { type: 'BP.ABORTED' };
  }
}

/** DESIGN §3 deviceSupervisor: the cuff is silent when idle, so only a lost port is "lost". */
export function cuffToSupervisor(state: 'open' | 'lost'): 'ready' | 'lost' {
  return state === 'open' ? 'ready' : 'lost';
}
