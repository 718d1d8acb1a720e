import { systemClock, type Clock } from '../../contracts/clock';
import type { Transport } from '../transports/transport';
import { commandOf, encodeFrame, packNoOf, type Frame } from './codec';
import { DispenserFramer, type FramerOutput } from './framer';
import {
  DEFAULT_POLL_INTERVAL_MS,
  DISPENSE_STATUS_ELEVATOR_ASCENDING,
  DISPENSE_STATUS_ELEVATOR_DESCENDING,
  DISPENSE_STATUS_ELEVATOR_ERROR,
  DISPENSE_STATUS_IN_PROGRESS,
  DISPENSE_STATUS_JAMMED,
  DISPENSE_STATUS_MOTOR_DID_NOT_STOP,
  DISPENSE_STATUS_NO_DROP,
  DISPENSE_STATUS_NO_MOTOR,
  DISPENSE_STATUS_SENSOR_BLOCKED,
  DISPENSE_STATUS_SUCCESS,
  DOOR_CLOSED,
  DOOR_OPEN,
  DROP_SENSOR_CLOSED,
  DROP_SENSOR_ENABLED,
  JAMMED_STOP_SELLING,
  HOST_REPLY_WINDOW_MS,
  LIFT_STATUS_NORMAL,
  MACHINE_ID_LENGTH,
  MAX_SENDS,
  PACK_NO_MIN,
  POLL_FRAME,
  ACK_FRAME,
  SELECTION_MODE_COIL,
  SELECTION_STATUS_DOES_NOT_EXIST,
  SELECTION_STATUS_NORMAL,
  SELECTION_STATUS_OUT_OF_STOCK,
  TEMP_CTRL_FAULT,
  TEMP_CTRL_OK,
  nextPackNo,
} from './protocol';

/** One slot of the simulated cabinet. */
export interface SimulatedSlot {
  stock: number;
}

export interface DispenserSimulatorOptions {
  /** The board's end of the line (a PTY opened with the serial transport, or a memory end). */
  transport?: Transport;
  /** Every timer reads this clock. Default: systemClock. */
  clock?: Clock;
  /** POLL period. Default 200 ms; 0x16 from the host changes it. */
  pollIntervalMs?: number;
  /** Multiplies motor and elevator times (0.05 = twenty times faster). Default 1. */
  timeScale?: number;
  /** Motor run time before the final status, before scaling. Default 2000 ms. */
  motorMs?: number;
  /** Elevator trip (up and down), before scaling. Default 4000 ms. */
  elevatorMs?: number;
  /** A host reply later than this after the POLL/data frame is ignored. Default 100 ms. */
  replyWindowMs?: number;
  /** Sends per data frame before the board gives up on it. Default 5. */
  maxSends?: number;
  /** Selection number → slot. A selection not listed does not exist. Default: empty cabinet. */
  slots?: Record<number, SimulatedSlot>;
  /** 10 ASCII characters or fewer. Default "SIM-VMC-01". */
  machineId?: string;
  /** Random source for percentage faults, injectable for repeatable tests. Default Math.random. */
  random?: () => number;
}

/**
 * Faults of dispenser.md §7. Drive faults (jam … lostAck) apply once, to the next drive (of
 * `selection` when given); the others change the board's state until changed or cleared.
 * An unplug is not injected here: kill the PTY pair (or call simulateLoss on a memory end).
 */
