/**
 * What every scanner codec produces, whatever the transport (shared/protocols/scanner.md, top):
 * `aim` is the 3-character symbology identifier or null, `raw` is the data WITHOUT the AIM, and
 * `text` is `raw` as a string (only printable ASCII and GS survive the codec, so one byte is one
 * character).
 */
export type ScanTransportKind = 'serial' | 'hid' | 'wedge';

export interface ScanEvent {
  readonly transport: ScanTransportKind;
  readonly aim: string | null;
  readonly raw: Uint8Array;
  readonly text: string;
}

/**
 * Why bytes did not become a ScanEvent. Errors carry positions and counts only, never payload
 * bytes, because a payload may be a prescription token (DESIGN §9).
 */
export type ScanError =
  /** A message with an AIM but no data. */
  | { readonly code: 'empty' }
  /** Longer than MAX_MESSAGE_BYTES. */
  | { readonly code: 'too_long'; readonly length: number; readonly max: number }
  /** A byte that is neither printable ASCII nor GS; `byte` is its value, not data around it. */
  | { readonly code: 'bad_byte'; readonly offset: number; readonly byte: number }
  /** Starts with `]` but the next two bytes are not a code letter and a modifier. */
  | { readonly code: 'bad_aim' }
  /** Serial: silence over the inter-byte gap before a CR; the partial message was dropped. */
  | { readonly code: 'gap_timeout'; readonly discardedBytes: number; readonly gapMs: number }
  /** Serial: no CR within MAX_MESSAGE_BYTES; the buffer was reset and the rest of the line skipped. */
  | { readonly code: 'overflow'; readonly discardedBytes: number };

export type ScanErrorCode = ScanError['code'];
