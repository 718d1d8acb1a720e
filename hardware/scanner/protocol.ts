/**
 * Serial / USB-CDC scanner wire format in AIM mode (shared/protocols/scanner.md §2 and §7).
 * Pure data: constants and small predicates, no I/O.
 */

/** `]`, the first byte of every ISO/IEC 15424 symbology identifier. */
export const AIM_FLAG = 0x5d;
/** Length of an AIM prefix: flag + code character + modifier character. */
export const AIM_LENGTH = 3;

/** Carriage return: ends every serial message (§2). */
export const CR = 0x0d;
/** Line feed: some units send CR+LF, so an LF right after a CR is dropped (§2). */
export const LF = 0x0a;
/** Group separator: FNC1 used as a GS1 field separator (§4). The only accepted control byte. */
export const GS = 0x1d;

/**
 * Longest accepted message, AIM included, terminator excluded (project choice, §2 and §7). Longer
 * input is discarded and the buffer reset, so a stuck or malicious device cannot grow memory.
 */
export const MAX_MESSAGE_BYTES = 4096;

/**
 * A partial message older than this with no CR is discarded (§2, serial only). A scanner sends a
 * whole barcode in one burst, so a longer silence means a lost CR or line noise, and keeping the
 * bytes would glue them onto the next scan.
 */
export const SERIAL_INTER_BYTE_GAP_MS = 50;

/** Identical scans (same aim + raw) within this window are one scan (§6, §7 project choice). */
export const SCAN_DEBOUNCE_MS = 1000;

/** Line settings (§2 project choice: 115200 8N1, configurable). */
export const DEFAULT_SERIAL_SETTINGS = {
  baudRate: 115_200,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
} as const;

export interface AimSymbology {
  /** The three characters as sent, e.g. `]Q1`. */
  readonly aim: string;
  readonly name: string;
  /** FNC1 in first position: the data is a GS1 element string. */
  readonly gs1: boolean;
}

/** The identifiers the kiosk knows by name (§2). Others still decode; they just have no name. */
export const AIM_SYMBOLOGIES: readonly AimSymbology[] = [
  { aim: ']d2', name: 'GS1 DataMatrix', gs1: true },
  { aim: ']d1', name: 'Data Matrix', gs1: false },
  { aim: ']Q3', name: 'GS1 QR Code', gs1: true },
  { aim: ']Q1', name: 'QR Code', gs1: false },
  { aim: ']C1', name: 'GS1-128', gs1: true },
  { aim: ']e0', name: 'GS1 DataBar', gs1: true },
  { aim: ']E0', name: 'EAN-13 / UPC-A', gs1: false },
];

/** The AIM a prescription QR (`shc:/`) arrives with (prescription-token.md §2). */
export const AIM_QR_PLAIN = ']Q1';

export function findSymbology(aim: string | null): AimSymbology | undefined {
  return aim === null ? undefined : AIM_SYMBOLOGIES.find((s) => s.aim === aim);
}

/** Printable ASCII (0x20–0x7E) or GS: the only bytes a scan may contain (§2 project choice). */
export function isAllowedScanByte(byte: number): boolean {
  return (byte >= 0x20 && byte <= 0x7e) || byte === GS;
}

/**
 * ISO/IEC 15424: the code character is a letter and the modifier a digit or letter. Checked so
 * that a payload which merely starts with `]` is not mistaken for an identifier.
 */
export function isAimCodeChar(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

export function isAimModifierChar(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || isAimCodeChar(byte);
}
