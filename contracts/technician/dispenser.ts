import { z } from 'zod';
import { DispenseOutcome, Pack } from '../journal-events';

/**
 * The technician panel's dispenser tool (issue 9): what main shows (`DispenserToolView`, part of the
 * snapshot's technician view) and what the renderer may ask (`DispenserToolEvents`, each a `TECH_`
 * UiEvent). No patient data, no PIN, no token text.
 */

/** One slot of the hardware config and the stock the kiosk thinks is in it. */
export const DispenserSlotView = z.strictObject({
  slot: z.number().int().positive(),
  /** The board's selection number for the slot. */
  selection: z.number().int().min(1).max(0xffff),
  capacity: z.number().int().positive(),
  /** Packs the inventory has in the slot. */
  count: z.number().int().nonnegative(),
  /** The pack a drive pushes out (the slot's front); null when the kiosk thinks it empty. */
  next: Pack.nullable(),
});
export type DispenserSlotView = z.infer<typeof DispenserSlotView>;

/** Why a rotate was not started (nothing was journaled as an adjustment, nothing moved). */
export const RotateRefusal = z.enum(['unknown_slot', 'link_down', 'busy']);
export type RotateRefusal = z.infer<typeof RotateRefusal>;

/** The rotate test in progress or the last one. */
export const RotationView = z.strictObject({
  slot: z.number().int().positive(),
  state: z.enum(['running', 'done', 'refused']),
  /** The pack the kiosk expected to drop; null for an empty slot. */
  expected: Pack.nullable(),
  /** The STOCK_ADJUSTMENT_INTENT's seq; null when refused. */
  intentSeq: z.number().int().positive().nullable(),
  /** How the drive ended (done). */
  outcome: DispenseOutcome.nullable(),
  /** The board's final status byte, when one arrived. */
  statusCode: z.number().int().min(0).max(255).nullable(),
  /** Packs the kiosk now counts as gone from the slot. */
  packsRemoved: z.number().int().nonnegative(),
  refusal: RotateRefusal.nullable(),
});
export type RotationView = z.infer<typeof RotationView>;

/**
 * What the drop-sensor check found: `state` in one word and `reason` saying how it knows. The
 * check asks the board first (menu/config 0x70/0x71 type 0x42: is the sensor switched on?) and
 * combines its answer with the board's latest drive status that involved the sensor: a sensor
 * switched off is `disabled` whatever an older drive said; otherwise the drive tells.
 */
export const DropSensorState = z.enum(['ok', 'blocked', 'disabled', 'unknown']);
export const DropSensorReason = z.enum([
  /** The board says its drop sensor is switched off (0x71 type 0x42). */
  'board_disabled',
  /** The board says the sensor is on, and no drive since the kiosk started has shown it work. */
  'board_enabled_no_drive',
  /** No drive since the kiosk started: nothing to read. */
  'no_drive_yet',
  /** The last drive reported a successful drop (status 0x02) with the sensor asked for. */
  'saw_drop',
  /** The sensor was asked for and reported that nothing fell (status 0x05). */
  'saw_no_drop',
  /** The board refused to drive: the sensor was blocked before the drive (status 0x08). */
  'blocked_before_drive',
  /** The last drive command did not ask the board to check its drop sensor. */
  'drive_without_sensor',
]);
/** The board's answer to the configuration query, for the slot it was asked about. */
export const DropSensorBoardView = z.strictObject({
  slot: z.number().int().positive(),
  /** `unknown`: the board answered a byte the vendor document does not define. */
  sensor: z.enum(['enabled', 'disabled', 'unknown']),
  /** What the board does with a selection after a jam: stop selling it, or keep selling it. */
  afterJam: z.enum(['stop', 'keep', 'unknown']),
});
export type DropSensorBoardView = z.infer<typeof DropSensorBoardView>;

/** Why the board's configuration was not read (the verdict then rests on the last drive). */
export const DropSensorBoardError = z.enum([
  /** Asked, no answer in time (or the line failed). */
  'no_answer',
  /** A drive was in progress: the query is never sent during one. */
  'busy',
  /** The board's link is down: not sent. */
  'link_down',
  /** The hardware config has no slot to ask about. */
  'no_slot',
]);

export const DropSensorView = z.strictObject({
  state: DropSensorState,
  reason: DropSensorReason,
  /** The slot of the drive the answer comes from. */
  slot: z.number().int().positive().nullable(),
  statusCode: z.number().int().min(0).max(255).nullable(),
  /** The board's configuration answer; null when it was not read (see `boardError`). */
  board: DropSensorBoardView.nullable(),
  boardError: DropSensorBoardError.nullable(),
});
export type DropSensorView = z.infer<typeof DropSensorView>;

/** The cabinet as the board's latest machine status (0x52) reports it. */
export const CabinetStatusView = z.strictObject({
  door: z.enum(['open', 'closed']),
  temperatureC: z.number().nullable(),
  setpointC: z.number().nullable(),
  temperatureControl: z.enum(['ok', 'fault']),
  /** When the board answered (kiosk clock, epoch ms). */
  at: z.number().int(),
});
export type CabinetStatusView = z.infer<typeof CabinetStatusView>;

export const DispenserToolView = z.strictObject({
  /** The board's link: a rotate is refused while it is down. */
  link: z.enum(['up', 'degraded', 'down']),
  slots: z.array(DispenserSlotView),
  rotation: RotationView.nullable(),
  dropSensor: DropSensorView.nullable(),
  /** The drop-sensor check is asking the board (up to its reply timeout, 3 s). */
  dropSensorCheck: z.enum(['idle', 'checking']),
  cabinet: CabinetStatusView.nullable(),
  /** "Read now": asking the board, or the last ask failed (the board did not answer). */
  cabinetRead: z.enum(['idle', 'reading', 'failed']),
  /** The site's allowed temperature band, °C, drawn on the gauge. */
  band: z.strictObject({ minC: z.number(), maxC: z.number() }),
});
export type DispenserToolView = z.infer<typeof DispenserToolView>;

export const DispenserToolEvents = [
  /** Rotate one slot as a motor test (confirmed in the renderer): may drop a pack. */
  z.strictObject({
    type: z.literal('TECH_DISPENSER_ROTATE'),
    slot: z.number().int().positive(),
  }),
  z.strictObject({ type: z.literal('TECH_DISPENSER_DROP_SENSOR_CHECK') }),
  /** Ask the board for door and temperature now (0x51) instead of waiting for the monitor. */
  z.strictObject({ type: z.literal('TECH_DISPENSER_READ_CABINET') }),
] as const;
export type DispenserToolEvent = z.infer<(typeof DispenserToolEvents)[number]>;
