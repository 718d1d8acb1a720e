import type { JournalEvent } from '../../contracts/journal-events';
import { PATIENT_CHECK_ATTEMPTS } from '../../state-machines/kiosk-session';

/**
 * Wrong patient-check answers per prescription on this kiosk, derived from PATIENT_CHECK_FAILED
 * events, so a lock survives restarts (prescription-token.md §4 step 12).
 */
export interface PatientCheckLedger {
  failures: Record<string, number>;
}

export const emptyPatientCheckLedger = (): PatientCheckLedger => ({ failures: {} });

export function reducePatientChecks(
  state: PatientCheckLedger,
  event: JournalEvent,
): PatientCheckLedger {
  if (event.type !== 'PATIENT_CHECK_FAILED') return state;
  return { failures: { ...state.failures, [event.data.jti]: event.data.attempt } };
}

export function attemptsLeft(ledger: PatientCheckLedger, jti: string): number {
  return Math.max(0, PATIENT_CHECK_ATTEMPTS - (ledger.failures[jti] ?? 0));
}
