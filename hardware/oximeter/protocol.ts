/**
 * Nonin OEM III pulse oximeter, Serial Data Format #2, as data: link settings, frame layout,
 * STATUS bits, the meaning of the DATA byte per frame index, missing-value codes and the
 * project's acceptance rules. Pure constants, no behaviour.
 * Wire format and project choices: shared/protocols/vitals.md §A and §C.
 */

// ---------------------------------------------------------------------------------------------
// Physical link (vitals.md §A.1)
// ---------------------------------------------------------------------------------------------

/**
 * 9600 baud 8N1, device → host only: the module streams without being asked and the host never
 * writes. (Taken from prior knowledge of the OEM III spec, not a primary source: check against the
 * Nonin datasheet before hardware bring-up.)
 */
export const OXIMETER_BAUD_RATE = 9_600;
/** Frames per second on the wire. */
export const FRAME_RATE_HZ = 75;
/** Milliseconds between two frames (13.3 ms). */
export const FRAME_PERIOD_MS = 1_000 / FRAME_RATE_HZ;
/** Frames in one packet: 25 frames = 1/3 s, so 3 packets per second. */
export const FRAMES_PER_PACKET = 25;
/** Milliseconds per packet (333.3 ms). */
export const PACKET_PERIOD_MS = FRAMES_PER_PACKET * FRAME_PERIOD_MS;

// ---------------------------------------------------------------------------------------------
// Frame layout (vitals.md §A.2): 01 STATUS PLETH DATA CHK
// ---------------------------------------------------------------------------------------------

/** Bytes per frame. */
export const FRAME_LENGTH = 5;
/** Byte 1: the constant start byte. */
export const START_BYTE = 0x01;
/** Offset of byte 1, the start byte. */
export const OFFSET_START = 0;
/** Offset of byte 2, STATUS (bit 7 always 1). */
export const OFFSET_STATUS = 1;
/** Offset of byte 3, PLETH: one 8-bit sample of the 75 Hz plethysmogram. */
export const OFFSET_PLETH = 2;
/** Offset of byte 4, the DATA ("float") byte, whose meaning depends on the frame index (§A.4). */
export const OFFSET_DATA = 3;
/** Offset of byte 5, CHK = (byte1 + byte2 + byte3 + byte4) mod 256. */
export const OFFSET_CHECKSUM = 4;

// ---------------------------------------------------------------------------------------------
// STATUS bits (vitals.md §A.3)
// ---------------------------------------------------------------------------------------------

/** Bit 7: always 1. A STATUS byte without it is not a STATUS byte (frame rejected, resync). */
export const STATUS_ALWAYS_SET = 0x80;
/** Bit 6, SNSD: sensor disconnected or inoperable. */
export const STATUS_SNSD = 0x40;
/** Bit 5, ARTF: artifact, the detected beat does not match the current pulse interval. */
export const STATUS_ARTF = 0x20;
/** Bit 4, OOT: out of track, no run of consecutive good pulses. */
export const STATUS_OOT = 0x10;
/** Bit 3, SNSA: sensor alarm, data unusable (e.g. the finger was removed). */
export const STATUS_SNSA = 0x08;
/** Bits 2..1: perfusion, present only during a pulse (about 160 ms). */
export const STATUS_PERFUSION_MASK = 0x06;
/** Perfusion 01, GPRF: green, good perfusion. */
export const PERFUSION_GREEN = 0x02;
/** Perfusion 10, RPRF: red, low perfusion. */
export const PERFUSION_RED = 0x04;
/** Perfusion 11, YPRF: yellow, marginal perfusion. */
export const PERFUSION_YELLOW = 0x06;
/** Perfusion 00: no pulse indication in this frame. */
export const PERFUSION_NONE = 0x00;
/** Bit 0, SYNC: 1 only on frame 1 of a packet. */
export const STATUS_SYNC = 0x01;

// ---------------------------------------------------------------------------------------------
// DATA byte per frame, 1-based index in the packet (vitals.md §A.4)
// ---------------------------------------------------------------------------------------------

