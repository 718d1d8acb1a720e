import type { Clock } from '../../contracts/clock';
import type { HidDevice } from '../transports/hid-transport';
import type { HidLayout } from './hid-layout';
import {
  HidReassembler,
  type HidReassemblerOptions,
  type HidScanError,
  type HidScanErrorCode,
} from './hid-reassembler';
import { redactScan, type RedactedScan } from './redact';
import { ScanDebouncer } from './scan-debounce';
import type { ScanEvent } from './scan-event';
import { ListenerSet, type Listener } from '../listener-set';

/**
 * HID POS scanner driver: owns one opened HID device, reassembles its reports into scans, drops
 * repeats within the debounce window, and reports traffic for the technician view in redacted
 * form only. Nothing is written to the device (host→scanner output reports are out of scope, §1).
 *
 * A read error means the scanner is gone (unplug): it is reported once through `onLost`, the
 * handle is closed, and the device supervisor reopens it through openHidDevice.
 */

export interface HidScannerDriverOptions {
  readonly device: HidDevice;
  /** Stamps report arrivals (gap, debounce) and runs the gap timer; a manual clock in tests. */
  readonly clock: Clock;
  /** Default ACCESS_IS_HID_LAYOUT. */
  readonly layout?: HidLayout;
  /** Identical scans (aim + raw) closer than this to the last emitted one are dropped. Default 1000 ms. */
  readonly debounceMs?: number;
  /** Gap, late-continuation window and size cap; defaults as in HidReassembler. */
  readonly reassembly?: Omit<HidReassemblerOptions, 'layout'>;
}

/** Like the serial driver's ScannerTraffic, with HID's error codes and reports instead of bytes. */
export type HidScannerTraffic =
  | { readonly kind: 'report'; readonly atMs: number; readonly byteCount: number }
  | {
      readonly kind: 'scan';
      readonly atMs: number;
      readonly scan: RedactedScan;
      readonly debounced: boolean;
    }
  | { readonly kind: 'error'; readonly atMs: number; readonly code: HidScanErrorCode };

const toError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(`HID read failed: ${String(error)}`);

export class HidScannerDriver {
  private readonly device: HidDevice;
  private readonly clock: Clock;
  private readonly reassembler: HidReassembler;
  private readonly debouncer: ScanDebouncer;
  private readonly scans = new ListenerSet<ScanEvent>();
  private readonly errors = new ListenerSet<HidScanError>();
  private readonly traffic = new ListenerSet<HidScannerTraffic>();
  private readonly lost = new ListenerSet<Error>();
  private state: 'created' | 'running' | 'lost' | 'closed' = 'created';
  private gapTimer: unknown = null;

  // Bound once so the same function can be removed from the device again.
  private readonly handleData = (report: Uint8Array): void => this.receive(report);
  private readonly handleError = (error: unknown): void => this.fail(error);

  constructor(options: HidScannerDriverOptions) {
    this.device = options.device;
    this.clock = options.clock;
    this.reassembler = new HidReassembler({
      ...options.reassembly,
      ...(options.layout === undefined ? {} : { layout: options.layout }),
    });
    this.debouncer = new ScanDebouncer(options.debounceMs);
  }

  onScan(listener: Listener<ScanEvent>): () => void {
    return this.scans.add(listener);
  }

  onError(listener: Listener<HidScanError>): () => void {
    return this.errors.add(listener);
  }

  onTraffic(listener: Listener<HidScannerTraffic>): () => void {
    return this.traffic.add(listener);
  }

  /** The device is gone (a read failed); reported once. The device supervisor decides what next. */
  onLost(listener: Listener<Error>): () => void {
    return this.lost.add(listener);
  }

  /**
   * Starts reading. node-hid starts its read loop when a `data` listener is added, so subscribe
   * to onScan/onError/onLost first.
   */
  start(): void {
    if (this.state !== 'created') return;
    this.state = 'running';
    this.device.on('error', this.handleError);
    this.device.on('data', this.handleData);
  }

  /** Stops reading and closes the device. Idempotent; after a loss the handle is already closed. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const wasLost = this.state === 'lost';
    this.state = 'closed';
    this.detach();
    if (!wasLost) await this.device.close();
  }

  private receive(report: Uint8Array): void {
    if (this.state !== 'running') return;
    const atMs = this.clock.now();
    this.traffic.emit({ kind: 'report', atMs, byteCount: report.length });
    this.deliver(this.reassembler.push(report, atMs), atMs);
    this.armGapTimer();
  }

  private deliver(outputs: ReturnType<HidReassembler['push']>, atMs: number): void {
    for (const output of outputs) {
      if (!output.ok) {
        this.traffic.emit({ kind: 'error', atMs, code: output.error.code });
        this.errors.emit(output.error);
        continue;
      }
      const scan = output.value;
      const emit = this.debouncer.accept(scan, atMs);
      this.traffic.emit({ kind: 'scan', atMs, scan: redactScan(scan), debounced: !emit });
      if (emit) this.scans.emit(scan);
    }
  }

  /**
   * One timer for the barcode in progress, so a partial whose last report never comes is dropped
   * (and reported) 100 ms after its last report rather than whenever the next scan arrives.
   */
  private armGapTimer(): void {
    this.clearGapTimer();
    const deadline = this.reassembler.gapDeadlineMs;
    if (deadline === null) return;
    this.gapTimer = this.clock.setTimeout(() => {
      this.gapTimer = null;
      if (this.state !== 'running') return;
      const atMs = this.clock.now();
      this.deliver(this.reassembler.expire(atMs), atMs);
    }, deadline - this.clock.now());
  }

  private clearGapTimer(): void {
    if (this.gapTimer !== null) this.clock.clearTimeout(this.gapTimer);
    this.gapTimer = null;
  }

  private fail(error: unknown): void {
    if (this.state !== 'running') return;
    this.state = 'lost';
    this.detach();
    // The handle is dead after a failed read; closing frees it and may itself fail, which changes
    // nothing, so that failure is not reported a second time.
    void Promise.resolve()
      .then(() => this.device.close())
      .catch(() => undefined);
    this.lost.emit(toError(error));
  }

  private detach(): void {
    this.clearGapTimer();
    this.reassembler.reset();
    this.device.removeListener('data', this.handleData);
    // The error listener stays: node-hid can emit more read errors while the handle closes, and an
    // EventEmitter with no `error` listener throws them, which would take the kiosk down.
    // `fail` ignores them once the driver is no longer running.
  }
}
