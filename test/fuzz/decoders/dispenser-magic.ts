import {
  CMD_ACK,
  CMD_MACHINE_STATUS,
  CMD_POLL,
  MAX_LEN,
  STX_1,
  STX_2,
} from '../../../hardware/dispenser/protocol';

/**
 * Bytes that steer a dispenser decoder into its interesting paths: the sync pair, the fixed
 * frames' commands, LEN values at and around the limit and around real payload sizes.
 */
export const DISPENSER_MAGIC: readonly number[] = [
  STX_1,
  STX_2,
  STX_1,
  STX_2,
  CMD_POLL,
  CMD_ACK,
  CMD_MACHINE_STATUS,
  0x00,
  0x01,
  0x03,
  0x04,
  0x05,
  0x0c,
  0x28,
  MAX_LEN,
  MAX_LEN + 1,
  0xff,
];
