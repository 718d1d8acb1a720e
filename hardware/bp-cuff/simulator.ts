import { systemClock, type Clock } from '../../contracts/clock';
import type { Transport } from '../transports/transport';
import { encodeSentence, encodeSentenceText, type CuffSentence } from './codec';
import { CuffFramer } from './framer';
import {
  CUFF_MEASUREMENT_TIMEOUT_MS,
  ERROR_CUFF_LOOSE,
  ERROR_INTERNAL,
  ERROR_LEAK,
  ERROR_MOTION,
  ERROR_OVERPRESSURE,
  ERROR_TIMEOUT,
  ERROR_WEAK_SIGNAL,
  OVERPRESSURE_LIMIT_MMHG,
  PROGRESS_INTERVAL_MS,
  PULSE_RANGE_ABOVE,
  PULSE_RANGE_BELOW,
  STATUS_BODY_MOVEMENT,
  STATUS_CUFF_LOOSE,
  STATUS_IMPROPER_POSITION,
  STATUS_IRREGULAR_PULSE,
  STATUS_PULSE_RANGE_SHIFT,
  UNIT_MMHG,
  previousSeq,
} from './protocol';

/** What the simulated patient's arm gives. */
export interface SimulatedReading {
  systolic: number;
  diastolic: number;
  /** Default round(dia + (sys − dia) / 3). */
  map: number;
  pulse: number;
  /** Extra 0x2A35 status bits sent with every result. Default 0. */
  status: number;
}

export interface BpCuffSimulatorOptions {
  /** The cuff's end of the line (a PTY opened with the serial transport, or a memory end). */
  transport?: Transport;
  /** Every timer reads this clock. Default: systemClock. */
  clock?: Clock;
  /**
   * Multiplies the cuff's time: the 200 ms progress period, inflation, deflation, the leak
   * plateau and the 120 s E04 limit. 0.05 measures twenty times faster. Default 1 (a measurement
   * takes about 25 s).
   */
  timeScale?: number;
  /** Default 128/82, MAP 97, pulse 72, status 0. */
  reading?: Partial<SimulatedReading>;
  /** Default 20 mmHg/s. */
  inflateRateMmHgPerS?: number;
  /** Default 5 mmHg/s. */
  deflateRateMmHgPerS?: number;
  /** Inflate to systolic + this (at most 280). Default 30 mmHg. */
  inflateMarginMmHg?: number;
  /** Delay before each ACK, in clock ms (not scaled; the host allows 500). Default 20 ms. */
  ackDelayMs?: number;
  /** Random source for percentage faults and pressure jitter. Default Math.random. */
  random?: () => number;
  /**
   * Called by the `unplug` fault to pull the cable (kill the PTY pair, simulateLoss on both memory
   * ends). Without it the cuff only goes silent and closes its own end, like a cuff switched off
   * mid-measurement: socat keeps the host's PTY open, so the host sees no loss, only its 5 s
   * no-progress rule.
   */
  onUnplug?: () => void | Promise<void>;
}

/**
 * Faults of vitals.md §B.3. Measurement faults (leak … unplug) apply to the next session only and
 * may be combined; line faults apply to the next `sentences` sentences (default 1) written, by
 * default P sentences only so the session still completes; `silent` lasts `durationMs` or until
 * cleared.
 */
