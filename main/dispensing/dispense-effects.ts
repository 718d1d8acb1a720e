import { fromPromise } from 'xstate';
import type { HardwareConfig } from '../config/hardware-config';
import type { DispenserDriver } from '../../hardware/dispenser/driver';
import type { Journal } from '../journal';
import type { ViewStore } from '../views';
import {
  dispenseMachine,
  type DriveRequest,
  type IntentRequest,
  type ReservedPack,
  type ReserveRequest,
} from '../../state-machines/dispense';
import { pickPack, type InventoryState } from '../inventory/inventory-state';
import { stockRules, type StockRulesDeps } from './stock-rules';

/**
 * The dispense machine's effects (dispenser.md §6): reserve a pack from the inventory view, write
 * the fsynced DISPENSE_INTENT, drive the slot and journal the DISPENSE_RESULT before the board is
 * acknowledged. Provided to the pure machine with `.provide()`.
 */
export interface DispenseEffectsDeps {
  journal: Journal;
  inventory: ViewStore<InventoryState>;
  driver: DispenserDriver;
  hardware: HardwareConfig;
  stock: StockRulesDeps;
}

export function provideDispenseEffects(deps: DispenseEffectsDeps) {
  const selectionOf = (slot: number) => {
    const entry = deps.hardware.slots.find((s) => s.slot === slot);
    if (!entry) throw new Error(`slot ${slot} is not in the hardware config's slot map`);
    return entry.selection;
  };

  return dispenseMachine.provide({
    actors: {
      reservePack: fromPromise<ReservedPack | null, ReserveRequest>(async ({ input }) => {
        // Never write an intent for a board that cannot be reached: nothing would move, and the
        // patient is better told now than after a timeout.
        if (deps.driver.link === 'down')
          throw new Error('the dispenser board is not answering (link down)');
        const picked = pickPack(deps.inventory.state, {
          ...stockRules(deps.stock, input.gtins, input.supplyDays),
          excludeSlots: input.excludeSlots,
          preferSlot: input.preferSlot,
        });
        return picked;
      }),
      writeIntent: fromPromise<number, IntentRequest>(async ({ input }) => {
        const { slot, pack } = input.reserved;
        const event = await deps.journal.append('DISPENSE_INTENT', {
          purpose: 'patient',
          jti: input.jti,
          slot,
          gtin: pack.gtin,
          lot: pack.lot,
          expiry: pack.expiry,
          ...(pack.serial ? { serial: pack.serial } : {}),
          qty: 1,
        });
        return event.seq;
      }),
      drivePack: fromPromise(async ({ input }: { input: DriveRequest }) => {
        const report = await deps.driver.dispense(
          {
            dispenseId: input.intentSeq,
            selection: selectionOf(input.slot),
            dropSensor: true,
            elevator: deps.hardware.dispenser.elevator,
          },
          {
            persistResult: async (r) => {
              await deps.journal.append('DISPENSE_RESULT', {
                intentSeq: input.intentSeq,
                outcome: r.outcome,
                ...(r.statusCode !== undefined ? { statusCode: r.statusCode } : {}),
                detail: r.detail,
              });
            },
          },
        );
        return { outcome: report.outcome, detail: report.detail };
      }),
    },
  });
}
