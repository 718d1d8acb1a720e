/** GS1 element strings, Digital Link and EAN/UPC → pack data (shared/protocols/scanner.md §4, §7). */
export { parseGs1 } from './parse-gs1';
export { requirePackFields } from './pack-fields';
export type { PackFieldOptions, PackFields } from './pack-fields';
export type { Gs1Element, Gs1Error, Gs1ErrorCode, Gs1Result, Gs1Value } from './gs1-result';
export { GTIN_LENGTHS, gtinCheckDigit, isValidGtin, toGtin14 } from './check-digit';
export {
  assertIsoDate,
  daysInMonth,
  decodeGs1Date,
  isExpired,
  isLeapYear,
  resolveCentury,
} from './gs1-date';
export type { Gs1DateOptions, IsoDate } from './gs1-date';
export { AI_MAX_DIGITS, AI_MIN_DIGITS, GS1_AI_FORMATS, findAiFormat } from './ai-table';
export type { AiContentCheck, AiFormat } from './ai-table';
export { CSET_82_CHARS, CSET_82_SIZE, isCset82Char } from './charset82';
export { GS1_AIMS, gs1AimKind } from './gs1-aim';
export type { Gs1AimKind } from './gs1-aim';