export type DispenserFault =
  /** 0x04 status 0x01 then 0x03; nothing drops. */
  | { kind: 'jam'; selection?: number }
  /** 0x04 status 0x04; with `extraItem` two items physically drop (stock −2). */
  | { kind: 'motorOverrun'; extraItem?: boolean; selection?: number }
  /** 0x04 status 0x06 at once; the motor does not run. */
  | { kind: 'noMotor'; selection?: number }
  /** Empty slot / nothing fell: 0x04 status 0x05 after the motor time. */
  | { kind: 'noDrop'; selection?: number }
  /** 0x04 status 0x08 at once; the motor does not run. */
  | { kind: 'sensorBlocked'; selection?: number }
  /** 0x04 status 0x07, 0x12 or 0x13 after the motor time (an elevator failure). */
  | { kind: 'elevatorError'; status?: number; selection?: number }
  /**
   * The drive runs but the board's ACK is dropped. A: later frames still arrive (the host must
   * not treat its resend as a new drive). B: nothing more arrives for this drive: no ACK for the
   * resends, no status frames (the host's UNCERTAIN path).
   */
  | { kind: 'lostAck'; variant: 'A' | 'B' }
  /** Corrupt outgoing frames: the next `frames` (default 1) and/or `percent` % of them. */
  | {
      kind: 'garbledChecksum';
      frames?: number;
      percent?: number;
      /** Flip the XOR byte (default) or one bit of PackNO/TEXT. */
      target?: 'checksum' | 'payloadBit';
      /** Only data frames (default), or any frame incl. POLL and ACK. */
      only?: 'data' | 'any';
    }
  /** After the next data frame is ACKed, send it once more with the same PackNO. */
  | { kind: 'duplicateFrame' }
  /** No POLL for `durationMs`, then resume. */
  | { kind: 'silent'; durationMs: number }
  /** Pretend each host reply arrives `delayMs` late (for the next `replies`, default all). */
  | { kind: 'slowHost'; delayMs: number; replies?: number }
  /** Cabinet temperature for 0x52; null reports a missing sensor (0x7FFF). */
  | { kind: 'temperature'; celsius: number | null }
  /** Temperature controller fault flag in 0x52. */
  | { kind: 'temperatureControlFault'; fault: boolean }
  /** Cabinet door byte in 0x52. */
  | { kind: 'door'; open: boolean }
  /** Status byte of the next 0x54 answers (LIFT_STATUS_*). */
  | { kind: 'liftStatus'; status: number }
  /**
   * The board's drop sensor switched off (or on) in its menu, for every selection: 0x70 type
   * 0x42 answers "closed", and the board no longer sees drops, so an empty spiral or a `noDrop`
   * reports success and a `sensorBlocked` goes unnoticed.
   */
  | { kind: 'dropSensor'; enabled: boolean };

type DriveFault = Extract<
  DispenserFault,
  {
    kind:
      'jam' | 'motorOverrun' | 'noMotor' | 'noDrop' | 'sensorBlocked' | 'elevatorError' | 'lostAck';
  }
>;

export interface SelectionCounters {
  /** Times the motor of this selection started. */
  motorRuns: number;
  /** Items that physically fell. */
  drops: number;
}

export interface DropEvent {
  selection: number;
  dispenseId?: number;
}

export interface MotorRunEvent {
  selection: number;
  dispenseId?: number;
  /** The command that started it: 0x06 or 0xE6. */
  via: 'DRIVE_SELECTION' | 'DRIVE_ONCE';
}

export interface SimulatorStats {
  polls: number;
  dataFramesSent: number;
  dataFrameResends: number;
  /** Data frames the board gave up on after maxSends. */
  dataFramesDropped: number;
  /** Host frames that arrived outside the reply window (ignored). */
  lateReplies: number;
  /** Host bytes the framer rejected (bad XOR, noise). */
  hostFrameErrors: number;
  /** Host commands recognised as retransmissions (same CMD + PackNO). */
  duplicateHostCommands: number;
  garbledFrames: number;
}

export type SimulatorHostLink = 'up' | 'down';

interface OutgoingData {
  build(packNo: number): Frame;
}

interface OutstandingData {
  frame: Frame;
  bytes: Uint8Array;
  sends: number;
  /** A deliberate duplicate reuses an old PackNO, so its ACK must not advance the counter. */
  duplicate: boolean;
}

interface DispenseRecord {
  selection: number;
  /** 0x01 while running, then the final status. */
  status: number;
}

interface ReplyWindow {
  sentAt: number;
  answered: boolean;
}

