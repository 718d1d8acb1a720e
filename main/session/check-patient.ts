import type { Journal } from '../journal';
import type { ViewStore } from '../views';
import { decidePatientCheck, failedAttemptsFor } from '../prescriptions/patient-check-policy';
import type { PatientCheckInput, PatientCheckResult } from '../../state-machines/kiosk-session';

/**
 * Step 12 of prescription-token.md §4: the patient's date of birth and PIN against the
 * prescription's scrypt check value. A wrong answer is journaled (fsynced) before the patient is
 * told, so the third one locks the prescription on this kiosk even across a kill -9. What was
 * typed is never stored or logged.
 */
export async function checkPatient(
  deps: {
    journal: Journal;
    failures: ViewStore<Readonly<Record<string, number>>>;
    checkValueOf: (jti: string) => string | undefined;
  },
  input: PatientCheckInput,
): Promise<PatientCheckResult> {
  const decision = decidePatientCheck({
    jti: input.jti,
    checkValue: deps.checkValueOf(input.jti),
    birthDate: input.birthDate,
    pin: input.pin,
    failedAttempts: failedAttemptsFor(deps.failures.state, input.jti),
  });
  if (decision.ok) return { ok: true };
  if (decision.failure) await deps.journal.append('PATIENT_CHECK_FAILED', { ...decision.failure });
  return decision.reason === 'patient_locked'
    ? { ok: false, reason: 'patient_locked' }
    : { ok: false, reason: 'patient_mismatch', attemptsLeft: decision.attemptsLeft };
}
