import {
  DispenserToolEvents,
  type CabinetStatusView,
  type DispenserToolEvent,
  type DispenserToolView,
  type DropSensorView,
  type RotationView,
} from '../../../../contracts/technician/dispenser';
import type { TechnicianIdentity } from '../../../../state-machines/diagnostics';
import type { TechnicianTool, TechnicianToolContext } from '../technician-tool';
import { cabinetStatusFromTraffic, cabinetStatusOf, describeCabinetStatus } from './cabinet-status';
import { combineDropSensor, describeDropSensor, DropSensorWatch } from './drop-sensor-watch';
import { rotateSlot } from './rotate-slot';

/**
 * The panel's dispenser tool (issue 9 item 5): rotate a slot as a motor test (journaled as a
 * stock adjustment, never a dispense), check the drop sensor, and show the door and cabinet
 * temperature from the board's machine status. Every test names the technician in the journal.
 */
export function createDispenserTool(
  context: TechnicianToolContext,
): TechnicianTool<DispenserToolView, DispenserToolEvent> {
  const driver = context.devices.dispenser;
  const slotOf = (selection: number) =>
    context.hardware.slots.find((s) => s.selection === selection)?.slot ?? null;
  const dropSensorWatch = new DropSensorWatch(slotOf);
  let rotation: RotationView | null = null;
  let dropSensor: DropSensorView | null = null;
  let dropSensorCheck: DispenserToolView['dropSensorCheck'] = 'idle';
  let cabinet: CabinetStatusView | null = null;
  let cabinetRead: DispenserToolView['cabinetRead'] = 'idle';

  const unsubscribe = driver.onTraffic((event) => {
    dropSensorWatch.observe(event);
    const status = cabinetStatusFromTraffic(event);
    if (status) {
      cabinet = status;
      context.changed();
    }
  });

  const techAction = (who: TechnicianIdentity, action: string, detail: string) =>
    context.journal.append('TECH_ACTION', {
      technicianId: who.technicianId,
      action,
      detail: detail.slice(0, 1000),
    });

  async function rotate(slot: number, who: TechnicianIdentity): Promise<void> {
    if (rotation?.state === 'running') {
      await techAction(who, 'dispenser_rotate', `slot ${slot}: refused, a rotate is running`);
      return;
    }
    const started = await rotateSlot(
      {
        journal: context.journal,
        driver,
        inventory: context.inventory,
        hardware: context.hardware,
      },
      { technicianId: who.technicianId, slot },
    );
    if (!started.ok) {
      rotation = {
        slot,
        state: 'refused',
        expected: null,
        intentSeq: null,
        outcome: null,
        statusCode: null,
        packsRemoved: 0,
        refusal: started.error,
      };
      context.changed();
      await techAction(who, 'dispenser_rotate', `slot ${slot}: refused (${started.error})`);
      return;
    }
    const running: RotationView = {
      slot,
      state: 'running',
      expected: started.value.expected,
      intentSeq: started.value.intentSeq,
      outcome: null,
      statusCode: null,
      packsRemoved: 0,
      refusal: null,
    };
    rotation = running;
    context.changed();
    const report = await started.value.done;
    rotation = {
      ...running,
      state: 'done',
      outcome: report.outcome,
      statusCode: report.statusCode ?? null,
      packsRemoved: report.packs.length,
    };
    context.changed();
  }

  /**
   * Asks the board whether the sensor is on (0x70 type 0x42) for the slot of the last drive that
   * involved it, else the first slot, then combines that with the last drive's verdict. The
   * driver refuses the query during a drive (a rotate); the verdict then rests on the drive.
   */
  async function checkDropSensor(who: TechnicianIdentity): Promise<void> {
    if (dropSensorCheck === 'checking') return;
    dropSensorCheck = 'checking';
    context.changed();
    const lastSelection = dropSensorWatch.lastSelection;
    const target =
      context.hardware.slots.find((s) => s.selection === lastSelection) ??
      context.hardware.slots[0];
    const board = target
      ? { slot: target.slot, answer: await driver.requestSelectionConfig(target.selection) }
      : null;
    // The verdict is read after the answer: a drive that ended meanwhile counts.
    dropSensor = combineDropSensor(dropSensorWatch.check(), board);
    dropSensorCheck = 'idle';
    context.changed();
    await techAction(who, 'drop_sensor_check', describeDropSensor(dropSensor));
  }

  async function readCabinet(who: TechnicianIdentity): Promise<void> {
    if (cabinetRead === 'reading') return;
    cabinetRead = 'reading';
    context.changed();
    const status = await driver.requestMachineStatus();
    if (status.ok) {
      // The traffic listener has already taken the same answer; this keeps it if it did not.
      cabinet = cabinetStatusOf(status.value, context.clock.now());
      cabinetRead = 'idle';
    } else {
      cabinetRead = 'failed';
    }
    context.changed();
    await techAction(
      who,
      'cabinet_read',
      status.ok && cabinet
        ? describeCabinetStatus(cabinet)
        : `the board did not answer (${status.ok ? 'no reading' : status.error.code})`,
    );
  }

  const failed = (what: string) => (error: unknown) =>
    context.logger.error({ err: error }, `dispenser tool: ${what} failed`);

  return {
    eventTypes: DispenserToolEvents.map((schema) => schema.shape.type.value),
    view: () => {
      const band = context.site().temperatureBandC;
      return {
        link: driver.link,
        slots: context.hardware.slots.map((s) => {
          const packs = context.inventory.state.slots[String(s.slot)] ?? [];
          return {
            slot: s.slot,
            selection: s.selection,
            capacity: s.capacity,
            count: packs.length,
            next: packs[0] ?? null,
          };
        }),
        rotation,
        dropSensor,
        dropSensorCheck,
        cabinet,
        cabinetRead,
        band: { minC: band.min, maxC: band.max },
      };
    },
    handle(event, who) {
      switch (event.type) {
        case 'TECH_DISPENSER_ROTATE':
          return void rotate(event.slot, who).catch(failed('rotate'));
        case 'TECH_DISPENSER_DROP_SENSOR_CHECK':
          return void checkDropSensor(who).catch(failed('drop-sensor check'));
        case 'TECH_DISPENSER_READ_CABINET':
          return void readCabinet(who).catch(failed('cabinet read'));
      }
    },
    reset() {
      // A rotate under way keeps its line: it finishes and is journaled whoever is logged in.
      if (rotation?.state !== 'running') rotation = null;
      dropSensor = null;
      if (cabinetRead === 'failed') cabinetRead = 'idle';
    },
    stop() {
      unsubscribe();
    },
  };
}
