import {
  GOOD_PACKETS_REQUIRED,
  HR_MAX,
  HR_MIN,
  MAX_ARTIFACT_FRAMES,
  MISSING_HR,
  MISSING_SPO2,
  SPO2_MAX,
  SPO2_MIN,
} from './protocol';

/**
 * Pure mapping from what the oximeter says to what the kiosk does with it (vitals.md §C
 * "Oximeter"): one packet's STATUS summary and values → a small condition union → the vitals
 * machine's events; a run of good packets → one reading.
 */

/** The parts of a packet the rules read (an `OximeterPacket` has them all). */
export interface PacketSummary {
  /** SNSD in any of the 25 frames. */
  sensorDisconnected: boolean;
  /** SNSA in any frame. */
  sensorAlarm: boolean;
  /** OOT in any frame. */
  outOfTrack: boolean;
  /** Frames with ARTF. */
  artifactFrames: number;
  /** RPRF in any frame. */
  lowPerfusion: boolean;
  /** Frames 1–2, 511 = missing. */
  hr: number;
  /** Frame 3, 127 = missing. */
  spo2: number;
}

/** What one packet means. Only `ok` packets count towards a reading. */
export type OximeterCondition =
  /** A good packet (vitals.md §C): it extends the run of 5. */
  | { kind: 'ok'; hr: number; spo2: number; lowPerfusion: boolean }
  /** SNSD: the sensor is unplugged or broken. Staff must look. */
  | { kind: 'sensorOff' }
  /** SNSA: no usable data, typically no finger in the sensor. */
  | { kind: 'fingerOut' }
  /** ARTF in 7 or more of 25 frames: the patient is moving. */
  | { kind: 'motion'; artifactFrames: number }
  /** OOT without heavy artifact: the module lost the pulse. */
  | { kind: 'outOfTrack' }
  /** HR 511 or SpO2 127 with no alarm bit: the module is still acquiring. */
  | { kind: 'noValue' }
  /** Values present but outside HR 30–220 bpm or SpO2 50–100 %: not physiological, not used. */
  | { kind: 'outOfRange'; hr: number; spo2: number };

export type OximeterConditionKind = OximeterCondition['kind'];

/**
 * Packet summary → condition. The first rule that matches wins: sensor off, finger out, motion,
 * out of track, missing value, out of range, ok. Motion is checked before OOT because the module
 * sets OOT as well while the finger moves, and "keep still" is the useful prompt then.
 */
export function classifyPacket(p: PacketSummary): OximeterCondition {
  if (p.sensorDisconnected) return { kind: 'sensorOff' };
  if (p.sensorAlarm) return { kind: 'fingerOut' };
  if (p.artifactFrames > MAX_ARTIFACT_FRAMES) {
    return { kind: 'motion', artifactFrames: p.artifactFrames };
  }
  if (p.outOfTrack) return { kind: 'outOfTrack' };
  if (p.hr === MISSING_HR || p.spo2 === MISSING_SPO2) return { kind: 'noValue' };
  if (p.hr < HR_MIN || p.hr > HR_MAX || p.spo2 < SPO2_MIN || p.spo2 > SPO2_MAX) {
    return { kind: 'outOfRange', hr: p.hr, spo2: p.spo2 };
  }
  return { kind: 'ok', hr: p.hr, spo2: p.spo2, lowPerfusion: p.lowPerfusion };
}

// ---------------------------------------------------------------------------------------------
// Run of good packets → reading
// ---------------------------------------------------------------------------------------------

export interface GoodPacket {
  hr: number;
  spo2: number;
  lowPerfusion: boolean;
}

/** An accepted measurement: the median of 5 consecutive good packets. */
export interface OximeterReading {
  /** Median HR of the run, bpm. */
  hr: number;
  /** Median SpO2 of the run, %. */
  spo2: number;
  /** RPRF in any frame of the run: shown as a warning, does not reject the reading. */
  lowPerfusion: boolean;
  /** The packets of the run, oldest first. */
  packets: GoodPacket[];
}

export type RunInput = OximeterCondition | { kind: 'missedData' } | { kind: 'restart' };

export interface RunStep {
  run: GoodPacket[];
  reading?: OximeterReading;
}

