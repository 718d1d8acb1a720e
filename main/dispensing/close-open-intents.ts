import type { Journal } from '../journal';
import type { ViewStore } from '../views';
import type { InventoryState } from '../inventory/inventory-state';

/**
 * At boot, every DISPENSE_INTENT without a DISPENSE_RESULT is closed as UNCERTAIN (DESIGN §5,
 * dispenser.md §6): the kiosk died while the motor may have been turning, so the pack counts as
 * dispensed, is flagged for the pharmacist, and is never driven again.
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
  return open;
}
