import { err, ok, type Result } from '../../contracts/result';
import {
  FRAME_EHR_D_LSB,
  FRAME_EHR_D_MSB,
  FRAME_EHR_LSB,
  FRAME_EHR_MSB,
  FRAME_ESPO2,
  FRAME_ESPO2_D,
  FRAME_FIRMWARE,
  FRAME_HR_D_LSB,
  FRAME_HR_D_MSB,
  FRAME_HR_LSB,
  FRAME_HR_MSB,
  FRAME_LENGTH,
  FRAME_SPO2,
  FRAME_SPO2_BB,
  FRAME_SPO2_D,
  FRAME_SPO2_FAST,
  FRAME_STAT2,
  FRAME_TIMER_LSB,
  FRAME_TIMER_MSB,
  FRAMES_PER_PACKET,
  HR_MSB_MASK,
  MISSING_HR,
  MISSING_SPO2,
  OFFSET_CHECKSUM,
  OFFSET_DATA,
  OFFSET_PLETH,
  OFFSET_START,
  OFFSET_STATUS,
  PERFUSION_GREEN,
  PERFUSION_NONE,
  PERFUSION_RED,
  PERFUSION_YELLOW,
  SEVEN_BIT_MASK,
  START_BYTE,
  STATUS_ALWAYS_SET,
  STATUS_ARTF,
  STATUS_OOT,
  STATUS_PERFUSION_MASK,
  STATUS_SNSA,
  STATUS_SNSD,
  STATUS_SYNC,
  TIMER_MAX,
} from './protocol';

// ---------------------------------------------------------------------------------------------
// Frames
// ---------------------------------------------------------------------------------------------

/** One 5-byte frame, as received. The start byte and checksum are implied. */
export interface OximeterFrame {
  /** STATUS byte, bit 7 set (see `statusFlags`). */
  status: number;
  /** 8-bit plethysmogram sample. */
  pleth: number;
  /** The DATA byte; its meaning depends on the frame's index in the packet. */
  data: number;
}

export type Perfusion = 'none' | 'green' | 'red' | 'yellow';

/** The STATUS byte as named flags (vitals.md §A.3). */
export interface StatusFlags {
  /** SYNC: this is frame 1 of a packet. */
  sync: boolean;
  /** SNSD: sensor disconnected or inoperable. */
  sensorDisconnected: boolean;
  /** ARTF: artifact. */
  artifact: boolean;
  /** OOT: out of track. */
  outOfTrack: boolean;
  /** SNSA: sensor alarm (finger removed, data unusable). */
  sensorAlarm: boolean;
  /** Perfusion colour, shown only during a pulse. */
  perfusion: Perfusion;
}

export type OximeterCodecErrorCode =
  /** Fewer than 5 bytes. */
  | 'TRUNCATED'
  /** More than 5 bytes given to `decodeFrame`. */
  | 'TRAILING_BYTES'
  /** Byte 1 is not 0x01 (noise, or a misaligned stream). */
  | 'BAD_START'
  /** STATUS bit 7 is 0. */
  | 'BAD_STATUS'
  /** CHK does not match. */
  | 'BAD_CHECKSUM';

export interface OximeterCodecError {
  code: OximeterCodecErrorCode;
  detail: string;
}

const PERFUSION_BY_BITS: Record<number, Perfusion> = {
  [PERFUSION_NONE]: 'none',
  [PERFUSION_GREEN]: 'green',
  [PERFUSION_RED]: 'red',
  [PERFUSION_YELLOW]: 'yellow',
};

const PERFUSION_BITS: Record<Perfusion, number> = {
  none: PERFUSION_NONE,
  green: PERFUSION_GREEN,
  red: PERFUSION_RED,
  yellow: PERFUSION_YELLOW,
};

/** STATUS byte → named flags. Pure bit reading; bit 7 is not checked here. */
export function statusFlags(status: number): StatusFlags {
  return {
    sync: (status & STATUS_SYNC) !== 0,
    sensorDisconnected: (status & STATUS_SNSD) !== 0,
    artifact: (status & STATUS_ARTF) !== 0,
    outOfTrack: (status & STATUS_OOT) !== 0,
    sensorAlarm: (status & STATUS_SNSA) !== 0,
    perfusion: PERFUSION_BY_BITS[status & STATUS_PERFUSION_MASK] ?? 'none',
  };
}

