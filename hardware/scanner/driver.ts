import type { Clock } from '../../contracts/clock';
import { ScanDebouncer } from './scan-debounce';
import type { Transport } from '../transports/transport';
import { decodeSerialMessage } from './codec';
import { SerialFramer, type SerialFramerOptions } from './framer';
import { SCAN_DEBOUNCE_MS } from './protocol';
import { redactScan, type RedactedScan } from './redact';
import type { ScanError, ScanErrorCode, ScanEvent } from './scan-event';
import { ListenerSet, type Listener } from '../listener-set';

/**
 * Serial/CDC scanner driver: owns one injected Transport, frames and decodes what arrives, drops
 * repeats of the same barcode, and reports traffic for the technician view in redacted form only.
 * The scanner never needs commands from us in AIM mode, so nothing is written to the port.
 */

export interface ScannerDriverOptions {
  readonly transport: Transport;
  /** Stamps arrivals (inter-byte gap, debounce); a manual clock in tests. */
  readonly clock: Clock;
  /** Identical scans (aim + raw) closer than this to the last emitted one are dropped. Default 1000 ms. */
  readonly debounceMs?: number;
  readonly framer?: SerialFramerOptions;
}

/**
 * What the technician's live traffic view may show. Raw bytes are reduced to a count, and a whole
 * message to its redacted summary, so no payload ever leaves the driver through this channel.
 */
export type ScannerTraffic =
  | { readonly kind: 'bytes'; readonly atMs: number; readonly byteCount: number }
  | {
      readonly kind: 'scan';
      readonly atMs: number;
      readonly scan: RedactedScan;
      /** True when the scan repeated the previous one inside the debounce window and was dropped. */
      readonly debounced: boolean;
    }
  | { readonly kind: 'error'; readonly atMs: number; readonly code: ScanErrorCode };

export class ScannerDriver {
  private readonly transport: Transport;
  private readonly clock: Clock;
  private readonly debouncer: ScanDebouncer;
  private readonly framer: SerialFramer;
  private readonly scans = new ListenerSet<ScanEvent>();
  private readonly errors = new ListenerSet<ScanError>();
  private readonly traffic = new ListenerSet<ScannerTraffic>();
  private readonly lost = new ListenerSet<Error>();
  private unsubscribe: (() => void)[] = [];

  constructor(options: ScannerDriverOptions) {
    this.transport = options.transport;
    this.clock = options.clock;
    this.debouncer = new ScanDebouncer(options.debounceMs ?? SCAN_DEBOUNCE_MS);
    this.framer = new SerialFramer(options.framer);
  }

  onScan(listener: Listener<ScanEvent>): () => void {
    return this.scans.add(listener);
  }

  onError(listener: Listener<ScanError>): () => void {
    return this.errors.add(listener);
  }

  onTraffic(listener: Listener<ScannerTraffic>): () => void {
    return this.traffic.add(listener);
  }

  /** The transport reported the device gone; the device supervisor decides what to do. */
  onLost(listener: Listener<Error>): () => void {
    return this.lost.add(listener);
  }

  /** Subscribes to the transport and opens it unless the caller already did. */
  async open(): Promise<void> {
    if (this.unsubscribe.length === 0) {
      this.unsubscribe = [
        this.transport.onData((chunk) => this.receive(chunk)),
        this.transport.onLost((error) => {
          this.framer.reset();
          this.lost.emit(error);
        }),
      ];
    }
    if (!this.transport.isOpen) await this.transport.open();
  }

  async close(): Promise<void> {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.framer.reset();
    await this.transport.close();
  }

  private receive(chunk: Uint8Array): void {
    const atMs = this.clock.now();
    this.traffic.emit({ kind: 'bytes', atMs, byteCount: chunk.length });
    for (const framed of this.framer.push(chunk, atMs)) {
      if (!framed.ok) {
        this.fail(framed.error, atMs);
        continue;
      }
      const decoded = decodeSerialMessage(framed.value.bytes);
      if (!decoded.ok) {
        this.fail(decoded.error, atMs);
        continue;
      }
      this.accept(decoded.value, framed.value.arrivalMs);
    }
  }

  private accept(scan: ScanEvent, atMs: number): void {
    const debounced = !this.debouncer.accept(scan, atMs);
    this.traffic.emit({ kind: 'scan', atMs, scan: redactScan(scan), debounced });
    if (!debounced) this.scans.emit(scan);
  }

  private fail(error: ScanError, atMs: number): void {
    this.traffic.emit({ kind: 'error', atMs, code: error.code });
    this.errors.emit(error);
  }
}
