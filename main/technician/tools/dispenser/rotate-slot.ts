import type { RotateRefusal } from '../../../../contracts/technician/dispenser';
import type { DispenseOutcome, Pack } from '../../../../contracts/journal-events';
import { err, ok, type Result } from '../../../../contracts/result';
import type { DispenserDriver } from '../../../../hardware/dispenser/driver';
import type { HardwareConfig } from '../../../config/hardware-config';
import { packMayHaveLeft, type InventoryState } from '../../../inventory/inventory-state';
import type { Journal } from '../../../journal';

/**
 * A technician's rotate test: one slot driven exactly as a dispense drives it (dispenser.md §6),
 * two-phase so a pack is never lost or counted twice: STOCK_ADJUSTMENT_INTENT fsynced before the
 * drive (its seq is the dispenseId), STOCK_ADJUSTMENT persisted by the driver before the board's
 * final status is ACKed. Never a DISPENSE_INTENT: no patient, no fill.
 */

export const ROTATE_REASON = 'technician motor test (rotate slot)';

export interface RotateSlotDeps {
  journal: Pick<Journal, 'append'>;
  driver: Pick<DispenserDriver, 'dispense' | 'link' | 'busy'>;
  inventory: { readonly state: InventoryState };
  hardware: {
    readonly slots: HardwareConfig['slots'];
    readonly dispenser: Pick<HardwareConfig['dispenser'], 'elevator'>;
  };
}

export interface RotateStarted {
  intentSeq: number;
  /** The pack expected to drop; null for a slot the kiosk thinks empty. */
  expected: Pack | null;
  /** Resolves once the STOCK_ADJUSTMENT is durable. */
  done: Promise<RotateReport>;
}

export interface RotateReport {
  outcome: DispenseOutcome;
  statusCode?: number;
  detail: string;
  /** The packs the STOCK_ADJUSTMENT counts as gone. */
  packs: Pack[];
}

/**
 * Writes the intent and starts the drive. Refused, with nothing written, when the slot is not in
 * the hardware config, the board is unreachable or a drive is already under way.
 */
export async function rotateSlot(
  deps: RotateSlotDeps,
  request: { technicianId: string; slot: number },
): Promise<Result<RotateStarted, RotateRefusal>> {
  const entry = deps.hardware.slots.find((s) => s.slot === request.slot);
  if (!entry) return err('unknown_slot');
  // Never write an intent for a board that cannot be reached (as dispensing does).
  if (deps.driver.link === 'down') return err('link_down');
  if (deps.driver.busy) return err('busy');
  const expected = deps.inventory.state.slots[String(request.slot)]?.[0] ?? null;
  const intent = await deps.journal.append('STOCK_ADJUSTMENT_INTENT', {
    technicianId: request.technicianId,
    slot: request.slot,
    pack: expected,
    reason: ROTATE_REASON,
  });
  const intentSeq = intent.seq;
  let packs: Pack[] = [];
  const done = deps.driver
    .dispense(
      {
        dispenseId: intentSeq,
        selection: entry.selection,
        dropSensor: true,
        elevator: deps.hardware.dispenser.elevator,
      },
      {
        // Called exactly once, for every outcome (a refusal too): the adjustment always closes.
        persistResult: async (r) => {
          packs = expected && packMayHaveLeft(r.outcome) ? [expected] : [];
          await deps.journal.append('STOCK_ADJUSTMENT', {
            technicianId: request.technicianId,
            intentSeq,
            slot: request.slot,
            outcome: r.outcome,
            packs,
            reason: ROTATE_REASON,
            ...(r.statusCode !== undefined ? { statusCode: r.statusCode } : {}),
            detail: r.detail,
          });
        },
      },
    )
    .then((report): RotateReport => ({
      outcome: report.outcome,
      ...(report.statusCode !== undefined ? { statusCode: report.statusCode } : {}),
      detail: report.detail,
      packs,
    }));
  return ok({ intentSeq, expected, done });
}
