import { err, ok, type Result } from '../../contracts/result';
import {
  CMD_ACK,
  CMD_CHECK_SELECTION,
  CMD_DISPENSING_STATUS,
  CMD_DRIVE_ONCE,
  CMD_DRIVE_ONCE_STATUS,
  CMD_DRIVE_SELECTION,
  CMD_INFO_SYNC,
  CMD_LIFT_STATUS,
  CMD_MACHINE_STATUS,
  CMD_MENU,
  CMD_MENU_RESPONSE,
  CMD_POLL,
  CMD_REQUEST_LIFT_STATUS,
  CMD_REQUEST_MACHINE_STATUS,
  CMD_SELECT_OR_CANCEL,
  CMD_SELECT_TO_BUY,
  CMD_SELECTION_INFO,
  CMD_SELECTION_STATUS,
  CMD_SET_POLL_INTERVAL,
  CMD_SET_STOCK,
  FRAME_OVERHEAD,
  MACHINE_ID_LENGTH,
  MACHINE_STATUS_BILL,
  MACHINE_STATUS_BILL_CHANGE,
  MACHINE_STATUS_CARD,
  MACHINE_STATUS_COIN,
  MACHINE_STATUS_COIN_CHANGE,
  MACHINE_STATUS_DOOR,
  MACHINE_STATUS_HUMIDITY,
  MACHINE_STATUS_MACHINE_ID,
  MACHINE_STATUS_MIN_LEN,
  MACHINE_STATUS_TEMP_CTRL,
  MACHINE_STATUS_TEMPERATURE,
  MAX_LEN,
  MENU_MIN_LEN,
  MENU_OP,
  MENU_OP_READ,
  MENU_QUERY_LEN,
  MENU_QUERY_SELECTION,
  MENU_TYPE,
  MENU_TYPE_SELECTION_CONFIG,
  OFFSET_CMD,
  OFFSET_LEN,
  OFFSET_PACK_NO,
  SELECTION_CONFIG_CAPACITY,
  SELECTION_CONFIG_DROP_SENSOR,
  SELECTION_CONFIG_INVENTORY,
  SELECTION_CONFIG_JAMMED,
  SELECTION_CONFIG_LEN,
  SELECTION_CONFIG_MODE,
  SELECTION_CONFIG_PRICE,
  SELECTION_CONFIG_PRODUCT_ID,
  SELECTION_CONFIG_QUARTER_TURN,
  STX_1,
  STX_2,
  TEMPERATURE_MISSING,
} from './protocol';

/** A decoded frame. Host → VMC and VMC → host frames share one union; `kind` names the command. */
export type Frame =
  | { kind: 'POLL' }
  | { kind: 'ACK' }
  | { kind: 'CHECK_SELECTION'; packNo: number; selection: number }
  | { kind: 'SELECTION_STATUS'; packNo: number; status: number; selection: number }
  | { kind: 'SELECT_TO_BUY'; packNo: number; selection: number }
  | {
      kind: 'DISPENSING_STATUS';
      packNo: number;
      status: number;
      selection: number;
      /** Only on boards that send LEN 5 (microwave/lunch-box models). */
      microwave?: number;
    }
  | { kind: 'SELECT_OR_CANCEL'; packNo: number; selection: number }
  | {
      kind: 'DRIVE_SELECTION';
      packNo: number;
      dropSensor: boolean;
      elevator: boolean;
      selection: number;
    }
  | {
      kind: 'SELECTION_INFO';
      packNo: number;
      selection: number;
      price: number;
      stock: number;
      capacity: number;
      productId: number;
      paused: boolean;
    }
  | { kind: 'SET_STOCK'; packNo: number; selection: number; stock: number }
  | { kind: 'SET_POLL_INTERVAL'; packNo: number; interval: number }
  | { kind: 'INFO_SYNC'; packNo: number }
  | { kind: 'REQUEST_MACHINE_STATUS'; packNo: number }
  | MachineStatusFrame
  | { kind: 'REQUEST_LIFT_STATUS'; packNo: number }
  | { kind: 'LIFT_STATUS'; packNo: number; status: number }
  /** 0x70 type 0x42 operation 0x00: read one selection's configuration (answer 0x71). */
  | { kind: 'QUERY_SELECTION_CONFIG'; packNo: number; selection: number }
  | SelectionConfigFrame
  /** 0x70 of any other menu type or operation: carried as bytes, the kiosk sends none. */
  | { kind: 'MENU'; packNo: number; menuType: number; op: number; data: Uint8Array }
  /** 0x71 of any other menu type or operation. */
  | { kind: 'MENU_RESPONSE'; packNo: number; menuType: number; op: number; data: Uint8Array }
  | {
      kind: 'DRIVE_ONCE';
      packNo: number;
      dispenseId: number;
      dropSensor: boolean;
      elevator: boolean;
      selection: number;
    }
  | {
      kind: 'DRIVE_ONCE_STATUS';
      packNo: number;
      dispenseId: number;
      status: number;
      selection: number;
    }
  | UnknownFrame;

