import { systemClock, type Clock } from '../../contracts/clock';
import type { Transport } from '../transports/transport';
import {
  checkFrame,
  encodeFrame,
  packetDataBytes,
  statusByte,
  type PacketValues,
  type Perfusion,
  type StatusFlags,
} from './codec';
import {
  DISPLAY_HOLD_MS,
  FRAME_PERIOD_MS,
  FRAMES_PER_PACKET,
  FRAME_RATE_HZ,
  MISSING_HR,
  MISSING_SPO2,
  START_BYTE,
  TIMER_MAX,
} from './protocol';

export interface OximeterSimulatorOptions {
  /** The module's end of the line (a PTY opened with the serial transport, or a memory end). */
  transport?: Transport;
  /** Every timer reads this clock. Default: systemClock. */
  clock?: Clock;
  /** Heart rate in bpm. Default 72. */
  hr?: number;
  /** SpO2 in %. Default 97. */
  spo2?: number;
  /**
   * Multiplies the module's time: the frame period (13.3 ms) and the display hold (10 s).
   * 0.25 streams four times faster. Default 1 (the real 75 frames/s).
   */
  timeScale?: number;
  /** How often due frames are written, as one chunk, like a USB-serial adapter. Default 20 ms. */
  chunkMs?: number;
  /** Frame 4. Default 0x44. */
  firmware?: number;
  /** Random source for motion and percentage faults, injectable for repeatable tests. */
  random?: () => number;
}

/**
 * Faults of vitals.md §A.5. Standing faults last until `clear(kind)` or `clearFaults()`; the
 * ones with `frames`/`packets` apply that many times; `silent` and `baudMismatch` end by
 * themselves after `durationMs` when it is given. A pulled cable is not injected here: kill the
 * PTY pair (or call simulateLoss on a memory end).
 */
export type OximeterFault =
  /** Finger removed: SNSA, HR 511, SpO2 127 (display fields hold for ~10 s), flat pleth. */
  | { kind: 'fingerOut' }
  /** Sensor unplugged from the module: SNSD, values missing, no pleth. */
  | { kind: 'sensorOff' }
  /** Motion: ARTF in a random 30–80 % of each packet's frames, OOT as well, a noisy pleth. */
  | { kind: 'motion'; minPercent?: number; maxPercent?: number }
  /** Low perfusion: RPRF (red) instead of GPRF at each beat, a small pleth. */
  | { kind: 'lowPerfusion' }
  /** Bad CHK on the next `frames` frames (default 1 when no percent) and/or `percent` % of frames. */
  | { kind: 'garbledChecksum'; frames?: number; percent?: number }
  /** One byte of each of the next `frames` frames (default 1) is dropped: the stream misaligns. */
  | { kind: 'dropByte'; frames?: number }
  /** SYNC is also set on frame 13 of the next `packets` packets (default 1). */
  | { kind: 'extraSync'; packets?: number }
  /** The stream stops (unplugged module), for `durationMs` or until cleared. */
  | { kind: 'silent'; durationMs?: number }
  /**
   * The host reads at the wrong baud rate: bytes keep coming but none forms a frame, for
   * `durationMs` or until cleared.
   */
  | { kind: 'baudMismatch'; durationMs?: number }
  /** HR out of the 30–220 window (default 250 bpm). */
  | { kind: 'hrOutOfRange'; hr?: number }
  /** SpO2 below the clinical threshold (default 82 %); still a valid reading for the driver. */
  | { kind: 'lowSpo2'; spo2?: number }
  /**
   * SYNC is never set: frames stay valid but no packet can be assembled (the host's
   * LINK_DEGRADED rule). Not in the brief's list; it exercises vitals.md §C.
   */
  | { kind: 'noSync' };

export type OximeterFaultKind = OximeterFault['kind'];

export interface OximeterSimulatorStats {
  framesSent: number;
  packetsStarted: number;
  bytesSent: number;
  garbledFrames: number;
  droppedBytes: number;
  extraSyncs: number;
  garbageBytes: number;
}

