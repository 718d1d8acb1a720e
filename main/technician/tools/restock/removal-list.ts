import type { Pack } from '../../../../contracts/journal-events';
import type { RemovalItemView } from '../../../../contracts/technician/restock';
import { isExpired } from '../../../../hardware/gs1';
import { lastsBeyond } from '../../../inventory/expiry-rule';
import type { InventoryState } from '../../../inventory/inventory-state';
import { isRecalled, type RecalledLot } from '../../../inventory/pack-eligibility';

/**
 * The guided removal list (issue 9 item 6): every pack in the cabinet that must come out, with
 * why. The reasons are checked in planRestock's order (recalled, expired, expiring soon), so a
 * pack the technician is told to take out here would be refused for the same reason if they
 * tried to load it again.
 */

export interface RemovalRules {
  readonly recalledLots: readonly RecalledLot[];
  /** Kiosk-local date (YYYY-MM-DD). */
  readonly today: string;
  /** Site config: a pack that would not be loaded today (expires within it) comes out. */
  readonly restockMarginDays: number;
}

export function removalReason(pack: Pack, rules: RemovalRules): RemovalItemView['reason'] | null {
  if (isRecalled(pack, rules.recalledLots)) return 'recalled';
  if (isExpired(pack.expiry, rules.today)) return 'expired';
  if (!lastsBeyond(pack.expiry, rules.today, rules.restockMarginDays)) return 'expiring_soon';
  return null;
}

/** Slot by slot (in the order given), each slot's packs front first. */
export function removalList(
  inventory: InventoryState,
  slots: readonly number[],
  rules: RemovalRules,
): RemovalItemView[] {
  return slots.flatMap((slot) =>
    (inventory.slots[String(slot)] ?? []).flatMap((pack) => {
      const reason = removalReason(pack, rules);
      return reason === null ? [] : [{ slot, pack, reason }];
    }),
  );
}
