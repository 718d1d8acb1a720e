import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../contracts/clock';
import { err, ok, type Result } from '../../contracts/result';
import { ListenerSet, type Listener } from '../listener-set';
import type { Transport } from '../transports/transport';
import { qrPayloadsOf } from './escpos';
import {
  ALL_STATUS_QUERIES,
  IDLE_CONSECUTIVE_POLLS,
  JOB_IDLE_DEADLINE_MS,
  JOB_POLL_INTERVAL_MS,
  MAX_QR_PAYLOAD_BYTES,
  MAX_STATUS_REQUERIES,
  POLL_STATUS_QUERIES,
  STATUS_PAPER_SENSOR,
  STATUS_REPLY_TIMEOUT_MS,
  WRITE_TIMEOUT_MS,
  statusQuery,
  type StatusQuery,
} from './protocol';
import {
  blockingFault,
  checkStatusByte,
  conditionOf,
  decodeStatus,
  hasValidFixedBits,
  isIdle,
  jobFault,
  type PrinterCondition,
  type PrinterFaultReason,
  type PrinterStatus,
  type StatusBytes,
} from './status';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type StatusErrorCode =
  /** No reply within the timeout, or only replies with wrong fixed bits (printer.md §3, §5). */
  | 'UNREACHABLE'
  /** The transport reported the cable pulled (or a write failed). */
  | 'LOST'
  /** The driver has no transport (never attached, or closed). */
  | 'NOT_OPEN';

export interface StatusError {
  code: StatusErrorCode;
  detail: string;
  /** The query that failed, when one did. */
  query?: StatusQuery;
}

export type PrintRefusalReason =
  | PrinterFaultReason
  | 'UNREACHABLE'
  | 'LOST'
  | 'NOT_OPEN'
  /** Another job is running: one job at a time. */
  | 'BUSY'
  /** The job stores a QR payload over 512 bytes (printer.md §2 project choice). */
  | 'QR_TOO_LARGE'
  | 'EMPTY_JOB';

export type PrintUncertainReason =
  | Exclude<PrinterFaultReason, 'OFFLINE'>
  /** Not idle within 10 s of the job (printer.md §3 step 5). */
  | 'NOT_IDLE'
  | 'UNREACHABLE'
  | 'LOST'
  /** The OS did not take the job within the write timeout (printer holding flow control). */
  | 'WRITE_TIMEOUT';

/**
 * Why a job did not print for sure. REFUSED: nothing was sent, the label can simply be printed
 * later. PRINT_UNCERTAIN: bytes went out and the printer did not confirm; the caller journals
 * the label as PRINT_UNCERTAIN and queues it for reprint (printer.md §3 step 5).
 */
export type PrintError =
  | { kind: 'REFUSED'; reason: PrintRefusalReason; detail: string; status?: PrinterStatus }
  | {
      kind: 'PRINT_UNCERTAIN';
      reason: PrintUncertainReason;
      detail: string;
      status?: PrinterStatus;
    };

export interface PrintReceipt {
  /** The status after the job (n = 4 included when it answered). */
  status: PrinterStatus;
  /** Paper near end after the job: a technician notice, never an error (printer.md §5). */
  paperNearEnd: boolean;
  /** Status polls it took to see the printer idle. */
  polls: number;
}

/**
 * What went over the wire, for the technician's live traffic view (issue 9 item 4): each job as
 * sent, each DLE EOT n and the byte that answered it, and each decoded status read. Labels carry
 * no patient identity (printer.md §5 layout), so the job bytes are handed out as they are; the
 * traffic ring keeps only the first 64 of them.
 */
