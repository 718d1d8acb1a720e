import { gtinCheckDigit } from '../../../hardware/gs1/check-digit';
import { CSET_82_CHARS } from '../../../hardware/gs1/charset82';
import { daysInMonth } from '../../../hardware/gs1/gs1-date';
import type { Prng } from '../prng';

/**
 * Valid GS1 data as a pack's symbol carries it (scanner.md §4, §5): element strings behind a GS1
 * AIM, a GS1 Digital Link in a plain QR, or a bare EAN-13. There is no GS1 encoder in hardware/, so
 * these are built from the spec with the parser's own check-digit and calendar helpers.
 */

export interface Gs1Symbol {
  aim: string;
  /** The data after the AIM, GS (0x1D) as the separator. */
  text: string;
}

/** The date the fuzz session parses against (the GS1 century window needs a today). */
export const FUZZ_TODAY = '2026-06-15';

const GS = '\u001d';
const DIGITS = '0123456789';
const ELEMENT_STRING_AIMS = [']d2', ']Q3', ']C1', ']e0'] as const;

function gtin14(rng: Prng): string {
  const body = rng.string(DIGITS, 13);
  return body + String(gtinCheckDigit(body));
}

/** YYMMDD inside the sliding window, DD = 00 now and then (last day of the month). */
function yymmdd(rng: Prng): string {
  const year = rng.int(2000, 2060);
  const month = rng.int(1, 12);
  const day = rng.chance(0.1) ? 0 : rng.int(1, daysInMonth(year, month));
  const two = (n: number): string => String(n).padStart(2, '0');
  return two(year % 100) + two(month) + two(day);
}

/** An X..20 value from character set 82. */
function xField(rng: Prng): string {
  return rng.string(CSET_82_CHARS, rng.int(1, 20));
}

function elementString(rng: Prng): Gs1Symbol {
  // Fixed-length AIs first (no GS needed after them), variable ones GS-separated (§4).
  const fixed = [`01${gtin14(rng)}`, `17${yymmdd(rng)}`];
  if (rng.chance(0.2)) fixed.push(`11${yymmdd(rng)}`);
  const variable = [`10${xField(rng)}`];
  if (rng.chance(0.8)) variable.push(`21${xField(rng)}`);
  if (rng.chance(0.1)) variable.push(`240${rng.string(CSET_82_CHARS, rng.int(1, 30))}`);
  if (rng.chance(0.1)) variable.push(`30${rng.string(DIGITS, rng.int(1, 8))}`);
  const leading = rng.chance(0.1) ? GS : '';
  return { aim: rng.pick(ELEMENT_STRING_AIMS), text: leading + fixed.join('') + variable.join(GS) };
}

function digitalLink(rng: Prng): Gs1Symbol {
  const path = [`/01/${gtin14(rng)}`, `/10/${encodeURIComponent(xField(rng))}`];
  if (rng.chance(0.8)) path.push(`/21/${encodeURIComponent(xField(rng))}`);
  const host = rng.pick(['id.gs1.org', 'example.com', 'resolver.example.org:8443']);
  return { aim: ']Q1', text: `https://${host}${path.join('')}?17=${yymmdd(rng)}` };
}

function eanUpc(rng: Prng): Gs1Symbol {
  const body = rng.string(DIGITS, rng.chance(0.5) ? 11 : 12);
  return { aim: ']E0', text: body + String(gtinCheckDigit(body)) };
}

export function randomGs1Symbol(rng: Prng): Gs1Symbol {
  const r = rng.below(10);
  if (r < 7) return elementString(rng);
  if (r < 9) return digitalLink(rng);
  return eanUpc(rng);
}
