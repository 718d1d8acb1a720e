import { encodeFrame, type Frame } from '../../../hardware/dispenser/codec';
import { MACHINE_ID_LENGTH } from '../../../hardware/dispenser/protocol';
import type { Prng } from '../prng';

/**
 * Random valid dispenser frames of every kind the codec knows, in both directions, encoded with
 * the codec's own `encodeFrame` (the encoder the driver and simulator use).
 */

const u8 = (rng: Prng): number => rng.byte();
const u16 = (rng: Prng): number => rng.below(0x10000);
const u32 = (rng: Prng): number => rng.u32();
const packNo = (rng: Prng): number => rng.int(1, 255);

const BUILDERS: readonly ((rng: Prng) => Frame)[] = [
  () => ({ kind: 'POLL' }),
  () => ({ kind: 'ACK' }),
  (r) => ({ kind: 'CHECK_SELECTION', packNo: packNo(r), selection: u16(r) }),
  (r) => ({ kind: 'SELECTION_STATUS', packNo: packNo(r), status: u8(r), selection: u16(r) }),
  (r) => ({ kind: 'SELECT_TO_BUY', packNo: packNo(r), selection: u16(r) }),
  (r) => {
    const frame: Frame = {
      kind: 'DISPENSING_STATUS',
      packNo: packNo(r),
      status: u8(r),
      selection: u16(r),
    };
    if (r.chance(0.3)) frame.microwave = u8(r);
    return frame;
  },
  (r) => ({ kind: 'SELECT_OR_CANCEL', packNo: packNo(r), selection: u16(r) }),
  (r) => ({
    kind: 'DRIVE_SELECTION',
    packNo: packNo(r),
    dropSensor: r.chance(0.5),
    elevator: r.chance(0.5),
    selection: u16(r),
  }),
  (r) => ({
    kind: 'SELECTION_INFO',
    packNo: packNo(r),
    selection: u16(r),
    price: u32(r),
    stock: u8(r),
    capacity: u8(r),
    productId: u16(r),
    paused: r.chance(0.5),
  }),
  (r) => ({ kind: 'SET_STOCK', packNo: packNo(r), selection: u16(r), stock: u8(r) }),
  (r) => ({ kind: 'SET_POLL_INTERVAL', packNo: packNo(r), interval: r.int(1, 20) }),
  (r) => ({ kind: 'INFO_SYNC', packNo: packNo(r) }),
  (r) => ({ kind: 'REQUEST_MACHINE_STATUS', packNo: packNo(r) }),
  (r) => {
    const frame: Frame = {
      kind: 'MACHINE_STATUS',
      packNo: packNo(r),
      bill: u8(r),
      coin: u8(r),
      card: u8(r),
      tempControl: r.int(0, 1),
      door: r.int(0, 1),
    };
    // Real boards send anything from the door byte to the full 40-byte layout.
    const blocks = r.int(0, 5);
    if (blocks >= 1) frame.billChange = u32(r);
    if (blocks >= 2) frame.coinChange = u32(r);
    if (blocks >= 3)
      frame.machineId = Uint8Array.from({ length: MACHINE_ID_LENGTH }, () => r.int(0x20, 0x7e));
    if (blocks >= 4) {
      frame.temperature = r.chance(0.1) ? null : r.int(-400, 600);
      frame.setpoint = r.chance(0.1) ? null : r.int(20, 80);
    }
    if (blocks >= 5) frame.humidity = r.int(0, 1000);
    return frame;
  },
  (r) => ({ kind: 'REQUEST_LIFT_STATUS', packNo: packNo(r) }),
  (r) => ({ kind: 'LIFT_STATUS', packNo: packNo(r), status: r.int(0, 4) }),
  (r) => ({
    kind: 'DRIVE_ONCE',
    packNo: packNo(r),
    dispenseId: u32(r),
    dropSensor: r.chance(0.5),
    elevator: r.chance(0.5),
    selection: u16(r),
  }),
  (r) => ({
    kind: 'DRIVE_ONCE_STATUS',
    packNo: packNo(r),
    dispenseId: u32(r),
    status: u8(r),
    selection: u16(r),
  }),
  (r) => ({ kind: 'QUERY_SELECTION_CONFIG', packNo: packNo(r), selection: u16(r) }),
  (r) => ({
    kind: 'SELECTION_CONFIG',
    packNo: packNo(r),
    price: u32(r),
    inventory: u16(r),
    capacity: u8(r),
    productId: u16(r),
    mode: r.int(1, 3),
    dropSensor: r.int(0, 1),
    jammed: r.int(0, 1),
    quarterTurn: r.int(0, 1),
  }),
  (r) => ({
    kind: r.chance(0.5) ? 'MENU' : 'MENU_RESPONSE',
    packNo: packNo(r),
    // Other menu types stay bytes (0x42 read has its own layout, above).
    menuType: r.pick([0x01, 0x02, 0x08, 0x09, 0x10]),
    op: r.int(0, 1),
    data: Uint8Array.from({ length: r.int(0, 12) }, () => r.byte()),
  }),
  (r) => ({
    kind: 'UNKNOWN',
    // Commands without a layout still frame: the decoder trusts LEN (dispenser.md §2).
    cmd: r.pick([0x20, 0x61, 0x7f, 0xa0, 0xf0]),
    packNo: packNo(r),
    text: Uint8Array.from({ length: r.int(0, 24) }, () => r.byte()),
  }),
];

export function randomDispenserFrame(rng: Prng): Uint8Array {
  return encodeFrame(rng.pick(BUILDERS)(rng));
}
