import type { TrafficEvent } from '../../hardware/dispenser/driver';
import type { CuffTrafficEvent } from '../../hardware/bp-cuff/driver';
import type { ScannerTraffic } from '../../hardware/scanner/driver';
import type { HidScannerTraffic } from '../../hardware/scanner/hid-driver';
import { formatRedactedScan, type RedactedScan } from '../../hardware/scanner/redact';

/**
 * The last few hundred wire events per device, for the technician's live traffic view and the
 * diagnostics bundle (issue 9 items 4 and 11). Entries are made safe when they are recorded, so
 * whatever reads the ring can show or export them as they are (DESIGN §9):
 * - dispenser frames in hex with their decoded kind (the VMC protocol carries slots, status codes
 *   and journal seqs: no patient data);
 * - scanner traffic only in the drivers' redacted form (symbology, length, first 8 characters);
 * - BP cuff sentences whole for commands and errors, but a patient's pressures (`P`, `R`) reduced
 *   to their type and session seq.
 * Counters per device (frames good/bad, sends, notes such as resends) are kept beside the ring
 * and never dropped with old entries.
 */

/** Per device: ~1 minute of dispenser POLL traffic; far more of the quieter devices. */
export const DEFAULT_RING_CAPACITY = 500;
/** A frame longer than this is shown by its first bytes (hex doubles the size). */
const MAX_HEX_BYTES = 64;

export interface TrafficEntry {
  /** Clock time, epoch ms. */
  readonly at: number;
  readonly device: string;
  readonly dir: 'rx' | 'tx' | 'event';
  /** Raw bytes as hex, only where the protocol carries no patient data. */
  readonly hex?: string;
  /** The decoded frame or the redacted summary. */
  readonly summary: string;
  readonly error?: string;
  /** A frame sent again because its reply did not come in time (a driver's "resend n/m"). */
  readonly timeout?: true;
}

export interface TrafficCounters {
  rxFrames: number;
  rxErrors: number;
  txFrames: number;
  /** Driver notes by kind, e.g. resends. */
  notes: number;
}

export class DeviceTrafficRing {
  private readonly rings = new Map<string, TrafficEntry[]>();
  private readonly starts = new Map<string, number>();
  private readonly counts = new Map<string, TrafficCounters>();
  private readonly timeoutCounts = new Map<string, number>();
  private readonly listeners = new Set<(entry: TrafficEntry) => void>();

  constructor(private readonly capacity: number = DEFAULT_RING_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be ≥ 1');
  }

  record(entry: TrafficEntry): void {
    const ring = this.rings.get(entry.device) ?? [];
    const start = this.starts.get(entry.device) ?? 0;
    if (ring.length < this.capacity) {
      ring.push(entry);
    } else {
      ring[start] = entry;
      this.starts.set(entry.device, (start + 1) % this.capacity);
    }
    this.rings.set(entry.device, ring);
    const c = this.countersOf(entry.device);
    if (entry.dir === 'rx') {
      if (entry.error) c.rxErrors += 1;
      else c.rxFrames += 1;
    } else if (entry.dir === 'tx') {
      c.txFrames += 1;
    } else {
      c.notes += 1;
    }
    if (entry.timeout)
      this.timeoutCounts.set(entry.device, (this.timeoutCounts.get(entry.device) ?? 0) + 1);
    for (const listener of this.listeners) listener(entry);
  }

  /** Oldest first; at most `limit` of the newest. */
  recent(device: string, limit: number = this.capacity): TrafficEntry[] {
    const ring = this.rings.get(device) ?? [];
    const start = this.starts.get(device) ?? 0;
    const ordered = [...ring.slice(start), ...ring.slice(0, start)];
    return ordered.slice(Math.max(0, ordered.length - limit));
  }

  devices(): string[] {
    return [...this.rings.keys()];
  }

  counters(): Record<string, TrafficCounters> {
    return Object.fromEntries([...this.counts].map(([d, c]) => [d, { ...c }]));
  }

  /** Resends after a reply timeout since the kiosk started (the traffic view's counter). */
  timeouts(device: string): number {
    return this.timeoutCounts.get(device) ?? 0;
  }