/** Frame 1: HR MSB, bits 1..0 = HR bits 8..7 (4-beat average, "recording" format). */
export const FRAME_HR_MSB = 1;
/** Frame 2: HR LSB, bits 6..0 = HR bits 6..0. */
export const FRAME_HR_LSB = 2;
/** Frame 3: SpO2 (4-beat average), bits 6..0. */
export const FRAME_SPO2 = 3;
/** Frame 4: firmware revision. */
export const FRAME_FIRMWARE = 4;
/** Frame 5: reserved (sent as 0). */
export const FRAME_RESERVED_5 = 5;
/** Frame 6: 3 Hz timer MSB (7 bits). */
export const FRAME_TIMER_MSB = 6;
/** Frame 7: 3 Hz timer LSB (7 bits); with frame 6 a 14-bit counter. */
export const FRAME_TIMER_LSB = 7;
/** Frame 8: STAT2 (low battery / SmartPoint flags). */
export const FRAME_STAT2 = 8;
/** Frame 9: SpO2-D, display-formatted 4-beat average (holds its value ~10 s after finger out). */
export const FRAME_SPO2_D = 9;
/** Frame 10: SpO2 fast. */
export const FRAME_SPO2_FAST = 10;
/** Frame 11: SpO2 beat-to-beat. */
export const FRAME_SPO2_BB = 11;
/** Frame 14: E-HR MSB (8-beat extended average). */
export const FRAME_EHR_MSB = 14;
/** Frame 15: E-HR LSB. */
export const FRAME_EHR_LSB = 15;
/** Frame 16: E-SpO2 (8-beat). */
export const FRAME_ESPO2 = 16;
/** Frame 17: E-SpO2-D (display). */
export const FRAME_ESPO2_D = 17;
/** Frame 20: HR-D MSB (display). */
export const FRAME_HR_D_MSB = 20;
/** Frame 21: HR-D LSB (display). */
export const FRAME_HR_D_LSB = 21;
/** Frame 22: E-HR-D MSB (display). */
export const FRAME_EHR_D_MSB = 22;
/** Frame 23: E-HR-D LSB (display). */
export const FRAME_EHR_D_LSB = 23;
/** Frames 12, 13, 18, 19, 24, 25 are reserved and sent as 0 by the simulator. */
export const RESERVED_FRAMES: readonly number[] = [5, 12, 13, 18, 19, 24, 25];

/** The MSB frames carry HR bits 8..7 in their bits 1..0. */
export const HR_MSB_MASK = 0x03;
/** The LSB frames and every SpO2 frame carry 7 bits. */
export const SEVEN_BIT_MASK = 0x7f;
/** The 3 Hz timer is 14 bits and wraps. */
export const TIMER_MAX = 0x3fff;

// ---------------------------------------------------------------------------------------------
// Missing values (vitals.md §A.4)
// ---------------------------------------------------------------------------------------------

/** HR = 511 (0x1FF): no heart rate. "Recording" fields switch to it at once when the finger is removed. */
export const MISSING_HR = 0x1ff;
/** SpO2 = 127 (0x7F): no saturation. */
export const MISSING_SPO2 = 0x7f;
/** Display (-D) fields hold the last value for about 10 s before they go missing. */
export const DISPLAY_HOLD_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// Project choices (vitals.md §A.4 and §C "Oximeter")
// ---------------------------------------------------------------------------------------------

/** Consecutive good packets needed for a reading; a bad or missed packet restarts the run. */
export const GOOD_PACKETS_REQUIRED = 5;
/** A good packet has ARTF in fewer than 25 % of its frames, i.e. at most 6 of 25. */
export const MAX_ARTIFACT_FRAMES = 6;
/** A good packet's HR is within 30–220 bpm. */
export const HR_MIN = 30;
export const HR_MAX = 220;
/** A good packet's SpO2 is within 50–100 %. */
export const SPO2_MIN = 50;
export const SPO2_MAX = 100;
/** No valid frame for 1 s: LINK_DOWN. */
export const LINK_DOWN_AFTER_MS = 1_000;
/** Valid frames but no SYNC for 2 s (no packet can be assembled): LINK_DEGRADED. */
export const LINK_DEGRADED_AFTER_MS = 2_000;
