import { fromPromise } from 'xstate';
import type { Clock } from '../../contracts/clock';
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
import { localDate } from '../time/local-date';

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
  clock: Clock;
  timeZone: string;
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
        const mapped = new Set(deps.hardware.slots.map((s) => s.slot));
        const picked = pickPack(deps.inventory.state, {
          gtins: input.gtins,
          today: localDate(deps.clock.now(), deps.timeZone),
          supplyDays: input.supplyDays,
          excludeSlots: [
            ...input.excludeSlots,
            ...Object.keys(deps.inventory.state.slots)
              .map(Number)
              .filter((s) => !mapped.has(s)),
          ],
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
