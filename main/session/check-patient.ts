import type { Journal } from '../journal';
import type { ViewStore } from '../views';
import { matchesPatientCheck } from '../prescriptions/patient-check';
import type { PatientCheckInput, PatientCheckResult } from '../../state-machines/kiosk-session';
import { attemptsLeft, type PatientCheckLedger } from './patient-check-ledger';

/**
 * Step 12 of prescription-token.md §4: the patient's date of birth and PIN against the
 * prescription's scrypt check value. A wrong answer is journaled (fsynced) before the patient is
 * told, so the third one locks the prescription on this kiosk even across a kill -9. What was
 * typed is never stored or logged.
 */
export async function checkPatient(
  deps: {
    journal: Journal;
    ledger: ViewStore<PatientCheckLedger>;
    checkValueOf: (jti: string) => string | undefined;
  },
  input: PatientCheckInput,
): Promise<PatientCheckResult> {
  const left = attemptsLeft(deps.ledger.state, input.jti);
  if (left === 0) return { ok: false, reason: 'patient_locked' };
  const checkValue = deps.checkValueOf(input.jti);
  if (checkValue !== undefined && matchesPatientCheck(checkValue, input.birthDate, input.pin))
    return { ok: true };
  const attempt = deps.ledger.state.failures[input.jti] ?? 0;
  const locked = left === 1;
  await deps.journal.append('PATIENT_CHECK_FAILED', {
    jti: input.jti,
    attempt: attempt + 1,
    locked,
  });
  return locked
    ? { ok: false, reason: 'patient_locked' }
    : { ok: false, reason: 'patient_mismatch', attemptsLeft: left - 1 };
}
