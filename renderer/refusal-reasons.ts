/**
 * The verifier's reason codes (shared/protocols/prescription-token.md §4a). The snapshot carries
 * the code as a plain string; the renderer turns a known one into words and anything else into
 * the generic "call the pharmacist" message, so a new code in main never shows a raw key.
 */
import { REASON_CODES, type ReasonCode } from '../contracts/reason-codes';

export const REFUSAL_REASONS = REASON_CODES;
export type RefusalReason = ReasonCode;

/** The message key used for a code the renderer does not know. */
export const UNKNOWN_REFUSAL = 'unknown';

export function refusalKey(reason: string | undefined): RefusalReason | typeof UNKNOWN_REFUSAL {
  return (REFUSAL_REASONS as readonly string[]).includes(reason ?? '')
    ? (reason as RefusalReason)
    : UNKNOWN_REFUSAL;
}
