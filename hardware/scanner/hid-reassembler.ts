import { err, type Result } from '../../contracts/result';
import { buildScanEvent } from './codec';
import { DEFAULT_HID_LAYOUT, type HidLayout } from './hid-layout';
import { decodeHidReport, type HidReportError } from './hid-report-codec';
import { MAX_MESSAGE_BYTES } from './protocol';
import type { ScanError, ScanEvent } from './scan-event';

/**
 * HID POS reports + arrival times → ScanEvents (scanner.md §1, §7). Owns no timers: the caller
 * passes each report's arrival time and may call `expire(now)` from its own clock so a partial
 * barcode is dropped on time even when no further report comes.
 */

/**
 * A gap of MORE than this between two reports of one barcode discards it (§1 project choice). A
 * scanner sends a barcode's reports back to back (every 1–8 ms at USB polling rates), so a longer
 * silence means the rest was lost.
 */
export const HID_REASSEMBLY_GAP_MS = 100;

/**
 * After a barcode is discarded, further reports with its AIM arriving within this time of its
 * previous report are taken as the rest of it and dropped, never emitted alone (§7). Reports carry
 * no sequence number, so "the rest of the old barcode" and "a new scan of the same symbology" can
 * only be told apart by time: the rest comes in the same burst (a stalled event loop delivers it a
 * little late), while a person presents the next pack a second or more later. One second errs on
 * the safe side: a fragment is never taken for a barcode, at worst a very quick rescan is refused.
 */
export const HID_LATE_CONTINUATION_WINDOW_MS = 1000;

export type HidScanError =
  | HidReportError
  | ScanError
  /** A report with a different AIM arrived mid-barcode: the partial was dropped, the new one started. */
  | { readonly code: 'aim_changed'; readonly discardedBytes: number }
  /** The rest of a barcode already discarded arrived and was dropped too. */
  | { readonly code: 'late_continuation'; readonly discardedBytes: number };

export type HidScanErrorCode = HidScanError['code'];
export type HidReassemblerOutput = Result<ScanEvent, HidScanError>;

export interface HidReassemblerOptions {
  /** Default ACCESS_IS_HID_LAYOUT. */
  readonly layout?: HidLayout;
  /** Default HID_REASSEMBLY_GAP_MS (100). */
  readonly gapMs?: number;
  /** Default HID_LATE_CONTINUATION_WINDOW_MS (1000). */
  readonly lateWindowMs?: number;
  /** Longest barcode kept; the transport-wide cap. Default MAX_MESSAGE_BYTES (4096). */
  readonly maxMessageBytes?: number;
}

type State =
  | { readonly kind: 'idle' }
  | {
      readonly kind: 'assembling';
      readonly aim: string | null;
      readonly chunks: Uint8Array[];
      length: number;
      lastMs: number;
    }
  /** Dropping the remaining reports of a barcode that was discarded. */
  | { readonly kind: 'skipping'; readonly aim: string | null; lastMs: number };

const IDLE: State = { kind: 'idle' };

export class HidReassembler {
  private readonly layout: HidLayout;
  private readonly gapMs: number;
  private readonly lateWindowMs: number;
  private readonly maxMessageBytes: number;
  private state: State = IDLE;

  constructor(options: HidReassemblerOptions = {}) {
    this.layout = options.layout ?? DEFAULT_HID_LAYOUT;
    this.gapMs = options.gapMs ?? HID_REASSEMBLY_GAP_MS;
    this.lateWindowMs = options.lateWindowMs ?? HID_LATE_CONTINUATION_WINDOW_MS;
    this.maxMessageBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  }

  /** Bytes held for the barcode in progress. */
  get pendingBytes(): number {
    return this.state.kind === 'assembling' ? this.state.length : 0;
  }

  /**
   * When the barcode in progress goes stale (its last report + the gap + 1 ms), or null when none
   * is open. A driver arms one timer for it and then calls `expire`.
   */
  get gapDeadlineMs(): number | null {
    return this.state.kind === 'assembling' ? this.state.lastMs + this.gapMs + 1 : null;
  }

