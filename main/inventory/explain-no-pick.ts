import type { ReasonCode } from '../../contracts/reason-codes';
import type { InventoryState } from './inventory-state';
import type { EligibilityRules } from './pack-eligibility';
import { eligibleFronts } from './pick-pack';

/** The stock codes of prescription-token.md §4 step 13. */
export type NoPickReason = Extract<
  ReasonCode,
  'product_mismatch' | 'out_of_stock' | 'no_usable_lot'
>;

/**
 * Why pickPack finds nothing for these rules, or null when it would find a pack:
 * - `product_mismatch`: no slot holds, or last held, any of the prescribed GTINs;
 * - `out_of_stock`: slots for them exist but are empty;
 * - `no_usable_lot`: packs of them are in the cabinet, but none can be given (expired or expiring
 *   within the supply, recalled, in a blocked, failed or unmapped slot, or behind such a pack).
 */
export function explainNoPick(state: InventoryState, rules: EligibilityRules): NoPickReason | null {
  if (eligibleFronts(state, rules).length > 0) return null;
  const wanted = new Set(rules.gtins);
  const packsInCabinet = Object.values(state.slots).some((packs) =>
    packs.some((p) => wanted.has(p.gtin)),
  );
  if (packsInCabinet) return 'no_usable_lot';
  // A view file written before slotGtins existed lacks it (the kiosk rebuilds such a file when it
  // opens the view with InventoryStateSchema); without it, the answer falls back to a mismatch.
  const slotGtins: Partial<Record<string, string>> = state.slotGtins ?? {};
  const emptySlotForIt = Object.values(slotGtins).some((g) => g !== undefined && wanted.has(g));
  return emptySlotForIt ? 'out_of_stock' : 'product_mismatch';
}
