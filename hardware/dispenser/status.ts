import type { DispenseOutcome } from '../../contracts/journal-events';
import type { MachineStatusFrame, SelectionConfigFrame } from './codec';
import {
  DISPENSE_STATUS_ELEVATOR_ASCEND_ERROR,
  DISPENSE_STATUS_ELEVATOR_ASCENDING,
  DISPENSE_STATUS_ELEVATOR_DESCEND_ERROR,
  DISPENSE_STATUS_ELEVATOR_DESCENDING,
  DISPENSE_STATUS_ELEVATOR_ERROR,
  DISPENSE_STATUS_IN_PROGRESS,
  DISPENSE_STATUS_JAMMED,
  DISPENSE_STATUS_MOTOR_DID_NOT_STOP,
  DISPENSE_STATUS_NO_DROP,
  DISPENSE_STATUS_NO_MOTOR,
  DISPENSE_STATUS_SENSOR_BLOCKED,
  DISPENSE_STATUS_SUCCESS,
  DISPENSE_STATUS_TERMINATED,
  DOOR_CLOSED,
  DROP_SENSOR_CLOSED,
  DROP_SENSOR_ENABLED,
  JAMMED_KEEP_SELLING,
  JAMMED_STOP_SELLING,
  LIFT_STATUS_DOOR_NOT_CLOSED,
  LIFT_STATUS_ELEVATOR_ERROR,
  LIFT_STATUS_NORMAL,
  LIFT_STATUS_PRODUCT_IN_ELEVATOR,
  LIFT_STATUS_SELF_CHECK_ERROR,
  SELECTION_STATUS_DELIVERY_DOOR_UNLOCKED,
  SELECTION_STATUS_DOES_NOT_EXIST,
  SELECTION_STATUS_ELEVATOR_ERROR,
  SELECTION_STATUS_ELEVATOR_SELF_CHECK_FAULT,
  SELECTION_STATUS_MAIN_MOTOR_FAULT,
  SELECTION_STATUS_NORMAL,
  SELECTION_STATUS_OUT_OF_STOCK,
  SELECTION_STATUS_PAUSED,
  SELECTION_STATUS_PRODUCT_IN_ELEVATOR,
  SELECTION_STATUS_TRANSLATION_MOTOR_FAULT,
  TEMP_CTRL_OK,
} from './protocol';

/** What one 0x04 / 0xE4 status byte means for the dispense in progress (dispenser.md §5b). */
export type DispenseStatusMeaning =
  | { kind: 'pending'; description: string }
  | { kind: 'final'; outcome: Exclude<DispenseOutcome, 'UNCERTAIN'>; description: string };

const DISPENSE_STATUS_TABLE: ReadonlyMap<number, DispenseStatusMeaning> = new Map<
  number,
  DispenseStatusMeaning
>([
  [DISPENSE_STATUS_IN_PROGRESS, { kind: 'pending', description: 'dispensing' }],
  [
    DISPENSE_STATUS_SUCCESS,
    { kind: 'final', outcome: 'SUCCESS', description: 'dispensed successfully' },
  ],
  [DISPENSE_STATUS_JAMMED, { kind: 'final', outcome: 'FAIL_JAM', description: 'selection jammed' }],
  [
    DISPENSE_STATUS_MOTOR_DID_NOT_STOP,
    {
      kind: 'final',
      outcome: 'FAIL_MOTOR_OVERRUN',
      description: 'motor did not stop normally (an extra item may have dropped)',
    },
  ],
  [
    DISPENSE_STATUS_NO_DROP,
    {
      kind: 'final',
      outcome: 'FAIL_NO_DROP',
      description: 'no drop detected (drop sensor on, nothing fell)',
    },
  ],
  [
    DISPENSE_STATUS_NO_MOTOR,
    { kind: 'final', outcome: 'FAIL_NO_MOTOR', description: 'motor does not exist' },
  ],
  [
    DISPENSE_STATUS_ELEVATOR_ERROR,
    { kind: 'final', outcome: 'FAIL_LIFT', description: 'elevator error' },
  ],
  [
    DISPENSE_STATUS_SENSOR_BLOCKED,
    {
      kind: 'final',
      outcome: 'FAIL_SENSOR_BLOCKED',
      description: 'drop sensor blocked before the drive',
    },
  ],
  [DISPENSE_STATUS_ELEVATOR_ASCENDING, { kind: 'pending', description: 'elevator ascending' }],
  [DISPENSE_STATUS_ELEVATOR_DESCENDING, { kind: 'pending', description: 'elevator descending' }],
  [
    DISPENSE_STATUS_ELEVATOR_ASCEND_ERROR,
    { kind: 'final', outcome: 'FAIL_LIFT', description: 'elevator ascend error' },
  ],
  [
    DISPENSE_STATUS_ELEVATOR_DESCEND_ERROR,
    { kind: 'final', outcome: 'FAIL_LIFT', description: 'elevator descend error' },
  ],
  [
    DISPENSE_STATUS_TERMINATED,
    { kind: 'final', outcome: 'FAIL_ABORTED', description: 'purchase terminated' },
  ],
]);

/**
 * Status byte → pending or a final outcome. A code outside the table is final
 * FAIL_UNKNOWN_STATUS: the board says the drive is over but not how, so a pharmacist must look.
 */
export function interpretDispenseStatus(code: number): DispenseStatusMeaning {
  return (
    DISPENSE_STATUS_TABLE.get(code) ?? {
      kind: 'final',
      outcome: 'FAIL_UNKNOWN_STATUS',
      description: `unknown dispensing status 0x${code.toString(16).padStart(2, '0')}`,
    }
  );
}

