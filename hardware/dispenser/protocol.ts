/**
 * The VMC ("vending machine controller") ↔ host serial protocol as data: frame layout, command
 * codes, status codes and the two fixed frames. Pure constants, no behaviour.
 * Wire format and the project choices: shared/protocols/dispenser.md.
 */

// ---------------------------------------------------------------------------------------------
// Physical link (dispenser.md §1)
// ---------------------------------------------------------------------------------------------

/** The boards speak 57600 8N1. A PTY ignores the rate, a USB-serial adapter does not. */
export const DISPENSER_BAUD_RATE = 57_600;

// ---------------------------------------------------------------------------------------------
// Frame layout (dispenser.md §2): FA FB CMD LEN [PackNO TEXT…] XOR
// ---------------------------------------------------------------------------------------------

/** First start-of-frame byte. */
export const STX_1 = 0xfa;
/** Second start-of-frame byte. */
export const STX_2 = 0xfb;
/** Offset of the command byte. */
export const OFFSET_CMD = 2;
/** Offset of the LEN byte: the count of PackNO + TEXT bytes. */
export const OFFSET_LEN = 3;
/** Offset of the PackNO byte, the first byte LEN counts. */
export const OFFSET_PACK_NO = 4;
/** Bytes outside the LEN-counted part: STX (2), CMD (1), LEN (1), XOR (1). */
export const FRAME_OVERHEAD = 5;
/** Largest LEN the framer accepts. A larger LEN is treated as line noise and resynchronised. */
export const MAX_LEN = 250;
/** Shortest possible frame: POLL or ACK, with LEN 0 and no PackNO. */
export const MIN_FRAME_LENGTH = FRAME_OVERHEAD;
/** Largest frame the framer can return (LEN = MAX_LEN). */
export const MAX_FRAME_LENGTH = MAX_LEN + FRAME_OVERHEAD;

/** PackNO runs 1..255 and wraps 255 → 1; 0 is never sent (dispenser.md §3, project choice). */
export const PACK_NO_MIN = 1;
export const PACK_NO_MAX = 255;

/** The next PackNO after `packNo`, skipping 0 on the wrap. */
export function nextPackNo(packNo: number): number {
  return packNo >= PACK_NO_MAX ? PACK_NO_MIN : packNo + 1;
}

// ---------------------------------------------------------------------------------------------
// Command codes (dispenser.md §4)
// ---------------------------------------------------------------------------------------------

/** VMC → host, LEN 0. "Anything for me?" The host must answer within 100 ms. */
export const CMD_POLL = 0x41;
/** Both directions, LEN 0. Acknowledges the last data frame. */
export const CMD_ACK = 0x42;
/** Host → VMC, LEN 3: PackNO, selection(2). Ask for a selection's status (answer 0x02). */
export const CMD_CHECK_SELECTION = 0x01;
/** VMC → host, LEN 4: PackNO, status(1), selection(2). Answer to 0x01 (§5a codes). */
export const CMD_SELECTION_STATUS = 0x02;
/** Host → VMC, LEN 3: PackNO, selection(2). Sell with VMC-managed price and stock. */
export const CMD_SELECT_TO_BUY = 0x03;
/** VMC → host, LEN 4 or 5: PackNO, status(1), selection(2)[, microwave no.(1)] (§5b codes). */
export const CMD_DISPENSING_STATUS = 0x04;
/** Both directions, LEN 3: PackNO, selection(2). Selection 0x0000 cancels. */
export const CMD_SELECT_OR_CANCEL = 0x05;
/** Host → VMC, LEN 5: PackNO, dropSensor(1), elevator(1), selection(2). Drive a motor now. */
export const CMD_DRIVE_SELECTION = 0x06;
/** VMC → host, LEN 12: PackNO, selection(2), price(4), stock(1), capacity(1), productId(2), state(1). */
export const CMD_SELECTION_INFO = 0x11;
/** Both directions, LEN 4: PackNO, selection(2), stock(1). */
export const CMD_SET_STOCK = 0x13;
/** Host → VMC, LEN 2: PackNO, interval(1) in units of 100 ms (1 = 100 ms … 20 = 2 s). */
export const CMD_SET_POLL_INTERVAL = 0x16;
/** Both directions, LEN 1: PackNO. */
export const CMD_INFO_SYNC = 0x31;
/** Host → VMC, LEN 1: PackNO. Ask for machine status (answer 0x52). */
export const CMD_REQUEST_MACHINE_STATUS = 0x51;
/** VMC → host, variable LEN: machine status incl. door and temperature (layout below). */
export const CMD_MACHINE_STATUS = 0x52;
/** Host → VMC, LEN 1: PackNO. Ask for lift/delivery-door status (answer 0x54). */
export const CMD_REQUEST_LIFT_STATUS = 0x53;
/** VMC → host, variable LEN: PackNO, status(1) (LIFT_STATUS_* below). */
export const CMD_LIFT_STATUS = 0x54;
/** Host → VMC, variable LEN: PackNO, menu type(1), operation(1), parameters… (answer 0x71). */
export const CMD_MENU = 0x70;
/** VMC → host, variable LEN: PackNO, menu type(1), operation(1), data… Answer to 0x70. */
export const CMD_MENU_RESPONSE = 0x71;
/**
 * Project extension, host → VMC, LEN 9: PackNO, dispenseId(4), dropSensor(1), elevator(1),
 * selection(2). Drive at most once per dispenseId; a repeat returns the stored result (§6.5).
 */
