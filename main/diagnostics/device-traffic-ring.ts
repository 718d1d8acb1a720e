import type { TrafficEvent } from '../../hardware/dispenser/driver';
import type { CuffTrafficEvent } from '../../hardware/bp-cuff/driver';
import type { OximeterTrafficEvent } from '../../hardware/oximeter/driver';
import type { PrinterTrafficEvent } from '../../hardware/printer/driver';
import { STATUS_BITS } from '../../hardware/printer/status';
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
 *   to their type and session seq;
 * - printer jobs by their first 64 bytes and length (labels carry no patient identity), each
 *   DLE EOT n with the byte that answered it, and each decoded status;
 * - oximeter packets by their flags and condition only: no bytes, no values (see oximeterEntry).
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

/** Each printer job and status exchange, hex beside decoded. */
export function printerEntry(event: PrinterTrafficEvent): TrafficEntry {
  const base = { at: event.atMs, device: 'printer', dir: event.dir } as const;
  switch (event.kind) {
    case 'job':
      return {
        ...base,
        hex: hexOf(event.bytes),
        summary: `print job, ${event.bytes.length} bytes`,
      };
    case 'statusQuery':
      return {
        ...base,
        hex: hexOf(event.bytes),
        summary: `status request DLE EOT ${event.n}${event.requery > 0 ? ` (re-query ${event.requery})` : ''}`,
      };
    case 'statusReply': {
      const hex = hexOf(Uint8Array.of(event.byte));
      if (!event.valid)
        return {
          ...base,
          hex,
          summary: `reply to DLE EOT ${event.n}: fixed bits wrong (noise or desync)`,
          error: 'BAD_FIXED_BITS',
        };
      const set = STATUS_BITS[event.n].filter((b) => (event.byte & b.mask) !== 0);
      const meaning = set.length > 0 ? set.map((b) => b.meaning).join(', ') : 'nothing set';
      return { ...base, hex, summary: `reply to DLE EOT ${event.n}: ${meaning}` };
    }
    case 'noReply':
      return {
        ...base,
        summary: `no reply to DLE EOT ${event.n} within ${event.timeoutMs} ms`,
        error: 'NO_REPLY',
      };
    case 'stray':
      return {
        ...base,
        hex: hexOf(event.bytes),
        summary: `${event.bytes.length} byte(s) with no query outstanding (dropped)`,
        error: 'STRAY_BYTES',
      };
    case 'status': {
      const s = event.status;
      return {
        ...base,
        summary:
          `status: paper ${s.paper.replace('_', ' ')}, cover ${s.cover}, ` +
          `${s.online ? 'online' : 'offline'}${s.error ? `, error ${s.error}` : ''}`,
      };
    }
  }
}

/**
 * One entry per oximeter packet (3 a second) with what says whether the packet is usable — SYNC,
 * the sensor flags, artifact frames, the condition — and none of the patient's measurement. The
 * ring cannot tell a technician's test finger from a patient's, and it goes into the diagnostics
 * bundle, so the rule of the BP cuff applies: values are not recorded. Nor are the bytes: SpO2 and
 * HR ride in the DATA bytes, every CHK gives its DATA byte back, the pleth samples are the pulse
 * waveform, and the perfusion bits of the 25 STATUS bytes mark each beat, so even the STATUS bytes
 * alone would let someone count the pulse over the ~3 minutes the ring holds. The live values are
 * on the vitals tool, which keeps nothing.
 */
export function oximeterEntry(event: OximeterTrafficEvent): TrafficEntry {
  if (event.kind === 'lineError') {
    const what =
      event.code === 'MISSED_DATA'
        ? `${event.frames ?? 0} frame(s) that never made a packet`
        : `${event.byteCount} byte(s) dropped`;
    return {
      at: event.atMs,
      device: 'oximeter',
      dir: 'rx',
      summary: `${event.code}: ${what}`,
      error: event.code,
    };
  }
  const p = event.packet;
  const yes = (flag: boolean) => (flag ? 'yes' : 'no');
  return {
    at: event.atMs,
    device: 'oximeter',
    dir: 'rx',
    summary:
      `packet ${p.frames.length} frames (${event.bytes.length} bytes), SYNC ok, ` +
      `${event.condition.kind}; sensor off ${yes(p.sensorDisconnected)}, ` +
      `alarm ${yes(p.sensorAlarm)}, out of track ${yes(p.outOfTrack)}, ` +
      `artifact ${p.artifactFrames}/${p.frames.length}, low perfusion ${yes(p.lowPerfusion)} ` +
      '(values not recorded)',
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