/** 0x02 selection status (dispenser.md §5a) as a small union. */
export type SelectionState =
  | 'ready'
  | 'outOfStock'
  | 'doesNotExist'
  | 'paused'
  | 'productInElevator'
  | 'deliveryDoorUnlocked'
  | 'elevatorError'
  | 'elevatorSelfCheckFault'
  | 'mainMotorFault'
  | 'translationMotorFault'
  /** 0x09–0x16 and 0x19–0x23 (microwave/lunch-box codes) and anything else. */
  | 'other';

const SELECTION_STATUS_TABLE: ReadonlyMap<number, SelectionState> = new Map<number, SelectionState>(
  [
    [SELECTION_STATUS_NORMAL, 'ready'],
    [SELECTION_STATUS_OUT_OF_STOCK, 'outOfStock'],
    [SELECTION_STATUS_DOES_NOT_EXIST, 'doesNotExist'],
    [SELECTION_STATUS_PAUSED, 'paused'],
    [SELECTION_STATUS_PRODUCT_IN_ELEVATOR, 'productInElevator'],
    [SELECTION_STATUS_DELIVERY_DOOR_UNLOCKED, 'deliveryDoorUnlocked'],
    [SELECTION_STATUS_ELEVATOR_ERROR, 'elevatorError'],
    [SELECTION_STATUS_ELEVATOR_SELF_CHECK_FAULT, 'elevatorSelfCheckFault'],
    [SELECTION_STATUS_MAIN_MOTOR_FAULT, 'mainMotorFault'],
    [SELECTION_STATUS_TRANSLATION_MOTOR_FAULT, 'translationMotorFault'],
  ],
);

export function interpretSelectionStatus(code: number): SelectionState {
  return SELECTION_STATUS_TABLE.get(code) ?? 'other';
}

/** 0x54 lift status as a small union. */
export type LiftState =
  | 'normal'
  | 'productInElevator'
  | 'deliveryDoorNotClosed'
  | 'elevatorError'
  | 'elevatorSelfCheckError'
  | 'other';

const LIFT_STATUS_TABLE: ReadonlyMap<number, LiftState> = new Map<number, LiftState>([
  [LIFT_STATUS_NORMAL, 'normal'],
  [LIFT_STATUS_PRODUCT_IN_ELEVATOR, 'productInElevator'],
  [LIFT_STATUS_DOOR_NOT_CLOSED, 'deliveryDoorNotClosed'],
  [LIFT_STATUS_ELEVATOR_ERROR, 'elevatorError'],
  [LIFT_STATUS_SELF_CHECK_ERROR, 'elevatorSelfCheckError'],
]);

export function interpretLiftStatus(code: number): LiftState {
  return LIFT_STATUS_TABLE.get(code) ?? 'other';
}

/** The parts of 0x52 the kiosk uses (cold chain, service door), in domain units. */
export interface MachineStatus {
  door: 'open' | 'closed';
  /** Cabinet temperature in °C; null when the board has no sensor (0x7FFF) or did not send it. */
  temperatureC: number | null;
  /** Temperature setpoint in °C; null when missing. */
  setpointC: number | null;
  /** Relative humidity in %; null when the board did not send it. */
  humidityPct: number | null;
  temperatureControl: 'ok' | 'fault';
  /** Machine id as text (NUL and trailing spaces removed); empty when absent. */
  machineId: string;
}

export function summarizeMachineStatus(frame: MachineStatusFrame): MachineStatus {
  const deci = (v: number | null | undefined): number | null =>
    v === null || v === undefined ? null : v / 10;
  return {
    // Any value but 0 is read as open: the safe reading for a medicine cabinet.
    door: frame.door === DOOR_CLOSED ? 'closed' : 'open',
    temperatureC: deci(frame.temperature),
    setpointC: deci(frame.setpoint),
    humidityPct: deci(frame.humidity),
    temperatureControl: frame.tempControl === TEMP_CTRL_OK ? 'ok' : 'fault',
    machineId: frame.machineId
      ? String.fromCharCode(...frame.machineId.filter((b) => b >= 0x20 && b < 0x7f)).trim()
      : '',
  };
}

/** What a 0x71 type 0x42 answer says about the things a technician checks. */
export interface SelectionConfig {
  /** `unknown`: a byte other than the two the vendor document defines. */
  dropSensor: 'enabled' | 'disabled' | 'unknown';
  /** After a jam the board keeps selling the selection (`keep`) or stops (`stop`). */
  afterJam: 'stop' | 'keep' | 'unknown';
  /** The board's own stock count (the kiosk keeps its own; shown for comparison only). */
  inventory: number;
  capacity: number;
}

export function summarizeSelectionConfig(frame: SelectionConfigFrame): SelectionConfig {
  return {
    // Read exactly: 0x00 is ON in this field, so "non-zero means on" would be wrong here.
    dropSensor:
      frame.dropSensor === DROP_SENSOR_ENABLED
        ? 'enabled'
        : frame.dropSensor === DROP_SENSOR_CLOSED
          ? 'disabled'
          : 'unknown',
    afterJam:
      frame.jammed === JAMMED_STOP_SELLING
        ? 'stop'
        : frame.jammed === JAMMED_KEEP_SELLING
          ? 'keep'
          : 'unknown',
    inventory: frame.inventory,
    capacity: frame.capacity,
  };
}