  /** The technician's "clear": entries go, counters stay (they are the device's history). */
  clear(device: string): void {
    this.rings.delete(device);
    this.starts.delete(device);
  }

  onEntry(listener: (entry: TrafficEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private countersOf(device: string): TrafficCounters {
    let c = this.counts.get(device);
    if (!c) {
      c = { rxFrames: 0, rxErrors: 0, txFrames: 0, notes: 0 };
      this.counts.set(device, c);
    }
    return c;
  }
}

/** The drivers mark a resend after a reply timeout with this note (dispenser, BP cuff). */
const isResend = (note: string | undefined): boolean => note?.startsWith('resend ') === true;

function hexOf(bytes: Uint8Array): string {
  const shown = Buffer.from(bytes.subarray(0, MAX_HEX_BYTES))
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');
  return bytes.length > MAX_HEX_BYTES
    ? `${shown} …(+${bytes.length - MAX_HEX_BYTES} bytes)`
    : shown;
}

export function dispenserEntry(event: TrafficEvent): TrafficEntry {
  const decoded = event.frame
    ? event.frame.kind
    : event.error
      ? `undecodable: ${event.error.code}`
      : 'bytes';
  return {
    at: event.at,
    device: 'dispenser',
    dir: event.dir,
    hex: hexOf(event.bytes),
    summary: event.note ? `${decoded} (${event.note})` : decoded,
    ...(event.error && { error: event.error.code }),
    ...(isResend(event.note) && { timeout: true as const }),
  };
}

/** `P` and `R` carry the patient's pressures and pulse: only their type and seq are kept. */
export function bpCuffEntry(event: CuffTrafficEvent): TrafficEntry {
  const s = event.sentence;
  let summary: string;
  if (s && (s.type === 'P' || s.type === 'R'))
    summary = `$BP,${s.type},${s.seq} (values not recorded)`;
  else if (s) summary = event.text;
  else summary = event.error ? `undecodable line (${event.text.length} chars)` : event.text;
  if (event.note) summary = `${summary} (${event.note})`;
  return {
    at: event.atMs,
    device: 'bpCuff',
    dir: event.dir,
    summary,
    ...(event.error && { error: event.error.code }),
    ...(isResend(event.note) && { timeout: true as const }),
  };
}

/**
 * The bytes of what a redacted scan keeps (AIM and first 8 characters, GS back as 0x1d), then
 * "…" for the rest: the hex column shows no more of a payload than the decoded one.
 */
function redactedHex(scan: RedactedScan): string {
  const kept = `${scan.aim ?? ''}${scan.preview.replaceAll('\u241d', '\u001d')}`;
  const hex = hexOf(Buffer.from(kept, 'latin1'));
  return scan.length > scan.preview.length ? `${hex} …` : hex;
}

export function scannerEntry(event: ScannerTraffic | HidScannerTraffic): TrafficEntry {
  switch (event.kind) {
    case 'bytes':
      return {
        at: event.atMs,
        device: 'scanner',
        dir: 'event',
        summary: `${event.byteCount} byte(s)`,
      };
    case 'report':
      return {
        at: event.atMs,
        device: 'scanner',
        dir: 'event',
        summary: `HID report, ${event.byteCount} byte(s)`,
      };
    case 'scan':
      return {
        at: event.atMs,
        device: 'scanner',
        dir: 'rx',
        hex: redactedHex(event.scan),
        summary: `scan ${formatRedactedScan(event.scan)}${event.debounced ? ' (repeat dropped)' : ''}`,
      };
    case 'error':
      return {
        at: event.atMs,
        device: 'scanner',
        dir: 'rx',
        summary: 'read error',
        error: event.code,
      };
  }
}

/** Subscribes the ring to a driver's traffic; returns the unsubscribe. */
export function recordTraffic<E>(
  ring: DeviceTrafficRing,
  subscribe: (listener: (event: E) => void) => () => void,
  toEntry: (event: E) => TrafficEntry,
): () => void {
  return subscribe((event) => ring.record(toEntry(event)));
}
