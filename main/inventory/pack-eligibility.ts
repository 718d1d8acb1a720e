import type { Pack } from '../../contracts/journal-events';
import { lastsBeyond } from './expiry-rule';

/**
 * Whether the pack at the front of a slot may be given for a prescription (prescription-token.md
 * §4 step 13, DESIGN §5). One pure rule shared by pickPack (which pack) and explainNoPick (why
 * none), so the kiosk's answer and its choice can never disagree.
 */

/** A recalled lot, as the signed revocation list carries it (prescription-token.md §4a `lots`). */
export interface RecalledLot {
  readonly gtin: string;
  readonly lot: string;
}

export interface EligibilityRules {
  /**
   * GTINs that fill the prescription: its GS1 codings plus the GTINs the site formulary maps its
   * other codes to. The caller resolves the codes; only these GTINs are ever given.
   */
  readonly gtins: readonly string[];
  /** Kiosk-local date (YYYY-MM-DD). */
  readonly today: string;
  /** The prescription's expectedSupplyDuration in days: the pack must outlast it. */
  readonly supplyDays: number;
  /** From the installed revocation list. Default: none. */
  readonly recalledLots?: readonly RecalledLot[];
  /** Slots that must not be used (cold-chain excursion, technician hold). Default: none. */
  readonly blockedSlots?: readonly number[];
  /**
   * The slots of the hardware config's slot map: a slot missing from it has no motor address and
   * is never driven. Default (callers that predate it): every slot the journal knows.
   */
  readonly mappedSlots?: readonly number[];
  /** Slots that already failed for this line item (jam, no drop). Default: none. */
  readonly excludeSlots?: readonly number[];
}

/** Why one slot's front pack is not eligible, checked in this order. */
export type Ineligibility =
  'unmapped_slot' | 'blocked_slot' | 'excluded_slot' | 'wrong_product' | 'recalled' | 'expiring';

export function isRecalled(
  pack: Pick<Pack, 'gtin' | 'lot'>,
  recalled: readonly RecalledLot[],
): boolean {
  // GS1 lots are case-sensitive data: compare exactly, never normalise.
  return recalled.some((r) => r.gtin === pack.gtin && r.lot === pack.lot);
}

/** Null when `pack`, at the front of `slot`, may be given under `rules`. */
export function ineligibility(
  slot: number,
  pack: Pack,
  rules: EligibilityRules,
): Ineligibility | null {
  if (rules.mappedSlots && !rules.mappedSlots.includes(slot)) return 'unmapped_slot';
  if (rules.blockedSlots?.includes(slot)) return 'blocked_slot';
  if (rules.excludeSlots?.includes(slot)) return 'excluded_slot';
  if (!rules.gtins.includes(pack.gtin)) return 'wrong_product';
  if (isRecalled(pack, rules.recalledLots ?? [])) return 'recalled';
  if (!lastsBeyond(pack.expiry, rules.today, rules.supplyDays)) return 'expiring';
  return null;
}
