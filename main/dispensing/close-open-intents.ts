import type { Journal } from '../journal';
import type { ViewStore } from '../views';
import type { InventoryState } from '../inventory/inventory-state';

/**
 * At boot, every DISPENSE_INTENT without a DISPENSE_RESULT is closed as UNCERTAIN (DESIGN §5,
 * dispenser.md §6): the kiosk died while the motor may have been turning, so the pack counts as
 * dispensed, is flagged for the pharmacist, and is never driven again. A STOCK_ADJUSTMENT_INTENT
 * without its STOCK_ADJUSTMENT is closed the same way. Returns the intent seqs it closed.
 */
export async function closeOpenIntentsAsUncertain(
  journal: Journal,
  inventory: ViewStore<InventoryState>,
): Promise<number[]> {
  const open = Object.keys(inventory.state.openIntents)
    .map(Number)
    .sort((a, b) => a - b);
  for (const intentSeq of open) {
    await journal.append('DISPENSE_RESULT', {
      intentSeq,
      outcome: 'UNCERTAIN',
      detail:
        'the kiosk restarted before the board reported a result; not driven again, pharmacist to review',
    });
  }
  // A technician's rotate test interrupted the same way: its pack counts as gone, as above.
  const adjustments = Object.entries(inventory.state.openAdjustments)
    .map(([seq, intent]) => ({ intentSeq: Number(seq), intent }))
    .sort((a, b) => a.intentSeq - b.intentSeq);
  for (const { intentSeq, intent } of adjustments) {
    await journal.append('STOCK_ADJUSTMENT', {
      technicianId: intent.technicianId,
      intentSeq,
      slot: intent.slot,
      outcome: 'UNCERTAIN',
      packs: intent.pack ? [intent.pack] : [],
      reason: intent.reason,
      detail:
        'the kiosk restarted before the board reported a result; not driven again, pharmacist to review',
    });
  }
  return [...open, ...adjustments.map((a) => a.intentSeq)].sort((a, b) => a - b);
}