export type BpCuffFault =
  /** Pressure plateaus at `plateauMmHg` (default 40) for `plateauMs` (default 4000), then E01. */
  | { kind: 'leak'; plateauMmHg?: number; plateauMs?: number }
  /** Pressure climbs past 300 mmHg, then E02. */
  | { kind: 'overPressure' }
  /** E03 during deflation (`error`, default) or an R with status bit 0 (`status`). */
  | { kind: 'motion'; variant?: 'error' | 'status' }
  /**
   * `silent` (default): progress stops at `atMmHg` (default 120) during inflation; nothing more
   * is sent for the session (STOP is still ACKed). `E04`: deflation stalls, P continues, and E04
   * comes 120 s after START.
   */
  | { kind: 'timeout'; variant?: 'silent' | 'E04'; atMmHg?: number }
  /** An R with status bit 1 (`status`, default) or E05 early in inflation (`error`). */
  | { kind: 'cuffLoose'; variant?: 'status' | 'error' }
  /** An R with status bit 2. */
  | { kind: 'irregularPulse' }
  /** An R with status bits 3–4 = 1 (above) or 2 (below). */
  | { kind: 'pulseRange'; range: 'above' | 'below' }
  /** An R with status bit 5. */
  | { kind: 'improperPosition' }
  /** E06 at the end of deflation instead of R. */
  | { kind: 'weakSignal' }
  /** E07 when deflation starts. */
  | { kind: 'internalError' }
  /** An R with dia ≥ sys (default 120/130). */
  | { kind: 'implausible'; systolic?: number; diastolic?: number }
  /** An R in another unit (default kPa). */
  | { kind: 'unit'; unit?: string }
  /** The cable is pulled when inflation reaches `atMmHg` (default 80). */
  | { kind: 'unplug'; atMmHg?: number }
  /** Corrupt the checksum of the next sentences (or `percent` % of them). */
  | { kind: 'garbledChecksum'; sentences?: number; percent?: number; only?: LineFaultTarget }
  /** Send only the first half of the next sentences, with no terminator. */
  | { kind: 'truncatedLine'; sentences?: number; only?: LineFaultTarget }
  /** Send the next sentences without their CR LF. */
  | { kind: 'missingTerminator'; sentences?: number; only?: LineFaultTarget }
  /** Before each of the next `sentences` sentences, echo one from the previous session (old seq). */
  | { kind: 'staleSeq'; sentences?: number }
  /** Do not send the next `count` ACKs (default 1): the host must resend START with the same seq. */
  | { kind: 'dropAck'; count?: number }
  /** The cuff neither answers nor sends, for `durationMs` or until cleared. */
  | { kind: 'silent'; durationMs?: number };

export type BpCuffFaultKind = BpCuffFault['kind'];

/**
 * Which sentences a line fault hits: `progress` (P, default: the session still completes),
 * `result` (R or E: the host never gets the outcome and must time out), `any` (the next ones,
 * ACK included).
 */
export type LineFaultTarget = 'progress' | 'result' | 'any';

type LineFaultKind = 'garbledChecksum' | 'truncatedLine' | 'missingTerminator';

interface LineFault {
  remaining: number;
  percent: number;
  only: LineFaultTarget;
}

type MeasurementFaults = Partial<Record<BpCuffFaultKind, BpCuffFault>>;

export type CuffSimPhase = 'idle' | 'inflating' | 'deflating' | 'stalled' | 'hung';

interface SimSession {
  seq: number;
  phase: Exclude<CuffSimPhase, 'idle'>;
  pressure: number;
  target: number;
  faults: MeasurementFaults;
  startedAt: number;
  /** Device ms spent on a leak plateau. */
  plateauMs: number;
  timer: unknown;
}

export interface BpCuffSimulatorStats {
  startsReceived: number;
  stopsReceived: number;
  acksSent: number;
  acksDropped: number;
  sessionsStarted: number;
  sessionsAborted: number;
  sentencesSent: number;
  garbled: number;
  truncated: number;
  unterminated: number;
  staleEchoes: number;
  hostLineErrors: number;
}

const MAX_INFLATE_MMHG = 280;
const KPA_PER_MMHG = 0.133322;

/**
 * The cuff's side of the wire: answers START/STOP with ACK, inflates and deflates with `P` at
 * 5 Hz, and ends each session with `R` or `E`, built with the real codec; plus every fault of
 * vitals.md §B.3 and the session rules of §C (a resent START is re-ACKed without a restart, a new
 * seq aborts the old session with E07 ABORTED, nothing follows an ACKed STOP).
 */