export const CMD_DRIVE_ONCE = 0xe6;
/** Project extension, VMC → host, LEN 8: PackNO, dispenseId(4), status(1), selection(2). */
export const CMD_DRIVE_ONCE_STATUS = 0xe4;

// ---------------------------------------------------------------------------------------------
// Fixed frames (dispenser.md §2)
// ---------------------------------------------------------------------------------------------

/** FA FB 41 00 40: POLL, XOR = FA ^ FB ^ 41 ^ 00. */
export const POLL_FRAME: readonly number[] = [STX_1, STX_2, CMD_POLL, 0x00, 0x40];
/** FA FB 42 00 43: ACK, XOR = FA ^ FB ^ 42 ^ 00. */
export const ACK_FRAME: readonly number[] = [STX_1, STX_2, CMD_ACK, 0x00, 0x43];

// ---------------------------------------------------------------------------------------------
// 0x02 selection status (dispenser.md §5a)
// ---------------------------------------------------------------------------------------------

/** The selection can be sold. */
export const SELECTION_STATUS_NORMAL = 0x01;
/** The selection is out of stock. */
export const SELECTION_STATUS_OUT_OF_STOCK = 0x02;
/** The selection does not exist. */
export const SELECTION_STATUS_DOES_NOT_EXIST = 0x03;
/** The selection is paused. */
export const SELECTION_STATUS_PAUSED = 0x04;
/** A product is still inside the elevator. */
export const SELECTION_STATUS_PRODUCT_IN_ELEVATOR = 0x05;
/** The delivery door is unlocked. */
export const SELECTION_STATUS_DELIVERY_DOOR_UNLOCKED = 0x06;
/** Elevator error. */
export const SELECTION_STATUS_ELEVATOR_ERROR = 0x07;
/** Elevator self-check fault. */
export const SELECTION_STATUS_ELEVATOR_SELF_CHECK_FAULT = 0x08;
/** Main motor fault. */
export const SELECTION_STATUS_MAIN_MOTOR_FAULT = 0x17;
/** Translation motor fault. */
export const SELECTION_STATUS_TRANSLATION_MOTOR_FAULT = 0x18;

// ---------------------------------------------------------------------------------------------
// 0x04 / 0xE4 dispensing status (dispenser.md §5b)
// ---------------------------------------------------------------------------------------------

