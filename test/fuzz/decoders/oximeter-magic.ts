import { START_BYTE, STATUS_ALWAYS_SET, STATUS_SYNC } from '../../../hardware/oximeter/protocol';

/** Bytes that matter to the Nonin decoders: the start byte, STATUS with and without bit 7 / SYNC. */
export const OXIMETER_MAGIC: readonly number[] = [
  START_BYTE,
  START_BYTE,
  STATUS_ALWAYS_SET,
  STATUS_ALWAYS_SET | STATUS_SYNC,
  0x7f,
  0x00,
  0xff,
  0xc2,
];
