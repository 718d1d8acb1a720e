/**
 * Blood-pressure cuff serial line protocol (a project choice: there is no public OEM standard)
 * and the Bluetooth Blood Pressure Measurement status bits it reuses, as data. Pure constants, no
 * behaviour. Wire format and project choices: shared/protocols/vitals.md §B and §C.
 *
 * Sentence: `$BP,<TYPE>,<seq>,<fields…>*HH\r\n`, HH = XOR of every byte between `$` and `*`.
 */

// ---------------------------------------------------------------------------------------------
// Physical link (vitals.md §B.2)
// ---------------------------------------------------------------------------------------------

/** 115200 8N1, ASCII, both directions. */
export const BP_CUFF_BAUD_RATE = 115_200;

// ---------------------------------------------------------------------------------------------
// Sentence layout (vitals.md §B.2, §C)
// ---------------------------------------------------------------------------------------------

/** `$`: starts every sentence. Never appears inside one, so it is also the resync point. */
export const SENTENCE_START = 0x24;
/** `*`: ends the checksummed part; two hex digits follow. */
export const CHECKSUM_DELIMITER = 0x2a;
/** `,`: separates fields. */
export const FIELD_SEPARATOR = 0x2c;
/** CR, first byte of the line terminator. */
export const CR = 0x0d;
/** LF, last byte of the line terminator. */
export const LF = 0x0a;
/** The talker: every sentence starts `$BP,`. */
export const TALKER = 'BP';
/** Longest line, `$` through `\r\n` inclusive. */
export const MAX_LINE_BYTES = 96;
/** Hex digits of the checksum (accepted in either case, sent in upper case). */
export const CHECKSUM_DIGITS = 2;

// ---------------------------------------------------------------------------------------------
// Sentence types (vitals.md §B.2). H→C: host to cuff; C→H: cuff to host.
// ---------------------------------------------------------------------------------------------

/** H→C `START,seq`: begin a measurement. */
export const TYPE_START = 'START';
/** H→C `STOP,seq`: abort, deflate now. */
export const TYPE_STOP = 'STOP';
/** C→H `ACK,seq`: START/STOP accepted; due within 500 ms of the command. */
export const TYPE_ACK = 'ACK';
/** C→H `P,seq,INF|DEF,ppp`: progress at 5 Hz, cuff pressure in mmHg (3 digits). */
export const TYPE_PROGRESS = 'P';
/** C→H `R,seq,unit,sys,dia,map,pulse,ssss`: final result, 3 digits each, status as 4 hex digits. */
export const TYPE_RESULT = 'R';
/** C→H `E,seq,Enn,text`: the measurement failed; the cuff has deflated. */
export const TYPE_ERROR = 'E';

/** Fields after TYPE (seq included) for each sentence type: any other count is rejected. */
export const FIELD_COUNT = {
  START: 1,
  STOP: 1,
  ACK: 1,
  P: 3,
  R: 7,
  E: 3,
} as const;

/** Phase field of `P`: inflating. */
export const PHASE_INFLATE = 'INF';
/** Phase field of `P`: deflating (the oscillometric measurement happens here). */
export const PHASE_DEFLATE = 'DEF';

/** The only unit the kiosk accepts in `R` (vitals.md §C). */
export const UNIT_MMHG = 'mmHg';

/** Pressures and pulse are sent as exactly 3 decimal digits. */
export const VALUE_DIGITS = 3;
/** The status field is exactly 4 hex digits. */
export const STATUS_DIGITS = 4;
/** `E` text: 1–40 characters from A-Z 0-9 _ space and -. */
export const ERROR_TEXT_PATTERN = /^[A-Z0-9_ -]{1,40}$/;

// ---------------------------------------------------------------------------------------------
// Sequence numbers (vitals.md §C)
// ---------------------------------------------------------------------------------------------

/** 1 for the first session after the port opens. */
export const SEQ_MIN = 1;
/** Wraps 65535 → 1; 0 is never used. */
export const SEQ_MAX = 65_535;

/** The seq of the session after `seq`. */
export function nextSeq(seq: number): number {
  return seq >= SEQ_MAX ? SEQ_MIN : seq + 1;
}

/** The seq of the session before `seq`. */
export function previousSeq(seq: number): number {
  return seq <= SEQ_MIN ? SEQ_MAX : seq - 1;
}

