/**
 * GS1 mod-10 check digit (GS1 General Specifications §7.9.1), shared by GTIN-8/12/13/14 and SSCC:
 * from the rightmost data digit leftwards, weights 3, 1, 3, 1, …; check = (10 − sum mod 10) mod 10.
 */

const DIGITS = /^[0-9]+$/;

/**
 * The check digit for `body` (the key without its check digit). Throws RangeError on anything but
 * digits: callers pass keys they built or already validated, so other input is a bug.
 */
export function gtinCheckDigit(body: string): number {
  if (!DIGITS.test(body)) throw new RangeError('gtinCheckDigit: body must be one or more digits');
  let sum = 0;
  for (let i = body.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
    sum += (body.charCodeAt(i) - 0x30) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

/** GTIN lengths in use (GTIN-8, GTIN-12/UPC-A, GTIN-13/EAN-13, GTIN-14). */
export const GTIN_LENGTHS: readonly number[] = [8, 12, 13, 14];

/** A GTIN of any standard length with a correct check digit. Never throws. */
export function isValidGtin(gtin: string): boolean {
  if (!GTIN_LENGTHS.includes(gtin.length) || !DIGITS.test(gtin)) return false;
  return gtinCheckDigit(gtin.slice(0, -1)) === gtin.charCodeAt(gtin.length - 1) - 0x30;
}

/** Left-pads a GTIN-8/12/13 to the 14 digits AI 01 and the inventory use. */
export function toGtin14(gtin: string): string {
  return gtin.padStart(14, '0');
}