/** Named flags → STATUS byte, bit 7 always set. Missing flags are off. */
export function statusByte(flags: Partial<StatusFlags> = {}): number {
  let status = STATUS_ALWAYS_SET;
  if (flags.sync) status |= STATUS_SYNC;
  if (flags.sensorDisconnected) status |= STATUS_SNSD;
  if (flags.artifact) status |= STATUS_ARTF;
  if (flags.outOfTrack) status |= STATUS_OOT;
  if (flags.sensorAlarm) status |= STATUS_SNSA;
  status |= PERFUSION_BITS[flags.perfusion ?? 'none'];
  return status;
}

/** CHK = (byte1 + byte2 + byte3 + byte4) mod 256. */
export function frameChecksum(status: number, pleth: number, data: number): number {
  return (START_BYTE + status + pleth + data) & 0xff;
}

const isByte = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 0xff;

/**
 * Frame → its 5 bytes. Throws RangeError only for a bug in the caller (a field that is not a byte,
 * or a STATUS without bit 7): the frames the simulator builds are always encodable.
 */
export function encodeFrame(frame: OximeterFrame): Uint8Array {
  const { status, pleth, data } = frame;
  if (!isByte(status) || !isByte(pleth) || !isByte(data)) {
    throw new RangeError(`oximeter codec: field out of byte range in ${JSON.stringify(frame)}`);
  }
  if ((status & STATUS_ALWAYS_SET) === 0) {
    throw new RangeError(`oximeter codec: STATUS 0x${hex2(status)} lacks bit 7`);
  }
  return Uint8Array.of(START_BYTE, status, pleth, data, frameChecksum(status, pleth, data));
}

/**
 * Checks one candidate frame at `bytes[0]` (start byte, STATUS bit 7, CHK) without looking past
 * its 5 bytes. Used by the framer to decide whether to slide one byte.
 */
export function checkFrame(bytes: Uint8Array): Result<OximeterFrame, OximeterCodecError> {
  if (bytes.length < FRAME_LENGTH) {
    return err({ code: 'TRUNCATED', detail: `${bytes.length} byte(s), a frame has 5` });
  }
  const start = bytes[OFFSET_START] ?? 0;
  const status = bytes[OFFSET_STATUS] ?? 0;
  const pleth = bytes[OFFSET_PLETH] ?? 0;
  const data = bytes[OFFSET_DATA] ?? 0;
  const chk = bytes[OFFSET_CHECKSUM] ?? 0;
  if (start !== START_BYTE) {
    return err({ code: 'BAD_START', detail: `byte 1 is 0x${hex2(start)}, expected 0x01` });
  }
  if ((status & STATUS_ALWAYS_SET) === 0) {
    return err({ code: 'BAD_STATUS', detail: `STATUS 0x${hex2(status)} has bit 7 clear` });
  }
  const expected = frameChecksum(status, pleth, data);
  if (chk !== expected) {
    return err({
      code: 'BAD_CHECKSUM',
      detail: `CHK 0x${hex2(chk)}, expected 0x${hex2(expected)}`,
    });
  }
  return ok({ status, pleth, data });
}

/** Exactly 5 bytes → frame. Never throws. */
export function decodeFrame(bytes: Uint8Array): Result<OximeterFrame, OximeterCodecError> {
  if (bytes.length > FRAME_LENGTH) {
    return err({
      code: 'TRAILING_BYTES',
      detail: `${bytes.length - FRAME_LENGTH} byte(s) after a 5-byte frame`,
    });
  }
  return checkFrame(bytes);
}

// ---------------------------------------------------------------------------------------------
// Packets (25 frames)
// ---------------------------------------------------------------------------------------------

/**
 * The values a packet's DATA bytes carry (vitals.md §A.4). HR fields are 9-bit (0..511, 511 =
 * missing); SpO2 fields are 7-bit (0..127, 127 = missing).
 */
export interface PacketValues {
  /** Frames 1–2: HR, 4-beat average, "recording" format. */
  hr: number;
  /** Frame 3: SpO2, 4-beat average. */
  spo2: number;
  /** Frame 4. */
  firmware: number;
  /** Frames 6–7: 14-bit 3 Hz counter. */
  timer: number;
  /** Frame 8. */
  stat2: number;
  /** Frame 9. */
  spo2Display: number;
  /** Frame 10. */
  spo2Fast: number;
  /** Frame 11. */
  spo2BeatToBeat: number;
  /** Frames 14–15: 8-beat extended HR. */
  eHr: number;
  /** Frame 16. */
  eSpo2: number;
  /** Frame 17. */
  eSpo2Display: number;
  /** Frames 20–21. */
  hrDisplay: number;
  /** Frames 22–23. */
  eHrDisplay: number;
}