/**
 * 0x52. The public spec gives field sizes only and real boards may send a shorter frame, so every
 * field after the door byte is optional: present only when LEN covers it completely.
 */
export interface MachineStatusFrame {
  kind: 'MACHINE_STATUS';
  packNo: number;
  bill: number;
  coin: number;
  card: number;
  tempControl: number;
  door: number;
  billChange?: number;
  coinChange?: number;
  /** 10 raw bytes (ASCII padded with NUL or spaces on the boards seen so far). */
  machineId?: Uint8Array;
  /** Cabinet temperature in 0.1 °C; null when the board reports 0x7FFF (no sensor). */
  temperature?: number | null;
  /** Temperature setpoint in 0.1 °C; null when the board reports 0x7FFF. */
  setpoint?: number | null;
  /** Relative humidity in 0.1 %RH. */
  humidity?: number;
}

/**
 * 0x71 type 0x42 operation 0x00 (dispenser.md §4, vendor document §4.5.11): one selection's
 * configuration as the board holds it. The flag bytes stay raw here; status.ts says what they
 * mean (the drop-sensor byte is 0 for ON). It does not name the selection it describes.
 */
export interface SelectionConfigFrame {
  kind: 'SELECTION_CONFIG';
  packNo: number;
  price: number;
  inventory: number;
  capacity: number;
  productId: number;
  /** SELECTION_MODE_* (1 coil, 2 belt, 3 hook). */
  mode: number;
  /** DROP_SENSOR_ENABLED (0x00) or DROP_SENSOR_CLOSED (0x01); anything else is unknown. */
  dropSensor: number;
  /** JAMMED_STOP_SELLING (0x00) or JAMMED_KEEP_SELLING (0x01). */
  jammed: number;
  /** "Turn 1/4 circle": 0 off, 1 on. */
  quarterTurn: number;
}

/** A command this codec has no layout for. LEN 0 frames carry no PackNO. */
export interface UnknownFrame {
  kind: 'UNKNOWN';
  cmd: number;
  packNo?: number;
  text: Uint8Array;
}

export type FrameKind = Frame['kind'];
/** Frames that carry a PackNO (every frame but POLL and ACK, and LEN-0 unknown frames). */
export type DataFrame = Exclude<Frame, { kind: 'POLL' } | { kind: 'ACK' }>;

export type CodecErrorCode =
  /** Fewer than 5 bytes, or fewer than LEN + 5. */
  | 'TRUNCATED'
  /** More bytes than LEN + 5: decodeFrame takes exactly one frame. */
  | 'TRAILING_BYTES'
  /** The first two bytes are not FA FB. */
  | 'BAD_SYNC'
  /** LEN above 250: line noise by the resync rule. */
  | 'BAD_LENGTH'
  /** The XOR byte does not match. */
  | 'BAD_CHECKSUM'
  /** A known command whose LEN is too short for its fields (or POLL/ACK with LEN ≠ 0). */
  | 'BAD_PAYLOAD';

