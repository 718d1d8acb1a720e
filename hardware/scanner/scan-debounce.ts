import { SCAN_DEBOUNCE_MS } from './protocol';

/**
 * The 1 s debounce every scanner transport shares (scanner.md §6, §7): a scan identical to the
 * last EMITTED one (same aim and raw) within the window is dropped. Pure: arrival times are
 * arguments, so each driver stamps them with its injected clock.
 *
 * Same rule as the serial ScannerDriver's inline check (driver.ts `accept`), extracted so the HID
 * and wedge paths do not copy it; the serial driver can switch to it without a behaviour change.
 */
export class ScanDebouncer {
  private last: { aim: string | null; raw: Uint8Array; atMs: number } | null = null;

  /** `windowMs`: identical scans closer than this are one scan. Default SCAN_DEBOUNCE_MS (1000). */
  constructor(private readonly windowMs: number = SCAN_DEBOUNCE_MS) {}

  /** True when the scan should be emitted; false when it repeats the last emitted one too soon. */
  accept(scan: { readonly aim: string | null; readonly raw: Uint8Array }, atMs: number): boolean {
    const last = this.last;
    const repeat =
      last !== null &&
      atMs - last.atMs < this.windowMs &&
      last.aim === scan.aim &&
      sameBytes(last.raw, scan.raw);
    if (repeat) return false;
    // The window runs from the last EMITTED scan, so a scanner in continuous mode re-reporting the
    // same code still produces one event per window instead of being silenced forever.
    this.last = { aim: scan.aim, raw: scan.raw, atMs };
    return true;
  }

  /** Forgets the last scan (the next one is always emitted). */
  reset(): void {
    this.last = null;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
