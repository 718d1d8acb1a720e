import { err, ok } from '../../contracts/result';
import { gtinCheckDigit, toGtin14 } from './check-digit';
import { looksLikeDigitalLink, splitDigitalLink } from './digital-link';
import { splitElementString } from './element-string';
import { isScanChar } from './field';
import { assertIsoDate, decodeGs1Date, type IsoDate } from './gs1-date';
import { gs1AimKind } from './gs1-aim';
import type { Gs1Element, Gs1Result, Gs1Value } from './gs1-result';

/**
 * The GS1 parser (scanner.md §4, §7): `aim` and `raw` as a scanner codec produced them (raw
 * without the AIM), `today` the kiosk-local date for the century window. Never throws on any
 * `raw`; a malformed `today` is a caller bug and throws RangeError.
 */

const latin1 = new TextDecoder('latin1');

/** One character per byte, so offsets in the text are offsets in the bytes. */
function toText(raw: Uint8Array | string): string {
  return typeof raw === 'string' ? raw : latin1.decode(raw);
}

/** UPC-A is 12 digits, EAN-13 is 13; both become a GTIN-14 by left-padding with zeros. */
const UPC_A_DIGITS = 12;
const EAN_13_DIGITS = 13;

/** `]E0`: a bare GTIN, held to the same digit and check-digit rules as AI 01. */
function parseEanUpc(text: string): Gs1Result {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (i === EAN_13_DIGITS) {
      return err({ code: 'too_long', offset: i, detail: 'EAN-13/UPC-A holds at most 13 digits' });
    }
    if (!isScanChar(code)) {
      return err({
        code: 'bad_char',
        offset: i,
        detail: `byte 0x${code.toString(16)} in EAN-13/UPC-A`,
      });
    }
    if (code < 0x30 || code > 0x39) {
      return err({ code: 'non_digit', offset: i, detail: 'EAN-13/UPC-A is numeric' });
    }
  }
  if (text.length < UPC_A_DIGITS) {
    return err({
      code: 'truncated',
      offset: text.length,
      detail: `EAN-13/UPC-A needs 12 or 13 digits, the data ends after ${text.length}`,
    });
  }
  const gtin = toGtin14(text);
  const expected = gtinCheckDigit(gtin.slice(0, -1));
  const got = gtin.charCodeAt(13) - 0x30;
  if (expected !== got) {
    return err({
      code: 'bad_check_digit',
      offset: text.length - 1,
      detail: `EAN-13/UPC-A check digit: expected ${expected}, got ${got}`,
    });
  }
  return ok({ gtin, other: {} });
}

/** Elements → the value shape; fields are already validated. */
function toValue(elements: readonly Gs1Element[], today: IsoDate): Gs1Result {
  let gtin: string | undefined;
  let expiry: IsoDate | undefined;
  let expiryRaw: string | undefined;
  let lot: string | undefined;
  let serial: string | undefined;
  const other: Record<string, string> = {};
  for (const { ai, value } of elements) {
    switch (ai) {
      case '01':
        gtin = value;
        break;
      case '17': {
        const date = decodeGs1Date(value, today, { allowDayZero: true });
        if (!date.ok) throw new Error('AI 17 passed checkField but is not a date'); // invariant
        expiry = date.value;
        expiryRaw = value;
        break;
      }
      case '10':
        lot = value;
        break;
      case '21':
        serial = value;
        break;
      default:
        other[ai] = value;
    }
  }
  return ok({
    ...(gtin === undefined ? {} : { gtin }),
    ...(expiry === undefined || expiryRaw === undefined ? {} : { expiry, expiryRaw }),
    ...(lot === undefined ? {} : { lot }),
    ...(serial === undefined ? {} : { serial }),
    other,
  } satisfies Gs1Value);
}

export function parseGs1(aim: string | null, raw: Uint8Array | string, today: IsoDate): Gs1Result {
  // Checked up front so a wrong `today` fails every call, not only those that hold a date.
  assertIsoDate(today, 'today');
  const kind = gs1AimKind(aim);
  const text = toText(raw);
  if (kind === undefined) {
    return err({
      code: 'not_gs1',
      offset: 0,
      detail:
        aim === null
          ? 'no AIM: GS1 data needs a GS1 symbology identifier'
          : `AIM ${aim} is not a GS1 symbology`,
    });
  }
  if (kind === 'digital_link' && !looksLikeDigitalLink(text)) {
    return err({ code: 'not_gs1', offset: 0, detail: `AIM ${aim} without a GS1 Digital Link URI` });
  }
  if (text.length === 0) return err({ code: 'empty', offset: 0, detail: 'no data after the AIM' });

  switch (kind) {
    case 'ean_upc':
      return parseEanUpc(text);
    case 'digital_link': {
      const split = splitDigitalLink(text, today);
      return split.ok ? toValue(split.value, today) : split;
    }
    case 'element_string': {
      const split = splitElementString(text, today);
      return split.ok ? toValue(split.value, today) : split;
    }
  }
}