export interface CodecError {
  code: CodecErrorCode;
  detail: string;
  /** The command byte, when the frame got far enough to have one. */
  cmd?: number;
}

const CMD_BY_KIND: Record<Exclude<FrameKind, 'UNKNOWN'>, number> = {
  POLL: CMD_POLL,
  ACK: CMD_ACK,
  CHECK_SELECTION: CMD_CHECK_SELECTION,
  SELECTION_STATUS: CMD_SELECTION_STATUS,
  SELECT_TO_BUY: CMD_SELECT_TO_BUY,
  DISPENSING_STATUS: CMD_DISPENSING_STATUS,
  SELECT_OR_CANCEL: CMD_SELECT_OR_CANCEL,
  DRIVE_SELECTION: CMD_DRIVE_SELECTION,
  SELECTION_INFO: CMD_SELECTION_INFO,
  SET_STOCK: CMD_SET_STOCK,
  SET_POLL_INTERVAL: CMD_SET_POLL_INTERVAL,
  INFO_SYNC: CMD_INFO_SYNC,
  REQUEST_MACHINE_STATUS: CMD_REQUEST_MACHINE_STATUS,
  MACHINE_STATUS: CMD_MACHINE_STATUS,
  REQUEST_LIFT_STATUS: CMD_REQUEST_LIFT_STATUS,
  LIFT_STATUS: CMD_LIFT_STATUS,
  DRIVE_ONCE: CMD_DRIVE_ONCE,
  DRIVE_ONCE_STATUS: CMD_DRIVE_ONCE_STATUS,
  QUERY_SELECTION_CONFIG: CMD_MENU,
  SELECTION_CONFIG: CMD_MENU_RESPONSE,
  MENU: CMD_MENU,
  MENU_RESPONSE: CMD_MENU_RESPONSE,
};

/** The command byte of a frame. */
export function commandOf(frame: Frame): number {
  return frame.kind === 'UNKNOWN' ? frame.cmd : CMD_BY_KIND[frame.kind];
}

/** The PackNO of a frame, or undefined for POLL, ACK and LEN-0 unknown frames. */
export function packNoOf(frame: Frame): number | undefined {
  return 'packNo' in frame ? frame.packNo : undefined;
}

/** XOR of `bytes[start]` up to but excluding `bytes[end]`. */
export function xorChecksum(bytes: Uint8Array, start: number, end: number): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i] ?? 0;
  return x;
}

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

/** Appends big-endian integers; a value out of range is a bug in the caller, so it throws. */
class BodyWriter {
  readonly bytes: number[] = [];

  u8(value: number, field: string): this {
    checkRange(value, 0, 0xff, field);
    this.bytes.push(value);
    return this;
  }
  u16(value: number, field: string): this {
    checkRange(value, 0, 0xffff, field);
    this.bytes.push((value >>> 8) & 0xff, value & 0xff);
    return this;
  }
  i16(value: number, field: string): this {
    checkRange(value, -0x8000, 0x7fff, field);
    return this.u16(value & 0xffff, field);
  }
  u32(value: number, field: string): this {
    checkRange(value, 0, 0xffffffff, field);
    this.bytes.push(
      (value >>> 24) & 0xff,
      (value >>> 16) & 0xff,
      (value >>> 8) & 0xff,
      value & 0xff,
    );
    return this;
  }
  flag(value: boolean): this {
    this.bytes.push(value ? 1 : 0);
    return this;
  }
  raw(values: Uint8Array | readonly number[]): this {
    for (const v of values) this.bytes.push(v);
    return this;
  }
  zeros(count: number): this {
    for (let i = 0; i < count; i++) this.bytes.push(0);
    return this;
  }
}

