import { systemClock, type Clock } from '../../contracts/clock';
import { err, ok, type Result } from '../../contracts/result';
import type { Transport } from '../transports/transport';
import { encodeSentence, encodeSentenceText, type CuffPhase, type CuffSentence } from './codec';
import { CuffFramer, type CuffFramerError, type CuffFramerOutput } from './framer';
import {
  ACK_TIMEOUT_MS,
  MAX_COMMAND_RESENDS,
  PROGRESS_TIMEOUT_MS,
  SEQ_MIN,
  nextSeq,
} from './protocol';
import {
  evaluateResult,
  interpretErrorCode,
  outcomeToEvent,
  type BpHostFault,
  type BpMachineEvent,
  type BpOutcome,
} from './status';
import { ListenerSet, type Listener } from '../listener-set';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export interface BpCuffDriverOptions {
  /** The port (opened by `open()` unless already open). */
  transport: Transport;
  /** Every timer reads this clock. Default: systemClock. */
  clock?: Clock;
  /** Default 500 ms (vitals.md §B.2). */
  ackTimeoutMs?: number;
  /** Resends of an unACKed command. Default 2 (3 sends in all). */
  maxResends?: number;
  /** No P/R/E for this long during a session: STOP and fault. Default 5000 ms. */
  progressTimeoutMs?: number;
  /** Cuff pressure samples are handed to the UI at most this often. Default 200 ms. */
  liveBatchMs?: number;
  /** Passed to the framer. Default 50 ms. */
  framerStaleAfterMs?: number;
}

export type BpSessionState =
  /** No session. */
  | 'idle'
  /** START sent, waiting for the ACK. */
  | 'starting'
  /** ACKed (or progress seen): inflating / deflating. */
  | 'measuring';

/** A batch of live cuff pressures for the UI gauge. */
export interface CuffPressureBatch {
  seq: number;
  samples: Array<{ pressure: number; phase: CuffPhase; atMs: number }>;
}

/** A problem on the line. None is fatal: bad lines are dropped and the host relies on timeouts. */
export interface CuffLineError {
  code: CuffFramerError['code'] | 'STALE_SEQ';
  detail: string;
  /** The line (or noise) as received. */
  bytes?: Uint8Array;
  atMs: number;
}

export interface CuffTrafficEvent {
  dir: 'rx' | 'tx';
  /** The line as ASCII (CR LF omitted), or the noise bytes rendered. */
  text: string;
  atMs: number;
  sentence?: CuffSentence;
  error?: CuffFramerError;
  /** Why the driver did what it did, e.g. "resend 2/3", "ignored: seq 4 is not the session's". */
  note?: string;
}

export type StopResult = Result<
  /** `stopped`: the cuff ACKed STOP. `idle`: there was no session to stop. */
  'stopped' | 'idle',
  { fault: Extract<BpHostFault, 'noAck' | 'lost' | 'notOpen'>; detail: string }
>;

// ---------------------------------------------------------------------------------------------
// Internal types
// ---------------------------------------------------------------------------------------------

interface Command {
  type: 'START' | 'STOP';
  seq: number;
  sends: number;
  timer: unknown;
  done: (result: 'acked' | 'noAck' | 'lost') => void;
}

interface Session {
  seq: number;
  accepted: boolean;
  progressTimer: unknown;
  resolve: (outcome: BpOutcome) => void;
}

/**
 * Host side of the cuff line protocol (vitals.md §B.2, §C). One measurement session at a time;
 * START and STOP are commands sent one at a time, each resent up to twice when no ACK comes
 * within 500 ms. The host never NAKs: bad lines are dropped and timeouts decide. Every timer
 * reads the injected clock.
 */
export class BpCuffDriver {
  private readonly clock: Clock;
  private readonly ackTimeoutMs: number;
  private readonly maxResends: number;
  private readonly progressTimeoutMs: number;
  private readonly liveBatchMs: number;
  private readonly framer: CuffFramer;

  private transport: Transport;
  private unsubscribe: Array<() => void> = [];
  private opened = false;
  private lostError: Error | undefined;

  /** The seq the next session gets: 1 after the port opens, +1 per session, 65535 → 1. */
  private seq = SEQ_MIN;
  private session: Session | undefined;
  private command: Command | undefined;
  private queue: Command[] = [];

  private batch: CuffPressureBatch | undefined;
  private batchTimer: unknown;

  private readonly live = new ListenerSet<CuffPressureBatch>();
  private readonly outcomes = new ListenerSet<BpOutcome>();
  private readonly states = new ListenerSet<BpSessionState>();
  private readonly errors = new ListenerSet<CuffLineError>();
  private readonly traffic = new ListenerSet<CuffTrafficEvent>();
  private readonly lost = new ListenerSet<Error>();
  private readonly machine = new ListenerSet<BpMachineEvent>();