/** Median of an odd-length list of integers (the middle value once sorted). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * One step of the run rule (vitals.md §C): a good packet extends the run; anything else (a bad
 * packet, `missed_data`, a restart) empties it, it does not slide. When the run reaches
 * `required` packets it becomes a reading and the run starts again from empty.
 */
export function advanceRun(
  run: readonly GoodPacket[],
  input: RunInput,
  required: number = GOOD_PACKETS_REQUIRED,
): RunStep {
  if (input.kind !== 'ok') return { run: [] };
  const next = [...run, { hr: input.hr, spo2: input.spo2, lowPerfusion: input.lowPerfusion }];
  if (next.length < required) return { run: next };
  return {
    run: [],
    reading: {
      hr: median(next.map((p) => p.hr)),
      spo2: median(next.map((p) => p.spo2)),
      lowPerfusion: next.some((p) => p.lowPerfusion),
      packets: next,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Link and machine events
// ---------------------------------------------------------------------------------------------

/** up: valid frames with SYNC; degraded: frames but no SYNC for 2 s; down: no valid frame for 1 s. */
export type OximeterLinkState = 'up' | 'degraded' | 'down';

/** DESIGN §3 deviceSupervisor: LINK_DEGRADED → degraded; LINK_DOWN and a lost port → lost. */
export type SupervisorState = 'ready' | 'degraded' | 'lost';

export function linkToSupervisor(state: OximeterLinkState | 'lost'): SupervisorState {
  switch (state) {
    case 'up':
      return 'ready';
    case 'degraded':
      return 'degraded';
    case 'down':
    case 'lost':
      return 'lost';
  }
}

/** Events for the vitals machine (DESIGN §3) and the device supervisor. */
export type OximeterMachineEvent =
  | { type: 'OXIMETER.READING'; reading: OximeterReading }
  /** Good packets are arriving; a reading follows after 5 in a row. */
  | { type: 'OXIMETER.SIGNAL_OK'; lowPerfusion: boolean }
  | { type: 'OXIMETER.SEARCHING' }
  /** Prompt: place a finger in the sensor. */
  | { type: 'OXIMETER.FINGER_OUT' }
  /** Staff: the sensor is unplugged or inoperable. */
  | { type: 'OXIMETER.SENSOR_OFF' }
  /** Prompt: keep still (motion or out of track); the run restarts. */
  | { type: 'OXIMETER.MOTION'; cause: 'artifact' | 'outOfTrack' }
  /** Values outside the physiological window; the run restarts. */
  | { type: 'OXIMETER.IMPLAUSIBLE'; hr: number; spo2: number }
  | { type: 'OXIMETER.LINK_UP' }
  | { type: 'OXIMETER.LINK_DEGRADED' }
  | { type: 'OXIMETER.LINK_DOWN' }
  /** The port is gone (unplug, EIO). */
  | { type: 'OXIMETER.LOST'; detail: string };

export function conditionToEvent(condition: OximeterCondition): OximeterMachineEvent {
  switch (condition.kind) {
    case 'ok':
      return { type: 'OXIMETER.SIGNAL_OK', lowPerfusion: condition.lowPerfusion };
    case 'noValue':
      return { type: 'OXIMETER.SEARCHING' };
    case 'fingerOut':
      return { type: 'OXIMETER.FINGER_OUT' };
    case 'sensorOff':
      return { type: 'OXIMETER.SENSOR_OFF' };
    case 'motion':
      return { type: 'OXIMETER.MOTION', cause: 'artifact' };
    case 'outOfTrack':
      return { type: 'OXIMETER.MOTION', cause: 'outOfTrack' };
    case 'outOfRange':
      return { type: 'OXIMETER.IMPLAUSIBLE', hr: condition.hr, spo2: condition.spo2 };
  }
}

export function linkToEvent(state: OximeterLinkState): OximeterMachineEvent {
  switch (state) {
    case 'up':
      return { type: 'OXIMETER.LINK_UP' };
    case 'degraded':
      return { type: 'OXIMETER.LINK_DEGRADED' };
    case 'down':
      return { type: 'OXIMETER.LINK_DOWN' };
  }
}
