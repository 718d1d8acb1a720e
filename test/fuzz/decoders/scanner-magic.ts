import { AIM_FLAG, CR, GS, LF } from '../../../hardware/scanner/protocol';

/** Bytes that matter to the scanner decoders: terminators, the AIM flag, GS, and non-ASCII. */
export const SCANNER_MAGIC: readonly number[] = [
  CR,
  CR,
  LF,
  AIM_FLAG,
  GS,
  0x00,
  0x7f,
  0x80,
  0xe9,
  0xff,
  0x64, // d
  0x51, // Q
  0x31, // 1
  0x32, // 2
  0x7e, // ~, the usual wedge GS substitute
];
