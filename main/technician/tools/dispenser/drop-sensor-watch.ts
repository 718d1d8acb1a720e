import type {
  DropSensorBoardView,
  DropSensorView,
} from '../../../../contracts/technician/dispenser';
import type {
  CommandError,
  SelectionConfigCheck,
  TrafficEvent,
} from '../../../../hardware/dispenser/driver';
import type { Result } from '../../../../contracts/result';
import {
  DISPENSE_STATUS_NO_DROP,
  DISPENSE_STATUS_SENSOR_BLOCKED,
  DISPENSE_STATUS_SUCCESS,
} from '../../../../hardware/dispenser/protocol';

/** The drive half of a check: what the last drive said, before the board is asked. */
export type DriveVerdict = Omit<DropSensorView, 'board' | 'boardError'>;

/**
 * The drop sensor as the board's own drive statuses tell it: each drive command the kiosk sent
 * (did it ask for the sensor?) and the last final status that involved the sensor (0x02 dropped,
 * 0x05 nothing fell, 0x08 blocked). Fed from the driver's traffic, so it costs no extra request.
 * The check then asks the board whether the sensor is switched on (`combineDropSensor`).
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

  /** The selection of the last drive whose status involved the sensor, if any. */
  get lastSelection(): number | null {
    return this.last?.selection ?? null;
  }

  /** The verdict from what the board said last. */
  check(): DriveVerdict {
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

/**
 * The check's answer: the board's configuration first — a sensor switched off in its menu is
 * `disabled` whatever an older drive saw, since the switch is what holds now — then the last
 * drive's verdict. With the sensor on and no drive yet, the setting is right but nothing has
 * shown the sensor working, so the state stays `unknown`. When the board was not heard, the
 * drive's verdict stands alone and `boardError` says why.
 */
export function combineDropSensor(
  drive: DriveVerdict,
  board: { slot: number; answer: Result<SelectionConfigCheck, CommandError> } | null,
): DropSensorView {
  if (!board) return { ...drive, board: null, boardError: 'no_slot' };
  if (!board.answer.ok) {
    const code = board.answer.error.code;
    const boardError = code === 'BUSY' ? 'busy' : code === 'LINK_DOWN' ? 'link_down' : 'no_answer';
    return { ...drive, board: null, boardError };
  }
  const seen: DropSensorBoardView = {
    slot: board.slot,
    sensor: board.answer.value.dropSensor,
    afterJam: board.answer.value.afterJam,
  };
  const withBoard = { board: seen, boardError: null };
  if (seen.sensor === 'disabled') {
    return {
      state: 'disabled',
      reason: 'board_disabled',
      slot: board.slot,
      statusCode: null,
      ...withBoard,
    };
  }
  if (seen.sensor === 'enabled' && drive.reason === 'no_drive_yet')
    return { ...drive, reason: 'board_enabled_no_drive', ...withBoard };
  return { ...drive, ...withBoard };
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
    board_disabled: `the board says its drop sensor is switched off${at}`,
    board_enabled_no_drive:
      'the board says its drop sensor is on; no drive since the kiosk started to see it work',
    no_drive_yet: 'no drive since the kiosk started, so the board has not reported on its sensor',
    saw_drop: `the last drive${at} reported a drop seen by the sensor${code}`,
    saw_no_drop: `the sensor was on and reported that nothing fell${at}${code}`,
    blocked_before_drive: `the board refused to drive: drop sensor blocked${at}${code}`,
    drive_without_sensor: `the last drive${at} did not ask the board to check its drop sensor${code}`,
  };
  const afterJam = { stop: 'stops selling', keep: 'keeps selling', unknown: 'unknown' };
  const board = view.board
    ? `board (slot ${view.board.slot}): sensor ${view.board.sensor}, after a jam ${afterJam[view.board.afterJam]}`
    : `board not read (${view.boardError ?? 'no_answer'})`;
  return `${view.state}: ${why[view.reason]}; ${board}`;
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0');