export class BpCuffSimulator {
  private readonly clock: Clock;
  private readonly timeScale: number;
  private readonly inflateRate: number;
  private readonly deflateRate: number;
  private readonly inflateMargin: number;
  private readonly ackDelayMs: number;
  private readonly random: () => number;
  private readonly onUnplug: (() => void | Promise<void>) | undefined;
  private readonly framer = new CuffFramer();
  private reading: SimulatedReading;

  private transport: Transport | undefined;
  private unsubscribe: Array<() => void> = [];
  private readonly ackTimers = new Set<unknown>();

  private session: SimSession | undefined;
  /** Seq of the last session that ended (a resent STOP for it is ACKed again). */
  private lastEndedSeq: number | undefined;
  /** The last sentence of the previous session, echoed by the staleSeq fault. */
  private lastSessionSentence: CuffSentence | undefined;

  private pendingMeasurementFaults: MeasurementFaults = {};
  private readonly lineFaults: Record<LineFaultKind, LineFault> = {
    garbledChecksum: { remaining: 0, percent: 0, only: 'progress' },
    truncatedLine: { remaining: 0, percent: 0, only: 'progress' },
    missingTerminator: { remaining: 0, percent: 0, only: 'progress' },
  };
  private staleEchoes = 0;
  private dropAcks = 0;
  private silentUntil: number | undefined;

  readonly stats: BpCuffSimulatorStats = {
    startsReceived: 0,
    stopsReceived: 0,
    acksSent: 0,
    acksDropped: 0,
    sessionsStarted: 0,
    sessionsAborted: 0,
    sentencesSent: 0,
    garbled: 0,
    truncated: 0,
    unterminated: 0,
    staleEchoes: 0,
    hostLineErrors: 0,
  };

  private readonly sentListeners = new Set<(sentence: CuffSentence) => void>();
  private readonly receivedListeners = new Set<(sentence: CuffSentence) => void>();