/**
 * Bytes a UART produces when 9600-baud frames are read at a higher rate: break-like values with
 * the high bits set. None is 0x01, so garbage can never form a valid frame by accident and a test
 * that injects it is deterministic.
 */
export const BAUD_GARBAGE: readonly number[] = [
  0x00, 0x80, 0xf8, 0xfe, 0xe0, 0x78, 0x1e, 0xff, 0xc0, 0x86,
];

/** Frames per beat during which the perfusion colour is shown (~160 ms). */
const PULSE_FRAMES = Math.round(160 / FRAME_PERIOD_MS);
/** Beat-to-beat pleth when a value is missing: the waveform still needs a period. */
const FALLBACK_BEAT_MS = 1_000;

interface PacketPlan {
  data: number[];
  artifact: Set<number>;
  outOfTrack: boolean;
  extraSyncAt: number | undefined;
}

/**
 * The Nonin OEM III module's side of the wire: a 75 frames/s Data Format #2 stream with a
 * synthetic pleth waveform, built with the real codec, plus every fault of vitals.md §A.5.
 */
export class OximeterSimulator {
  private readonly clock: Clock;
  private readonly timeScale: number;
  private readonly chunkMs: number;
  private readonly firmware: number;
  private readonly random: () => number;
  private baseHr: number;
  private baseSpo2: number;

  private transport: Transport | undefined;
  private unsubscribe: Array<() => void> = [];
  private running = false;
  private tickTimer: unknown;
  private epoch = 0;
  private generated = 0;

  private frameInPacket = 0;
  private packetTimer = 0;
  private plan: PacketPlan | undefined;
  private beatPhase = 0;
  /** The HR that paces the pleth waveform (the patient's, or the injected out-of-range one). */
  private beatHr = 72;
  private framesIntoBeat = 0;
  /** Device time (ms, unscaled) since the values went missing; undefined while present. */
  private missingSinceMs: number | undefined;
  private lastDisplay = { hr: MISSING_HR, spo2: MISSING_SPO2 };

  private readonly standing = new Map<OximeterFaultKind, OximeterFault>();
  private garbleFrames = 0;
  private garblePercent = 0;
  private dropFrames = 0;
  private extraSyncPackets = 0;
  private silentUntil: number | undefined;
  private garbageUntil: number | undefined;

  readonly stats: OximeterSimulatorStats = {
    framesSent: 0,
    packetsStarted: 0,
    bytesSent: 0,
    garbledFrames: 0,
    droppedBytes: 0,
    extraSyncs: 0,
    garbageBytes: 0,
  };

