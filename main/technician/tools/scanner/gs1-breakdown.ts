import type { Gs1Breakdown, Gs1Field } from '../../../../contracts/technician/scanner';
import {
  findAiFormat,
  gs1AimKind,
  gtinCheckDigit,
  isExpired,
  parseGs1,
  type Gs1Error,
  type Gs1Value,
  type IsoDate,
} from '../../../../hardware/gs1';

/**
 * A GS1 symbol's AIs for the technician's scanner test (issue 9 item 5), read by the kiosk's own
 * parser (hardware/gs1). The parser refuses a whole symbol at its first fault, which is right for
 * restock but tells a technician little; so a wrong GTIN check digit and an impossible expiry
 * date are noted, replaced by a valid stand-in and the symbol read again, so the rest of it is
 * still shown, with the faulty field flagged as scanned.
 */

/** A GTIN check digit and an AI 17 date: at most one repair each, so never more than these. */
const MAX_REPAIRS = 2;
/** Any valid YYMMDD: stands in for a faulty expiry so the fields after it can be read. */
const STAND_IN_DATE = '000101';

interface Repairs {
  /** The scanned (wrong) check digit of AI 01 and the right one. */
  gtin?: { scanned: string; expected: number };
  /** AI 17 as scanned, and which part is no date. */
  expiry?: { raw: string; fault: 'month' | 'day' };
}

const aiOf = (detail: string): string | undefined => /^AI (\d{2,4})\b/.exec(detail)?.[1];

/** The digits of a GTIN before its check digit at `offset` (at most 13, back to a non-digit). */
function gtinBody(data: string, offset: number): string {
  let start = offset;
  while (start > 0 && offset - start < 13 && /[0-9]/.test(data.charAt(start - 1))) start--;
  return data.slice(start, offset);
}

/** A fault the breakdown can step over: the repaired data, or null when it cannot. */
function repair(data: string, error: Gs1Error, repairs: Repairs): string | null {
  if (error.offset === null) return null;
  const at = error.offset;
  if (
    error.code === 'bad_check_digit' &&
    !repairs.gtin &&
    (aiOf(error.detail) === '01' || error.detail.startsWith('EAN-13/UPC-A'))
  ) {
    const body = gtinBody(data, at);
    if (body.length === 0) return null;
    const expected = gtinCheckDigit(body);
    repairs.gtin = { scanned: data.charAt(at), expected };
    return `${data.slice(0, at)}${expected}${data.slice(at + 1)}`;
  }
  if (error.code === 'bad_date' && !repairs.expiry && aiOf(error.detail) === '17') {
    const raw = data.slice(at, at + STAND_IN_DATE.length);
    const month = Number(raw.slice(2, 4));
    repairs.expiry = { raw, fault: month < 1 || month > 12 ? 'month' : 'day' };
    return `${data.slice(0, at)}${STAND_IN_DATE}${data.slice(at + STAND_IN_DATE.length)}`;
  }
  return null;
}

const titleOf = (ai: string): string => findAiFormat(ai)?.title ?? `AI ${ai}`;

function fieldsOf(value: Gs1Value, repairs: Repairs, today: IsoDate): Gs1Field[] {
  const fields: Gs1Field[] = [];
  if (value.gtin !== undefined) {
    const wrong = repairs.gtin;
    fields.push({
      kind: 'gtin',
      ai: '01',
      value: wrong ? `${value.gtin.slice(0, -1)}${wrong.scanned}` : value.gtin,
      checkDigit: wrong ? 'invalid' : 'valid',
      expectedDigit: wrong ? wrong.expected : null,
    });
  }
  if (repairs.expiry) {
    const { raw, fault } = repairs.expiry;
    fields.push({
      kind: 'expiry',
      ai: '17',
      value: raw,
      verdict: 'invalid',
      date: null,
      dayZero: raw.endsWith('00'),
      fault,
    });
  } else if (value.expiry !== undefined && value.expiryRaw !== undefined) {
    fields.push({
      kind: 'expiry',
      ai: '17',
      value: value.expiryRaw,
      verdict: isExpired(value.expiry, today) ? 'expired' : 'valid',
      date: value.expiry,
      dayZero: value.expiryRaw.endsWith('00'),
      fault: null,
    });
  }
  if (value.lot !== undefined)
    fields.push({ kind: 'lot', ai: '10', title: titleOf('10'), value: value.lot });
  if (value.serial !== undefined)
    fields.push({ kind: 'serial', ai: '21', title: titleOf('21'), value: value.serial });
  for (const [ai, text] of Object.entries(value.other))
    fields.push({ kind: 'other', ai, title: titleOf(ai), value: text });
  return fields;
}

/**
 * The breakdown of a scan whose AIM declares GS1 data; null when it does not (a plain QR that is
 * no Digital Link, Code 39, a wedge scan without AIM…). `today` is the kiosk-local date.
 */
export function gs1Breakdown(
  aim: string | null,
  text: string,
  today: IsoDate,
): Gs1Breakdown | null {
  if (gs1AimKind(aim) === undefined) return null;
  const repairs: Repairs = {};
  let data = text;
  for (let attempt = 0; ; attempt++) {
    const parsed = parseGs1(aim, data, today);
    if (parsed.ok) return { fields: fieldsOf(parsed.value, repairs, today), error: null };
    if (parsed.error.code === 'not_gs1') return null;
    const next = attempt < MAX_REPAIRS ? repair(data, parsed.error, repairs) : null;
    if (next === null)
      return { fields: [], error: { code: parsed.error.code, offset: parsed.error.offset } };
    data = next;
  }
}
