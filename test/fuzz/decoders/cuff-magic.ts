import {
  CHECKSUM_DELIMITER,
  CR,
  FIELD_SEPARATOR,
  LF,
  SENTENCE_START,
} from '../../../hardware/bp-cuff/protocol';

/** Bytes that matter to the cuff decoders: `$`, `*`, `,`, CR, LF, hex digits, and non-ASCII. */
export const CUFF_MAGIC: readonly number[] = [
  SENTENCE_START,
  SENTENCE_START,
  CHECKSUM_DELIMITER,
  FIELD_SEPARATOR,
  FIELD_SEPARATOR,
  CR,
  LF,
  LF,
  0x42, // B
  0x50, // P
  0x30,
  0x39,
  0x41,
  0x46,
  0x00,
  0x80,
];
