import { PATIENT_CHECK_ATTEMPTS } from '../../state-machines/kiosk-session';
import type { JournalEvent } from '../../contracts/journal-events';
import { matchesPatientCheck } from './patient-check';

/**
 * The patient check of prescription-token.md §4 step 12 as a decision: the token is a bearer
 * credential, so the kiosk asks for birth date + PIN and allows 3 misses per token on this kiosk,
 * counted from the journal (PATIENT_CHECK_FAILED), so a reboot or kill -9 never resets them.
 *
 * The caller journals `failure` BEFORE it answers the patient: a crash between the scrypt result
 * and the journal write must not hand out a free guess. Every submitted pair that does not match
 * counts as a miss, including a malformed one; a later success does not reset the count (three
 * misses in a token's life lock it here, and the pharmacist can issue a new token).
 */

/** The kiosk session's limit (state-machines/kiosk-session.ts), so machine and policy cannot disagree. */
export const MAX_PATIENT_CHECK_ATTEMPTS = PATIENT_CHECK_ATTEMPTS;

/** The data of the PATIENT_CHECK_FAILED journal event. */
export interface PatientCheckFailure {
  readonly jti: string;
  /** 1-based number of this miss for this token on this kiosk. */
  readonly attempt: number;
  /** True on the miss that locks the token here. */
  readonly locked: boolean;
}

export type PatientCheckDecision =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: 'patient_mismatch';
      readonly attemptsLeft: number;
      /** Journal this before answering. */
      readonly failure: PatientCheckFailure;
    }
  | {
      readonly ok: false;
      readonly reason: 'patient_locked';
      /** Journal this before answering; undefined when the token was already locked (no guess was checked). */
      readonly failure: PatientCheckFailure | undefined;
    };

export interface PatientCheckInput {
  readonly jti: string;
  /** `Prescription.patient.check`; a token without one can never pass (the check is mandatory). */
  readonly checkValue: string | undefined;
  /** What the patient entered: FHIR date and 6-digit PIN. Never logged or journaled. */
  readonly birthDate: string;
  readonly pin: string;
  /** Misses already journaled for this jti on this kiosk. */
  readonly failedAttempts: number;
}

export function isPatientCheckLocked(failedAttempts: number): boolean {
  return failedAttempts >= MAX_PATIENT_CHECK_ATTEMPTS;
}

/**
 * Decides one attempt. When the token is already locked the entered values are not even checked,
 * so a locked token gives an attacker no oracle. Runs scrypt once otherwise (~100 ms).
 */
export function decidePatientCheck(input: PatientCheckInput): PatientCheckDecision {
  if (isPatientCheckLocked(input.failedAttempts)) {
    return { ok: false, reason: 'patient_locked', failure: undefined };
  }
  const matches =
    input.checkValue !== undefined &&
    matchesPatientCheck(input.checkValue, input.birthDate, input.pin);
  if (matches) return { ok: true };
  const attempt = input.failedAttempts + 1;
  const locked = isPatientCheckLocked(attempt);
  const failure: PatientCheckFailure = { jti: input.jti, attempt, locked };
  return locked
    ? { ok: false, reason: 'patient_locked', failure }
    : {
        ok: false,
        reason: 'patient_mismatch',
        attemptsLeft: MAX_PATIENT_CHECK_ATTEMPTS - attempt,
        failure,
      };
}

/** Misses per jti, as a view reducer over the journal (pure; rebuildable from scratch). */
export function reducePatientCheckFailures(
  state: Readonly<Record<string, number>>,
  event: JournalEvent,
): Readonly<Record<string, number>> {
  if (event.type !== 'PATIENT_CHECK_FAILED') return state;
  const { jti } = event.data;
  const previous = Object.hasOwn(state, jti) ? (state[jti] ?? 0) : 0;
  return { ...state, [jti]: previous + 1 };
}

/** The count for one jti from that view (0 when absent; inherited members are never read). */
export function failedAttemptsFor(state: Readonly<Record<string, number>>, jti: string): number {
  return Object.hasOwn(state, jti) ? (state[jti] ?? 0) : 0;
}