const DEFAULT_MOTOR_MS = 2_000;
const DEFAULT_ELEVATOR_MS = 4_000;
const DEFAULT_TEMPERATURE_DECI_C = 215;
const DEFAULT_SETPOINT_DECI_C = 220;
const DEFAULT_HUMIDITY_DECI_PCT = 450;
/** The capacity the 0x42 answer reports for every selection (the kiosk keeps its own). */
const SIMULATED_CAPACITY = 10;
/** 0x16 interval units are 100 ms; the spec allows 100 ms to 2 s. */
const POLL_INTERVAL_UNIT_MS = 100;
const POLL_INTERVAL_MAX_MS = 2_000;

/**
 * The VMC board's side of the wire, for development, e2e and integration tests. It polls, ACKs the
 * host's commands, drives simulated motors and reports status frames, reusing the real codec and
 * framer. It dedupes 0xE6 by dispenseId: a known id gets its stored result and never a second
 * motor run.
 */
export class DispenserSimulator {
  private readonly clock: Clock;
  private pollIntervalMs: number;
  private readonly timeScale: number;
  private readonly motorMs: number;
  private readonly elevatorMs: number;
  private readonly replyWindowMs: number;
  private readonly maxSends: number;
  private readonly random: () => number;
  private readonly machineId: Uint8Array;
  private readonly framer = new DispenserFramer();

  private transport: Transport | undefined;
  private unsubscribe: Array<() => void> = [];
  private running = false;
  private tickTimer: unknown;
  private readonly motorTimers = new Set<unknown>();

  private packNo = PACK_NO_MIN;
  private outstanding: OutstandingData | undefined;
  private outbox: OutgoingData[] = [];
  private lastFromHost: { cmd: number; packNo: number } | undefined;
  /** Host commands (CMD+PackNO) whose ACKs are swallowed: lost-ACK variant B. */
  private blackholed = new Set<string>();
  private window: ReplyWindow | undefined;
  private missedReplies = 0;
  private hostLinkState: SimulatorHostLink = 'down';

  private readonly slotMap = new Map<number, SimulatedSlot>();
  private readonly counterMap = new Map<number, SelectionCounters>();
  private readonly records = new Map<number, DispenseRecord>();

  private driveFaults: DriveFault[] = [];
  private garble: {
    frames: number;
    percent: number;
    target: 'checksum' | 'payloadBit';
    only: 'data' | 'any';
  } = {
    frames: 0,
    percent: 0,
    target: 'checksum',
    only: 'data',
  };
  private duplicateNext = false;
  private pendingDuplicate: OutstandingData | undefined;
  private silentUntil = 0;
  private slowHost: { delayMs: number; replies: number } | undefined;
  private temperatureDeciC: number | null = DEFAULT_TEMPERATURE_DECI_C;
  private tempControlFault = false;
  private doorOpen = false;
  private liftStatus = LIFT_STATUS_NORMAL;
  private dropSensorEnabled = true;

  readonly stats: SimulatorStats = {
    polls: 0,
    dataFramesSent: 0,
    dataFrameResends: 0,
    dataFramesDropped: 0,
    lateReplies: 0,
    hostFrameErrors: 0,
    duplicateHostCommands: 0,
    garbledFrames: 0,
  };

  private readonly dropListeners = new Set<(event: DropEvent) => void>();
  private readonly motorListeners = new Set<(event: MotorRunEvent) => void>();
  private readonly hostLinkListeners = new Set<(state: SimulatorHostLink) => void>();
  private readonly trafficListeners = new Set<
    (event: { dir: 'rx' | 'tx'; bytes: Uint8Array }) => void
  >();