  constructor(options: BpCuffSimulatorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.timeScale = options.timeScale ?? 1;
    if (!(this.timeScale > 0)) throw new RangeError('bp-cuff simulator: timeScale must be > 0');
    this.inflateRate = options.inflateRateMmHgPerS ?? 20;
    this.deflateRate = options.deflateRateMmHgPerS ?? 5;
    this.inflateMargin = options.inflateMarginMmHg ?? 30;
    this.ackDelayMs = options.ackDelayMs ?? 20;
    this.random = options.random ?? Math.random;
    this.onUnplug = options.onUnplug;
    this.reading = completeReading(options.reading);
    if (options.transport) this.attach(options.transport);
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle and controls
  // -------------------------------------------------------------------------------------------

  /** Connects the cuff to a (new) open line. A session in progress is abandoned (deflated). */
  attach(transport: Transport): void {
    this.detach();
    this.transport = transport;
    this.framer.reset();
    this.unsubscribe = [
      transport.onData((chunk) => {
        if (transport === this.transport) this.receive(chunk);
      }),
      transport.onLost(() => {
        if (transport === this.transport) this.detach();
      }),
    ];
  }

  /** Stops any session and closes the transport. */
  async stop(): Promise<void> {
    const transport = this.transport;
    this.detach();
    if (transport) await transport.close().catch(() => undefined);
  }

  /** Sets what the next results report. */
  setReading(reading: Partial<SimulatedReading>): void {
    const merged = { ...this.reading, ...reading };
    if (
      reading.map === undefined &&
      (reading.systolic !== undefined || reading.diastolic !== undefined)
    ) {
      merged.map = defaultMap(merged.systolic, merged.diastolic);
    }
    this.reading = merged;
  }

  get configuredReading(): SimulatedReading {
    return { ...this.reading };
  }

  inject(fault: BpCuffFault): void {
    switch (fault.kind) {
      case 'garbledChecksum':
      case 'truncatedLine':
      case 'missingTerminator': {
        const percent = fault.kind === 'garbledChecksum' ? (fault.percent ?? 0) : 0;
        this.lineFaults[fault.kind] = {
          remaining: fault.sentences ?? (percent > 0 ? 0 : 1),
          percent,
          only: fault.only ?? 'progress',
        };
        return;
      }
      case 'staleSeq':
        this.staleEchoes += fault.sentences ?? 1;
        return;
      case 'dropAck':
        this.dropAcks += fault.count ?? 1;
        return;
      case 'silent':
        this.silentUntil =
          fault.durationMs === undefined
            ? Number.POSITIVE_INFINITY
            : this.clock.now() + fault.durationMs;
        return;
      default:
        this.pendingMeasurementFaults[fault.kind] = fault;
    }
  }

  /** Removes every pending and standing fault. */
  clearFaults(): void {
    this.pendingMeasurementFaults = {};
    for (const kind of Object.keys(this.lineFaults) as LineFaultKind[]) {
      this.lineFaults[kind] = { remaining: 0, percent: 0, only: 'progress' };
    }
    this.staleEchoes = 0;
    this.dropAcks = 0;
    this.silentUntil = undefined;
  }

  /** Faults waiting for the next session or the next sentences. */
  get pendingFaults(): BpCuffFaultKind[] {
    const kinds = Object.keys(this.pendingMeasurementFaults) as BpCuffFaultKind[];
    for (const [kind, f] of Object.entries(this.lineFaults) as Array<[LineFaultKind, LineFault]>) {
      if (f.remaining > 0 || f.percent > 0) kinds.push(kind);
    }
    if (this.staleEchoes > 0) kinds.push('staleSeq');
    if (this.dropAcks > 0) kinds.push('dropAck');
    if (this.isSilent()) kinds.push('silent');
    return kinds;
  }

  get phase(): CuffSimPhase {
    return this.session?.phase ?? 'idle';
  }

  /** Cuff pressure now, mmHg (0 when idle: deflated). */
  get pressure(): number {
    return Math.round(this.session?.pressure ?? 0);
  }

  get sessionSeq(): number | undefined {
    return this.session?.seq;
  }

  /** Every sentence the cuff writes (before line faults are applied). */
  onSent(listener: (sentence: CuffSentence) => void): () => void {
    this.sentListeners.add(listener);
    return () => this.sentListeners.delete(listener);
  }

  /** Every valid host sentence received. */
  onReceived(listener: (sentence: CuffSentence) => void): () => void {
    this.receivedListeners.add(listener);
    return () => this.receivedListeners.delete(listener);
  }

  // -------------------------------------------------------------------------------------------
  // Host commands
  // -------------------------------------------------------------------------------------------

  private receive(chunk: Uint8Array): void {
    for (const output of this.framer.push(chunk, this.clock.now())) {
      if (output.kind === 'error') {
        // The cuff does not NAK: a bad line is dropped and the host's timeout decides.
        this.stats.hostLineErrors++;
        continue;
      }
      const s = output.sentence;
      for (const listener of [...this.receivedListeners]) listener(s);
      if (this.isSilent()) continue;
      if (s.type === 'START') this.onStart(s.seq);
      else if (s.type === 'STOP') this.onStop(s.seq);
    }
  }

  private onStart(seq: number): void {
    this.stats.startsReceived++;
    const running = this.session;
    if (running?.seq === seq) {
      // A resent START: ACK again, do not restart (vitals.md §C).
      this.ack(seq);
      return;
    }
    if (running) {
      this.endSession(running);
      this.stats.sessionsAborted++;
      this.send({ type: 'E', seq: running.seq, code: ERROR_INTERNAL, text: 'ABORTED' });
    }
    const faults = this.pendingMeasurementFaults;
    this.pendingMeasurementFaults = {};
    const session: SimSession = {
      seq,
      phase: 'inflating',
      pressure: 0,
      target: Math.min(MAX_INFLATE_MMHG, this.reading.systolic + this.inflateMargin),
      faults,
      startedAt: this.clock.now(),
      plateauMs: 0,
      timer: undefined,
    };
    this.session = session;
    this.stats.sessionsStarted++;
    this.ack(seq);
    this.scheduleTick(session);
  }

  private onStop(seq: number): void {
    this.stats.stopsReceived++;
    const running = this.session;
    if (running?.seq === seq) {
      // Deflate now; nothing more is sent for this seq.
      this.endSession(running);
      this.ack(seq);
    } else if (seq === this.lastEndedSeq) {
      this.ack(seq);
    }
    // A STOP for a seq the cuff never ran is ignored.
  }

  private ack(seq: number): void {
    if (this.dropAcks > 0) {
      this.dropAcks--;
      this.stats.acksDropped++;
      return;
    }
    const timer = this.clock.setTimeout(() => {
      this.ackTimers.delete(timer);
      this.stats.acksSent++;
      this.send({ type: 'ACK', seq });
    }, this.ackDelayMs);
    this.ackTimers.add(timer);
  }

  // -------------------------------------------------------------------------------------------
  // The measurement
  // -------------------------------------------------------------------------------------------

  /** The first P follows the ACK, as on a real cuff, however small the time scale. */
  private scheduleTick(session: SimSession, first = true): void {
    const delay = PROGRESS_INTERVAL_MS * this.timeScale + (first ? this.ackDelayMs : 0);
    session.timer = this.clock.setTimeout(() => {
      if (this.session !== session) return;
      this.tick(session);
      if (this.session === session) this.scheduleTick(session, false);
    }, delay);
  }

  private tick(s: SimSession): void {
    const dt = PROGRESS_INTERVAL_MS / 1000;
    const f = s.faults;
    const jitter = (): number => Math.round((this.random() - 0.5) * 2);
    if (s.phase === 'hung') return;

    if (s.phase === 'inflating') {
      const leak = f.leak as Extract<BpCuffFault, { kind: 'leak' }> | undefined;
      const plateau = leak?.plateauMmHg ?? 40;
      if (leak && s.pressure >= plateau) {
        s.pressure = plateau + jitter();
        s.plateauMs += PROGRESS_INTERVAL_MS;
        this.progress(s, 'INF');
        if (s.plateauMs >= (leak.plateauMs ?? 4_000)) this.fail(s, ERROR_LEAK, 'LEAK');
        return;
      }
      s.pressure += (f.overPressure ? 2 : 1) * this.inflateRate * dt;
      if (leak) s.pressure = Math.min(s.pressure, plateau);

      const unplug = f.unplug as Extract<BpCuffFault, { kind: 'unplug' }> | undefined;
      if (unplug && s.pressure >= (unplug.atMmHg ?? 80)) {
        this.progress(s, 'INF');
        void this.pullCable(s);
        return;
      }
      const timeout = f.timeout as Extract<BpCuffFault, { kind: 'timeout' }> | undefined;
      if (
        timeout &&
        (timeout.variant ?? 'silent') === 'silent' &&
        s.pressure >= (timeout.atMmHg ?? 120)
      ) {
        // The cuff hangs: no more P, R or E for this session.
        s.phase = 'hung';
        return;
      }
      const loose = f.cuffLoose as Extract<BpCuffFault, { kind: 'cuffLoose' }> | undefined;
      if (loose?.variant === 'error' && s.pressure >= 30) {
        this.progress(s, 'INF');
        this.fail(s, ERROR_CUFF_LOOSE, 'CUFF LOOSE');
        return;
      }
      if (f.overPressure) {
        this.progress(s, 'INF');
        if (s.pressure > OVERPRESSURE_LIMIT_MMHG) this.fail(s, ERROR_OVERPRESSURE, 'OVERPRESSURE');
        return;
      }
      if (s.pressure >= s.target) {
        s.pressure = s.target;
        s.phase = 'deflating';
      }
      this.progress(s, 'INF');
      if (s.phase === 'deflating' && f.internalError)
        this.fail(s, ERROR_INTERNAL, 'INTERNAL FAULT');
      return;
    }

    // Deflating (or stalled for E04).
    const timeout = f.timeout as Extract<BpCuffFault, { kind: 'timeout' }> | undefined;
    if (timeout?.variant === 'E04') {
      const stallAt = Math.round((this.reading.systolic + this.reading.diastolic) / 2);
      if (s.pressure <= stallAt) {
        s.phase = 'stalled';
        s.pressure = stallAt + jitter();
      } else {
        s.pressure -= this.deflateRate * dt;
      }
      this.progress(s, 'DEF');
      const limit = CUFF_MEASUREMENT_TIMEOUT_MS * this.timeScale;
      if (this.clock.now() - s.startedAt >= limit) this.fail(s, ERROR_TIMEOUT, 'TIMEOUT');
      return;
    }
    const before = s.pressure;
    s.pressure -= this.deflateRate * dt;
    this.progress(s, 'DEF');
    const motion = f.motion as Extract<BpCuffFault, { kind: 'motion' }> | undefined;
    if (
      (motion?.variant ?? 'error') === 'error' &&
      motion &&
      before > this.reading.systolic &&
      s.pressure <= this.reading.systolic
    ) {
      this.fail(s, ERROR_MOTION, 'MOTION');
      return;
    }
    const end = Math.max(40, this.reading.diastolic - 20);
    if (s.pressure > end) return;
    if (f.weakSignal) {
      this.fail(s, ERROR_WEAK_SIGNAL, 'NO PULSE');
      return;
    }
    this.finishWithResult(s);
  }

  private finishWithResult(s: SimSession): void {
    const f = s.faults;
    const pulse = this.reading.pulse;
    let { systolic, diastolic, map } = this.reading;
    let status = this.reading.status;
    const motion = f.motion as Extract<BpCuffFault, { kind: 'motion' }> | undefined;
    if (motion?.variant === 'status') status |= STATUS_BODY_MOVEMENT;
    const loose = f.cuffLoose as Extract<BpCuffFault, { kind: 'cuffLoose' }> | undefined;
    if (loose && (loose.variant ?? 'status') === 'status') status |= STATUS_CUFF_LOOSE;
    if (f.irregularPulse) status |= STATUS_IRREGULAR_PULSE;
    const range = f.pulseRange as Extract<BpCuffFault, { kind: 'pulseRange' }> | undefined;
    if (range) {
      status |=
        (range.range === 'above' ? PULSE_RANGE_ABOVE : PULSE_RANGE_BELOW) <<
        STATUS_PULSE_RANGE_SHIFT;
    }
    if (f.improperPosition) status |= STATUS_IMPROPER_POSITION;
    const implausible = f.implausible as Extract<BpCuffFault, { kind: 'implausible' }> | undefined;
    if (implausible) {
      systolic = implausible.systolic ?? 120;
      diastolic = implausible.diastolic ?? 130;
      map = Math.round((systolic + diastolic) / 2);
    }
    const unitFault = f.unit as Extract<BpCuffFault, { kind: 'unit' }> | undefined;
    let unit = UNIT_MMHG;
    if (unitFault) {
      unit = unitFault.unit ?? 'kPa';
      const kpa = (v: number): number => Math.round(v * KPA_PER_MMHG);
      systolic = kpa(systolic);
      diastolic = kpa(diastolic);
      map = kpa(map);
    }
    this.endSession(s);
    this.send({
      type: 'R',
      seq: s.seq,
      unit,
      systolic,
      diastolic,
      map,
      pulse,
      status: status & 0xffff,
    });
  }

  private progress(s: SimSession, phase: 'INF' | 'DEF'): void {
    const pressure = Math.max(0, Math.min(999, Math.round(s.pressure)));
    this.send({ type: 'P', seq: s.seq, phase, pressure });
  }

  private fail(s: SimSession, code: string, text: string): void {
    this.endSession(s);
    this.send({ type: 'E', seq: s.seq, code, text });
  }

  private async pullCable(s: SimSession): Promise<void> {
    this.endSession(s);
    if (this.onUnplug) {
      await this.onUnplug();
      return;
    }
    const transport = this.transport;
    this.detach();
    await transport?.close().catch(() => undefined);
  }

  private endSession(s: SimSession): void {
    if (this.session !== s) return;
    this.clock.clearTimeout(s.timer);
    this.session = undefined;
    this.lastEndedSeq = s.seq;
  }

  // -------------------------------------------------------------------------------------------
  // Writing, with line faults
  // -------------------------------------------------------------------------------------------

  private send(sentence: CuffSentence): void {
    if (this.isSilent()) return;
    const transport = this.transport;
    if (!transport?.isOpen) return;
    if (this.staleEchoes > 0 && sentence.type !== 'ACK') {
      this.staleEchoes--;
      this.stats.staleEchoes++;
      transport.write(encodeSentence(this.staleEcho(sentence.seq))).catch(() => undefined);
    }
    for (const listener of [...this.sentListeners]) listener(sentence);
    if (sentence.type === 'R' || sentence.type === 'E') this.lastSessionSentence = sentence;
    let text = `${encodeSentenceText(sentence)}\r\n`;
    // One line fault per sentence, so faults injected together hit successive sentences.
    if (this.takeLineFault('garbledChecksum', sentence)) {
      const star = text.indexOf('*');
      const hh = parseInt(text.slice(star + 1, star + 3), 16) ^ 0x5a;
      text = `${text.slice(0, star + 1)}${hh.toString(16).padStart(2, '0').toUpperCase()}\r\n`;
      this.stats.garbled++;
    } else if (this.takeLineFault('truncatedLine', sentence)) {
      text = text.slice(0, Math.max(2, Math.floor(text.length / 2)));
      this.stats.truncated++;
    } else if (this.takeLineFault('missingTerminator', sentence)) {
      text = text.slice(0, -2);
      this.stats.unterminated++;
    }
    this.stats.sentencesSent++;
    transport.write(Uint8Array.from(text, (c) => c.charCodeAt(0))).catch(() => undefined);
  }

  private takeLineFault(kind: LineFaultKind, sentence: CuffSentence): boolean {
    const f = this.lineFaults[kind];
    if (f.only === 'progress' && sentence.type !== 'P') return false;
    if (f.only === 'result' && sentence.type !== 'R' && sentence.type !== 'E') return false;
    if (f.remaining > 0) {
      f.remaining--;
      return true;
    }
    return f.percent > 0 && this.random() * 100 < f.percent;
  }

  /** An R from the session before `seq`: the previous session's last sentence if it was one. */
  private staleEcho(seq: number): CuffSentence {
    const old = previousSeq(seq);
    const last = this.lastSessionSentence;
    if (last && last.seq === old) return last;
    return {
      type: 'R',
      seq: old,
      unit: UNIT_MMHG,
      systolic: 111,
      diastolic: 77,
      map: 88,
      pulse: 66,
      status: 0,
    };
  }

  private isSilent(): boolean {
    return this.silentUntil !== undefined && this.clock.now() < this.silentUntil;
  }

  private detach(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.transport = undefined;
    for (const timer of this.ackTimers) this.clock.clearTimeout(timer);
    this.ackTimers.clear();
    if (this.session) this.endSession(this.session);
  }
}

function defaultMap(systolic: number, diastolic: number): number {
  return Math.round(diastolic + (systolic - diastolic) / 3);
}

function completeReading(partial: Partial<SimulatedReading> = {}): SimulatedReading {
  const systolic = partial.systolic ?? 128;
  const diastolic = partial.diastolic ?? 82;
  return {
    systolic,
    diastolic,
    map: partial.map ?? defaultMap(systolic, diastolic),
    pulse: partial.pulse ?? 72,
    status: partial.status ?? 0,
  };
}