function checkRange(value: number, min: number, max: number, field: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`dispenser codec: ${field}=${value} is outside ${min}..${max}`);
  }
}

function body(frame: DataFrame): BodyWriter {
  const w = new BodyWriter().u8(frame.packNo ?? 0, 'packNo');
  switch (frame.kind) {
    case 'CHECK_SELECTION':
    case 'SELECT_TO_BUY':
    case 'SELECT_OR_CANCEL':
      return w.u16(frame.selection, 'selection');
    case 'SELECTION_STATUS':
      return w.u8(frame.status, 'status').u16(frame.selection, 'selection');
    case 'DISPENSING_STATUS':
      w.u8(frame.status, 'status').u16(frame.selection, 'selection');
      return frame.microwave === undefined ? w : w.u8(frame.microwave, 'microwave');
    case 'DRIVE_SELECTION':
      return w.flag(frame.dropSensor).flag(frame.elevator).u16(frame.selection, 'selection');
    case 'SELECTION_INFO':
      return w
        .u16(frame.selection, 'selection')
        .u32(frame.price, 'price')
        .u8(frame.stock, 'stock')
        .u8(frame.capacity, 'capacity')
        .u16(frame.productId, 'productId')
        .flag(frame.paused);
    case 'SET_STOCK':
      return w.u16(frame.selection, 'selection').u8(frame.stock, 'stock');
    case 'SET_POLL_INTERVAL':
      return w.u8(frame.interval, 'interval');
    case 'INFO_SYNC':
    case 'REQUEST_MACHINE_STATUS':
    case 'REQUEST_LIFT_STATUS':
      return w;
    case 'MACHINE_STATUS':
      return machineStatusBody(w, frame);
    case 'LIFT_STATUS':
      return w.u8(frame.status, 'status');
    case 'DRIVE_ONCE':
      return w
        .u32(frame.dispenseId, 'dispenseId')
        .flag(frame.dropSensor)
        .flag(frame.elevator)
        .u16(frame.selection, 'selection');
    case 'DRIVE_ONCE_STATUS':
      return w
        .u32(frame.dispenseId, 'dispenseId')
        .u8(frame.status, 'status')
        .u16(frame.selection, 'selection');
    case 'QUERY_SELECTION_CONFIG':
      return w
        .u8(MENU_TYPE_SELECTION_CONFIG, 'menuType')
        .u8(MENU_OP_READ, 'op')
        .u16(frame.selection, 'selection');
    case 'SELECTION_CONFIG':
      return w
        .u8(MENU_TYPE_SELECTION_CONFIG, 'menuType')
        .u8(MENU_OP_READ, 'op')
        .u32(frame.price, 'price')
        .u16(frame.inventory, 'inventory')
        .u8(frame.capacity, 'capacity')
        .u16(frame.productId, 'productId')
        .u8(frame.mode, 'mode')
        .u8(frame.dropSensor, 'dropSensor')
        .u8(frame.jammed, 'jammed')
        .u8(frame.quarterTurn, 'quarterTurn');
    case 'MENU':
    case 'MENU_RESPONSE':
      return w.u8(frame.menuType, 'menuType').u8(frame.op, 'op').raw(frame.data);
    case 'UNKNOWN':
      return w.raw(frame.text);
  }
}