  constructor(options: BpCuffDriverOptions) {
    this.transport = options.transport;
    this.clock = options.clock ?? systemClock;
    this.ackTimeoutMs = options.ackTimeoutMs ?? ACK_TIMEOUT_MS;
    this.maxResends = options.maxResends ?? MAX_COMMAND_RESENDS;
    this.progressTimeoutMs = options.progressTimeoutMs ?? PROGRESS_TIMEOUT_MS;
    this.liveBatchMs = options.liveBatchMs ?? 200;
    this.framer = new CuffFramer({ staleAfterMs: options.framerStaleAfterMs });
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle
  // -------------------------------------------------------------------------------------------

  /** Subscribes to the port and opens it unless the caller already did. The seq restarts at 1. */
  async open(): Promise<void> {
    this.opened = true;
    this.subscribe();
    if (!this.transport.isOpen) await this.transport.open();
    this.seq = SEQ_MIN;
  }

  /**
   * Closes the port. A session in progress ends with fault `notOpen`, after one STOP is written so
   * a cuff that is inflating deflates even though nobody waits for its ACK.
   */
  async close(): Promise<void> {
    this.opened = false;
    const session = this.session;
    if (session && this.transport.isOpen && !this.lostError) {
      await this.write({ type: 'STOP', seq: session.seq }, 'driver closing');
    }
    this.failEverything('notOpen', 'the cuff driver was closed');
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    await this.transport.close().catch(() => undefined);
  }

  /** Hands the driver a new, open port after a loss. The seq restarts at 1 (a new port). */
  attach(transport: Transport): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    const previous = this.transport;
    if (previous !== transport) void previous.close().catch(() => undefined);
    this.failEverything('lost', 'the port was replaced');
    this.transport = transport;
    this.lostError = undefined;
    this.framer.reset();
    this.seq = SEQ_MIN;
    if (this.opened) this.subscribe();
  }

  get state(): BpSessionState {
    if (!this.session) return 'idle';
    return this.session.accepted ? 'measuring' : 'starting';
  }

  /** The running session's seq, if any. */
  get currentSeq(): number | undefined {
    return this.session?.seq;
  }

  // -------------------------------------------------------------------------------------------
  // Commands
  // -------------------------------------------------------------------------------------------

  /**
   * Runs one measurement: START (resent up to twice without ACK), live pressures, then the
   * outcome. Never rejects: every way a session can end is a `BpOutcome`. A call while a session
   * runs returns `busy` at once and does not disturb it.
   */
  measure(): Promise<BpOutcome> {
    if (!this.opened || this.lostError || !this.transport.isOpen) {
      return Promise.resolve(
        this.report({
          kind: 'fault',
          fault: this.lostError ? 'lost' : 'notOpen',
          detail: this.lostError
            ? `the cuff port was lost (${this.lostError.message})`
            : 'the cuff driver has no open port',
        }),
      );
    }
    if (this.session) {
      return Promise.resolve(
        this.report({
          kind: 'fault',
          fault: 'busy',
          detail: `session ${this.session.seq} is still running`,
        }),
      );
    }
    const seq = this.seq;
    this.seq = nextSeq(seq);
    return new Promise<BpOutcome>((resolve) => {
      const session: Session = { seq, accepted: false, progressTimer: undefined, resolve };
      this.session = session;
      this.states.emit('starting');
      // The 5 s rule runs from the first START: ACK does not count as progress.
      this.armProgress(session);
      this.enqueue('START', seq, (result) => {
        if (this.session !== session) return;
        if (result === 'acked') {
          this.accept(session);
          return;
        }
        if (result === 'noAck') {
          this.finish(session, {
            kind: 'fault',
            seq,
            fault: 'noAck',
            detail: `no ACK to START ${seq} after ${this.maxResends + 1} sends`,
          });
          // The cuff may have heard START while its ACKs are lost: tell it to deflate anyway.
          this.enqueue('STOP', seq, () => undefined);
        }
      });
    });
  }

  /**
   * Stops the running session (STOP, deflate now). The session ends at once with `aborted`;
   * this resolves when the cuff ACKs the STOP, or with `noAck` after 3 sends.
   */
  abort(): Promise<StopResult> {
    const session = this.session;
    if (!session) return Promise.resolve(ok('idle'));
    this.finish(session, { kind: 'aborted', seq: session.seq });
    if (!this.transport.isOpen || this.lostError) {
      return Promise.resolve(err({ fault: 'lost', detail: 'the cuff port is gone' }));
    }
    return new Promise<StopResult>((resolve) => {
      this.enqueue('STOP', session.seq, (result) => {
        if (result === 'acked') resolve(ok('stopped'));
        else
          resolve(
            err({
              fault: result,
              detail:
                result === 'noAck'
                  ? `no ACK to STOP ${session.seq} after ${this.maxResends + 1} sends`
                  : 'the cuff port was lost',
            }),
          );
      });
    });
  }

