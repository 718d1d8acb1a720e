import { systemClock, type Clock } from '../../contracts/clock';
import type { Transport } from '../transports/transport';
import {
  encodeFrame,
  statusFlags,
  type OximeterCodecError,
  type OximeterPacket,
  type Perfusion,
} from './codec';
import { OximeterFramer, type OximeterFramerOutput, type OximeterFramerStats } from './framer';
import {
  FRAME_LENGTH,
  FRAME_RATE_HZ,
  LINK_DEGRADED_AFTER_MS,
  LINK_DOWN_AFTER_MS,
  STATUS_SYNC,
} from './protocol';
import {
  advanceRun,
  classifyPacket,
  conditionToEvent,
  linkToEvent,
  type GoodPacket,
  type OximeterCondition,
  type OximeterLinkState,
  type OximeterMachineEvent,
  type OximeterReading,
} from './status';
import { ListenerSet, type Listener } from '../listener-set';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export interface OximeterDriverOptions {
  /** The port (opened by `open()` unless already open). */
  transport: Transport;
  /** Every timer reads this clock. Default: systemClock. */
  clock?: Clock;
  /**
   * Pleth samples are handed to the UI in batches at most this often. Default 100 ms (about 7
   * samples): smooth enough for a waveform, and 10 renderer updates per second instead of 75.
   */
  liveBatchMs?: number;
  /** Default 1000 ms (vitals.md §C). */
  linkDownAfterMs?: number;
  /** Default 2000 ms (vitals.md §C). */
  linkDegradedAfterMs?: number;
}

/** A batch of pleth samples for the UI waveform. */
export interface PlethBatch {
  /** 8-bit samples, oldest first. */
  samples: number[];
  /** 75 Hz: one sample per frame. */
  sampleRateHz: number;
  /** Clock time at which the first sample arrived. */
  firstAtMs: number;
  /** Indexes into `samples` where a pulse indication (any perfusion colour) begins: beat marks. */
  beats: number[];
  /** The perfusion colour of the last beat mark in the batch, or of an earlier one if none. */
  perfusion: Perfusion;
}

export interface OximeterLinkChange {
  state: OximeterLinkState;
  previous: OximeterLinkState;
  reason: 'frames' | 'sync' | 'noFrames' | 'noSync' | 'transportLost' | 'closed';
}

/** A problem on the line. None of these is fatal: the framer resynchronises by itself. */
export interface OximeterLineError {
  code: OximeterCodecError['code'] | 'MISSED_DATA';
  detail: string;
  /** The dropped bytes (absent for MISSED_DATA). */
  bytes?: Uint8Array;
  atMs: number;
}

export interface OximeterReadingEvent extends OximeterReading {
  /** Clock time of the 5th packet. */
  atMs: number;
}

/**
 * What arrived on the wire, for the technician's traffic view: one event per packet (25 frames,
 * 1/3 s) with its bytes and what they mean, and each line problem. The bytes and values are a
 * patient's measurement whenever a finger is in the sensor: whoever records this (the traffic
 * ring) must reduce it before keeping it (main/diagnostics/device-traffic-ring.ts).
 */
export type OximeterTrafficEvent =
  | {
      kind: 'packet';
      atMs: number;
      /** The 25 frames as received (125 bytes). */
      bytes: Uint8Array;
      packet: OximeterPacket;
      condition: OximeterCondition;
    }
  | {
      kind: 'lineError';
      atMs: number;
      code: OximeterLineError['code'];
      /** Bytes dropped (0 for MISSED_DATA, which counts frames). */
      byteCount: number;
      /** MISSED_DATA only: frames discarded. */
      frames?: number;
    };

export interface OximeterDriverStats extends OximeterFramerStats {
  readings: number;
}

/**
 * Host side of the Nonin OEM III stream (vitals.md §A, §C). The module talks and the host only
 * listens: this driver frames the bytes, batches pleth samples for the UI, classifies each packet
 * (finger out, motion, …), turns 5 good packets in a row into a reading, and supervises the link
 * (down after 1 s with no valid frame, degraded after 2 s with no SYNC). It never writes to the
 * port. Every timer reads the injected clock.
 */
