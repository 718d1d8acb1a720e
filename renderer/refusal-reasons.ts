/**
 * The verifier's reason codes (shared/protocols/prescription-token.md §4a). The snapshot carries
 * the code as a plain string; the renderer turns a known one into words and anything else into
 * the generic "call the pharmacist" message, so a new code in main never shows a raw key.
 */
export const REFUSAL_REASONS = [
  'malformed',
  'too_large',
  'bad_alg',
  'unknown_kid',
  'bad_signature',
  'wrong_issuer',
  'key_not_valid',
  'not_yet_valid',
  'expired',
  'revoked',
  'no_fills_left',
  'offline_limit',
  'too_soon',
  'wrong_kiosk',
  'patient_mismatch',
  'patient_locked',
  'product_mismatch',
  'out_of_stock',
  'no_usable_lot',
  'vitals_required',
  'clock_untrusted',
  'trust_list_stale',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** The message key used for a code the renderer does not know. */
export const UNKNOWN_REFUSAL = 'unknown';

export function refusalKey(reason: string | undefined): RefusalReason | typeof UNKNOWN_REFUSAL {
  return (REFUSAL_REASONS as readonly string[]).includes(reason ?? '')
    ? (reason as RefusalReason)
    : UNKNOWN_REFUSAL;
}
