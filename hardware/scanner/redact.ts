import { findSymbology } from './protocol';

/**
 * The one redaction rule for scanner payloads (DESIGN §9): logs, the technician's traffic view and
 * diagnostics bundles show the symbology, the length and the first 8 characters, never the whole
 * payload, because a scan may be a prescription token (a bearer credential holding patient data).
 */

/** How many leading characters of a payload may be shown. */
export const REDACT_PREVIEW_CHARS = 8;

export interface RedactedScan {
  /** The AIM as received, or null when the scanner sent none. */
  readonly aim: string | null;
  /** Symbology name from the AIM table, or null when unknown or absent. */
  readonly symbology: string | null;
  /** Payload length in characters (one byte each), AIM excluded. */
  readonly length: number;
  /** The first REDACT_PREVIEW_CHARS characters; GS shown as U+241D so it stays one character. */
  readonly preview: string;
}

const GS_CHAR = '\u001d';
const GS_SYMBOL = '\u241d';

export function redactScan(scan: {
  readonly aim: string | null;
  readonly text: string;
}): RedactedScan {
  return {
    aim: scan.aim,
    symbology: findSymbology(scan.aim)?.name ?? null,
    length: scan.text.length,
    preview: scan.text.slice(0, REDACT_PREVIEW_CHARS).replaceAll(GS_CHAR, GS_SYMBOL),
  };
}

/** One line for logs and the traffic view, e.g. `]Q1 QR Code, 2395 chars, "shc:/567…"`. */
export function formatRedactedScan(redacted: RedactedScan): string {
  const id =
    redacted.aim === null
      ? 'no AIM'
      : `${redacted.aim} ${redacted.symbology ?? 'unknown symbology'}`;
  const more = redacted.length > redacted.preview.length ? '…' : '';
  return `${id}, ${redacted.length} chars, "${redacted.preview}${more}"`;
}