  // -------------------------------------------------------------------------------------------
  // Events
  // -------------------------------------------------------------------------------------------

  /** Live cuff pressures of the running session, batched (see `liveBatchMs`). */
  onLive(listener: Listener<CuffPressureBatch>): () => void {
    return this.live.add(listener);
  }

  /** Every session outcome (the same value `measure()` resolves with, and refusals). */
  onOutcome(listener: Listener<BpOutcome>): () => void {
    return this.outcomes.add(listener);
  }

  onSessionState(listener: Listener<BpSessionState>): () => void {
    return this.states.add(listener);
  }

  /** Dropped lines and sentences of another session. */
  onError(listener: Listener<CuffLineError>): () => void {
    return this.errors.add(listener);
  }

  /** Every line in and out: the technician's traffic view. */
  onTraffic(listener: Listener<CuffTrafficEvent>): () => void {
    return this.traffic.add(listener);
  }

  /** The transport reported the device gone. */
  onLost(listener: Listener<Error>): () => void {
    return this.lost.add(listener);
  }

  /** Session start, outcomes and loss, already mapped to vitals machine events. */
  onMachineEvent(listener: Listener<BpMachineEvent>): () => void {
    return this.machine.add(listener);
  }

  // -------------------------------------------------------------------------------------------
  // Command queue: one outstanding command at a time
  // -------------------------------------------------------------------------------------------

  private enqueue(type: Command['type'], seq: number, done: Command['done']): void {
    this.queue.push({ type, seq, sends: 0, timer: undefined, done });
    this.pump();
  }

  private pump(): void {
    if (this.command) return;
    const next = this.queue.shift();
    if (!next) return;
    this.command = next;
    this.sendCommand(next);
  }

  private sendCommand(command: Command): void {
    command.sends++;
    const note = command.sends === 1 ? undefined : `resend ${command.sends}/${this.maxResends + 1}`;
    void this.write({ type: command.type, seq: command.seq }, note);
    command.timer = this.clock.setTimeout(() => {
      if (this.command !== command) return;
      if (command.sends <= this.maxResends) {
        this.sendCommand(command);
        return;
      }
      this.completeCommand(command, 'noAck');
    }, this.ackTimeoutMs);
  }

  private completeCommand(command: Command, result: 'acked' | 'noAck' | 'lost'): void {
    if (this.command !== command) return;
    this.clock.clearTimeout(command.timer);
    this.command = undefined;
    command.done(result);
    this.pump();
  }

  // -------------------------------------------------------------------------------------------
  // Sessions
  // -------------------------------------------------------------------------------------------

  private accept(session: Session): void {
    if (session.accepted) return;
    session.accepted = true;
    this.states.emit('measuring');
    this.machine.emit({ type: 'BP.STARTED', seq: session.seq });
  }

  private armProgress(session: Session): void {
    this.clock.clearTimeout(session.progressTimer);
    session.progressTimer = this.clock.setTimeout(() => {
      if (this.session !== session) return;
      this.finish(session, {
        kind: 'fault',
        seq: session.seq,
        fault: 'noProgress',
        detail: `no P/R/E for ${this.progressTimeoutMs} ms; STOP sent`,
      });
      this.enqueue('STOP', session.seq, () => undefined);
    }, this.progressTimeoutMs);
  }

  private finish(session: Session, outcome: BpOutcome): void {
    if (this.session !== session) return;
    this.clock.clearTimeout(session.progressTimer);
    this.session = undefined;
    this.flushBatch();
    // A START still waiting for its ACK belongs to this session: stop resending it.
    const command = this.command;
    if (command?.type === 'START' && command.seq === session.seq) {
      this.completeCommand(command, 'acked');
    }
    this.queue = this.queue.filter((c) => !(c.type === 'START' && c.seq === session.seq));
    this.states.emit('idle');
    session.resolve(this.report(outcome));
  }

  private report(outcome: BpOutcome): BpOutcome {
    this.outcomes.emit(outcome);
    this.machine.emit(outcomeToEvent(outcome));
    return outcome;
  }

  private failEverything(fault: 'lost' | 'notOpen', detail: string): void {
    const command = this.command;
    const queued = this.queue;
    this.queue = [];
    if (command) {
      this.clock.clearTimeout(command.timer);
      this.command = undefined;
    }
    const session = this.session;
    if (session) this.finish(session, { kind: 'fault', seq: session.seq, fault, detail });
    for (const c of [...(command ? [command] : []), ...queued]) c.done('lost');
  }

