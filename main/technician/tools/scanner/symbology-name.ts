import { findSymbology } from '../../../../hardware/scanner/protocol';

/**
 * The symbology a scan came in, from its AIM identifier (ISO/IEC 15424): the scanner table's name
 * when the kiosk knows the exact identifier, else the family its code character names, so a
 * technician testing a Code 39 label still sees "Code 39" and not "unknown".
 */
const AIM_FAMILIES: Readonly<Record<string, string>> = {
  A: 'Code 39',
  C: 'Code 128',
  d: 'Data Matrix',
  E: 'EAN / UPC',
  e: 'GS1 DataBar',
  F: 'Codabar',
  G: 'Code 93',
  I: 'Interleaved 2 of 5',
  L: 'PDF417',
  Q: 'QR Code',
  z: 'Aztec',
};

export function symbologyName(aim: string | null): string | null {
  if (aim === null) return null;
  return findSymbology(aim)?.name ?? AIM_FAMILIES[aim.charAt(1)] ?? null;
}