export type PrinterTrafficEvent =
  | { kind: 'job'; dir: 'tx'; atMs: number; bytes: Uint8Array }
  | {
      kind: 'statusQuery';
      dir: 'tx';
      atMs: number;
      n: StatusQuery;
      bytes: Uint8Array;
      /** 0 for the first send; 1.. for a re-query after a garbled reply. */
      requery: number;
    }
  /** `valid`: the fixed bits were right (otherwise noise or a desync, and the query is re-sent). */
  | { kind: 'statusReply'; dir: 'rx'; atMs: number; n: StatusQuery; byte: number; valid: boolean }
  /** No byte within the status timeout. */
  | { kind: 'noReply'; dir: 'event'; atMs: number; n: StatusQuery; timeoutMs: number }
  /** Bytes with no query outstanding (a late reply or line noise), dropped. */
  | { kind: 'stray'; dir: 'rx'; atMs: number; bytes: Uint8Array }
  /** A status read decoded (before a job, each poll after it, each `status()`). */
  | { kind: 'status'; dir: 'event'; atMs: number; status: PrinterStatus };

export interface PrinterDriverOptions {
  /** The port. Must already be open. Can also be given later with `attach`. */
  transport?: Transport;
  /** Every timer reads this clock. Default: systemClock. */
  clock?: Clock;
  /** Reply timeout of one status query. Default 500 ms (printer.md §3). */
  statusTimeoutMs?: number;
  /** Re-queries after a reply with wrong fixed bits. Default 3 (printer.md §5). */
  maxStatusRequeries?: number;
  /** Poll period after a job. Default 250 ms. */
  pollIntervalMs?: number;
  /** A job not idle after this is PRINT_UNCERTAIN. Default 10 000 ms. */
  idleDeadlineMs?: number;
  /** A job write not taken by the OS within this is PRINT_UNCERTAIN. Default 2000 ms. */
  writeTimeoutMs?: number;
  /** Largest QR payload a job may store. Default 512 bytes. */
  maxQrPayloadBytes?: number;
  logger?: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
}

// ---------------------------------------------------------------------------------------------
// Internal types
// ---------------------------------------------------------------------------------------------

type ExchangeFailure = 'timeout' | 'lost' | 'notOpen';

interface ReplyWaiter {
  /** The query this byte answers (for the traffic view). */
  n: StatusQuery;
  settle(result: Result<number, ExchangeFailure>): void;
}

type WriteOutcome = 'ok' | 'timeout' | 'failed';

/**
 * The host side of the printer (printer.md §3 "Kiosk job protocol"): status before a job, the job,
 * then status polls until the printer is idle. One job at a time, one status query outstanding
 * at a time, status queries only between writes (never inside a command). Nothing here waits on
 * a real timer: every timeout reads the injected clock.
 */
export class PrinterDriver {
  private readonly clock: Clock;
  private readonly statusTimeoutMs: number;
  private readonly maxRequeries: number;
  private readonly pollIntervalMs: number;
  private readonly idleDeadlineMs: number;
  private readonly writeTimeoutMs: number;
  private readonly maxQrBytes: number;
  private readonly log: PrinterDriverOptions['logger'];

  private transport: Transport | undefined;
  private lostError: Error | undefined;
  private unsubscribe: Array<() => void> = [];
  private waiter: ReplyWaiter | undefined;
  /** Serialises use of the wire: a status exchange or a job write at a time. */
  private wire: Promise<void> = Promise.resolve();
  private jobRunning = false;
  private strayBytes = 0;

  private readonly lostListeners = new Set<(error: Error) => void>();
  private readonly statusListeners = new Set<(status: PrinterStatus) => void>();
  private readonly traffic = new ListenerSet<PrinterTrafficEvent>();

