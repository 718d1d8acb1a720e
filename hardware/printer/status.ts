import type { DeviceLink } from '../../contracts/bridge';
import { err, ok, type Result } from '../../contracts/result';
import {
  ERROR_AUTO_RECOVERABLE,
  ERROR_AUTOCUTTER,
  ERROR_RECOVERABLE,
  ERROR_UNRECOVERABLE,
  OFFLINE_COVER_OPEN,
  OFFLINE_ERROR,
  OFFLINE_FEED_BUTTON,
  OFFLINE_PAPER_END,
  PAPER_END,
  PAPER_NEAR_END,
  PRINTER_DRAWER_PIN3_HIGH,
  PRINTER_FEED_BUTTON,
  PRINTER_OFFLINE,
  PRINTER_WAITING_RECOVERY,
  STATUS_FIXED_MASK,
  STATUS_FIXED_VALUE,
  type StatusQuery,
} from './protocol';

/**
 * Pure: DLE EOT reply bytes → what the kiosk cares about ({ paper, cover, online, error? }) → a
 * small domain union and the device link the supervisor shows. Never throws on any input.
 */

// ---------------------------------------------------------------------------------------------
// Bit tables (printer.md §3), as data so tests and the technician view share them
// ---------------------------------------------------------------------------------------------

export interface StatusBit {
  /** The bit mask within the reply byte. */
  mask: number;
  /** Stable name for logs and the technician view. */
  name: string;
  /** What a 1 means, in words. */
  meaning: string;
}

/** The variable bits of each reply; bits 0, 1, 4 and 7 are fixed and never listed. */
export const STATUS_BITS: Readonly<Record<StatusQuery, readonly StatusBit[]>> = {
  1: [
    {
      mask: PRINTER_DRAWER_PIN3_HIGH,
      name: 'drawerPin3High',
      meaning: 'drawer connector pin 3 HIGH',
    },
    { mask: PRINTER_OFFLINE, name: 'offline', meaning: 'offline' },
    {
      mask: PRINTER_WAITING_RECOVERY,
      name: 'waitingRecovery',
      meaning: 'waiting for online recovery',
    },
    { mask: PRINTER_FEED_BUTTON, name: 'feedButton', meaning: 'paper-feed button pressed' },
  ],
  2: [
    { mask: OFFLINE_COVER_OPEN, name: 'coverOpen', meaning: 'cover open' },
    { mask: OFFLINE_FEED_BUTTON, name: 'feeding', meaning: 'paper being fed by the FEED button' },
    { mask: OFFLINE_PAPER_END, name: 'paperEnd', meaning: 'printing stopped: paper end' },
    { mask: OFFLINE_ERROR, name: 'error', meaning: 'error occurred' },
  ],
  3: [
    { mask: ERROR_RECOVERABLE, name: 'recoverable', meaning: 'recoverable error' },
    { mask: ERROR_AUTOCUTTER, name: 'autocutter', meaning: 'auto-cutter error' },
    { mask: ERROR_UNRECOVERABLE, name: 'unrecoverable', meaning: 'unrecoverable error' },
    {
      mask: ERROR_AUTO_RECOVERABLE,
      name: 'autoRecoverable',
      meaning: 'auto-recoverable error (e.g. head overheat)',
    },
  ],
  4: [
    { mask: PAPER_NEAR_END, name: 'paperNearEnd', meaning: 'paper near end' },
    { mask: PAPER_END, name: 'paperOut', meaning: 'paper end / out' },
  ],
};

/** True when the fixed bits (0 = 0, 1 = 1, 4 = 1, 7 = 0) are right: the byte can be a status. */
export function hasValidFixedBits(byte: number): boolean {
  return (
    Number.isInteger(byte) &&
    byte >= 0 &&
    byte <= 0xff &&
    (byte & STATUS_FIXED_MASK) === STATUS_FIXED_VALUE
  );
}

/** The names of the variable bits set in a reply (a bit group counts if any of its bits is set). */
export function describeStatusByte(n: StatusQuery, byte: number): string[] {
  return STATUS_BITS[n].filter((b) => (byte & b.mask) !== 0).map((b) => b.name);
}

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

/** The raw replies. n = 4 is absent while polling after a job (printer.md §3 step 4). */
export interface StatusBytes {
  1: number;
  2: number;
  3: number;
  4?: number | undefined;
}

export type StatusDecodeError = {
  code: 'BAD_FIXED_BITS';
  /** Which query's reply was wrong. */
  n: StatusQuery;
  byte: number;
  detail: string;
};

export type PaperState = 'ok' | 'near_end' | 'out';
export type CoverState = 'closed' | 'open';

/**
 * Why the printer reports an error (n = 3), most severe first. `unspecified`: n = 2 says "error
 * occurred" but n = 3 names no cause.
 */
export type PrinterErrorKind =
  'unrecoverable' | 'autocutter' | 'recoverable' | 'auto_recoverable' | 'unspecified';

export interface PrinterStatus {
  /** `out` from n = 2 bit 5 or n = 4 bits 5/6; `near_end` from n = 4 bits 2/3 (a warning only). */
  paper: PaperState;
  cover: CoverState;
  /** n = 1 bit 3 clear. */
  online: boolean;
  /** The most severe error cause, when any. */
  error?: PrinterErrorKind;
}

