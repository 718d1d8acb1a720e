/**
 * Why the kiosk refused a prescription: one code per refusal (prescription-token.md §4a). Shared
 * by the verifier in main and the renderer, which turns each code into plain words.
 */
export const REASON_CODES = [
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

export type ReasonCode = (typeof REASON_CODES)[number];
