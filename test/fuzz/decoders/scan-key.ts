import type { ScanEvent } from '../../../hardware/scanner/scan-event';

/** The key of a decoded scan: what the kiosk acts on (symbology and data). */
export function scanKey(scan: ScanEvent): string {
  return `${scan.aim ?? '-'}|${scan.text}`;
}