export class OximeterDriver {
  private readonly clock: Clock;
  private readonly liveBatchMs: number;
  private readonly downAfterMs: number;
  private readonly degradedAfterMs: number;
  private readonly framer = new OximeterFramer();

  private transport: Transport;
  private unsubscribe: Array<() => void> = [];
  private opened = false;
  private linkState: OximeterLinkState = 'down';
  private lastFrameAt = 0;
  private lastSyncAt = 0;
  private downTimer: unknown;
  private degradedTimer: unknown;

  private run: GoodPacket[] = [];
  private lastCondition: OximeterCondition | undefined;
  private readingCount = 0;

  private batch: PlethBatch | undefined;
  private batchTimer: unknown;
  private lastPerfusion: Perfusion = 'none';
  private lastBeatPerfusion: Perfusion = 'none';

  private readonly live = new ListenerSet<PlethBatch>();
  private readonly packets = new ListenerSet<{
    packet: OximeterPacket;
    condition: OximeterCondition;
  }>();
  private readonly conditions = new ListenerSet<OximeterCondition>();
  private readonly readings = new ListenerSet<OximeterReadingEvent>();
  private readonly errors = new ListenerSet<OximeterLineError>();
  private readonly links = new ListenerSet<OximeterLinkChange>();
  private readonly lost = new ListenerSet<Error>();
  private readonly machine = new ListenerSet<OximeterMachineEvent>();
  private readonly traffic = new ListenerSet<OximeterTrafficEvent>();

  constructor(options: OximeterDriverOptions) {
    this.transport = options.transport;
    this.clock = options.clock ?? systemClock;
    this.liveBatchMs = options.liveBatchMs ?? 100;
    this.downAfterMs = options.linkDownAfterMs ?? LINK_DOWN_AFTER_MS;
    this.degradedAfterMs = options.linkDegradedAfterMs ?? LINK_DEGRADED_AFTER_MS;
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle
  // -------------------------------------------------------------------------------------------

  /** Subscribes to the port and opens it unless the caller already did. The link starts `down`. */
  async open(): Promise<void> {
    this.opened = true;
    this.subscribe();
    if (!this.transport.isOpen) await this.transport.open();
  }

  /** Stops listening, clears every timer and closes the port. */
  async close(): Promise<void> {
    this.opened = false;
    this.stopTimers();
    this.setLink('down', 'closed');
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    await this.transport.close().catch(() => undefined);
  }

  /**
   * Hands the driver a new, open port after the old one was lost (the device supervisor's
   * reopen). The framer and the run start clean.
   */
  attach(transport: Transport): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    const previous = this.transport;
    if (previous !== transport) void previous.close().catch(() => undefined);
    this.transport = transport;
    this.framer.reset();
    this.restartRun();
    if (this.opened) this.subscribe();
  }

  /**
   * Forgets the packets collected so far, e.g. when the vitals machine enters "measuring": the
   * next reading is built only from packets that arrive after this call.
   */
  restartRun(): void {
    this.run = [];
  }

  get link(): OximeterLinkState {
    return this.linkState;
  }

  /** The condition of the last packet, or undefined before the first one (or after link down). */
  get condition(): OximeterCondition | undefined {
    return this.lastCondition;
  }

  /** Good packets in the current run (0..4). */
  get runLength(): number {
    return this.run.length;
  }

  get stats(): OximeterDriverStats {
    return { ...this.framer.stats, readings: this.readingCount };
  }

  // -------------------------------------------------------------------------------------------
  // Events
  // -------------------------------------------------------------------------------------------

  /** Pleth samples, batched (see `liveBatchMs`). */
  onLive(listener: Listener<PlethBatch>): () => void {
    return this.live.add(listener);
  }

