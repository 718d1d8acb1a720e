/**
 * Why a service badge was refused: the codes of main/technician/badge.ts (prescription-token.md
 * §4a, copied here because the renderer imports nothing from main; a unit test holds the two to
 * each other) plus `error`, the diagnostics machine's code for a check that could not run.
 * `locked` is not here: a locked badge is its own step (`locked_out`). Any other code shows the
 * generic words, never a raw key.
 */
export const TECH_REFUSAL_REASONS = [
  'malformed',
  'bad_alg',
  'unknown_kid',
  'bad_signature',
  'not_yet_valid',
  'expired',
  'revoked',
  'not_on_roster',
  'error',
] as const;
export type TechRefusalReason = (typeof TECH_REFUSAL_REASONS)[number];

export function techRefusalKey(reason: string | undefined): TechRefusalReason | 'unknown' {
  return (TECH_REFUSAL_REASONS as readonly string[]).includes(reason ?? '')
    ? (reason as TechRefusalReason)
    : 'unknown';
}