  /** Applies the time rules at `nowMs` without a report: the gap and the end of a skip. */
  expire(nowMs: number): HidReassemblerOutput[] {
    const out: HidReassemblerOutput[] = [];
    this.applyTime(nowMs, out);
    return out;
  }

  /** Feeds one report as read from the device; returns the scans and errors it caused, in order. */
  push(report: Uint8Array, arrivalMs: number): HidReassemblerOutput[] {
    const out: HidReassemblerOutput[] = [];
    const decoded = decodeHidReport(report, this.layout);
    if (!decoded.ok) {
      const error = decoded.error;
      out.push(err(error));
      // A short or foreign report is not part of any barcode (another report type, line noise):
      // it leaves the barcode in progress alone, and its time does not count as the barcode's.
      if (error.code === 'short_report' || error.code === 'wrong_report_id') return out;
      // A corrupt report of the barcode: the barcode can no longer be whole (§7: N > 56 discards
      // the partial), and if more reports follow they belong to it and are skipped.
      this.applyTime(arrivalMs, out);
      const aim =
        this.state.kind === 'idle'
          ? error.code === 'bad_length'
            ? error.aim
            : null
          : this.state.aim;
      this.state = error.continues ? { kind: 'skipping', aim, lastMs: arrivalMs } : IDLE;
      return out;
    }
    const { aim, data, continues } = decoded.value;
    this.applyTime(arrivalMs, out);

    if (this.state.kind === 'skipping') {
      if (this.state.aim === aim) {
        out.push(err({ code: 'late_continuation', discardedBytes: data.length }));
        if (continues) this.state.lastMs = arrivalMs;
        else this.state = IDLE;
        return out;
      }
      // Another symbology cannot be the rest of the dropped barcode: it is a new scan.
      this.state = IDLE;
    }

    if (this.state.kind === 'assembling' && this.state.aim !== aim) {
      out.push(err({ code: 'aim_changed', discardedBytes: this.state.length }));
      this.state = IDLE;
    }

    if (this.state.kind === 'idle') {
      // N = 0 with no continuation ends a barcode; with none open there is nothing to end (§7).
      if (data.length === 0 && !continues) return out;
      this.state = { kind: 'assembling', aim, chunks: [], length: 0, lastMs: arrivalMs };
    }
    const current = this.state;
    if (current.kind !== 'assembling') return out; // unreachable: narrowed for the compiler

    if (current.length + data.length > this.maxMessageBytes) {
      // Keeping on would let a stuck continuation bit grow memory without bound.
      out.push(err({ code: 'overflow', discardedBytes: current.length + data.length }));
      this.state = continues ? { kind: 'skipping', aim, lastMs: arrivalMs } : IDLE;
      return out;
    }
    current.chunks.push(data);
    current.length += data.length;
    current.lastMs = arrivalMs;
    if (continues) return out;

    this.state = IDLE;
    const raw = new Uint8Array(current.length);
    let at = 0;
    for (const chunk of current.chunks) {
      raw.set(chunk, at);
      at += chunk.length;
    }
    // The rules every transport shares: printable ASCII + GS, the 4,096-byte cap, not empty.
    out.push(buildScanEvent('hid', current.aim, raw));
    return out;
  }

  /** Forgets everything (a reopened device starts clean). */
  reset(): void {
    this.state = IDLE;
  }

  private applyTime(nowMs: number, out: HidReassemblerOutput[]): void {
    const state = this.state;
    if (state.kind === 'assembling' && nowMs - state.lastMs > this.gapMs) {
      out.push(
        err({ code: 'gap_timeout', discardedBytes: state.length, gapMs: nowMs - state.lastMs }),
      );
      // Anything of this barcode still to come is late and must not be emitted on its own.
      this.state = { kind: 'skipping', aim: state.aim, lastMs: state.lastMs };
    }
    const after = this.state;
    if (after.kind === 'skipping' && nowMs - after.lastMs > this.lateWindowMs) this.state = IDLE;
  }
}