/** A complete packet: the values plus what its 25 STATUS bytes and pleth samples say. */
export interface OximeterPacket extends PacketValues {
  frames: readonly OximeterFrame[];
  /** The 25 pleth samples, in order. */
  pleth: number[];
  /** Frames with ARTF set. */
  artifactFrames: number;
  /** SNSD in any frame. */
  sensorDisconnected: boolean;
  /** SNSA in any frame. */
  sensorAlarm: boolean;
  /** OOT in any frame. */
  outOfTrack: boolean;
  /** RPRF (red, low perfusion) in any frame. */
  lowPerfusion: boolean;
}

export type PacketErrorCode =
  /** Not 25 frames. */
  | 'BAD_FRAME_COUNT'
  /** Frame 1 lacks SYNC, or a later frame has it. */
  | 'BAD_SYNC';

export interface PacketError {
  code: PacketErrorCode;
  detail: string;
}

/** HR = ((MSB & 0x03) << 7) | (LSB & 0x7F). */
export function combineHr(msb: number, lsb: number): number {
  return ((msb & HR_MSB_MASK) << 7) | (lsb & SEVEN_BIT_MASK);
}

/** A 9-bit HR → [MSB, LSB] DATA bytes. */
export function splitHr(hr: number): [number, number] {
  return [(hr >> 7) & HR_MSB_MASK, hr & SEVEN_BIT_MASK];
}

/** 25 frames (frame 1 with SYNC) → packet. Never throws. */
export function decodePacket(
  frames: readonly OximeterFrame[],
): Result<OximeterPacket, PacketError> {
  if (frames.length !== FRAMES_PER_PACKET) {
    return err({
      code: 'BAD_FRAME_COUNT',
      detail: `${frames.length} frame(s), a packet has ${FRAMES_PER_PACKET}`,
    });
  }
  const syncAt = frames.findIndex((f) => (f.status & STATUS_SYNC) !== 0);
  const syncCount = frames.filter((f) => (f.status & STATUS_SYNC) !== 0).length;
  if (syncAt !== 0 || syncCount !== 1) {
    return err({ code: 'BAD_SYNC', detail: 'SYNC must be set on frame 1 and only there' });
  }
  // 1-based index, as in the protocol tables.
  const d = (index: number): number => frames[index - 1]?.data ?? 0;
  const seven = (index: number): number => d(index) & SEVEN_BIT_MASK;
  const flags = frames.map((f) => statusFlags(f.status));
  return ok({
    frames: [...frames],
    hr: combineHr(d(FRAME_HR_MSB), d(FRAME_HR_LSB)),
    spo2: seven(FRAME_SPO2),
    firmware: d(FRAME_FIRMWARE),
    timer: (seven(FRAME_TIMER_MSB) << 7) | seven(FRAME_TIMER_LSB),
    stat2: d(FRAME_STAT2),
    spo2Display: seven(FRAME_SPO2_D),
    spo2Fast: seven(FRAME_SPO2_FAST),
    spo2BeatToBeat: seven(FRAME_SPO2_BB),
    eHr: combineHr(d(FRAME_EHR_MSB), d(FRAME_EHR_LSB)),
    eSpo2: seven(FRAME_ESPO2),
    eSpo2Display: seven(FRAME_ESPO2_D),
    hrDisplay: combineHr(d(FRAME_HR_D_MSB), d(FRAME_HR_D_LSB)),
    eHrDisplay: combineHr(d(FRAME_EHR_D_MSB), d(FRAME_EHR_D_LSB)),
    pleth: frames.map((f) => f.pleth),
    artifactFrames: flags.filter((f) => f.artifact).length,
    sensorDisconnected: flags.some((f) => f.sensorDisconnected),
    sensorAlarm: flags.some((f) => f.sensorAlarm),
    outOfTrack: flags.some((f) => f.outOfTrack),
    lowPerfusion: flags.some((f) => f.perfusion === 'red'),
  });
}

/** Values with every field missing except firmware, timer and STAT2 (0). */
export const MISSING_VALUES: Readonly<PacketValues> = Object.freeze({
  hr: MISSING_HR,
  spo2: MISSING_SPO2,
  firmware: 0,
  timer: 0,
  stat2: 0,
  spo2Display: MISSING_SPO2,
  spo2Fast: MISSING_SPO2,
  spo2BeatToBeat: MISSING_SPO2,
  eHr: MISSING_HR,
  eSpo2: MISSING_SPO2,
  eSpo2Display: MISSING_SPO2,
  hrDisplay: MISSING_HR,
  eHrDisplay: MISSING_HR,
});