/** Dispensing is in progress; more frames follow. */
export const DISPENSE_STATUS_IN_PROGRESS = 0x01;
/** Dispensed successfully. */
export const DISPENSE_STATUS_SUCCESS = 0x02;
/** The selection jammed. */
export const DISPENSE_STATUS_JAMMED = 0x03;
/** The motor did not stop normally: an extra item may have dropped. */
export const DISPENSE_STATUS_MOTOR_DID_NOT_STOP = 0x04;
/** Project code (absent from the public table): drop sensor enabled, nothing fell. */
export const DISPENSE_STATUS_NO_DROP = 0x05;
/** The motor does not exist. */
export const DISPENSE_STATUS_NO_MOTOR = 0x06;
/** Elevator error. */
export const DISPENSE_STATUS_ELEVATOR_ERROR = 0x07;
/** Project code: the drop sensor was blocked before the drive, so the motor was not started. */
export const DISPENSE_STATUS_SENSOR_BLOCKED = 0x08;
/** The elevator is ascending; more frames follow. */
export const DISPENSE_STATUS_ELEVATOR_ASCENDING = 0x10;
/** The elevator is descending; more frames follow. */
export const DISPENSE_STATUS_ELEVATOR_DESCENDING = 0x11;
/** The elevator failed while ascending. */
export const DISPENSE_STATUS_ELEVATOR_ASCEND_ERROR = 0x12;
/** The elevator failed while descending. */
export const DISPENSE_STATUS_ELEVATOR_DESCEND_ERROR = 0x13;
/** The purchase was terminated. */
export const DISPENSE_STATUS_TERMINATED = 0xff;

// ---------------------------------------------------------------------------------------------
// 0x54 lift status (dispenser.md §4)
// ---------------------------------------------------------------------------------------------

/** Lift normal. */
export const LIFT_STATUS_NORMAL = 0x00;
/** A product is in the elevator. */
export const LIFT_STATUS_PRODUCT_IN_ELEVATOR = 0x01;
/** The delivery door is not closed. */
export const LIFT_STATUS_DOOR_NOT_CLOSED = 0x02;
/** Elevator error. */
export const LIFT_STATUS_ELEVATOR_ERROR = 0x03;
/** Elevator self-check error. */
export const LIFT_STATUS_SELF_CHECK_ERROR = 0x04;

// ---------------------------------------------------------------------------------------------
// 0x52 machine status layout (dispenser.md §4, project choice for door and temperature)
// Offsets are into PackNO + TEXT, i.e. relative to OFFSET_PACK_NO.
// ---------------------------------------------------------------------------------------------

/** bill acceptor state (1 byte). */
export const MACHINE_STATUS_BILL = 1;
/** coin acceptor state (1 byte). */
export const MACHINE_STATUS_COIN = 2;
/** card reader state (1 byte). */
export const MACHINE_STATUS_CARD = 3;
/** temperature controller: 0 ok, 1 fault (1 byte). */
export const MACHINE_STATUS_TEMP_CTRL = 4;
/** cabinet door: 0 closed, 1 open (1 byte). */
export const MACHINE_STATUS_DOOR = 5;
/** bill change, uint32 BE (4 bytes). */
export const MACHINE_STATUS_BILL_CHANGE = 6;
/** coin change, uint32 BE (4 bytes). */
export const MACHINE_STATUS_COIN_CHANGE = 10;
/** machine id, 10 bytes, ASCII padded with 0x00 or spaces. */
export const MACHINE_STATUS_MACHINE_ID = 14;
/** machine id length. */
export const MACHINE_ID_LENGTH = 10;
/** temperature block (8 bytes): int16 BE cabinet 0.1 °C, int16 BE setpoint 0.1 °C, 4 × 0x00. */
export const MACHINE_STATUS_TEMPERATURE = 24;
/** humidity block (8 bytes): uint16 BE 0.1 %RH, 6 × 0x00. */
export const MACHINE_STATUS_HUMIDITY = 32;
/** PackNO + every field above: the LEN the simulator sends. */
export const MACHINE_STATUS_FULL_LEN = 40;
/** The shortest 0x52 the decoder accepts: PackNO through the door byte. */
export const MACHINE_STATUS_MIN_LEN = 6;

/** Door byte: closed. */
export const DOOR_CLOSED = 0x00;
/** Door byte: open. */
export const DOOR_OPEN = 0x01;
/** Temperature-controller byte: ok. */
export const TEMP_CTRL_OK = 0x00;
/** Temperature-controller byte: fault. */
export const TEMP_CTRL_FAULT = 0x01;
/** Temperature or setpoint value meaning "no sensor fitted / sensor missing". */
export const TEMPERATURE_MISSING = 0x7fff;