// ---------------------------------------------------------------------------------------------
// Error codes of `E` (vitals.md §B.2)
// ---------------------------------------------------------------------------------------------

/** Cuff leak / cannot build pressure. */
export const ERROR_LEAK = 'E01';
/** Over-pressure above 300 mmHg: safety deflate. */
export const ERROR_OVERPRESSURE = 'E02';
/** Excessive motion. */
export const ERROR_MOTION = 'E03';
/** No result within 120 s. */
export const ERROR_TIMEOUT = 'E04';
/** Cuff not connected or too loose. */
export const ERROR_CUFF_LOOSE = 'E05';
/** Signal too weak / no pulse. */
export const ERROR_WEAK_SIGNAL = 'E06';
/** Internal fault (also: a session aborted by a START with a new seq). */
export const ERROR_INTERNAL = 'E07';

// ---------------------------------------------------------------------------------------------
// Measurement status, Bluetooth 0x2A35 (vitals.md §B.1), sent as 4 hex digits in `R`
// ---------------------------------------------------------------------------------------------

/** Bit 0: body movement detected. Retake advised. */
export const STATUS_BODY_MOVEMENT = 0x0001;
/** Bit 1: cuff fit too loose. Retake advised. */
export const STATUS_CUFF_LOOSE = 0x0002;
/** Bit 2: irregular pulse detected. Kept with the reading for the pharmacist. */
export const STATUS_IRREGULAR_PULSE = 0x0004;
/** Bits 3–4: pulse-rate range, 0 within, 1 above upper limit, 2 below lower limit, 3 reserved. */
export const STATUS_PULSE_RANGE_MASK = 0x0018;
/** Shift of the pulse-rate range field. */
export const STATUS_PULSE_RANGE_SHIFT = 3;
/** Pulse-rate range value: within range. */
export const PULSE_RANGE_WITHIN = 0;
/** Pulse-rate range value: above the upper limit. */
export const PULSE_RANGE_ABOVE = 1;
/** Pulse-rate range value: below the lower limit. */
export const PULSE_RANGE_BELOW = 2;
/** Pulse-rate range value: reserved. */
export const PULSE_RANGE_RESERVED = 3;
/** Bit 5: improper measurement position. Retake advised. */
export const STATUS_IMPROPER_POSITION = 0x0020;
/** Bits 0, 1 and 5: any of them means "retake advised" (vitals.md §B.2 host rules). */
export const STATUS_RETAKE_MASK =
  STATUS_BODY_MOVEMENT | STATUS_CUFF_LOOSE | STATUS_IMPROPER_POSITION;
/** Bits 6–15: reserved, ignored (vitals.md §C). */
export const STATUS_RESERVED_MASK = 0xffc0;

// ---------------------------------------------------------------------------------------------
// Host rules (vitals.md §B.2, §C)
// ---------------------------------------------------------------------------------------------

/** An ACK must arrive within 500 ms of START/STOP. */
export const ACK_TIMEOUT_MS = 500;
/** No ACK: resend START up to 2 times (3 sends in all), then fault. */
export const MAX_COMMAND_RESENDS = 2;
/** No P/R/E for 5 s during a session: send STOP and fault. ACK does not count. */
export const PROGRESS_TIMEOUT_MS = 5_000;
/** `R` accepted only with 60 ≤ sys ≤ 260. */
export const SYSTOLIC_MIN = 60;
export const SYSTOLIC_MAX = 260;
/** … 30 ≤ dia ≤ 160. */
export const DIASTOLIC_MIN = 30;
export const DIASTOLIC_MAX = 160;
/** … pulse 30..220. */
export const PULSE_MIN = 30;
export const PULSE_MAX = 220;

// ---------------------------------------------------------------------------------------------
// Cuff behaviour (what the simulator models)
// ---------------------------------------------------------------------------------------------

/** `P` sentences at 5 Hz. */
export const PROGRESS_INTERVAL_MS = 200;
/** The cuff deflates for safety above 300 mmHg (E02). */
export const OVERPRESSURE_LIMIT_MMHG = 300;
/** The cuff gives up after 120 s without a result (E04). */
export const CUFF_MEASUREMENT_TIMEOUT_MS = 120_000;
