import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../contracts/clock';
import type { DispenseOutcome } from '../../contracts/journal-events';
import { err, ok, type Result } from '../../contracts/result';
import type { Transport } from '../transports/transport';
import {
  commandOf,
  describeFrame,
  encodeFrame,
  packNoOf,
  type CodecError,
  type Frame,
} from './codec';
import { DispenserFramer, type FramerOutput } from './framer';
import {
  ACK_FRAME,
  FINAL_STATUS_TIMEOUT_ELEVATOR_MS,
  FINAL_STATUS_TIMEOUT_MS,
  LINK_DEGRADED_AFTER_MS,
  LINK_DOWN_AFTER_MS,
  MAX_SENDS,
  PACK_NO_MIN,
  nextPackNo,
} from './protocol';
import {
  interpretDispenseStatus,
  interpretLiftStatus,
  interpretSelectionStatus,
  summarizeMachineStatus,
  summarizeSelectionConfig,
  type LiftState,
  type MachineStatus,
  type SelectionConfig,
  type SelectionState,
} from './status';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export interface DispenseRequest {
  /** The journal seq of the DISPENSE_INTENT; sent modulo 2³² in 0xE6. */
  dispenseId: number;
  /** Slot/selection number on the board, 1..65535. */
  selection: number;
  /** Ask the board to check its drop sensor. Always true for 0x06 from the kiosk (dispenser.md §6). */
  dropSensor: boolean;
  /** The slot delivers through an elevator (longer deadline: 60 s). */
  elevator: boolean;
}

export interface DispenseReport {
  outcome: DispenseOutcome;
  /** The board's status byte, when a final one arrived. */
  statusCode?: number;
  /** One sentence for the journal and the pharmacist. */
  detail: string;
  /**
   * False when the drive command never left the host (refused, or lost before its first send):
   * nothing can have moved. True once it has been written to the port at least once.
   */
  sent: boolean;
}

export interface DispenseOptions {
  /**
   * Makes the result durable (journals DISPENSE_RESULT). The driver awaits it before it ACKs the
   * final status frame, so the board is never told "received" for a result the kiosk could lose.
   * Called exactly once per dispense() call, for every outcome including refusals.
   */
  persistResult: (report: DispenseReport) => Promise<void>;
}

export type LinkState = 'up' | 'degraded' | 'down';

export interface LinkChange {
  state: LinkState;
  previous: LinkState;
  reason: 'poll' | 'noPoll' | 'transportLost' | 'stopped';
  error?: Error;
}

export interface TrafficEvent {
  dir: 'rx' | 'tx';
  bytes: Uint8Array;
  /** Clock time (epoch ms). */
  at: number;
  frame?: Frame;
  error?: CodecError;
  /** Why the driver did what it did, e.g. "resend 2/5", "ACK duplicate (not processed)". */
  note?: string;
}

/** A final status that arrived for no dispense in progress (after UNCERTAIN, or after a reopen). */
export interface LateStatus {
  selection: number;
  dispenseId?: number;
  statusCode: number;
  outcome: DispenseOutcome | 'pending';
}

export type CommandErrorCode =
  /** No POLL for 3 s: the command was not sent. */
  | 'LINK_DOWN'
  /** Sent 5 times without an ACK. */
  | 'LINK_FAULT'
  /** The transport was lost before the answer. */
  | 'LOST'
  /** ACKed (or not) but no answer within the reply timeout. */
  | 'TIMEOUT'
  /** The driver was stopped. */
  | 'STOPPED'
  /** A drive is in progress: a configuration query waits until it is over (not sent). */
  | 'BUSY';

export interface CommandError {
  code: CommandErrorCode;
  detail: string;
}

export interface SelectionCheck {
  selection: number;
  state: SelectionState;
  statusCode: number;
}

export interface LiftCheck {
  state: LiftState;
  statusCode: number;
}

export interface SelectionConfigCheck extends SelectionConfig {
  /** The selection asked about (the answer does not name it). */
  selection: number;
}