// ---------------------------------------------------------------------------------------------
// 0x70 / 0x71 menu command, type 0x42 "query selection configuration" (dispenser.md §4). The
// layout is from the V3.0 vendor document's §4.5.11 (the transcription cited in dispenser.md's
// sources): request PackNO, 0x42, 0x00, selection(2); answer PackNO, 0x42, 0x00, price(4),
// inventory(2), capacity(1), productId(2), selection mode(1), drop sensor(1), jammed set(1),
// quarter turn(1). Byte order of the multi-byte fields: big-endian, as every field (project choice,
// dispenser.md §2). The answer does not repeat the selection: it answers the one request
// outstanding. Offsets below are into PackNO + TEXT, i.e. relative to OFFSET_PACK_NO.
// ---------------------------------------------------------------------------------------------

/** Menu type byte: query selection configuration. */
export const MENU_TYPE_SELECTION_CONFIG = 0x42;
/** Operation byte of the query (and of its answer): read. */
export const MENU_OP_READ = 0x00;
/** Offset of the menu type byte. */
export const MENU_TYPE = 1;
/** Offset of the operation byte. */
export const MENU_OP = 2;
/** Offset of the request's selection number (uint16 BE). */
export const MENU_QUERY_SELECTION = 3;
/** LEN of the 0x70 type 0x42 request: PackNO, type, op, selection(2). */
export const MENU_QUERY_LEN = 5;
/** Shortest 0x70/0x71 the decoder accepts: PackNO, type, op. */
export const MENU_MIN_LEN = 3;
/** Answer: selection price, uint32 BE. */
export const SELECTION_CONFIG_PRICE = 3;
/** Answer: inventory, uint16 BE. */
export const SELECTION_CONFIG_INVENTORY = 7;
/** Answer: capacity (1 byte). */
export const SELECTION_CONFIG_CAPACITY = 9;
/** Answer: product id, uint16 BE. */
export const SELECTION_CONFIG_PRODUCT_ID = 10;
/** Answer: selection mode (1 byte, SELECTION_MODE_*). */
export const SELECTION_CONFIG_MODE = 12;
/** Answer: drop sensor status (1 byte, DROP_SENSOR_*). */
export const SELECTION_CONFIG_DROP_SENSOR = 13;
/** Answer: what the board does after a jam (1 byte, JAMMED_*). */
export const SELECTION_CONFIG_JAMMED = 14;
/** Answer: "turn 1/4 circle" (1 byte: 0 off, 1 on). */
export const SELECTION_CONFIG_QUARTER_TURN = 15;
/** LEN of the 0x71 type 0x42 answer: PackNO through the quarter-turn byte. */
export const SELECTION_CONFIG_LEN = 16;

/** Selection mode: coil (spiral). */
export const SELECTION_MODE_COIL = 0x01;
/** Selection mode: belt. */
export const SELECTION_MODE_BELT = 0x02;
/** Selection mode: hook. */
export const SELECTION_MODE_HOOK = 0x03;
/** Drop sensor byte: enabled. Note the sense: 0 is ON in this field (vendor document). */
export const DROP_SENSOR_ENABLED = 0x00;
/** Drop sensor byte: closed (disabled). */
export const DROP_SENSOR_CLOSED = 0x01;
/** Jammed set: a jammed selection can no longer be bought. */
export const JAMMED_STOP_SELLING = 0x00;
/** Jammed set: the board keeps selling a selection that jammed. */
export const JAMMED_KEEP_SELLING = 0x01;

// ---------------------------------------------------------------------------------------------
// Timing (dispenser.md §3, §6)
// ---------------------------------------------------------------------------------------------

/** The VMC polls about every 200 ms unless told otherwise with 0x16. */
export const DEFAULT_POLL_INTERVAL_MS = 200;
/** The host must answer a POLL or a data frame within 100 ms. */
export const HOST_REPLY_WINDOW_MS = 100;
/** A packet is sent at most 5 times in all (the first send and 4 resends). */
export const MAX_SENDS = 5;
/** No valid POLL for 1 s: the link is degraded. */
export const LINK_DEGRADED_AFTER_MS = 1_000;
/** No valid POLL for 3 s: the link is down; new dispenses are refused. */
export const LINK_DOWN_AFTER_MS = 3_000;
/** No final status within 30 s of the drive: the outcome is UNCERTAIN. */
export const FINAL_STATUS_TIMEOUT_MS = 30_000;
/** With an elevator the trip is longer: 60 s before UNCERTAIN. */
export const FINAL_STATUS_TIMEOUT_ELEVATOR_MS = 60_000;
