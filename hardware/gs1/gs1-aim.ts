/**
 * Which symbology identifiers may carry GS1 data, and how (scanner.md §2 table, §7). Kept here,
 * not in the scanner's AIM table, because "GS1 or not" is the parser's policy: the scanner codecs
 * pass every AIM through unchanged.
 */

export type Gs1AimKind =
  /** FNC1 in first position: the data is a GS1 element string. */
  | 'element_string'
  /** EAN-13 / UPC-A: a bare GTIN, nothing else. */
  | 'ean_upc'
  /** Plain QR: GS1 only when the text is a GS1 Digital Link URI. */
  | 'digital_link';

/**
 * Everything not listed is not GS1, notably the ECI variants `]d5`, `]Q4`, `]Q5` (project choice,
 * §7: their data may be in another character set) and no AIM at all, which is how a keyboard
 * wedge delivers and why example 4 is refused.
 */
export const GS1_AIMS: ReadonlyMap<string, Gs1AimKind> = new Map<string, Gs1AimKind>([
  [']d2', 'element_string'], // GS1 DataMatrix
  [']Q3', 'element_string'], // GS1 QR Code
  [']C1', 'element_string'], // GS1-128
  [']e0', 'element_string'], // GS1 DataBar
  [']E0', 'ean_upc'],
  [']Q1', 'digital_link'],
]);

export function gs1AimKind(aim: string | null): Gs1AimKind | undefined {
  return aim === null ? undefined : GS1_AIMS.get(aim);
}
