import type { Pack } from '../../../../contracts/journal-events';
import { err, ok, type Result } from '../../../../contracts/result';
import { parseGs1, requirePackFields } from '../../../../hardware/gs1';
import type { InventoryState } from '../../../inventory/inventory-state';
import type { RestockScan } from '../../../inventory/restock-plan';
import { removalReason, type RemovalRules } from './removal-list';

/**
 * Which pack in the slot a removal scan names (pure). The pack returned is the one the inventory
 * view holds, so PACK_REMOVED names it exactly and the reducer drops that one.
 */

export type RemovalScanRefusal = {
  why: 'bad_scan' | 'not_in_slot' | 'not_on_list';
  gtin?: string;
  lot?: string;
  /** For not_on_list: the pack, so the technician may still take it out as damaged / other. */
  pack?: Pack;
};

export interface RemovalScanInput extends RemovalRules {
  readonly slot: number;
  readonly scan: RestockScan;
  readonly inventory: InventoryState;
  readonly requireSerial: boolean;
}

export function matchRemovalScan(
  input: RemovalScanInput,
): Result<{ pack: Pack; reason: 'expired' | 'recalled' | 'expiring_soon' }, RemovalScanRefusal> {
  const parsed = parseGs1(input.scan.aim, input.scan.text, input.today);
  if (!parsed.ok) return err({ why: 'bad_scan' });
  const fields = requirePackFields(parsed.value, { requireSerial: input.requireSerial });
  if (!fields.ok) return err({ why: 'bad_scan' });
  const { gtin, lot, expiry, serial } = fields.value;
  const about = { gtin, lot };
  // A scan without a serial names any pack of that GTIN, lot and expiry: they are alike.
  const inSlot = (input.inventory.slots[String(input.slot)] ?? []).filter(
    (p) =>
      p.gtin === gtin &&
      p.lot === lot &&
      p.expiry === expiry &&
      (serial === undefined || p.serial === serial),
  );
  if (inSlot.length === 0) return err({ why: 'not_in_slot', ...about });
  for (const pack of inSlot) {
    const reason = removalReason(pack, input);
    if (reason !== null) return ok({ pack, reason });
  }
  return err({ why: 'not_on_list', ...about, pack: inSlot[0]! });
}
