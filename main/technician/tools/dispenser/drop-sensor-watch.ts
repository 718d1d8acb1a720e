import type { DropSensorView } from '../../../../contracts/technician/dispenser';
import type { TrafficEvent } from '../../../../hardware/dispenser/driver';
import {
  DISPENSE_STATUS_NO_DROP,
  DISPENSE_STATUS_SENSOR_BLOCKED,
  DISPENSE_STATUS_SUCCESS,
} from '../../../../hardware/dispenser/protocol';

/**
 * The drop sensor as the board's own drive statuses tell it. The driver cannot ask the board for
 * its sensor settings (menu/config 0x70/0x71 type 0x42 is not implemented, and dispenser.md gives
 * no byte layout for it), so the check reads the wire: each drive command the kiosk sent (did it
 * ask for the sensor?) and the last final status that involved the sensor (0x02 dropped, 0x05
 * nothing fell, 0x08 blocked). Fed from the driver's traffic, so it costs no extra request.
 */
export class DropSensorWatch {
  /** Selection → whether the last drive command for it asked for the drop sensor. */
  private readonly asked = new Map<number, boolean>();
  private last: { selection: number; statusCode: number; sensorAsked: boolean } | null = null;

  constructor(private readonly slotOf: (selection: number) => number | null) {}

  /** Give it every dispenser traffic event. */
  observe(event: TrafficEvent): void {
    const frame = event.frame;
    if (!frame) return;
    if (event.dir === 'tx' && (frame.kind === 'DRIVE_SELECTION' || frame.kind === 'DRIVE_ONCE')) {
      this.asked.set(frame.selection, frame.dropSensor);
      return;
    }
    if (
      event.dir === 'rx' &&
      (frame.kind === 'DISPENSING_STATUS' || frame.kind === 'DRIVE_ONCE_STATUS') &&
      SENSOR_STATUSES.has(frame.status)
    ) {
      this.last = {
        selection: frame.selection,
        statusCode: frame.status,
        // A status for a drive this process never sent (sent before a restart): assume asked,
        // as the kiosk always asks.
        sensorAsked: this.asked.get(frame.selection) ?? true,
      };
    }
  }

  /** The verdict from what the board said last. */
  check(): DropSensorView {
    const last = this.last;
    if (!last) return { state: 'unknown', reason: 'no_drive_yet', slot: null, statusCode: null };
    const from = { slot: this.slotOf(last.selection), statusCode: last.statusCode };
    if (last.statusCode === DISPENSE_STATUS_SENSOR_BLOCKED)
      return { state: 'blocked', reason: 'blocked_before_drive', ...from };
    if (!last.sensorAsked) return { state: 'disabled', reason: 'drive_without_sensor', ...from };
    if (last.statusCode === DISPENSE_STATUS_NO_DROP)
      return { state: 'ok', reason: 'saw_no_drop', ...from };
    return { state: 'ok', reason: 'saw_drop', ...from };
  }
}

const SENSOR_STATUSES = new Set([
  DISPENSE_STATUS_SUCCESS,
  DISPENSE_STATUS_NO_DROP,
  DISPENSE_STATUS_SENSOR_BLOCKED,
]);

/** One sentence for the journal (TECH_ACTION detail); the screen says it in the technician's language. */
export function describeDropSensor(view: DropSensorView): string {
  const at = view.slot !== null ? ` (slot ${view.slot})` : '';
  const code = view.statusCode !== null ? `, status 0x${hex2(view.statusCode)}` : '';
  const why: Record<DropSensorView['reason'], string> = {
    no_drive_yet: 'no drive since the kiosk started, so the board has not reported on its sensor',
    saw_drop: `the last drive${at} reported a drop seen by the sensor${code}`,
    saw_no_drop: `the sensor was on and reported that nothing fell${at}${code}`,
    blocked_before_drive: `the board refused to drive: drop sensor blocked${at}${code}`,
    drive_without_sensor: `the last drive${at} did not ask the board to check its drop sensor${code}`,
  };
  return `${view.state}: ${why[view.reason]}`;
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0');