function machineStatusBody(w: BodyWriter, f: MachineStatusFrame): BodyWriter {
  w.u8(f.bill, 'bill').u8(f.coin, 'coin').u8(f.card, 'card');
  w.u8(f.tempControl, 'tempControl').u8(f.door, 'door');
  // Optional blocks are written up to the last one present; a gap before it is zero-filled so
  // the later block still lands at its fixed offset.
  const blocks: Array<[present: boolean, write: () => void, size: number]> = [
    [f.billChange !== undefined, () => w.u32(f.billChange ?? 0, 'billChange'), 4],
    [f.coinChange !== undefined, () => w.u32(f.coinChange ?? 0, 'coinChange'), 4],
    [
      f.machineId !== undefined,
      () => {
        const id = f.machineId ?? new Uint8Array(0);
        if (id.length !== MACHINE_ID_LENGTH)
          throw new RangeError('dispenser codec: machineId must be 10 bytes');
        w.raw(id);
      },
      MACHINE_ID_LENGTH,
    ],
    [
      f.temperature !== undefined || f.setpoint !== undefined,
      () => {
        w.i16(f.temperature ?? TEMPERATURE_MISSING, 'temperature');
        w.i16(f.setpoint ?? TEMPERATURE_MISSING, 'setpoint');
        w.zeros(4);
      },
      8,
    ],
    [f.humidity !== undefined, () => w.u16(f.humidity ?? 0, 'humidity').zeros(6), 8],
  ];
  let last = -1;
  blocks.forEach(([present], i) => {
    if (present) last = i;
  });
  blocks.forEach(([present, write, size], i) => {
    if (i > last) return;
    if (present) write();
    else w.zeros(size);
  });
  return w;
}

/**
 * Frame → bytes. Throws only on a programming error (a field out of range, TEXT over 249 bytes):
 * the frames the driver and simulator build are always encodable.
 */
