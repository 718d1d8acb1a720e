/**
 * Why the kiosk refused a prescription (prescription-token.md §4a): one code per refusal, and the
 * one English sentence the patient sees for it. The sentences are short, in plain words, and say
 * what to do next; they never say which check failed in technical terms, because a patient cannot
 * act on that and an attacker could. Translations come later and will key on the same codes.
 */

import { REASON_CODES, type ReasonCode } from '../../contracts/reason-codes';

export { REASON_CODES, type ReasonCode };

/**
 * A refusal: `reason` decides what the patient is told and what the journal counts; `detail` is
 * for the pharmacist and technician. `detail` never holds token text, patient data or PINs (it is
 * journaled and shown on the hub).
 */
export interface Refusal {
  readonly reason: ReasonCode;
  readonly detail: string;
}

export function refusal(reason: ReasonCode, detail: string): Refusal {
  return { reason, detail };
}

const CANNOT_READ = 'This prescription code cannot be read. Please call the pharmacist.';
const NOT_ACCEPTED =
  'This prescription cannot be accepted here. Please call the pharmacist for a new one.';

/** The patient-facing sentence for each code. */
export const PATIENT_MESSAGES: Readonly<Record<ReasonCode, string>> = {
  malformed: CANNOT_READ,
  too_large: CANNOT_READ,
  bad_alg: NOT_ACCEPTED,
  unknown_kid: NOT_ACCEPTED,
  bad_signature: NOT_ACCEPTED,
  wrong_issuer: NOT_ACCEPTED,
  key_not_valid: NOT_ACCEPTED,
  not_yet_valid: 'This prescription cannot be used yet. Please come back on the start date.',
  expired: 'This prescription has expired. Please call the pharmacist for a new one.',
  revoked: 'This prescription has been cancelled. Please call the pharmacist.',
  no_fills_left:
    'All the medicine on this prescription has been given. Please ask for a refill on the next screen, or call the pharmacist.',
  offline_limit:
    'This kiosk cannot give more of this medicine until it reconnects. Please call the pharmacist.',
  too_soon: 'It is too early for your next medicine. Please come back later.',
  wrong_kiosk:
    'This prescription is for a different kiosk. Please go to the kiosk named on your prescription, or call the pharmacist.',
  patient_mismatch: 'The birth date or PIN does not match. Please try again.',
  patient_locked: 'The birth date or PIN was wrong too many times. Please call the pharmacist.',
  product_mismatch: 'This kiosk does not have the right medicine. Please call the pharmacist.',
  out_of_stock: 'This medicine has run out at this kiosk. Please call the pharmacist.',
  no_usable_lot:
    'This kiosk has no packs of this medicine that can be given today. Please call the pharmacist.',
  vitals_required:
    'Your blood pressure or oxygen needs checking before you get this medicine. Please call the pharmacist.',
  clock_untrusted: 'This kiosk cannot check prescriptions right now. Please call the pharmacist.',
  trust_list_stale: 'This kiosk cannot check prescriptions right now. Please call the pharmacist.',
};

export function patientMessage(reason: ReasonCode): string {
  return PATIENT_MESSAGES[reason];
}

export function isReasonCode(value: string): value is ReasonCode {
  return (REASON_CODES as readonly string[]).includes(value);
}