  constructor(options: DispenserSimulatorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.timeScale = options.timeScale ?? 1;
    this.motorMs = options.motorMs ?? DEFAULT_MOTOR_MS;
    this.elevatorMs = options.elevatorMs ?? DEFAULT_ELEVATOR_MS;
    this.replyWindowMs = options.replyWindowMs ?? HOST_REPLY_WINDOW_MS;
    this.maxSends = options.maxSends ?? MAX_SENDS;
    this.random = options.random ?? Math.random;
    const id = (options.machineId ?? 'SIM-VMC-01')
      .slice(0, MACHINE_ID_LENGTH)
      .padEnd(MACHINE_ID_LENGTH, '\0');
    this.machineId = Uint8Array.from(id, (c) => c.charCodeAt(0) & 0x7f);
    for (const [selection, slot] of Object.entries(options.slots ?? {})) {
      this.slotMap.set(Number(selection), { stock: slot.stock });
    }
    if (options.transport) this.attach(options.transport);
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle and controls
  // -------------------------------------------------------------------------------------------

  /** Starts polling. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.scheduleTick();
  }

  /** Stops polling and motors and closes the transport. */
  async stop(): Promise<void> {
    this.running = false;
    this.clock.clearTimeout(this.tickTimer);
    for (const timer of this.motorTimers) this.clock.clearTimeout(timer);
    this.motorTimers.clear();
    const transport = this.transport;
    this.detach();
    if (transport) await transport.close().catch(() => undefined);
  }

  /**
   * Connects the board to a (new) open line, as when the cable is plugged back in: the board's
   * PackNO restarts at 1 and its duplicate memory is cleared, but it keeps its dispense records
   * (it was not powered off), so a resent 0xE6 gets the stored result.
   */
  attach(transport: Transport): void {
    this.detach();
    this.transport = transport;
    this.framer.reset();
    this.packNo = PACK_NO_MIN;
    this.lastFromHost = undefined;
    this.blackholed.clear();
    this.unsubscribe = [
      transport.onData((chunk) => this.onData(transport, chunk)),
      transport.onLost(() => this.onLost(transport)),
    ];
    if (this.running) this.scheduleTick();
  }

  inject(fault: DispenserFault): void {
    switch (fault.kind) {
      case 'jam':
      case 'motorOverrun':
      case 'noMotor':
      case 'noDrop':
      case 'sensorBlocked':
      case 'elevatorError':
      case 'lostAck':
        this.driveFaults.push(fault);
        return;
      case 'garbledChecksum':
        this.garble = {
          frames: fault.frames ?? (fault.percent === undefined ? 1 : 0),
          percent: fault.percent ?? 0,
          target: fault.target ?? 'checksum',
          only: fault.only ?? 'data',
        };
        return;
      case 'duplicateFrame':
        this.duplicateNext = true;
        return;
      case 'silent':
        this.silentUntil = this.clock.now() + fault.durationMs;
        return;
      case 'slowHost':
        this.slowHost = {
          delayMs: fault.delayMs,
          replies: fault.replies ?? Number.POSITIVE_INFINITY,
        };
        return;
      case 'temperature':
        this.temperatureDeciC = fault.celsius === null ? null : Math.round(fault.celsius * 10);
        return;
      case 'temperatureControlFault':
        this.tempControlFault = fault.fault;
        return;
      case 'door':
        this.doorOpen = fault.open;
        return;
      case 'liftStatus':
        this.liftStatus = fault.status;
        return;
      case 'dropSensor':
        this.dropSensorEnabled = fault.enabled;
        return;
    }
  }

  /** Removes every pending and standing fault (temperature, door and lift back to normal). */
  clearFaults(): void {
    this.driveFaults = [];
    this.garble = { frames: 0, percent: 0, target: 'checksum', only: 'data' };
    this.duplicateNext = false;
    this.silentUntil = 0;
    this.slowHost = undefined;
    this.temperatureDeciC = DEFAULT_TEMPERATURE_DECI_C;
    this.tempControlFault = false;
    this.doorOpen = false;
    this.liftStatus = LIFT_STATUS_NORMAL;
    this.dropSensorEnabled = true;
  }

  setStock(selection: number, stock: number): void {
    this.slotMap.set(selection, { stock });
  }

  stock(selection: number): number | undefined {
    return this.slotMap.get(selection)?.stock;
  }

  counters(selection: number): SelectionCounters {
    return { ...(this.counterMap.get(selection) ?? { motorRuns: 0, drops: 0 }) };
  }

  /** Motor runs over all selections. */
  get totalMotorRuns(): number {
    let total = 0;
    for (const c of this.counterMap.values()) total += c.motorRuns;
    return total;
  }

  /** What the board remembers about a dispenseId (0xE6 only). */
  dispenseRecord(dispenseId: number): { selection: number; status: number } | undefined {
    const record = this.records.get(dispenseId >>> 0);
    return record ? { ...record } : undefined;
  }

  /** Whether the host has been answering (down after maxSends unanswered frames in a row). */
  get hostLink(): SimulatorHostLink {
    return this.hostLinkState;
  }

  get pollInterval(): number {
    return this.pollIntervalMs;
  }

  onDrop(listener: (event: DropEvent) => void): () => void {
    this.dropListeners.add(listener);
    return () => this.dropListeners.delete(listener);
  }

  onMotorRun(listener: (event: MotorRunEvent) => void): () => void {
    this.motorListeners.add(listener);
    return () => this.motorListeners.delete(listener);
  }

  onHostLink(listener: (state: SimulatorHostLink) => void): () => void {
    this.hostLinkListeners.add(listener);
    return () => this.hostLinkListeners.delete(listener);
  }

  onTraffic(listener: (event: { dir: 'rx' | 'tx'; bytes: Uint8Array }) => void): () => void {
    this.trafficListeners.add(listener);
    return () => this.trafficListeners.delete(listener);
  }

  // -------------------------------------------------------------------------------------------
  // The poll cycle
  // -------------------------------------------------------------------------------------------

  private scheduleTick(): void {
    this.clock.clearTimeout(this.tickTimer);
    this.tickTimer = this.clock.setTimeout(() => this.tick(), this.pollIntervalMs);
  }

  private tick(): void {
    if (!this.running) return;
    this.scheduleTick();
    if (!this.transport?.isOpen) return;
    if (this.window && !this.window.answered) this.noteMissedReply();
    this.window = undefined;
    if (this.clock.now() < this.silentUntil) return;

    if (this.outstanding) {
      if (this.outstanding.sends < this.maxSends) {
        this.outstanding.sends++;
        this.stats.dataFrameResends++;
        this.sendAwaitingReply(this.outstanding.bytes, true);
        return;
      }
      // Like a real board, give up on a frame the host never ACKed and go on.
      this.stats.dataFramesDropped++;
      if (!this.outstanding.duplicate) this.packNo = nextPackNo(this.packNo);
      this.outstanding = undefined;
    }
    const duplicate = this.pendingDuplicate;
    if (duplicate) {
      this.pendingDuplicate = undefined;
      this.outstanding = { ...duplicate, sends: 1, duplicate: true };
      this.sendAwaitingReply(duplicate.bytes, true);
      return;
    }
    const next = this.outbox.shift();
    if (next) {
      const frame = next.build(this.packNo);
      const bytes = encodeFrame(frame);
      this.outstanding = { frame, bytes, sends: 1, duplicate: false };
      this.stats.dataFramesSent++;
      this.sendAwaitingReply(bytes, true);
      return;
    }
    this.stats.polls++;
    this.sendAwaitingReply(Uint8Array.from(POLL_FRAME), false);
  }

  private sendAwaitingReply(bytes: Uint8Array, isData: boolean): void {
    this.window = { sentAt: this.clock.now(), answered: false };
    this.write(bytes, isData);
  }

  private noteMissedReply(): void {
    this.missedReplies++;
    // The board retries, and after maxSends unanswered frames in a row reports the host lost.
    if (this.missedReplies >= this.maxSends) this.setHostLink('down');
  }

  private setHostLink(state: SimulatorHostLink): void {
    if (state === this.hostLinkState) return;
    this.hostLinkState = state;
    for (const listener of [...this.hostLinkListeners]) listener(state);
  }

  // -------------------------------------------------------------------------------------------
  // Host frames
  // -------------------------------------------------------------------------------------------

  private onData(from: Transport, chunk: Uint8Array): void {
    if (from !== this.transport) return;
    this.emitTraffic('rx', chunk);
    for (const output of this.framer.push(chunk, this.clock.now())) this.onFramerOutput(output);
  }

  private onFramerOutput(output: FramerOutput): void {
    if (output.kind === 'error') {
      this.stats.hostFrameErrors++;
      return;
    }
    if (!this.acceptReplyTiming()) return;
    const frame = output.frame;
    if (frame.kind === 'ACK') {
      const out = this.outstanding;
      if (!out) return;
      this.outstanding = undefined;
      if (!out.duplicate) this.packNo = nextPackNo(this.packNo);
      if (this.duplicateNext && !out.duplicate) {
        this.duplicateNext = false;
        this.pendingDuplicate = out;
      }
      return;
    }
    const packNo = packNoOf(frame);
    if (packNo === undefined) return;
    const key = { cmd: commandOf(frame), packNo };
    const keyText = `${key.cmd}:${key.packNo}`;
    if (
      this.lastFromHost &&
      this.lastFromHost.cmd === key.cmd &&
      this.lastFromHost.packNo === key.packNo
    ) {
      // A retransmission: the host missed our ACK. ACK again, never act twice.
      this.stats.duplicateHostCommands++;
      if (!this.blackholed.has(keyText)) this.ack();
      return;
    }
    this.lastFromHost = key;
    this.onHostCommand(frame, keyText);
  }

  /** Applies the reply-window rule; returns false for a reply that came too late. */
  private acceptReplyTiming(): boolean {
    let arrivedAt = this.clock.now();
    if (this.slowHost && this.slowHost.replies > 0) {
      arrivedAt += this.slowHost.delayMs;
      this.slowHost.replies--;
    }
    const window = this.window;
    if (!window || window.answered || arrivedAt - window.sentAt > this.replyWindowMs) {
      this.stats.lateReplies++;
      return false;
    }
    window.answered = true;
    this.missedReplies = 0;
    this.setHostLink('up');
    return true;
  }

  private onHostCommand(frame: Frame, keyText: string): void {
    switch (frame.kind) {
      case 'DRIVE_SELECTION':
      case 'DRIVE_ONCE': {
        const lost = this.takeFault(frame.selection, 'lostAck');
        if (lost?.kind === 'lostAck' && lost.variant === 'B') this.blackholed.add(keyText);
        if (!lost) this.ack();
        this.drive(frame, lost?.kind === 'lostAck' && lost.variant === 'B');
        return;
      }
      case 'CHECK_SELECTION': {
        this.ack();
        const slot = this.slotMap.get(frame.selection);
        const status = !slot
          ? SELECTION_STATUS_DOES_NOT_EXIST
          : slot.stock > 0
            ? SELECTION_STATUS_NORMAL
            : SELECTION_STATUS_OUT_OF_STOCK;
        this.outbox.push({
          build: (packNo) => ({
            kind: 'SELECTION_STATUS',
            packNo,
            status,
            selection: frame.selection,
          }),
        });
        return;
      }
      case 'REQUEST_MACHINE_STATUS':
        this.ack();
        this.outbox.push({ build: (packNo) => this.machineStatusFrame(packNo) });
        return;
      case 'REQUEST_LIFT_STATUS': {
        this.ack();
        const status = this.liftStatus;
        this.outbox.push({ build: (packNo) => ({ kind: 'LIFT_STATUS', packNo, status }) });
        return;
      }
      case 'QUERY_SELECTION_CONFIG': {
        this.ack();
        const stock = this.slotMap.get(frame.selection)?.stock ?? 0;
        this.outbox.push({ build: (packNo) => this.selectionConfigFrame(packNo, stock) });
        return;
      }
      case 'SET_STOCK':
        this.ack();
        this.slotMap.set(frame.selection, { stock: frame.stock });
        return;
      case 'SET_POLL_INTERVAL':
        this.ack();
        this.pollIntervalMs = Math.min(
          POLL_INTERVAL_MAX_MS,
          Math.max(1, frame.interval) * POLL_INTERVAL_UNIT_MS,
        );
        return;
      default:
        // INFO_SYNC, SELECT_TO_BUY, SELECT_OR_CANCEL and anything unknown: acknowledged, no effect.
        this.ack();
    }
  }

  /** 0x71 type 0x42: a coil selection, its stock, the board-wide drop-sensor switch. */
  private selectionConfigFrame(packNo: number, stock: number): Frame {
    return {
      kind: 'SELECTION_CONFIG',
      packNo,
      price: 0,
      inventory: Math.min(stock, 0xffff),
      capacity: SIMULATED_CAPACITY,
      productId: 0,
      mode: SELECTION_MODE_COIL,
      dropSensor: this.dropSensorEnabled ? DROP_SENSOR_ENABLED : DROP_SENSOR_CLOSED,
      jammed: JAMMED_STOP_SELLING,
      quarterTurn: 0,
    };
  }

  private machineStatusFrame(packNo: number): Frame {
    return {
      kind: 'MACHINE_STATUS',
      packNo,
      bill: 0,
      coin: 0,
      card: 0,
      tempControl: this.tempControlFault ? TEMP_CTRL_FAULT : TEMP_CTRL_OK,
      door: this.doorOpen ? DOOR_OPEN : DOOR_CLOSED,
      billChange: 0,
      coinChange: 0,
      machineId: this.machineId,
      temperature: this.temperatureDeciC,
      setpoint: DEFAULT_SETPOINT_DECI_C,
      humidity: DEFAULT_HUMIDITY_DECI_PCT,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Motors
  // -------------------------------------------------------------------------------------------

  private drive(
    frame: Extract<Frame, { kind: 'DRIVE_SELECTION' | 'DRIVE_ONCE' }>,
    silenced: boolean,
  ): void {
    const selection = frame.selection;
    const dispenseId = frame.kind === 'DRIVE_ONCE' ? frame.dispenseId : undefined;
    if (dispenseId !== undefined) {
      const known = this.records.get(dispenseId);
      if (known) {
        // The 0xE6 guarantee: a known dispenseId returns its stored result (0x01 while the motor
        // is still running) and never starts the motor again.
        if (!silenced) this.report(selection, dispenseId, known.status);
        return;
      }
      this.records.set(dispenseId, { selection, status: DISPENSE_STATUS_IN_PROGRESS });
    }
    const report = (status: number): void => {
      if (dispenseId !== undefined) {
        const record = this.records.get(dispenseId);
        if (record) record.status = status;
      }
      if (!silenced) this.report(selection, dispenseId, status);
    };
    const fault = this.takeFault(selection);
    const slot = this.slotMap.get(selection);
    // A sensor switched off in the board's menu sees nothing, whatever the drive asked for.
    const sensorOn = frame.dropSensor && this.dropSensorEnabled;
    if (!slot || fault?.kind === 'noMotor') return report(DISPENSE_STATUS_NO_MOTOR);
    if (fault?.kind === 'sensorBlocked' && this.dropSensorEnabled)
      return report(DISPENSE_STATUS_SENSOR_BLOCKED);

    const counters = this.countersFor(selection);
    counters.motorRuns++;
    const runEvent: MotorRunEvent = { selection, via: frame.kind };
    if (dispenseId !== undefined) runEvent.dispenseId = dispenseId;
    for (const listener of [...this.motorListeners]) listener(runEvent);
    report(DISPENSE_STATUS_IN_PROGRESS);

    const finish = (): void => {
      let status: number;
      if (fault?.kind === 'jam') status = DISPENSE_STATUS_JAMMED;
      else if (fault?.kind === 'noDrop')
        status = this.dropSensorEnabled ? DISPENSE_STATUS_NO_DROP : DISPENSE_STATUS_SUCCESS;
      else if (fault?.kind === 'elevatorError')
        status = fault.status ?? DISPENSE_STATUS_ELEVATOR_ERROR;
      else if (fault?.kind === 'motorOverrun') {
        this.dropItems(selection, dispenseId, fault.extraItem ? 2 : 1);
        status = DISPENSE_STATUS_MOTOR_DID_NOT_STOP;
      } else if (slot.stock > 0) {
        this.dropItems(selection, dispenseId, 1);
        status = DISPENSE_STATUS_SUCCESS;
      } else {
        // An empty spiral turns and nothing falls. Only the drop sensor can tell.
        status = sensorOn ? DISPENSE_STATUS_NO_DROP : DISPENSE_STATUS_SUCCESS;
      }
      report(status);
    };
    const motorDone = (): void => {
      if (!frame.elevator || fault?.kind === 'jam' || fault?.kind === 'noDrop') return finish();
      report(DISPENSE_STATUS_ELEVATOR_ASCENDING);
      this.after(this.elevatorMs / 2, () => {
        report(DISPENSE_STATUS_ELEVATOR_DESCENDING);
        this.after(this.elevatorMs / 2, finish);
      });
    };
    this.after(this.motorMs, motorDone);
  }

  private dropItems(selection: number, dispenseId: number | undefined, count: number): void {
    const slot = this.slotMap.get(selection);
    for (let i = 0; i < count && slot && slot.stock > 0; i++) {
      slot.stock--;
      this.countersFor(selection).drops++;
      const event: DropEvent = { selection };
      if (dispenseId !== undefined) event.dispenseId = dispenseId;
      for (const listener of [...this.dropListeners]) listener(event);
    }
  }

  private report(selection: number, dispenseId: number | undefined, status: number): void {
    // A board that has lost its host forgets pending reports; a resent 0xE6 asks again.
    if (!this.transport?.isOpen) return;
    this.outbox.push({
      build: (packNo) =>
        dispenseId === undefined
          ? { kind: 'DISPENSING_STATUS', packNo, status, selection }
          : { kind: 'DRIVE_ONCE_STATUS', packNo, dispenseId, status, selection },
    });
  }

  private takeFault(selection: number, only?: 'lostAck'): DriveFault | undefined {
    const index = this.driveFaults.findIndex(
      (f) =>
        (only ? f.kind === only : f.kind !== 'lostAck') &&
        (!('selection' in f) || f.selection === undefined || f.selection === selection),
    );
    if (index < 0) return undefined;
    const [fault] = this.driveFaults.splice(index, 1);
    return fault;
  }

  private countersFor(selection: number): SelectionCounters {
    let counters = this.counterMap.get(selection);
    if (!counters) {
      counters = { motorRuns: 0, drops: 0 };
      this.counterMap.set(selection, counters);
    }
    return counters;
  }

  /** Runs `fn` after `ms` of simulated motor time (scaled by timeScale). */
  private after(ms: number, fn: () => void): void {
    const timer = this.clock.setTimeout(() => {
      this.motorTimers.delete(timer);
      fn();
    }, ms * this.timeScale);
    this.motorTimers.add(timer);
  }

  // -------------------------------------------------------------------------------------------
  // Wire
  // -------------------------------------------------------------------------------------------

  private ack(): void {
    this.write(Uint8Array.from(ACK_FRAME), false);
  }

  private write(bytes: Uint8Array, isData: boolean): void {
    const transport = this.transport;
    if (!transport?.isOpen) return;
    const out = this.maybeGarble(bytes, isData);
    this.emitTraffic('tx', out);
    transport.write(out).catch(() => undefined);
  }

  private maybeGarble(bytes: Uint8Array, isData: boolean): Uint8Array {
    const g = this.garble;
    if (g.only === 'data' && !isData) return bytes;
    let hit = false;
    if (g.frames > 0) {
      g.frames--;
      hit = true;
    } else if (g.percent > 0 && this.random() * 100 < g.percent) {
      hit = true;
    }
    if (!hit) return bytes;
    this.stats.garbledFrames++;
    const out = Uint8Array.from(bytes);
    const len = out[3] ?? 0;
    if (g.target === 'payloadBit' && len > 0) {
      const index = 4 + Math.floor(this.random() * len);
      out[index] = (out[index] ?? 0) ^ (1 << Math.floor(this.random() * 8));
    } else {
      out[out.length - 1] = (out[out.length - 1] ?? 0) ^ 0xff;
    }
    return out;
  }

  private emitTraffic(dir: 'rx' | 'tx', bytes: Uint8Array): void {
    for (const listener of [...this.trafficListeners]) listener({ dir, bytes });
  }

  private onLost(from: Transport): void {
    if (from !== this.transport) return;
    this.detach();
  }

  private detach(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.transport = undefined;
    this.outbox = [];
    this.outstanding = undefined;
    this.pendingDuplicate = undefined;
    this.window = undefined;
    this.missedReplies = 0;
    this.setHostLink('down');
  }
}