export function encodeFrame(frame: Frame): Uint8Array {
  const cmd = commandOf(frame);
  let lenCounted: number[] = [];
  if (frame.kind === 'UNKNOWN' && frame.packNo === undefined) {
    if (frame.text.length > 0) throw new RangeError('dispenser codec: TEXT without a PackNO');
  } else if (frame.kind !== 'POLL' && frame.kind !== 'ACK') {
    lenCounted = body(frame).bytes;
  }
  if (lenCounted.length > MAX_LEN) {
    throw new RangeError(`dispenser codec: LEN ${lenCounted.length} exceeds ${MAX_LEN}`);
  }
  const out = new Uint8Array(lenCounted.length + FRAME_OVERHEAD);
  out[0] = STX_1;
  out[1] = STX_2;
  out[OFFSET_CMD] = cmd;
  out[OFFSET_LEN] = lenCounted.length;
  out.set(lenCounted, OFFSET_PACK_NO);
  out[out.length - 1] = xorChecksum(out, 0, out.length - 1);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

/** Reads big-endian fields from PackNO + TEXT, relative to the PackNO byte. */
class BodyReader {
  constructor(private readonly b: Uint8Array) {}
  get length(): number {
    return this.b.length;
  }
  u8(at: number): number {
    return this.b[at] ?? 0;
  }
  u16(at: number): number {
    return (this.u8(at) << 8) | this.u8(at + 1);
  }
  i16(at: number): number {
    const v = this.u16(at);
    return v >= 0x8000 ? v - 0x10000 : v;
  }
  u32(at: number): number {
    return (
      ((this.u8(at) << 24) | (this.u8(at + 1) << 16) | (this.u8(at + 2) << 8) | this.u8(at + 3)) >>>
      0
    );
  }
  flag(at: number): boolean {
    // The spec defines 0 = off and 1 = on; any other value is read as "on", the safe reading for
    // a drop sensor.
    return this.u8(at) !== 0;
  }
  slice(at: number, length: number): Uint8Array {
    return this.b.slice(at, at + length);
  }
}

/** The minimum LEN of each known command; the decoder trusts a longer LEN and ignores extras. */
const MIN_LEN: Record<number, number> = {
  [CMD_POLL]: 0,
  [CMD_ACK]: 0,
  [CMD_CHECK_SELECTION]: 3,
  [CMD_SELECTION_STATUS]: 4,
  [CMD_SELECT_TO_BUY]: 3,
  [CMD_DISPENSING_STATUS]: 4,
  [CMD_SELECT_OR_CANCEL]: 3,
  [CMD_DRIVE_SELECTION]: 5,
  [CMD_SELECTION_INFO]: 12,
  [CMD_SET_STOCK]: 4,
  [CMD_SET_POLL_INTERVAL]: 2,
  [CMD_INFO_SYNC]: 1,
  [CMD_REQUEST_MACHINE_STATUS]: 1,
  [CMD_MACHINE_STATUS]: MACHINE_STATUS_MIN_LEN,
  [CMD_REQUEST_LIFT_STATUS]: 1,
  [CMD_LIFT_STATUS]: 2,
  [CMD_DRIVE_ONCE]: 9,
  [CMD_DRIVE_ONCE_STATUS]: 8,
  [CMD_MENU]: MENU_MIN_LEN,
  [CMD_MENU_RESPONSE]: MENU_MIN_LEN,
};

const hex = (n: number): string => `0x${n.toString(16).padStart(2, '0').toUpperCase()}`;

/** Bytes as spaced upper-case hex, e.g. "FA FB 41 00 40" (logs, traffic view, test names). */
export function toHex(bytes: Uint8Array | readonly number[]): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

/**
 * Checks sync, length and XOR of the frame starting at `bytes[0]` without decoding its meaning.
 * Returns the frame's total length. Used by the framer to find boundaries.
 */
export function checkFrameBoundary(bytes: Uint8Array): Result<number, CodecError> {
  if (bytes.length < 2 || bytes[0] !== STX_1 || bytes[1] !== STX_2) {
    if (bytes.length < 2 && (bytes.length === 0 || bytes[0] === STX_1)) {
      return err({ code: 'TRUNCATED', detail: `${bytes.length} byte(s), need at least 5` });
    }
    return err({ code: 'BAD_SYNC', detail: 'frame does not start with FA FB' });
  }
  if (bytes.length < FRAME_OVERHEAD) {
    return err({ code: 'TRUNCATED', detail: `${bytes.length} byte(s), need at least 5` });
  }
  const cmd = bytes[OFFSET_CMD] ?? 0;
  const len = bytes[OFFSET_LEN] ?? 0;
  if (len > MAX_LEN)
    return err({ code: 'BAD_LENGTH', detail: `LEN ${len} exceeds ${MAX_LEN}`, cmd });
  const total = len + FRAME_OVERHEAD;
  if (bytes.length < total) {
    return err({
      code: 'TRUNCATED',
      detail: `LEN ${len} needs ${total} bytes, have ${bytes.length}`,
      cmd,
    });
  }
  const expected = xorChecksum(bytes, 0, total - 1);
  const actual = bytes[total - 1] ?? 0;
  if (expected !== actual) {
    return err({
      code: 'BAD_CHECKSUM',
      detail: `XOR ${hex(actual)}, expected ${hex(expected)}`,
      cmd,
    });
  }
  return ok(total);
}

/**
 * Bytes of exactly one frame → typed frame. Never throws: every malformed input is a CodecError.
 * LEN is trusted (the public tables disagree with real boards), so a known command with a longer
 * LEN than its fields decodes and ignores the extra bytes.
 */
export function decodeFrame(bytes: Uint8Array): Result<Frame, CodecError> {
  const boundary = checkFrameBoundary(bytes);
  if (!boundary.ok) return boundary;
  const total = boundary.value;
  const cmd = bytes[OFFSET_CMD] ?? 0;
  if (bytes.length > total) {
    return err({
      code: 'TRAILING_BYTES',
      detail: `${bytes.length - total} byte(s) after a ${total}-byte frame`,
      cmd,
    });
  }
  const len = total - FRAME_OVERHEAD;
  const minLen = MIN_LEN[cmd];
  if (minLen !== undefined && (cmd === CMD_POLL || cmd === CMD_ACK ? len !== 0 : len < minLen)) {
    return err({
      code: 'BAD_PAYLOAD',
      detail: `command ${hex(cmd)} with LEN ${len}, needs ${cmd === CMD_POLL || cmd === CMD_ACK ? 'exactly 0' : `at least ${minLen}`}`,
      cmd,
    });
  }
  const r = new BodyReader(bytes.subarray(OFFSET_PACK_NO, OFFSET_PACK_NO + len));
  const packNo = r.u8(0);
  switch (cmd) {
    case CMD_POLL:
      return ok({ kind: 'POLL' });
    case CMD_ACK:
      return ok({ kind: 'ACK' });
    case CMD_CHECK_SELECTION:
      return ok({ kind: 'CHECK_SELECTION', packNo, selection: r.u16(1) });
    case CMD_SELECTION_STATUS:
      return ok({ kind: 'SELECTION_STATUS', packNo, status: r.u8(1), selection: r.u16(2) });
    case CMD_SELECT_TO_BUY:
      return ok({ kind: 'SELECT_TO_BUY', packNo, selection: r.u16(1) });
    case CMD_DISPENSING_STATUS: {
      const frame: Frame = {
        kind: 'DISPENSING_STATUS',
        packNo,
        status: r.u8(1),
        selection: r.u16(2),
      };
      if (len >= 5) frame.microwave = r.u8(4);
      return ok(frame);
    }
    case CMD_SELECT_OR_CANCEL:
      return ok({ kind: 'SELECT_OR_CANCEL', packNo, selection: r.u16(1) });
    case CMD_DRIVE_SELECTION:
      return ok({
        kind: 'DRIVE_SELECTION',
        packNo,
        dropSensor: r.flag(1),
        elevator: r.flag(2),
        selection: r.u16(3),
      });
    case CMD_SELECTION_INFO:
      return ok({
        kind: 'SELECTION_INFO',
        packNo,
        selection: r.u16(1),
        price: r.u32(3),
        stock: r.u8(7),
        capacity: r.u8(8),
        productId: r.u16(9),
        paused: r.flag(11),
      });
    case CMD_SET_STOCK:
      return ok({ kind: 'SET_STOCK', packNo, selection: r.u16(1), stock: r.u8(3) });
    case CMD_SET_POLL_INTERVAL:
      return ok({ kind: 'SET_POLL_INTERVAL', packNo, interval: r.u8(1) });
    case CMD_INFO_SYNC:
      return ok({ kind: 'INFO_SYNC', packNo });
    case CMD_REQUEST_MACHINE_STATUS:
      return ok({ kind: 'REQUEST_MACHINE_STATUS', packNo });
    case CMD_MACHINE_STATUS:
      return ok(decodeMachineStatus(r, packNo));
    case CMD_REQUEST_LIFT_STATUS:
      return ok({ kind: 'REQUEST_LIFT_STATUS', packNo });
    case CMD_LIFT_STATUS:
      return ok({ kind: 'LIFT_STATUS', packNo, status: r.u8(1) });
    case CMD_DRIVE_ONCE:
      return ok({
        kind: 'DRIVE_ONCE',
        packNo,
        dispenseId: r.u32(1),
        dropSensor: r.flag(5),
        elevator: r.flag(6),
        selection: r.u16(7),
      });
    case CMD_DRIVE_ONCE_STATUS:
      return ok({
        kind: 'DRIVE_ONCE_STATUS',
        packNo,
        dispenseId: r.u32(1),
        status: r.u8(5),
        selection: r.u16(6),
      });
    case CMD_MENU:
    case CMD_MENU_RESPONSE:
      return decodeMenu(r, cmd, packNo, len);
    default:
      return ok(
        len === 0
          ? { kind: 'UNKNOWN', cmd, text: new Uint8Array(0) }
          : { kind: 'UNKNOWN', cmd, packNo, text: r.slice(1, len - 1) },
      );
  }
}

/**
 * 0x70/0x71: the type 0x42 read is decoded field by field (and must be long enough for its
 * fields); every other menu type stays bytes, as the kiosk uses none of them.
 */
function decodeMenu(
  r: BodyReader,
  cmd: number,
  packNo: number,
  len: number,
): Result<Frame, CodecError> {
  const menuType = r.u8(MENU_TYPE);
  const op = r.u8(MENU_OP);
  if (menuType !== MENU_TYPE_SELECTION_CONFIG || op !== MENU_OP_READ) {
    return ok({
      kind: cmd === CMD_MENU ? 'MENU' : 'MENU_RESPONSE',
      packNo,
      menuType,
      op,
      data: r.slice(MENU_OP + 1, len - MENU_OP - 1),
    });
  }
  const needed = cmd === CMD_MENU ? MENU_QUERY_LEN : SELECTION_CONFIG_LEN;
  if (len < needed) {
    return err({
      code: 'BAD_PAYLOAD',
      detail: `command ${hex(cmd)} type 0x42 with LEN ${len}, needs at least ${needed}`,
      cmd,
    });
  }
  if (cmd === CMD_MENU)
    return ok({ kind: 'QUERY_SELECTION_CONFIG', packNo, selection: r.u16(MENU_QUERY_SELECTION) });
  return ok({
    kind: 'SELECTION_CONFIG',
    packNo,
    price: r.u32(SELECTION_CONFIG_PRICE),
    inventory: r.u16(SELECTION_CONFIG_INVENTORY),
    capacity: r.u8(SELECTION_CONFIG_CAPACITY),
    productId: r.u16(SELECTION_CONFIG_PRODUCT_ID),
    mode: r.u8(SELECTION_CONFIG_MODE),
    dropSensor: r.u8(SELECTION_CONFIG_DROP_SENSOR),
    jammed: r.u8(SELECTION_CONFIG_JAMMED),
    quarterTurn: r.u8(SELECTION_CONFIG_QUARTER_TURN),
  });
}

function decodeMachineStatus(r: BodyReader, packNo: number): MachineStatusFrame {
  const frame: MachineStatusFrame = {
    kind: 'MACHINE_STATUS',
    packNo,
    bill: r.u8(MACHINE_STATUS_BILL),
    coin: r.u8(MACHINE_STATUS_COIN),
    card: r.u8(MACHINE_STATUS_CARD),
    tempControl: r.u8(MACHINE_STATUS_TEMP_CTRL),
    door: r.u8(MACHINE_STATUS_DOOR),
  };
  const has = (offset: number, size: number): boolean => r.length >= offset + size;
  if (has(MACHINE_STATUS_BILL_CHANGE, 4)) frame.billChange = r.u32(MACHINE_STATUS_BILL_CHANGE);
  if (has(MACHINE_STATUS_COIN_CHANGE, 4)) frame.coinChange = r.u32(MACHINE_STATUS_COIN_CHANGE);
  if (has(MACHINE_STATUS_MACHINE_ID, MACHINE_ID_LENGTH)) {
    frame.machineId = r.slice(MACHINE_STATUS_MACHINE_ID, MACHINE_ID_LENGTH);
  }
  if (has(MACHINE_STATUS_TEMPERATURE, 8)) {
    const t = r.i16(MACHINE_STATUS_TEMPERATURE);
    const s = r.i16(MACHINE_STATUS_TEMPERATURE + 2);
    frame.temperature = t === TEMPERATURE_MISSING ? null : t;
    frame.setpoint = s === TEMPERATURE_MISSING ? null : s;
  }
  if (has(MACHINE_STATUS_HUMIDITY, 8)) frame.humidity = r.u16(MACHINE_STATUS_HUMIDITY);
  return frame;
}

/** Short human-readable rendering for logs and the technician's traffic view. */
export function describeFrame(frame: Frame): string {
  const cmd = hex(commandOf(frame));
  const { kind, ...fields } = frame;
  const parts = Object.entries(fields)
    .filter(([k]) => k !== 'cmd')
    .map(([k, v]) => `${k}=${v instanceof Uint8Array ? toHex(v) : String(v)}`);
  return `${kind}(${cmd})${parts.length ? ' ' + parts.join(' ') : ''}`;
}
