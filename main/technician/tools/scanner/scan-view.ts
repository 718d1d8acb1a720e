import { SCANNER_TEXT_MAX, type ScannerScanView } from '../../../../contracts/technician/scanner';
import type { IsoDate } from '../../../../hardware/gs1';
import { formatRedactedScan, redactScan } from '../../../../hardware/scanner/redact';
import { scrubText } from '../../../diagnostics/redaction';
import { gs1Breakdown } from './gs1-breakdown';
import { symbologyName } from './symbology-name';

/**
 * One scan as the scanner test shows it, and the one line the journal keeps of it. A prescription
 * token (`shc:/`) is a bearer credential holding patient data and a service badge (`odb:/`) a
 * technician's: neither is shown nor journaled, only what it is and its length (DESIGN §9). The
 * prefix is matched in any case, because QR alphanumeric mode sends it upper-case.
 */

const PRESCRIPTION = /^shc:\//i;
const BADGE = /^odb:\//i;
const GS = '\u001d';
/** GS is invisible on screen: shown as its control picture (as the redacted preview does). */
const GS_SYMBOL = '\u241d';

export interface Scan {
  readonly text: string;
  readonly aim: string | null;
}

export function scanView(scan: Scan, id: number, at: number, today: IsoDate): ScannerScanView {
  const base = {
    id,
    at,
    aim: scan.aim,
    symbology: symbologyName(scan.aim),
    length: scan.text.length,
  };
  if (PRESCRIPTION.test(scan.text)) return { ...base, kind: 'prescription', text: null, gs1: null };
  if (BADGE.test(scan.text)) return { ...base, kind: 'badge', text: null, gs1: null };
  const gs1 = gs1Breakdown(scan.aim, scan.text, today);
  const shown = scan.text.replaceAll(GS, GS_SYMBOL);
  // A second net: anything token-shaped inside other text (a JWS, a UUID) is scrubbed too.
  const text = scrubText(
    shown.length > SCANNER_TEXT_MAX ? `${shown.slice(0, SCANNER_TEXT_MAX)}…` : shown,
  );
  return { ...base, kind: gs1 ? 'gs1' : 'text', text, gs1 };
}

/**
 * The journal's TECH_ACTION detail for a scan: the redacted form only (symbology, length, first
 * 8 characters), never the text, plus the GS1 verdicts, which quote no field value.
 */
export function scanJournalDetail(scan: Scan, view: ScannerScanView): string {
  const parts = [`${view.kind} scan ${formatRedactedScan(redactScan(scan))}`];
  for (const field of view.gs1?.fields ?? []) {
    if (field.kind === 'gtin') parts.push(`GTIN check digit ${field.checkDigit}`);
    if (field.kind === 'expiry') parts.push(`expiry ${field.verdict}`);
  }
  if (view.gs1?.error) parts.push(`GS1 error ${view.gs1.error.code}`);
  return scrubText(parts.join('; ')).slice(0, 1000);
}