export interface DispenserDriverOptions {
  /** The port. Must already be open. Can also be given later with `attach`. */
  transport?: Transport;
  /** Every timer reads this clock. Default: systemClock. */
  clock?: Clock;
  /** The board understands the 0xE6/0xE4 extension (drive once per dispenseId). Default false. */
  supportsDispenseId?: boolean;
  /** Default 1000 ms (dispenser.md §3). */
  linkDegradedAfterMs?: number;
  /** Default 3000 ms (dispenser.md §3). */
  linkDownAfterMs?: number;
  /** Default 30 000 ms (dispenser.md §6). */
  finalStatusTimeoutMs?: number;
  /** Default 60 000 ms (dispenser.md §6). */
  finalStatusTimeoutElevatorMs?: number;
  /** Default 5: the first send and 4 resends. */
  maxSends?: number;
  /** How long a status request (0x51, 0x53, 0x01, 0x70) waits for its answer. Default 3000 ms. */
  replyTimeoutMs?: number;
  /** Passed to the framer; default 50 ms. */
  framerStaleAfterMs?: number;
  logger?: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
}

// ---------------------------------------------------------------------------------------------
// Internal types
// ---------------------------------------------------------------------------------------------

type CommandFailure = 'LINK_DOWN' | 'LINK_FAULT' | 'LOST' | 'STOPPED';

interface HostCommand {
  label: string;
  build(packNo: number): Frame;
  /** Set on the first write; a never-sent command can be dropped without consequence. */
  everSent: boolean;
  onSent(): void;
  onAcked(): void;
  onFailed(reason: CommandFailure, detail: string): void;
}

interface Outstanding {
  command: HostCommand;
  packNo: number;
  sends: number;
  bytes: Uint8Array;
}

interface ActiveDispense {
  req: DispenseRequest;
  mode: 'driveOnce' | 'drive';
  options: DispenseOptions;
  command: HostCommand;
  /**
   * queued → sent → acked → inProgress → finishing. `awaitingReattach` only for 0xE6 after the
   * port was lost: the same dispenseId is resent when a new transport is attached.
   */
  phase: 'queued' | 'sent' | 'acked' | 'inProgress' | 'awaitingReattach' | 'finishing';
  deadline: unknown;
  resolve(report: DispenseReport): void;
  reject(error: unknown): void;
}

type ReplyKind = 'MACHINE_STATUS' | 'LIFT_STATUS' | 'SELECTION_STATUS' | 'SELECTION_CONFIG';

interface ReplyWaiter {
  kind: ReplyKind;
  selection?: number;
  command: HostCommand;
  timer: unknown;
  settle(result: Result<Frame, CommandError>): void;
}

interface FrameKey {
  cmd: number;
  packNo: number;
}

const sameKey = (a: FrameKey | undefined, b: FrameKey): boolean =>
  a !== undefined && a.cmd === b.cmd && a.packNo === b.packNo;

const DEFAULT_REPLY_TIMEOUT_MS = 3_000;

/**
 * The host side of the VMC protocol (dispenser.md). The board is the bus master: it POLLs about
 * every 200 ms and the host answers each POLL with its one queued command or an ACK, and ACKs
 * every data frame the board sends. Nothing here waits on a real timer: every timeout reads the
 * injected clock.
 */
export class DispenserDriver {
  private readonly clock: Clock;
  private readonly supportsDispenseId: boolean;
  private readonly degradedAfterMs: number;
  private readonly downAfterMs: number;
  private readonly finalTimeoutMs: number;
  private readonly finalTimeoutElevatorMs: number;
  private readonly maxSends: number;
  private readonly replyTimeoutMs: number;
  private readonly framer: DispenserFramer;
  private readonly log: DispenserDriverOptions['logger'];

  private transport: Transport | undefined;
  private unsubscribe: Array<() => void> = [];
  private started = false;
  private linkState: LinkState = 'down';
  private degradedTimer: unknown;
  private downTimer: unknown;

  /** The PackNO the next new host command will carry. */
  private packNo = PACK_NO_MIN;
  private outstanding: Outstanding | undefined;
  private queue: HostCommand[] = [];
  /** The last data frame accepted from the board: a repeat of it is ACKed and not processed. */
  private lastAccepted: FrameKey | undefined;
  /** A final status being persisted: repeats are not ACKed until the result is durable. */
  private persisting: FrameKey | undefined;
  private active: ActiveDispense | undefined;
  private waiters: ReplyWaiter[] = [];