  // -------------------------------------------------------------------------------------------
  // Receiving
  // -------------------------------------------------------------------------------------------

  private subscribe(): void {
    if (this.unsubscribe.length > 0) return;
    const transport = this.transport;
    this.unsubscribe = [
      transport.onData((chunk) => {
        if (transport === this.transport) this.receive(chunk);
      }),
      transport.onLost((error) => {
        if (transport === this.transport) this.onTransportLost(error);
      }),
    ];
  }

  private receive(chunk: Uint8Array): void {
    const at = this.clock.now();
    for (const output of this.framer.push(chunk, at)) this.handle(output);
  }

  private handle(output: CuffFramerOutput): void {
    const text = lineText(output.bytes);
    if (output.kind === 'error') {
      this.traffic.emit({ dir: 'rx', text, atMs: output.at, error: output.error });
      this.errors.emit({
        code: output.error.code,
        detail: output.error.detail,
        bytes: output.bytes,
        atMs: output.at,
      });
      return;
    }
    const s = output.sentence;
    const session = this.session;
    const command = this.command;

    if (s.type === 'ACK') {
      if (command && command.seq === s.seq) {
        this.traffic.emit({ dir: 'rx', text, atMs: output.at, sentence: s });
        this.completeCommand(command, 'acked');
      } else {
        this.ignore(output, text, 'ACK with no command waiting for it');
      }
      return;
    }
    if (s.type === 'START' || s.type === 'STOP') {
      this.ignore(output, text, `${s.type} is a host command (echo or loopback?)`);
      return;
    }
    if (!session || s.seq !== session.seq) {
      this.ignore(output, text, `seq ${s.seq} is not the current session's`, 'STALE_SEQ');
      return;
    }
    this.traffic.emit({ dir: 'rx', text, atMs: output.at, sentence: s });
    // P, R and E all count as progress; any of them also shows the cuff accepted START (its ACK
    // may have been lost on the line).
    if (!session.accepted) {
      if (command?.type === 'START' && command.seq === session.seq) {
        this.completeCommand(command, 'acked');
      }
      this.accept(session);
    }
    switch (s.type) {
      case 'P':
        this.armProgress(session);
        this.addSample(session.seq, s.pressure, s.phase, output.at);
        return;
      case 'R': {
        const evaluated = evaluateResult(s);
        this.finish(
          session,
          evaluated.ok
            ? { kind: 'reading', reading: evaluated.value }
            : { kind: 'rejected', seq: s.seq, rejection: evaluated.error },
        );
        return;
      }
      case 'E':
        this.finish(session, {
          kind: 'deviceError',
          seq: s.seq,
          code: s.code,
          reason: interpretErrorCode(s.code),
          text: s.text,
        });
        return;
    }
  }

  private ignore(
    output: Extract<CuffFramerOutput, { kind: 'sentence' }>,
    text: string,
    note: string,
    code?: 'STALE_SEQ',
  ): void {
    this.traffic.emit({
      dir: 'rx',
      text,
      atMs: output.at,
      sentence: output.sentence,
      note: `ignored: ${note}`,
    });
    if (code) {
      this.errors.emit({ code, detail: note, bytes: output.bytes, atMs: output.at });
    }
  }

  private onTransportLost(error: Error): void {
    this.lostError = error;
    this.framer.reset();
    this.failEverything('lost', `the cuff port was lost (${error.message})`);
    this.lost.emit(error);
    this.machine.emit({ type: 'BP.LOST', detail: error.message });
  }

  // -------------------------------------------------------------------------------------------
  // Live batches and writing
  // -------------------------------------------------------------------------------------------

  private addSample(seq: number, pressure: number, phase: CuffPhase, at: number): void {
    if (!this.batch) {
      this.batch = { seq, samples: [] };
      this.batchTimer = this.clock.setTimeout(() => this.flushBatch(), this.liveBatchMs);
    }
    this.batch.samples.push({ pressure, phase, atMs: at });
  }

  private flushBatch(): void {
    this.clock.clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    const batch = this.batch;
    this.batch = undefined;
    if (batch && batch.samples.length > 0) this.live.emit(batch);
  }

  private write(sentence: CuffSentence, note?: string): Promise<void> {
    const transport = this.transport;
    const event: CuffTrafficEvent = {
      dir: 'tx',
      text: encodeSentenceText(sentence),
      atMs: this.clock.now(),
      sentence,
    };
    if (note) event.note = note;
    this.traffic.emit(event);
    if (!transport.isOpen) return Promise.resolve();
    // A failed write is reported by the transport through onLost.
    return transport.write(encodeSentence(sentence)).catch(() => undefined);
  }
}

function lineText(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
  return Array.from(bytes.subarray(0, end), (b) =>
    b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`,
  ).join('');
}
