import type { Pack } from '../../contracts/journal-events';
import type { InventoryState } from './inventory-state';
import { ineligibility, type EligibilityRules } from './pack-eligibility';

export interface PickRequest extends EligibilityRules {
  readonly excludeSlots: readonly number[];
  /** Take from this slot when its front pack is eligible (retrying a slot after a jam). */
  readonly preferSlot: number | null;
}

export interface PickedPack {
  slot: number;
  pack: Pack;
}

/** Every slot whose front pack is eligible, first expiry first, then by slot number. */
export function eligibleFronts(state: InventoryState, rules: EligibilityRules): PickedPack[] {
  const fronts: PickedPack[] = [];
  for (const [key, packs] of Object.entries(state.slots)) {
    const slot = Number(key);
    // Only the front pack: a drive pushes out whatever is there, so a good pack behind an
    // expired or recalled one is out of reach until a technician clears the slot.
    const front = packs[0];
    if (front && ineligibility(slot, front, rules) === null) fronts.push({ slot, pack: front });
  }
  return fronts.sort((a, b) => a.pack.expiry.localeCompare(b.pack.expiry) || a.slot - b.slot);
}

/**
 * First expiry, first out among eligible packs (DESIGN §5, prescription-token.md §4 step 13); null
 * when there is none, and explainNoPick says why.
 */
export function pickPack(state: InventoryState, request: PickRequest): PickedPack | null {
  const candidates = eligibleFronts(state, request);
  if (request.preferSlot !== null) {
    const preferred = candidates.find((c) => c.slot === request.preferSlot);
    if (preferred) return preferred;
  }
  return candidates[0] ?? null;
}