  constructor(options: PrinterDriverOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.statusTimeoutMs = options.statusTimeoutMs ?? STATUS_REPLY_TIMEOUT_MS;
    this.maxRequeries = options.maxStatusRequeries ?? MAX_STATUS_REQUERIES;
    this.pollIntervalMs = options.pollIntervalMs ?? JOB_POLL_INTERVAL_MS;
    this.idleDeadlineMs = options.idleDeadlineMs ?? JOB_IDLE_DEADLINE_MS;
    this.writeTimeoutMs = options.writeTimeoutMs ?? WRITE_TIMEOUT_MS;
    this.maxQrBytes = options.maxQrPayloadBytes ?? MAX_QR_PAYLOAD_BYTES;
    this.log = options.logger;
    if (options.transport) this.attach(options.transport);
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle
  // -------------------------------------------------------------------------------------------

  /** Gives the driver a (new) open transport, e.g. after the port was reopened following a loss. */
  attach(transport: Transport): void {
    if (!transport.isOpen) {
      throw new Error(
        `printer driver: attach() needs an open transport (${transport.description})`,
      );
    }
    const previous = this.transport;
    this.detach('notOpen');
    if (previous && previous !== transport) void previous.close().catch(() => undefined);
    this.transport = transport;
    this.lostError = undefined;
    this.unsubscribe = [
      transport.onData((chunk) => this.onData(transport, chunk)),
      transport.onLost((error) => this.onTransportLost(transport, error)),
    ];
  }

  /** Stops using the transport and closes it. A status query in flight fails with NOT_OPEN. */
  async close(): Promise<void> {
    const transport = this.transport;
    this.detach('notOpen');
    if (transport) await transport.close().catch(() => undefined);
  }

  /** A job is running (from `print` until its result). */
  get busy(): boolean {
    return this.jobRunning;
  }

  /** The transport was lost and no new one was attached. */
  get lost(): boolean {
    return this.lostError !== undefined;
  }

  /** Bytes that arrived with no status query outstanding (noise, or a reply after its timeout). */
  get strayByteCount(): number {
    return this.strayBytes;
  }

  /** Called once per loss, when the transport reports the device gone. */
  onLost(listener: (error: Error) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** Every complete status read (before a job, after a job, and each `status()`). */
  onStatus(listener: (status: PrinterStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Every job, status query and reply on the wire: the technician's traffic view. */
  onTraffic(listener: Listener<PrinterTrafficEvent>): () => void {
    return this.traffic.add(listener);
  }

  // -------------------------------------------------------------------------------------------
  // Status
  // -------------------------------------------------------------------------------------------

  /** Queries DLE EOT 1, 2, 3, 4 and decodes them. Waits for a job write in progress to finish. */
  status(): Promise<Result<PrinterStatus, StatusError>> {
    return this.exclusive(() => this.readStatus(ALL_STATUS_QUERIES));
  }

  /** `status()` as the domain union, with unreachable and lost as conditions. */
  async condition(): Promise<PrinterCondition> {
    const result = await this.status();
    if (result.ok) return conditionOf(result.value);
    return result.error.code === 'UNREACHABLE' ? { kind: 'unreachable' } : { kind: 'lost' };
  }

  // -------------------------------------------------------------------------------------------
  // Printing
  // -------------------------------------------------------------------------------------------

  /**
   * Prints one job (e.g. `encodeLabel(...).bytes`, which ends with its cut) by the kiosk job
   * protocol: status first, refused with a typed reason if the printer cannot print; then the
   * job; then polls until idle. Never throws; never sends anything for a refused job.
   */
  async print(job: Uint8Array): Promise<Result<PrintReceipt, PrintError>> {
    if (this.jobRunning) return refused('BUSY', 'another print job is running; one job at a time');
    if (job.length === 0) return refused('EMPTY_JOB', 'the job has no bytes');
    const unusable = this.unusable();
    if (unusable) return refused(unusable.code === 'LOST' ? 'LOST' : 'NOT_OPEN', unusable.detail);
    const oversize = qrPayloadsOf(job).find((p) => p.length > this.maxQrBytes);
    if (oversize) {
      return refused(
        'QR_TOO_LARGE',
        `the job stores a ${oversize.length}-byte QR payload; the limit is ${this.maxQrBytes} (print a short reference instead)`,
      );
    }
    this.jobRunning = true;
    try {
      const sent = await this.exclusive(() => this.checkAndSend(job));
      if (!sent.ok) return sent;
      return await this.awaitIdle();
    } finally {
      this.jobRunning = false;
    }
  }

  /** Steps 1–3: status, refuse or send. Runs holding the wire. */
  private async checkAndSend(job: Uint8Array): Promise<Result<null, PrintError>> {
    const before = await this.readStatus(ALL_STATUS_QUERIES);
    if (!before.ok) {
      const reason = before.error.code === 'UNREACHABLE' ? 'UNREACHABLE' : before.error.code;
      return refused(reason, `status before the job failed: ${before.error.detail}`);
    }
    const fault = blockingFault(before.value);
    if (fault) {
      this.log?.warn({ fault, status: before.value }, 'printer: job refused');
      return refused(
        fault,
        `the printer cannot print: ${describeFault(fault, before.value)}`,
        before.value,
      );
    }
    // The cable may have gone while the status was read: then nothing has been sent yet.
    const unusable = this.unusable();
    if (unusable) return refused(unusable.code === 'LOST' ? 'LOST' : 'NOT_OPEN', unusable.detail);
    const transport = this.transport;
    if (!transport) return refused('NOT_OPEN', 'the printer driver has no transport');
    if (this.traffic.size > 0)
      this.traffic.emit({ kind: 'job', dir: 'tx', atMs: this.clock.now(), bytes: job.slice() });
    const outcome = await this.writeWithTimeout(transport, job);
    if (outcome === 'timeout') {
      return uncertain(
        'WRITE_TIMEOUT',
        `the job was not taken within ${this.writeTimeoutMs} ms (printer holding flow control?)`,
      );
    }
    if (outcome === 'failed') {
      return uncertain(
        'LOST',
        `writing the job failed: ${this.lostError?.message ?? 'write error'}`,
      );
    }
    return ok(null);
  }

  /** Steps 4–5: poll n = 1, 2, 3 until two clean polls in a row, or 10 s; then n = 4 once. */
  private async awaitIdle(): Promise<Result<PrintReceipt, PrintError>> {
    const deadline = this.clock.now() + this.idleDeadlineMs;
    let clean = 0;
    let polls = 0;
    for (;;) {
      const polled = await this.exclusive(() => this.readBytes(POLL_STATUS_QUERIES));
      polls++;
      if (!polled.ok) return pollFailed(polled.error);
      const decoded = this.decode(polled.value, false);
      if (!decoded.ok) return pollFailed(decoded.error);
      const last = decoded.value;
      const fault = jobFault(last);
      if (fault) {
        return uncertain(
          fault,
          `the printer reported ${describeFault(fault, last)} after the job`,
          last,
        );
      }
      clean = isIdle(last) ? clean + 1 : 0;
      if (clean >= IDLE_CONSECUTIVE_POLLS) return this.finishJob(polled.value, last, polls);
      if (this.clock.now() >= deadline) {
        return uncertain(
          'NOT_IDLE',
          `the printer was not idle within ${this.idleDeadlineMs} ms of the job`,
          last,
        );
      }
      await this.sleep(this.pollIntervalMs);
    }
  }

  /**
   * n = 4 once at the end, for the near-end notice. A failure here does not undo a job the
   * printer has already confirmed; the notice waits for the next status read.
   */
  private async finishJob(
    polledBytes: StatusBytes,
    polled: PrinterStatus,
    polls: number,
  ): Promise<Result<PrintReceipt, PrintError>> {
    const sensor = await this.exclusive(() => this.query(STATUS_PAPER_SENSOR));
    let status = polled;
    if (sensor.ok) {
      const full = this.decode({ ...polledBytes, 4: sensor.value }, true);
      if (full.ok) status = full.value;
    } else {
      this.log?.warn({ error: sensor.error }, 'printer: paper sensor read after the job failed');
    }
    return ok({ status, paperNearEnd: status.paper === 'near_end', polls });
  }

  // -------------------------------------------------------------------------------------------
  // Status exchanges (call holding the wire)
  // -------------------------------------------------------------------------------------------

  private async readStatus(
    queries: readonly StatusQuery[],
  ): Promise<Result<PrinterStatus, StatusError>> {
    const raw = await this.readBytes(queries);
    if (!raw.ok) return raw;
    return this.decode(raw.value, queries.length === ALL_STATUS_QUERIES.length);
  }

  private async readBytes(
    queries: readonly StatusQuery[],
  ): Promise<Result<StatusBytes, StatusError>> {
    const bytes: Partial<Record<StatusQuery, number>> = {};
    for (const n of queries) {
      const reply = await this.query(n);
      if (!reply.ok) return reply;
      bytes[n] = reply.value;
    }
    return ok({ 1: bytes[1] ?? 0, 2: bytes[2] ?? 0, 3: bytes[3] ?? 0, 4: bytes[4] });
  }

  private decode(raw: StatusBytes, complete: boolean): Result<PrinterStatus, StatusError> {
    const decoded = decodeStatus(raw);
    if (!decoded.ok) {
      // Cannot happen (each byte was checked on arrival), but a decode error is never thrown.
      return err({ code: 'UNREACHABLE', detail: decoded.error.detail, query: decoded.error.n });
    }
    if (this.traffic.size > 0)
      this.traffic.emit({
        kind: 'status',
        dir: 'event',
        atMs: this.clock.now(),
        status: decoded.value,
      });
    if (complete) {
      for (const listener of [...this.statusListeners]) listener(decoded.value);
    }
    return decoded;
  }

  /**
   * One query with its re-queries: a reply whose fixed bits are wrong is noise or a desync, so the
   * query is sent again, up to `maxStatusRequeries` times, before the printer is UNREACHABLE.
   */
  private async query(n: StatusQuery): Promise<Result<number, StatusError>> {
    let lastDetail = '';
    for (let attempt = 0; attempt <= this.maxRequeries; attempt++) {
      const reply = await this.exchange(n, attempt);
      if (!reply.ok) {
        if (reply.error === 'timeout') {
          return err({
            code: 'UNREACHABLE',
            query: n,
            detail: `no reply to DLE EOT ${n} within ${this.statusTimeoutMs} ms`,
          });
        }
        const code = reply.error === 'lost' ? 'LOST' : 'NOT_OPEN';
        const detail =
          reply.error === 'lost'
            ? `the printer was lost (${this.lostError?.message ?? 'transport error'})`
            : 'the printer driver has no transport';
        return err({ code, query: n, detail });
      }
      const checked = checkStatusByte(n, reply.value);
      if (checked.ok) return checked;
      lastDetail = checked.error.detail;
      this.log?.debug({ n, byte: reply.value, attempt }, 'printer: garbled status reply, re-query');
    }
    return err({
      code: 'UNREACHABLE',
      query: n,
      detail: `${lastDetail}; still wrong after ${this.maxRequeries} re-queries`,
    });
  }

  /** Sends DLE EOT n and waits for one byte, at most `statusTimeoutMs`. */
  private exchange(n: StatusQuery, requery = 0): Promise<Result<number, ExchangeFailure>> {
    const unusable = this.unusable();
    if (unusable) return Promise.resolve(err(unusable.code === 'LOST' ? 'lost' : 'notOpen'));
    const transport = this.transport;
    if (!transport) return Promise.resolve(err('notOpen'));
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => {
        if (this.waiter === waiter && this.traffic.size > 0) {
          this.traffic.emit({
            kind: 'noReply',
            dir: 'event',
            atMs: this.clock.now(),
            n,
            timeoutMs: this.statusTimeoutMs,
          });
        }
        waiter.settle(err('timeout'));
      }, this.statusTimeoutMs);
      const waiter: ReplyWaiter = {
        n,
        settle: (result) => {
          if (this.waiter !== waiter) return;
          this.waiter = undefined;
          this.clock.clearTimeout(timer);
          resolve(result);
        },
      };
      this.waiter = waiter;
      const query = statusQuery(n);
      if (this.traffic.size > 0) {
        this.traffic.emit({
          kind: 'statusQuery',
          dir: 'tx',
          atMs: this.clock.now(),
          n,
          bytes: query,
          requery,
        });
      }
      // A failed write is also reported through onLost, which settles the waiter as lost.
      transport.write(query).catch(() => waiter.settle(err('lost')));
    });
  }

  // -------------------------------------------------------------------------------------------
  // Plumbing
  // -------------------------------------------------------------------------------------------

  private onData(from: Transport, chunk: Uint8Array): void {
    if (from !== this.transport) return;
    const stray: number[] = [];
    for (const byte of chunk) {
      const waiter = this.waiter;
      if (waiter) {
        if (this.traffic.size > 0) {
          this.traffic.emit({
            kind: 'statusReply',
            dir: 'rx',
            atMs: this.clock.now(),
            n: waiter.n,
            byte,
            valid: hasValidFixedBits(byte),
          });
        }
        waiter.settle(ok(byte));
      } else {
        // No query outstanding: a reply that came after its timeout, or line noise. Taking it
        // as the answer to a later query would misread the printer, so it is dropped.
        this.strayBytes++;
        stray.push(byte);
      }
    }
    if (stray.length > 0 && this.traffic.size > 0) {
      this.traffic.emit({
        kind: 'stray',
        dir: 'rx',
        atMs: this.clock.now(),
        bytes: Uint8Array.from(stray),
      });
    }
  }

  private onTransportLost(from: Transport, error: Error): void {
    if (from !== this.transport || this.lostError) return;
    this.lostError = error;
    this.log?.warn({ port: from.description, error: error.message }, 'printer: transport lost');
    this.waiter?.settle(err('lost'));
    for (const listener of [...this.lostListeners]) listener(error);
  }

  private unusable(): StatusError | undefined {
    if (this.lostError) {
      return { code: 'LOST', detail: `the printer was lost (${this.lostError.message})` };
    }
    if (!this.transport?.isOpen) {
      return { code: 'NOT_OPEN', detail: 'the printer driver has no open transport' };
    }
    return undefined;
  }

  private detach(failWith: ExchangeFailure): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.transport = undefined;
    this.waiter?.settle(err(failWith));
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.wire.then(task);
    this.wire = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async writeWithTimeout(transport: Transport, bytes: Uint8Array): Promise<WriteOutcome> {
    let timer: unknown;
    const timeout = new Promise<WriteOutcome>((resolve) => {
      timer = this.clock.setTimeout(() => resolve('timeout'), this.writeTimeoutMs);
    });
    const write = transport.write(bytes).then(
      (): WriteOutcome => 'ok',
      (): WriteOutcome => 'failed',
    );
    const outcome = await Promise.race([write, timeout]);
    this.clock.clearTimeout(timer);
    return outcome;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.clock.setTimeout(resolve, ms);
    });
  }
}

function refused(
  reason: PrintRefusalReason,
  detail: string,
  status?: PrinterStatus,
): { ok: false; error: PrintError } {
  const error: PrintError = { kind: 'REFUSED', reason, detail };
  if (status) error.status = status;
  return err(error);
}

function uncertain(
  reason: PrintUncertainReason,
  detail: string,
  status?: PrinterStatus,
): { ok: false; error: PrintError } {
  const error: PrintError = { kind: 'PRINT_UNCERTAIN', reason, detail };
  if (status) error.status = status;
  return err(error);
}

/** A status poll after the job failed: the job went out, so the label is uncertain. */
function pollFailed(error: StatusError): { ok: false; error: PrintError } {
  const reason = error.code === 'UNREACHABLE' ? 'UNREACHABLE' : 'LOST';
  return uncertain(reason, `status after the job failed: ${error.detail}`);
}

function describeFault(fault: PrinterFaultReason, status: PrinterStatus): string {
  switch (fault) {
    case 'COVER_OPEN':
      return 'cover open';
    case 'PAPER_OUT':
      return 'paper out';
    case 'PRINTER_ERROR':
      return `error (${status.error ?? 'unspecified'})`;
    case 'OFFLINE':
      return 'offline';
  }
}