/** Checks one reply byte's fixed bits. */
export function checkStatusByte(n: StatusQuery, byte: number): Result<number, StatusDecodeError> {
  if (hasValidFixedBits(byte)) return ok(byte);
  const shown = Number.isInteger(byte)
    ? `0x${(byte & 0xff).toString(16).padStart(2, '0')}`
    : String(byte);
  return err({
    code: 'BAD_FIXED_BITS',
    n,
    byte,
    detail: `reply to DLE EOT ${n} was ${shown}: fixed bits wrong (noise or desync)`,
  });
}

/** Reply bytes → PrinterStatus, or the first reply whose fixed bits are wrong. */
export function decodeStatus(bytes: StatusBytes): Result<PrinterStatus, StatusDecodeError> {
  for (const n of [1, 2, 3] as const) {
    const checked = checkStatusByte(n, bytes[n]);
    if (!checked.ok) return checked;
  }
  const paperSensor = bytes[4];
  if (paperSensor !== undefined) {
    const checked = checkStatusByte(4, paperSensor);
    if (!checked.ok) return checked;
  }
  const offlineCause = bytes[2];
  const errorCause = bytes[3];

  let paper: PaperState = 'ok';
  // Either bit of a pair counts: a sensor that sets one bit of the two is still saying it.
  if (
    (offlineCause & OFFLINE_PAPER_END) !== 0 ||
    (paperSensor !== undefined && (paperSensor & PAPER_END) !== 0)
  ) {
    paper = 'out';
  } else if (paperSensor !== undefined && (paperSensor & PAPER_NEAR_END) !== 0) {
    paper = 'near_end';
  }

  const status: PrinterStatus = {
    paper,
    cover: (offlineCause & OFFLINE_COVER_OPEN) !== 0 ? 'open' : 'closed',
    online: (bytes[1] & PRINTER_OFFLINE) === 0,
  };
  const error = errorKindOf(offlineCause, errorCause);
  if (error) status.error = error;
  return ok(status);
}

function errorKindOf(offlineCause: number, errorCause: number): PrinterErrorKind | undefined {
  if ((errorCause & ERROR_UNRECOVERABLE) !== 0) return 'unrecoverable';
  if ((errorCause & ERROR_AUTOCUTTER) !== 0) return 'autocutter';
  if ((errorCause & ERROR_RECOVERABLE) !== 0) return 'recoverable';
  if ((errorCause & ERROR_AUTO_RECOVERABLE) !== 0) return 'auto_recoverable';
  if ((offlineCause & OFFLINE_ERROR) !== 0) return 'unspecified';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Domain union
// ---------------------------------------------------------------------------------------------

/** Why the printer cannot take a job (or why a job just failed), for the refusal/uncertain reason. */
export type PrinterFaultReason = 'COVER_OPEN' | 'PAPER_OUT' | 'PRINTER_ERROR' | 'OFFLINE';

/** What the device supervisor, the technician screen and the label step need to know. */
export type PrinterCondition =
  | { kind: 'ready'; paperNearEnd: boolean }
  | { kind: 'coverOpen' }
  | { kind: 'paperOut' }
  | { kind: 'error'; error: PrinterErrorKind }
  | { kind: 'offline' }
  /** No (valid) reply within the timeout: printer.md's UNREACHABLE. */
  | { kind: 'unreachable' }
  /** The transport reported the cable pulled. */
  | { kind: 'lost' };

/**
 * The fault that stops a job, if any. Cover open is named first because an open cover also makes
 * many paper sensors read "no paper": closing it is the first thing the technician must do.
 */
export function blockingFault(status: PrinterStatus): PrinterFaultReason | undefined {
  if (status.cover === 'open') return 'COVER_OPEN';
  if (status.paper === 'out') return 'PAPER_OUT';
  if (status.error) return 'PRINTER_ERROR';
  if (!status.online) return 'OFFLINE';
  return undefined;
}

/**
 * The fault that makes a running job uncertain while polling (printer.md §3 step 5: "any error
 * bit"). A printer that is merely offline (e.g. busy feeding) is not yet a fault: polling goes on.
 */
export function jobFault(
  status: PrinterStatus,
): Exclude<PrinterFaultReason, 'OFFLINE'> | undefined {
  const fault = blockingFault(status);
  return fault === 'OFFLINE' ? undefined : fault;
}

/** Idle after a job: online and free of error bits (printer.md §5). */
export function isIdle(status: PrinterStatus): boolean {
  return blockingFault(status) === undefined;
}

export function conditionOf(status: PrinterStatus): PrinterCondition {
  switch (blockingFault(status)) {
    case 'COVER_OPEN':
      return { kind: 'coverOpen' };
    case 'PAPER_OUT':
      return { kind: 'paperOut' };
    case 'PRINTER_ERROR':
      return { kind: 'error', error: status.error ?? 'unspecified' };
    case 'OFFLINE':
      return { kind: 'offline' };
    default:
      return { kind: 'ready', paperNearEnd: status.paper === 'near_end' };
  }
}

/**
 * The device supervisor's link for a condition (DESIGN §3: UNREACHABLE → lost). A printer that
 * answers but cannot print is degraded: the patient flow goes on and the label is queued.
 * Paper near end is still ready; it raises a technician notice, never an error (printer.md §5).
 */
export function deviceLinkOf(condition: PrinterCondition): DeviceLink {
  switch (condition.kind) {
    case 'ready':
      return 'ready';
    case 'unreachable':
    case 'lost':
      return 'lost';
    default:
      return 'degraded';
  }
}