/** Packet values where every HR field is `hr` and every SpO2 field is `spo2`. */
export function uniformValues(
  hr: number,
  spo2: number,
  extra: Partial<PacketValues> = {},
): PacketValues {
  return {
    hr,
    spo2,
    firmware: 0,
    timer: 0,
    stat2: 0,
    spo2Display: spo2,
    spo2Fast: spo2,
    spo2BeatToBeat: spo2,
    eHr: hr,
    eSpo2: spo2,
    eSpo2Display: spo2,
    hrDisplay: hr,
    eHrDisplay: hr,
    ...extra,
  };
}

const checkRange = (name: string, value: number, max: number): void => {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`oximeter codec: ${name} ${value} is outside 0..${max}`);
  }
};

/**
 * Packet values → the 25 DATA bytes, index 0 = frame 1. Reserved frames carry 0. Throws
 * RangeError for a value that does not fit its field (a caller bug).
 */
export function packetDataBytes(values: PacketValues): number[] {
  for (const key of ['hr', 'eHr', 'hrDisplay', 'eHrDisplay'] as const) {
    checkRange(key, values[key], MISSING_HR);
  }
  for (const key of [
    'spo2',
    'spo2Display',
    'spo2Fast',
    'spo2BeatToBeat',
    'eSpo2',
    'eSpo2Display',
  ] as const) {
    checkRange(key, values[key], MISSING_SPO2);
  }
  checkRange('firmware', values.firmware, 0xff);
  checkRange('stat2', values.stat2, 0xff);
  checkRange('timer', values.timer, TIMER_MAX);
  const data = new Array<number>(FRAMES_PER_PACKET).fill(0);
  const put = (index: number, value: number): void => {
    data[index - 1] = value;
  };
  const putHr = (msbIndex: number, lsbIndex: number, hr: number): void => {
    const [msb, lsb] = splitHr(hr);
    put(msbIndex, msb);
    put(lsbIndex, lsb);
  };
  putHr(FRAME_HR_MSB, FRAME_HR_LSB, values.hr);
  put(FRAME_SPO2, values.spo2);
  put(FRAME_FIRMWARE, values.firmware);
  put(FRAME_TIMER_MSB, (values.timer >> 7) & SEVEN_BIT_MASK);
  put(FRAME_TIMER_LSB, values.timer & SEVEN_BIT_MASK);
  put(FRAME_STAT2, values.stat2);
  put(FRAME_SPO2_D, values.spo2Display);
  put(FRAME_SPO2_FAST, values.spo2Fast);
  put(FRAME_SPO2_BB, values.spo2BeatToBeat);
  putHr(FRAME_EHR_MSB, FRAME_EHR_LSB, values.eHr);
  put(FRAME_ESPO2, values.eSpo2);
  put(FRAME_ESPO2_D, values.eSpo2Display);
  putHr(FRAME_HR_D_MSB, FRAME_HR_D_LSB, values.hrDisplay);
  putHr(FRAME_EHR_D_MSB, FRAME_EHR_D_LSB, values.eHrDisplay);
  return data;
}

export interface PacketFrameOptions {
  /** Per-frame STATUS flags (index 0 = frame 1). SYNC is set on frame 1 whatever is given here. */
  flags?: ReadonlyArray<Partial<StatusFlags>>;
  /** Per-frame pleth samples (index 0 = frame 1). Default 128 each. */
  pleth?: readonly number[];
}

/** Packet values (+ optional per-frame flags and pleth) → 25 frames with SYNC on frame 1. */
export function buildPacketFrames(
  values: PacketValues,
  options: PacketFrameOptions = {},
): OximeterFrame[] {
  const data = packetDataBytes(values);
  return data.map((byte, i) => ({
    status: statusByte({ ...options.flags?.[i], sync: i === 0 }),
    pleth: options.pleth?.[i] ?? 128,
    data: byte,
  }));
}

/** Packet → its 125 bytes on the wire. */
export function encodePacket(values: PacketValues, options: PacketFrameOptions = {}): Uint8Array {
  const frames = buildPacketFrames(values, options);
  const out = new Uint8Array(frames.length * FRAME_LENGTH);
  frames.forEach((frame, i) => out.set(encodeFrame(frame), i * FRAME_LENGTH));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0').toUpperCase();
}

/** Bytes as spaced upper-case hex, e.g. "01 81 40 00 C2" (logs, test names). */
export function toHex(bytes: Uint8Array | readonly number[]): string {
  return Array.from(bytes, (b) => hex2(b)).join(' ');
}

/** "01 81 40 00 C2" → bytes (fixtures). Throws on a token that is not one hex byte. */
export function fromHex(text: string): Uint8Array {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  return Uint8Array.from(tokens, (t) => {
    if (!/^[0-9a-fA-F]{2}$/.test(t)) throw new RangeError(`not a hex byte: ${t}`);
    return parseInt(t, 16);
  });
}