  private readonly linkListeners = new Set<(change: LinkChange) => void>();
  private readonly trafficListeners = new Set<(event: TrafficEvent) => void>();
  private readonly lateListeners = new Set<(status: LateStatus) => void>();

  constructor(options: DispenserDriverOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.supportsDispenseId = options.supportsDispenseId ?? false;
    this.degradedAfterMs = options.linkDegradedAfterMs ?? LINK_DEGRADED_AFTER_MS;
    this.downAfterMs = options.linkDownAfterMs ?? LINK_DOWN_AFTER_MS;
    this.finalTimeoutMs = options.finalStatusTimeoutMs ?? FINAL_STATUS_TIMEOUT_MS;
    this.finalTimeoutElevatorMs =
      options.finalStatusTimeoutElevatorMs ?? FINAL_STATUS_TIMEOUT_ELEVATOR_MS;
    this.maxSends = options.maxSends ?? MAX_SENDS;
    this.replyTimeoutMs = options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS;
    this.framer = new DispenserFramer({ staleAfterMs: options.framerStaleAfterMs });
    this.log = options.logger;
    if (options.transport) this.attach(options.transport);
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle
  // -------------------------------------------------------------------------------------------

  /** Starts answering POLLs and supervising the link. The link is `down` until the first POLL. */
  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.transport) this.armSupervision();
  }

  /**
   * Stops the driver and closes the transport. A dispense in flight ends UNCERTAIN if its drive
   * was sent (or FAIL_ABORTED if it was not), persisted as usual before this resolves.
   */
  async stop(): Promise<void> {
    this.started = false;
    this.clearSupervision();
    const finishing = this.active
      ? this.endActiveOnInterruption('driver stopped')
      : Promise.resolve();
    this.failPendingCommands('STOPPED', 'the dispenser driver was stopped');
    this.setLink('down', 'stopped');
    const transport = this.transport;
    this.detach();
    await finishing;
    if (transport) await transport.close().catch(() => undefined);
  }

  /**
   * Gives the driver a (new) open transport, e.g. after the port was reopened following an
   * unplug. Both sides' duplicate-PackNO memory restarts with a reopened port (dispenser.md §6),
   * and a 0xE6 drive that the unplug interrupted is resent with the same dispenseId: the board
   * answers a known dispenseId with its stored result and does not drive again.
   */
  attach(transport: Transport): void {
    if (!transport.isOpen) {
      throw new Error(
        `dispenser driver: attach() needs an open transport (${transport.description})`,
      );
    }
    const previous = this.transport;
    this.detach();
    if (previous && previous !== transport) void previous.close().catch(() => undefined);
    this.transport = transport;
    this.framer.reset();
    this.lastAccepted = undefined;
    this.persisting = undefined;
    this.unsubscribe = [
      transport.onData((chunk) => this.onData(transport, chunk)),
      transport.onLost((error) => this.onTransportLost(transport, error)),
    ];
    const active = this.active;
    if (active?.phase === 'awaitingReattach') {
      active.phase = 'queued';
      this.queue.unshift(active.command);
      this.log?.info(
        { dispenseId: active.req.dispenseId },
        'dispenser: resending 0xE6 after reopen',
      );
    }
    if (this.started) this.armSupervision();
  }

  get link(): LinkState {
    return this.linkState;
  }

  /** Whether a dispense is in progress (from the call until its result is persisted). */
  get busy(): boolean {
    return this.active !== undefined;
  }

  onLink(listener: (change: LinkChange) => void): () => void {
    this.linkListeners.add(listener);
    return () => this.linkListeners.delete(listener);
  }

  /** Every chunk in and out, decoded when possible: the technician's live traffic view. */
  onTraffic(listener: (event: TrafficEvent) => void): () => void {
    this.trafficListeners.add(listener);
    return () => this.trafficListeners.delete(listener);
  }

  /** Status frames that arrive with no matching dispense in progress (for reconciliation). */
  onLateStatus(listener: (status: LateStatus) => void): () => void {
    this.lateListeners.add(listener);
    return () => this.lateListeners.delete(listener);
  }

  // -------------------------------------------------------------------------------------------
  // Commands
  // -------------------------------------------------------------------------------------------

  /**
   * Drives one slot once (dispenser.md §6). Resolves with the final report after
   * `persistResult(report)` resolved; rejects only if persistResult rejects. A request that
   * cannot be sent (link down, no port, another dispense in progress) is refused at once with
   * FAIL_ABORTED and `sent: false`. Never retries a 0x06 on its own.
   */
  dispense(req: DispenseRequest, options: DispenseOptions): Promise<DispenseReport> {
    validateRequest(req);
    if (!this.started || !this.transport) {
      return this.refuse(
        options,
        'refused: the dispenser driver has no open port; nothing was sent',
      );
    }
    if (this.linkState === 'down') {
      return this.refuse(
        options,
        `refused: the dispenser link is down (no POLL for ${this.downAfterMs / 1000} s); nothing was sent`,
      );
    }
    if (this.active) {
      return this.refuse(
        options,
        `refused: dispense ${this.active.req.dispenseId} is still in progress; nothing was sent`,
      );
    }
    return new Promise<DispenseReport>((resolve, reject) => {
      const mode = this.supportsDispenseId ? 'driveOnce' : 'drive';
      const active: ActiveDispense = {
        req,
        mode,
        options,
        phase: 'queued',
        deadline: undefined,
        resolve,
        reject,
        command: {
          label:
            mode === 'driveOnce'
              ? `0xE6 dispenseId=${req.dispenseId}`
              : `0x06 selection=${req.selection}`,
          everSent: false,
          build: (packNo) =>
            mode === 'driveOnce'
              ? {
                  kind: 'DRIVE_ONCE',
                  packNo,
                  dispenseId: req.dispenseId >>> 0,
                  dropSensor: req.dropSensor,
                  elevator: req.elevator,
                  selection: req.selection,
                }
              : // The kiosk always asks a 0x06 board to check its drop sensor: without it a
                // "success" only means the motor turned (dispenser.md §6 step 2).
                {
                  kind: 'DRIVE_SELECTION',
                  packNo,
                  dropSensor: true,
                  elevator: req.elevator,
                  selection: req.selection,
                },
          onSent: () => {
            if (active.phase === 'queued') active.phase = 'sent';
            // The deadline restarts with each (re)send after a reopen: the board may be driving.
            this.clock.clearTimeout(active.deadline);
            const ms = req.elevator ? this.finalTimeoutElevatorMs : this.finalTimeoutMs;
            active.deadline = this.clock.setTimeout(() => {
              void this.finish(active, {
                outcome: 'UNCERTAIN',
                detail: `no final status within ${ms / 1000} s of the drive command`,
                sent: true,
              });
            }, ms);
          },
          onAcked: () => {
            if (active.phase === 'sent') active.phase = 'acked';
          },
          onFailed: (reason, detail) => {
            if (reason === 'LINK_FAULT') {
              void this.finish(active, {
                outcome: 'UNCERTAIN',
                detail: `LINK_FAULT: ${detail}; the board may have driven the motor`,
                sent: true,
              });
            } else {
              void this.endActiveOnInterruption(detail);
            }
          },
        },
      };
      this.active = active;
      this.queue.push(active.command);
    });
  }

  /** 0x51 → 0x52: door, temperature, humidity. */
  async requestMachineStatus(): Promise<Result<MachineStatus, CommandError>> {
    const reply = await this.request('MACHINE_STATUS', '0x51 machine status', (packNo) => ({
      kind: 'REQUEST_MACHINE_STATUS',
      packNo,
    }));
    return reply.ok ? ok(summarizeMachineStatus(reply.value)) : reply;
  }

  /** 0x53 → 0x54: elevator and delivery door (reconciliation after an UNCERTAIN lift dispense). */
  async requestLiftStatus(): Promise<Result<LiftCheck, CommandError>> {
    const reply = await this.request('LIFT_STATUS', '0x53 lift status', (packNo) => ({
      kind: 'REQUEST_LIFT_STATUS',
      packNo,
    }));
    if (!reply.ok) return reply;
    return ok({ state: interpretLiftStatus(reply.value.status), statusCode: reply.value.status });
  }

  /** 0x01 → 0x02: is the selection sellable (reconciliation, technician tests). */
  async checkSelection(selection: number): Promise<Result<SelectionCheck, CommandError>> {
    if (!Number.isInteger(selection) || selection < 1 || selection > 0xffff) {
      throw new RangeError(`dispenser: selection ${selection} is outside 1..65535`);
    }
    const reply = await this.request(
      'SELECTION_STATUS',
      `0x01 check selection ${selection}`,
      (packNo) => ({ kind: 'CHECK_SELECTION', packNo, selection }),
      selection,
    );
    if (!reply.ok) return reply;
    return ok({
      selection,
      state: interpretSelectionStatus(reply.value.status),
      statusCode: reply.value.status,
    });
  }

  /**
   * 0x70 → 0x71, menu type 0x42: the board's configuration of one selection, above all whether
   * its drop sensor is enabled (dispenser.md §4). Asked the way 0x51 is (queued, answered on a
   * later frame), but never while a drive is in progress: it is a technician's check, and the
   * board's answer must not queue behind or between a dispense's status frames.
   */
  async requestSelectionConfig(
    selection: number,
  ): Promise<Result<SelectionConfigCheck, CommandError>> {
    if (!Number.isInteger(selection) || selection < 1 || selection > 0xffff) {
      throw new RangeError(`dispenser: selection ${selection} is outside 1..65535`);
    }
    if (this.active) {
      return err({
        code: 'BUSY',
        detail: `dispense ${this.active.req.dispenseId} is in progress; the config query was not sent`,
      });
    }
    const reply = await this.request(
      'SELECTION_CONFIG',
      `0x70 type 0x42 selection ${selection}`,
      (packNo) => ({ kind: 'QUERY_SELECTION_CONFIG', packNo, selection }),
    );
    if (!reply.ok) return reply;
    return ok({ selection, ...summarizeSelectionConfig(reply.value) });
  }

  // -------------------------------------------------------------------------------------------
  // Receiving
  // -------------------------------------------------------------------------------------------

  private onData(from: Transport, chunk: Uint8Array): void {
    if (from !== this.transport) return;
    for (const output of this.framer.push(chunk, this.clock.now())) {
      this.emitRx(output);
      if (this.transport !== from || !this.started) continue;
      if (output.kind === 'frame') {
        this.handleFrame(output.frame);
      } else if (output.error.code === 'BAD_PAYLOAD') {
        // The XOR was right, so the board did send this frame; only its layout is unknown to us.
        // Acknowledge it so the board does not resend it five times.
        this.send(ACK_FRAME, undefined, 'ACK malformed frame (not processed)');
      }
    }
  }

  private handleFrame(frame: Frame): void {
    if (frame.kind === 'POLL') return this.onPoll();
    if (frame.kind === 'ACK') return this.onAck();
    const packNo = packNoOf(frame);
    if (packNo === undefined) {
      // A LEN-0 frame of an unknown command: nothing to dedupe, but the board expects an answer.
      this.send(ACK_FRAME, undefined, 'ACK unknown LEN-0 frame');
      return;
    }
    const key: FrameKey = { cmd: commandOf(frame), packNo };
    if (sameKey(this.persisting, key)) {
      // The board resent the final status because our ACK is held back until the result is
      // durable; it gets the ACK as soon as persistResult resolves.
      this.log?.debug(
        { frame: describeFrame(frame) },
        'dispenser: repeat while persisting, ACK held',
      );
      return;
    }
    if (sameKey(this.lastAccepted, key)) {
      this.send(ACK_FRAME, undefined, 'ACK duplicate (not processed)');
      return;
    }
    this.lastAccepted = key;
    switch (frame.kind) {
      case 'DISPENSING_STATUS':
      case 'DRIVE_ONCE_STATUS':
        return this.onDispenseStatus(frame, key);
      case 'MACHINE_STATUS':
      case 'LIFT_STATUS':
      case 'SELECTION_STATUS':
      case 'SELECTION_CONFIG':
        this.onReply(frame);
        this.send(ACK_FRAME, undefined, 'ACK');
        return;
      default:
        // Selection info, stock, info sync, unknown commands: acknowledged so the board does not
        // resend them, and visible in the traffic view; the kiosk does not act on them.
        this.send(ACK_FRAME, undefined, 'ACK (not used by the kiosk)');
    }
  }

  private onPoll(): void {
    this.armSupervision();
    if (this.linkState !== 'up') this.setLink('up', 'poll');
    const out = this.outstanding;
    if (out) {
      if (out.sends < this.maxSends) {
        out.sends++;
        this.send(out.bytes, out.command.build(out.packNo), `resend ${out.sends}/${this.maxSends}`);
        return;
      }
      this.completeExchange();
      out.command.onFailed(
        'LINK_FAULT',
        `${out.command.label} PackNO ${out.packNo} was sent ${out.sends} times without an ACK`,
      );
    }
    const next = this.queue.shift();
    if (!next) {
      this.send(ACK_FRAME, undefined, 'ACK poll');
      return;
    }
    const frame = next.build(this.packNo);
    const bytes = encodeFrame(frame);
    this.outstanding = { command: next, packNo: this.packNo, sends: 1, bytes };
    next.everSent = true;
    this.send(bytes, frame, `send 1/${this.maxSends}`);
    next.onSent();
  }

  private onAck(): void {
    const out = this.outstanding;
    if (!out) return;
    this.completeExchange();
    out.command.onAcked();
  }

  /** Ends the current exchange (ACKed or given up) and advances PackNO, wrapping 255 → 1. */
  private completeExchange(): void {
    this.outstanding = undefined;
    this.packNo = nextPackNo(this.packNo);
  }

  private onDispenseStatus(
    frame: Extract<Frame, { kind: 'DISPENSING_STATUS' | 'DRIVE_ONCE_STATUS' }>,
    key: FrameKey,
  ): void {
    const active = this.active;
    const meaning = interpretDispenseStatus(frame.status);
    const dispenseId = frame.kind === 'DRIVE_ONCE_STATUS' ? frame.dispenseId : undefined;
    const matches =
      active !== undefined &&
      active.phase !== 'finishing' &&
      (frame.kind === 'DRIVE_ONCE_STATUS'
        ? active.mode === 'driveOnce' && frame.dispenseId === active.req.dispenseId >>> 0
        : active.mode === 'drive' &&
          active.command.everSent &&
          frame.selection === active.req.selection);
    if (!active || !matches) {
      this.send(ACK_FRAME, undefined, 'ACK status for no dispense in progress');
      const late: LateStatus = {
        selection: frame.selection,
        statusCode: frame.status,
        outcome: meaning.kind === 'final' ? meaning.outcome : 'pending',
      };
      if (dispenseId !== undefined) late.dispenseId = dispenseId;
      for (const listener of [...this.lateListeners]) listener(late);
      return;
    }
    // A status for our drive proves the board received it, even if its ACK was lost on the way
    // (dispenser.md §7 "lost ACK" variant A): stop resending.
    if (this.outstanding?.command === active.command) {
      this.completeExchange();
      active.command.onAcked();
    }
    if (meaning.kind === 'pending') {
      active.phase = 'inProgress';
      this.send(
        ACK_FRAME,
        undefined,
        `ACK status 0x${hex2(frame.status)} (${meaning.description})`,
      );
      return;
    }
    const transport = this.transport;
    this.persisting = key;
    void this.finish(
      active,
      {
        outcome: meaning.outcome,
        statusCode: frame.status,
        detail: `board status 0x${hex2(frame.status)}: ${meaning.description}`,
        sent: true,
      },
      () => {
        if (!sameKey(this.persisting, key)) return;
        this.persisting = undefined;
        if (this.transport === transport) {
          this.send(
            ACK_FRAME,
            undefined,
            `ACK final status 0x${hex2(frame.status)} after persisting`,
          );
        }
      },
    );
  }

  private onReply(frame: Frame): void {
    const index = this.waiters.findIndex(
      (w) =>
        w.kind === frame.kind &&
        (frame.kind !== 'SELECTION_STATUS' ||
          w.selection === undefined ||
          w.selection === frame.selection),
    );
    const waiter = this.waiters[index];
    if (!waiter) return;
    if (this.outstanding?.command === waiter.command) {
      this.completeExchange();
      waiter.command.onAcked();
    }
    waiter.settle(ok(frame));
  }

  private onTransportLost(from: Transport, error: Error): void {
    if (from !== this.transport) return;
    this.log?.warn({ port: from.description, error: error.message }, 'dispenser: transport lost');
    this.detach();
    this.clearSupervision();
    this.setLink('down', 'transportLost', error);
    const active = this.active;
    if (
      active &&
      active.phase !== 'finishing' &&
      active.mode === 'driveOnce' &&
      active.command.everSent
    ) {
      // Safe to resend later: the board remembers each dispenseId (dispenser.md §6.5).
      active.phase = 'awaitingReattach';
      if (this.outstanding?.command === active.command) this.completeExchange();
      this.queue = this.queue.filter((c) => c !== active.command);
    } else if (active) {
      void this.endActiveOnInterruption(`transport lost (${error.message})`);
    }
    this.failPendingCommands('LOST', `transport lost (${error.message})`);
  }

  // -------------------------------------------------------------------------------------------
  // Link supervision
  // -------------------------------------------------------------------------------------------

  private armSupervision(): void {
    this.clearSupervision();
    this.degradedTimer = this.clock.setTimeout(() => {
      if (this.linkState === 'up') this.setLink('degraded', 'noPoll');
    }, this.degradedAfterMs);
    this.downTimer = this.clock.setTimeout(() => this.onLinkDown(), this.downAfterMs);
  }

  private clearSupervision(): void {
    this.clock.clearTimeout(this.degradedTimer);
    this.clock.clearTimeout(this.downTimer);
    this.degradedTimer = undefined;
    this.downTimer = undefined;
  }

  private onLinkDown(): void {
    this.setLink('down', 'noPoll');
    // Commands that never left the host are failed now rather than queued forever. One already on
    // the wire stays: if the board comes back it is resent with the same PackNO, and a drive is
    // bounded by its final-status deadline.
    const unsent = this.queue.filter((c) => !c.everSent);
    this.queue = this.queue.filter((c) => c.everSent);
    for (const command of unsent) {
      command.onFailed(
        'LINK_DOWN',
        `the dispenser link went down (no POLL for ${this.downAfterMs / 1000} s)`,
      );
    }
  }

  private setLink(state: LinkState, reason: LinkChange['reason'], error?: Error): void {
    if (state === this.linkState) return;
    const change: LinkChange = { state, previous: this.linkState, reason };
    if (error) change.error = error;
    this.linkState = state;
    this.log?.info({ link: state, reason }, 'dispenser: link state');
    for (const listener of [...this.linkListeners]) listener(change);
  }

  // -------------------------------------------------------------------------------------------
  // Completion
  // -------------------------------------------------------------------------------------------

  /**
   * Ends the active dispense: persists the report, then runs `afterPersist` (the ACK of the final
   * status frame), then resolves the caller. Idempotent per dispense.
   */
  private async finish(
    active: ActiveDispense,
    report: DispenseReport,
    afterPersist?: () => void,
  ): Promise<void> {
    if (active.phase === 'finishing') return;
    active.phase = 'finishing';
    this.clock.clearTimeout(active.deadline);
    this.queue = this.queue.filter((c) => c !== active.command);
    if (this.outstanding?.command === active.command) this.completeExchange();
    this.log?.info(
      { dispenseId: active.req.dispenseId, outcome: report.outcome },
      'dispenser: result',
    );
    try {
      await active.options.persistResult(report);
    } catch (error) {
      // The journal could not make the result durable (fatal by DESIGN §5). The status frame is
      // deliberately left un-ACKed; the caller stops the kiosk.
      if (this.active === active) this.active = undefined;
      if (this.persisting) this.persisting = undefined;
      active.reject(error);
      return;
    }
    afterPersist?.();
    if (this.active === active) this.active = undefined;
    active.resolve(report);
  }

  /** The drive was interrupted (unplug, stop, link down) before a final status. */
  private endActiveOnInterruption(why: string): Promise<void> {
    const active = this.active;
    if (!active) return Promise.resolve();
    if (!active.command.everSent) {
      return this.finish(active, {
        outcome: 'FAIL_ABORTED',
        detail: `not sent: ${why}`,
        sent: false,
      });
    }
    return this.finish(active, {
      outcome: 'UNCERTAIN',
      detail:
        active.mode === 'drive'
          ? `${why} during a 0x06 drive; a 0x06 is never retried, the board may have driven the motor`
          : `${why} during a 0xE6 drive before its final status`,
      sent: true,
    });
  }

  private async refuse(options: DispenseOptions, detail: string): Promise<DispenseReport> {
    const report: DispenseReport = { outcome: 'FAIL_ABORTED', detail, sent: false };
    this.log?.warn({ detail }, 'dispenser: dispense refused');
    await options.persistResult(report);
    return report;
  }

  // -------------------------------------------------------------------------------------------
  // Requests with an answer frame
  // -------------------------------------------------------------------------------------------

  private request<K extends ReplyKind>(
    kind: K,
    label: string,
    build: (packNo: number) => Frame,
    selection?: number,
  ): Promise<Result<Extract<Frame, { kind: K }>, CommandError>> {
    if (!this.started || !this.transport) {
      return Promise.resolve(
        err({ code: 'LINK_DOWN', detail: 'the dispenser driver has no open port' }),
      );
    }
    if (this.linkState === 'down') {
      return Promise.resolve(
        err({ code: 'LINK_DOWN', detail: 'the dispenser link is down; not sent' }),
      );
    }
    return new Promise((resolve) => {
      const waiter: ReplyWaiter = {
        kind,
        command: {
          label,
          build,
          everSent: false,
          onSent: () => undefined,
          onAcked: () => undefined,
          onFailed: (reason, detail) => waiter.settle(err({ code: reason, detail })),
        },
        timer: undefined,
        settle: (result) => {
          if (!this.waiters.includes(waiter)) return;
          this.waiters = this.waiters.filter((w) => w !== waiter);
          this.queue = this.queue.filter((c) => c !== waiter.command);
          this.clock.clearTimeout(waiter.timer);
          // onReply hands a waiter only frames of its own kind.
          resolve(result as Result<Extract<Frame, { kind: K }>, CommandError>);
        },
      };
      if (selection !== undefined) waiter.selection = selection;
      waiter.timer = this.clock.setTimeout(() => {
        waiter.settle(
          err({ code: 'TIMEOUT', detail: `${label}: no answer within ${this.replyTimeoutMs} ms` }),
        );
      }, this.replyTimeoutMs);
      this.waiters.push(waiter);
      this.queue.push(waiter.command);
    });
  }

  /** Fails every queued and outstanding command except the active drive's. */
  private failPendingCommands(reason: CommandFailure, detail: string): void {
    const activeCommand = this.active?.command;
    const out = this.outstanding;
    if (out && out.command !== activeCommand) {
      this.completeExchange();
      out.command.onFailed(reason, detail);
    }
    const queued = this.queue.filter((c) => c !== activeCommand);
    this.queue = this.queue.filter((c) => c === activeCommand);
    for (const command of queued) command.onFailed(reason, detail);
    for (const waiter of [...this.waiters]) waiter.settle(err({ code: reason, detail }));
  }

  // -------------------------------------------------------------------------------------------
  // Sending and plumbing
  // -------------------------------------------------------------------------------------------

  private send(
    bytes: Uint8Array | readonly number[],
    frame: Frame | undefined,
    note: string,
  ): void {
    const transport = this.transport;
    if (!transport?.isOpen) return;
    const data = Uint8Array.from(bytes);
    const event: TrafficEvent = { dir: 'tx', bytes: data, at: this.clock.now(), note };
    event.frame = frame ?? { kind: 'ACK' };
    for (const listener of [...this.trafficListeners]) listener(event);
    // A failed write is reported by the transport through onLost; nothing to do here.
    transport.write(data).catch(() => undefined);
  }

  private emitRx(output: FramerOutput): void {
    if (this.trafficListeners.size === 0) return;
    const event: TrafficEvent = { dir: 'rx', bytes: output.bytes, at: output.at };
    if (output.kind === 'frame') event.frame = output.frame;
    else event.error = output.error;
    for (const listener of [...this.trafficListeners]) listener(event);
  }

  private detach(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.transport = undefined;
  }
}

function validateRequest(req: DispenseRequest): void {
  if (!Number.isInteger(req.selection) || req.selection < 1 || req.selection > 0xffff) {
    throw new RangeError(`dispenser: selection ${req.selection} is outside 1..65535`);
  }
  if (!Number.isInteger(req.dispenseId) || req.dispenseId < 1) {
    throw new RangeError(
      `dispenser: dispenseId ${req.dispenseId} must be a positive integer (the intent's seq)`,
    );
  }
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0').toUpperCase();
}
