import { err, ok, type Result } from '../../contracts/result';
import type { Prescription } from '../prescriptions/prescription';

/**
 * Fills left and the minimum interval (prescription-token.md §4 steps 9–10), from this kiosk's
 * own journal. Refill authorizations from the hub and the offline one-fill rule come with sync.
 */
export function checkFillRules(
  rx: Prescription,
  fills: { count: number; lastAt: string } | undefined,
  now: number,
): Result<void, { reason: 'no_fills_left' | 'too_soon'; detail: string }> {
  const count = fills?.count ?? 0;
  if (count >= rx.fillsAllowed) {
    return err({
      reason: 'no_fills_left',
      detail: `${count} of ${rx.fillsAllowed} fills already made`,
    });
  }
  if (fills) {
    const nextAllowed = Date.parse(fills.lastAt) + rx.dispenseIntervalDays * 86_400_000;
    if (now < nextAllowed) {
      return err({
        reason: 'too_soon',
        detail: `next fill allowed from ${new Date(nextAllowed).toISOString()}`,
      });
    }
  }
  return ok(undefined);
}
