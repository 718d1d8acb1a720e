import { err, ok, type Result } from '../../contracts/result';

/**
 * The numeric QR form of a compact JWS (prescription-token.md §2): the prefix, then for each JWS
 * character the two decimal digits of (charCode − 45). Numeric mode packs 3.33 bits per digit,
 * so a ~1,200-character JWS still fits one version-22 QR. The prefix is a parameter because
 * service badges use the same encoding behind `odb:/`.
 */

export const SHC_PREFIX = 'shc:/';
export const BADGE_PREFIX = 'odb:/';

/** `-` (45) is the lowest character a JWS can hold and `z` (122) the highest: pairs 00–77. */
const OFFSET = 45;
const MAX_PAIR = 122 - OFFSET;

export type NumericDecodeError =
  | { readonly code: 'wrong_prefix' }
  | { readonly code: 'empty' }
  | { readonly code: 'non_digit'; readonly offset: number }
  | { readonly code: 'odd_length'; readonly digits: number }
  | { readonly code: 'pair_out_of_range'; readonly offset: number; readonly pair: number };

export type NumericEncodeError = { readonly code: 'char_out_of_range'; readonly offset: number };

/** Plain-words technical detail for an error; holds positions only, never token content. */
export function describeNumericError(error: NumericDecodeError | NumericEncodeError): string {
  switch (error.code) {
    case 'wrong_prefix':
      return 'the text does not start with the expected prefix';
    case 'empty':
      return 'no digits after the prefix';
    case 'non_digit':
      // Covers deprecated multi-QR chunks (`shc:/1/2/…`), which this project does not support.
      return `a non-digit character at offset ${error.offset} after the prefix`;
    case 'odd_length':
      return `an odd number of digits (${error.digits})`;
    case 'pair_out_of_range':
      return `digit pair ${String(error.pair).padStart(2, '0')} at offset ${error.offset} is above ${MAX_PAIR}`;
    case 'char_out_of_range':
      return `character at offset ${error.offset} cannot be encoded (outside "-".."z")`;
  }
}

export function encodeNumeric(
  jws: string,
  prefix: string = SHC_PREFIX,
): Result<string, NumericEncodeError> {
  const digits: string[] = [prefix];
  for (let i = 0; i < jws.length; i++) {
    const value = jws.charCodeAt(i) - OFFSET;
    if (value < 0 || value > MAX_PAIR) return err({ code: 'char_out_of_range', offset: i });
    digits.push(value < 10 ? `0${value}` : String(value));
  }
  return ok(digits.join(''));
}

export function decodeNumeric(
  text: string,
  prefix: string = SHC_PREFIX,
): Result<string, NumericDecodeError> {
  if (!text.startsWith(prefix)) return err({ code: 'wrong_prefix' });
  const body = text.slice(prefix.length);
  if (body.length === 0) return err({ code: 'empty' });
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return err({ code: 'non_digit', offset: i });
  }
  if (body.length % 2 !== 0) return err({ code: 'odd_length', digits: body.length });
  const chars: string[] = [];
  for (let i = 0; i < body.length; i += 2) {
    const pair = (body.charCodeAt(i) - 0x30) * 10 + (body.charCodeAt(i + 1) - 0x30);
    if (pair > MAX_PAIR) return err({ code: 'pair_out_of_range', offset: i, pair });
    chars.push(String.fromCharCode(pair + OFFSET));
  }
  return ok(chars.join(''));
}