  /** Every complete packet with its condition (diagnostics, traffic view). */
  onPacket(
    listener: Listener<{ packet: OximeterPacket; condition: OximeterCondition }>,
  ): () => void {
    return this.packets.add(listener);
  }

  /** Each packet and line problem, with the packet's bytes: the technician's traffic view. */
  onTraffic(listener: Listener<OximeterTrafficEvent>): () => void {
    return this.traffic.add(listener);
  }

  /** The packet condition, each time its kind changes (ok ↔ fingerOut ↔ motion …). */
  onCondition(listener: Listener<OximeterCondition>): () => void {
    return this.conditions.add(listener);
  }

  /** A reading: the median of 5 good packets in a row. The run then starts again. */
  onReading(listener: Listener<OximeterReadingEvent>): () => void {
    return this.readings.add(listener);
  }

  /** Bad checksums, noise and missed packets. */
  onError(listener: Listener<OximeterLineError>): () => void {
    return this.errors.add(listener);
  }

  onLink(listener: Listener<OximeterLinkChange>): () => void {
    return this.links.add(listener);
  }

  /** The transport reported the device gone; the device supervisor decides what to do. */
  onLost(listener: Listener<Error>): () => void {
    return this.lost.add(listener);
  }

  /** Conditions, readings, link changes and loss, already mapped to vitals machine events. */
  onMachineEvent(listener: Listener<OximeterMachineEvent>): () => void {
    return this.machine.add(listener);
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

  private handle(output: OximeterFramerOutput): void {
    switch (output.kind) {
      case 'frame': {
        this.lastFrameAt = output.at;
        const sync = (output.frame.status & STATUS_SYNC) !== 0;
        if (sync) this.lastSyncAt = output.at;
        if (this.linkState === 'down') {
          // A fresh link gets the full 2 s before "no SYNC" counts.
          this.lastSyncAt = output.at;
          this.setLink('up', 'frames');
        } else if (this.linkState === 'degraded' && sync) {
          this.setLink('up', 'sync');
        }
        this.armSupervision();
        this.addSample(output.frame.pleth, output.frame.status, output.at);
        return;
      }
      case 'packet':
        this.onPacketComplete(output.packet, output.at);
        return;
      case 'missedData':
        this.run = advanceRun(this.run, { kind: 'missedData' }).run;
        this.traffic.emit({
          kind: 'lineError',
          atMs: output.at,
          code: 'MISSED_DATA',
          byteCount: 0,
          frames: output.frames,
        });
        this.errors.emit({
          code: 'MISSED_DATA',
          detail: `${output.frames} frame(s) discarded (${output.reason === 'partial' ? 'SYNC before 25 frames' : 'no SYNC'})`,
          atMs: output.at,
        });
        return;
      case 'error':
        this.traffic.emit({
          kind: 'lineError',
          atMs: output.at,
          code: output.error.code,
          byteCount: output.bytes.length,
        });
        this.errors.emit({
          code: output.error.code,
          detail: output.error.detail,
          bytes: output.bytes,
          atMs: output.at,
        });
        return;
    }
  }

  private onPacketComplete(packet: OximeterPacket, at: number): void {
    const condition = classifyPacket(packet);
    this.packets.emit({ packet, condition });
    if (this.traffic.size > 0) {
      // The framer passed every frame's checksum, so re-encoding gives back the bytes received.
      const bytes = new Uint8Array(packet.frames.length * FRAME_LENGTH);
      packet.frames.forEach((frame, i) => bytes.set(encodeFrame(frame), i * FRAME_LENGTH));
      this.traffic.emit({ kind: 'packet', atMs: at, bytes, packet, condition });
    }
    if (this.lastCondition?.kind !== condition.kind) {
      this.lastCondition = condition;
      this.conditions.emit(condition);
      this.machine.emit(conditionToEvent(condition));
    } else {
      this.lastCondition = condition;
    }
    const step = advanceRun(this.run, condition);
    this.run = step.run;
    if (step.reading) {
      this.readingCount++;
      const reading: OximeterReadingEvent = { ...step.reading, atMs: at };
      this.readings.emit(reading);
      this.machine.emit({ type: 'OXIMETER.READING', reading });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Live batches
  // -------------------------------------------------------------------------------------------

  private addSample(pleth: number, status: number, at: number): void {
    const perfusion = statusFlags(status).perfusion;
    if (!this.batch) {
      this.batch = {
        samples: [],
        sampleRateHz: FRAME_RATE_HZ,
        firstAtMs: at,
        beats: [],
        perfusion: this.lastBeatPerfusion,
      };
      this.batchTimer = this.clock.setTimeout(() => this.flushBatch(), this.liveBatchMs);
    }
    if (perfusion !== 'none' && this.lastPerfusion === 'none') {
      this.batch.beats.push(this.batch.samples.length);
      this.batch.perfusion = perfusion;
      this.lastBeatPerfusion = perfusion;
    }
    this.lastPerfusion = perfusion;
    this.batch.samples.push(pleth);
  }

  private flushBatch(): void {
    this.clock.clearTimeout(this.batchTimer);
    const batch = this.batch;
    this.batch = undefined;
    this.batchTimer = undefined;
    if (batch && batch.samples.length > 0) this.live.emit(batch);
  }

  // -------------------------------------------------------------------------------------------
  // Link supervision
  // -------------------------------------------------------------------------------------------

  /**
   * One timer per rule, re-armed lazily: frames arrive 75 times a second, so instead of
   * re-creating a timer per frame each timer checks the last arrival when it fires and re-arms
   * for the remainder.
   */
  private armSupervision(): void {
    if (this.downTimer === undefined) {
      this.downTimer = this.clock.setTimeout(() => this.checkDown(), this.downAfterMs);
    }
    if (this.degradedTimer === undefined && this.linkState === 'up') {
      const due = this.lastSyncAt + this.degradedAfterMs - this.clock.now();
      this.degradedTimer = this.clock.setTimeout(() => this.checkDegraded(), Math.max(0, due));
    }
  }

  private checkDown(): void {
    this.downTimer = undefined;
    const silentFor = this.clock.now() - this.lastFrameAt;
    if (silentFor < this.downAfterMs) {
      this.downTimer = this.clock.setTimeout(() => this.checkDown(), this.downAfterMs - silentFor);
      return;
    }
    this.clock.clearTimeout(this.degradedTimer);
    this.degradedTimer = undefined;
    this.setLink('down', 'noFrames');
  }

  private checkDegraded(): void {
    this.degradedTimer = undefined;
    if (this.linkState !== 'up') return;
    const noSyncFor = this.clock.now() - this.lastSyncAt;
    if (noSyncFor < this.degradedAfterMs) {
      this.degradedTimer = this.clock.setTimeout(
        () => this.checkDegraded(),
        this.degradedAfterMs - noSyncFor,
      );
      return;
    }
    this.setLink('degraded', 'noSync');
  }

  private setLink(state: OximeterLinkState, reason: OximeterLinkChange['reason']): void {
    const previous = this.linkState;
    if (previous === state) return;
    this.linkState = state;
    if (state === 'down') {
      // Nothing from before the gap may count towards a reading after it.
      this.run = [];
      this.lastCondition = undefined;
      this.flushBatch();
    }
    this.links.emit({ state, previous, reason });
    this.machine.emit(linkToEvent(state));
  }

  private onTransportLost(error: Error): void {
    this.stopTimers();
    this.framer.reset();
    this.setLink('down', 'transportLost');
    this.lost.emit(error);
    this.machine.emit({ type: 'OXIMETER.LOST', detail: error.message });
  }

  private stopTimers(): void {
    this.clock.clearTimeout(this.downTimer);
    this.clock.clearTimeout(this.degradedTimer);
    this.clock.clearTimeout(this.batchTimer);
    this.downTimer = undefined;
    this.degradedTimer = undefined;
    this.batchTimer = undefined;
    this.batch = undefined;
  }
}