  constructor(options: OximeterSimulatorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.timeScale = options.timeScale ?? 1;
    this.chunkMs = options.chunkMs ?? 20;
    this.firmware = options.firmware ?? 0x44;
    this.random = options.random ?? Math.random;
    this.baseHr = options.hr ?? 72;
    this.baseSpo2 = options.spo2 ?? 97;
    if (!(this.timeScale > 0)) throw new RangeError('oximeter simulator: timeScale must be > 0');
    if (options.transport) this.attach(options.transport);
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle and controls
  // -------------------------------------------------------------------------------------------

  /** Starts streaming. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.epoch = this.clock.now();
    this.generated = 0;
    this.scheduleTick();
  }

  /** Stops streaming and closes the transport. */
  async stop(): Promise<void> {
    this.running = false;
    this.clock.clearTimeout(this.tickTimer);
    this.tickTimer = undefined;
    const transport = this.transport;
    this.detach();
    if (transport) await transport.close().catch(() => undefined);
  }

  /** Connects the module to a (new) open line, as when the cable is plugged back in. */
  attach(transport: Transport): void {
    this.detach();
    this.transport = transport;
    this.unsubscribe = [
      transport.onLost(() => {
        if (transport === this.transport) this.detach();
      }),
    ];
  }

  /** Sets the patient's values (the module's 4-beat averages follow at once). */
  setValues(values: { hr?: number; spo2?: number }): void {
    if (values.hr !== undefined) this.baseHr = values.hr;
    if (values.spo2 !== undefined) this.baseSpo2 = values.spo2;
  }

  /** The values the module reports now, before faults. */
  get values(): { hr: number; spo2: number } {
    return { hr: this.baseHr, spo2: this.baseSpo2 };
  }

  inject(fault: OximeterFault): void {
    switch (fault.kind) {
      case 'garbledChecksum':
        this.garbleFrames += fault.frames ?? (fault.percent === undefined ? 1 : 0);
        this.garblePercent = fault.percent ?? this.garblePercent;
        return;
      case 'dropByte':
        this.dropFrames += fault.frames ?? 1;
        return;
      case 'extraSync':
        this.extraSyncPackets += fault.packets ?? 1;
        return;
      case 'silent':
        this.silentUntil =
          fault.durationMs === undefined
            ? Number.POSITIVE_INFINITY
            : this.clock.now() + fault.durationMs;
        return;
      case 'baudMismatch':
        this.garbageUntil =
          fault.durationMs === undefined
            ? Number.POSITIVE_INFINITY
            : this.clock.now() + fault.durationMs;
        return;
      default:
        this.standing.set(fault.kind, fault);
    }
  }

  /** Ends one fault (a one-shot fault's remaining count is dropped). */
  clear(kind: OximeterFaultKind): void {
    switch (kind) {
      case 'garbledChecksum':
        this.garbleFrames = 0;
        this.garblePercent = 0;
        return;
      case 'dropByte':
        this.dropFrames = 0;
        return;
      case 'extraSync':
        this.extraSyncPackets = 0;
        return;
      case 'silent':
        this.silentUntil = undefined;
        return;
      case 'baudMismatch':
        this.garbageUntil = undefined;
        return;
      default:
        this.standing.delete(kind);
    }
  }

  /** Ends every fault: a steady finger with the configured values. */
  clearFaults(): void {
    for (const kind of [
      'garbledChecksum',
      'dropByte',
      'extraSync',
      'silent',
      'baudMismatch',
    ] as const) {
      this.clear(kind);
    }
    this.standing.clear();
  }

  /** Faults in force now (standing ones, and one-shot ones with frames left). */
  get activeFaults(): OximeterFaultKind[] {
    const now = this.clock.now();
    const kinds: OximeterFaultKind[] = [...this.standing.keys()];
    if (this.garbleFrames > 0 || this.garblePercent > 0) kinds.push('garbledChecksum');
    if (this.dropFrames > 0) kinds.push('dropByte');
    if (this.extraSyncPackets > 0) kinds.push('extraSync');
    if (this.silentUntil !== undefined && now < this.silentUntil) kinds.push('silent');
    if (this.garbageUntil !== undefined && now < this.garbageUntil) kinds.push('baudMismatch');
    return kinds;
  }

  // -------------------------------------------------------------------------------------------
  // Streaming
  // -------------------------------------------------------------------------------------------

  private scheduleTick(): void {
    if (!this.running) return;
    this.tickTimer = this.clock.setTimeout(() => {
      this.tickTimer = undefined;
      this.tick();
      this.scheduleTick();
    }, this.chunkMs);
  }

  private tick(): void {
    const framePeriod = FRAME_PERIOD_MS * this.timeScale;
    const due = Math.floor((this.clock.now() - this.epoch) / framePeriod);
    // After a stall (a busy machine, a debugger) do not burst more than one second of frames.
    const maxBurst = FRAME_RATE_HZ;
    if (due - this.generated > maxBurst) this.generated = due - maxBurst;
    const chunk: number[] = [];
    const now = this.clock.now();
    const silent = this.silentUntil !== undefined && now < this.silentUntil;
    const garbage = this.garbageUntil !== undefined && now < this.garbageUntil;
    while (this.generated < due) {
      this.generated++;
      const frame = this.nextFrameBytes();
      if (silent) continue;
      if (garbage) {
        for (let i = 0; i < frame.length; i++) {
          chunk.push(BAUD_GARBAGE[Math.floor(this.random() * BAUD_GARBAGE.length)] ?? 0x00);
        }
        this.stats.garbageBytes += frame.length;
        continue;
      }
      chunk.push(...frame);
      this.stats.framesSent++;
    }
    if (chunk.length === 0) return;
    const transport = this.transport;
    if (!transport?.isOpen) return;
    this.stats.bytesSent += chunk.length;
    transport.write(Uint8Array.from(chunk)).catch(() => undefined);
  }

  /** The next frame on the wire, faults applied (fewer than 5 bytes when one is dropped). */
  private nextFrameBytes(): number[] {
    if (this.frameInPacket === 0) this.plan = this.planPacket();
    const plan = this.plan as PacketPlan;
    const index = this.frameInPacket;
    const flags = this.frameFlags(index, plan);
    const pleth = this.plethSample(flags);
    const bytes = Array.from(
      encodeFrame({ status: statusByte(flags), pleth, data: plan.data[index] ?? 0 }),
    );
    this.frameInPacket = (this.frameInPacket + 1) % FRAMES_PER_PACKET;
    this.advanceBeat();

    if (
      this.garbleFrames > 0 ||
      (this.garblePercent > 0 && this.random() * 100 < this.garblePercent)
    ) {
      if (this.garbleFrames > 0) this.garbleFrames--;
      bytes[4] = (bytes[4] ?? 0) ^ 0xff;
      this.stats.garbledFrames++;
    }
    if (this.dropFrames > 0) {
      this.dropFrames--;
      dropOneByte(bytes);
      this.stats.droppedBytes++;
    }
    return bytes;
  }

  private planPacket(): PacketPlan {
    this.stats.packetsStarted++;
    const sensorOff = this.standing.has('sensorOff');
    const fingerOut = this.standing.has('fingerOut');
    const motion = this.standing.get('motion') as
      Extract<OximeterFault, { kind: 'motion' }> | undefined;
    const hrFault = this.standing.get('hrOutOfRange') as
      Extract<OximeterFault, { kind: 'hrOutOfRange' }> | undefined;
    const spo2Fault = this.standing.get('lowSpo2') as
      Extract<OximeterFault, { kind: 'lowSpo2' }> | undefined;

    let hr = hrFault ? (hrFault.hr ?? 250) : this.baseHr;
    let spo2 = spo2Fault ? (spo2Fault.spo2 ?? 82) : this.baseSpo2;
    if (motion) {
      // A moving finger makes the averages wander.
      hr = clamp(hr + Math.round((this.random() - 0.5) * 20), 0, MISSING_HR - 1);
      spo2 = clamp(spo2 + Math.round((this.random() - 0.5) * 6), 0, MISSING_SPO2 - 1);
    }
    hr = clamp(Math.round(hr), 0, MISSING_HR);
    spo2 = clamp(Math.round(spo2), 0, MISSING_SPO2);
    this.beatHr = hr;

    const deviceMs = this.packetTimer * FRAMES_PER_PACKET * FRAME_PERIOD_MS;
    let values: PacketValues;
    if (sensorOff || fingerOut) {
      // "Recording" fields go missing at once; display fields hold the last value for ~10 s.
      this.missingSinceMs ??= deviceMs;
      const holding = deviceMs - this.missingSinceMs < DISPLAY_HOLD_MS;
      const dHr = holding ? this.lastDisplay.hr : MISSING_HR;
      const dSpo2 = holding ? this.lastDisplay.spo2 : MISSING_SPO2;
      values = {
        hr: MISSING_HR,
        spo2: MISSING_SPO2,
        firmware: this.firmware,
        timer: this.packetTimer,
        stat2: 0,
        spo2Display: dSpo2,
        spo2Fast: MISSING_SPO2,
        spo2BeatToBeat: MISSING_SPO2,
        eHr: MISSING_HR,
        eSpo2: MISSING_SPO2,
        eSpo2Display: dSpo2,
        hrDisplay: dHr,
        eHrDisplay: dHr,
      };
    } else {
      this.missingSinceMs = undefined;
      this.lastDisplay = { hr, spo2 };
      values = {
        hr,
        spo2,
        firmware: this.firmware,
        timer: this.packetTimer,
        stat2: 0,
        spo2Display: spo2,
        spo2Fast: spo2,
        spo2BeatToBeat: spo2,
        eHr: hr,
        eSpo2: spo2,
        eSpo2Display: spo2,
        hrDisplay: hr,
        eHrDisplay: hr,
      };
    }
    this.packetTimer = (this.packetTimer + 1) & TIMER_MAX;

    const artifact = new Set<number>();
    if (motion && !sensorOff && !fingerOut) {
      const min = motion.minPercent ?? 30;
      const max = motion.maxPercent ?? 80;
      const percent = min + this.random() * (max - min);
      const count = clamp(Math.round((percent / 100) * FRAMES_PER_PACKET), 0, FRAMES_PER_PACKET);
      const order = Array.from({ length: FRAMES_PER_PACKET }, (_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
      }
      for (const i of order.slice(0, count)) artifact.add(i);
    }
    let extraSyncAt: number | undefined;
    if (this.extraSyncPackets > 0) {
      this.extraSyncPackets--;
      this.stats.extraSyncs++;
      extraSyncAt = 12;
    }
    return {
      data: packetDataBytes(values),
      artifact,
      outOfTrack: motion !== undefined && !sensorOff && !fingerOut,
      extraSyncAt,
    };
  }

  private frameFlags(index: number, plan: PacketPlan): Partial<StatusFlags> {
    const sensorOff = this.standing.has('sensorOff');
    const fingerOut = this.standing.has('fingerOut');
    let perfusion: Perfusion = 'none';
    if (!sensorOff && !fingerOut && this.framesIntoBeat < PULSE_FRAMES) {
      perfusion = this.standing.has('lowPerfusion') ? 'red' : 'green';
    }
    return {
      sync: !this.standing.has('noSync') && (index === 0 || index === plan.extraSyncAt),
      sensorDisconnected: sensorOff,
      sensorAlarm: fingerOut,
      artifact: plan.artifact.has(index),
      outOfTrack: plan.outOfTrack,
      perfusion,
    };
  }

  /** A pulse-shaped pleth: fast upstroke, decay with a dicrotic notch. */
  private plethSample(flags: Partial<StatusFlags>): number {
    if (flags.sensorDisconnected) return 0;
    if (flags.sensorAlarm) return 128;
    const low = this.standing.has('lowPerfusion');
    const baseline = low ? 110 : 50;
    const amplitude = low ? 35 : 160;
    let value = baseline + amplitude * plethShape(this.beatPhase);
    if (this.standing.has('motion')) value += (this.random() - 0.5) * 90;
    return clamp(Math.round(value), 0, 255);
  }

  private advanceBeat(): void {
    const hr = this.beatHr;
    const beatMs = hr > 0 && hr < MISSING_HR ? 60_000 / hr : FALLBACK_BEAT_MS;
    this.beatPhase += FRAME_PERIOD_MS / beatMs;
    this.framesIntoBeat++;
    if (this.beatPhase >= 1) {
      this.beatPhase -= 1;
      this.framesIntoBeat = 0;
    }
  }

  private detach(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.transport = undefined;
  }
}

/** 0..1 phase of a beat → 0..1 amplitude. */
export function plethShape(phase: number): number {
  if (phase < 0.12) return Math.sin(((phase / 0.12) * Math.PI) / 2);
  const t = (phase - 0.12) / 0.88;
  const decay = Math.exp(-3.2 * t) * (1 - t);
  const notch = 0.12 * Math.exp(-(((t - 0.3) / 0.06) ** 2));
  return clamp(decay + notch, 0, 1);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * Removes one byte of a frame (STATUS, PLETH or DATA) so the stream misaligns. It picks a byte
 * whose loss cannot make the 4 remaining bytes plus the next frame's start byte pass as a frame:
 * the fault is a misalignment, never a bogus frame.
 */
export function dropOneByte(bytes: number[]): void {
  for (const index of [3, 2, 1]) {
    const rest = bytes.filter((_, i) => i !== index);
    const window = Uint8Array.from([...rest.slice(0, 4), START_BYTE]);
    if (!checkFrame(window).ok) {
      bytes.splice(index, 1);
      return;
    }
  }
  bytes.splice(3, 1);
}
