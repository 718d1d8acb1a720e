import { describe, expect, it } from 'vitest';
import { parseGs1, type Gs1ErrorCode, type Gs1Result } from '../../hardware/gs1';

/** The worked examples and rules of shared/protocols/scanner.md §4, §5 and §7. */

const TODAY = '2026-01-15';
const GS = '\u001d';
const GTIN = '09506000134352';

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const failure = (result: Gs1Result) => (result.ok ? null : result.error);

describe('scanner.md §5 worked examples', () => {
  it('example 1: serial GS1 DataMatrix, byte fixture → GTIN, expiry, lot, serial', () => {
    // The example's bytes after the AIM and before the CR.
    const raw = Uint8Array.from(
      (
        '30 31 30 39 35 30 36 30 30 30 31 33 34 33 35 32 31 37 32 35 31 32 33 31 ' +
        '31 30 41 42 43 31 32 33 1D 32 31 53 4E 30 30 30 31'
      )
        .split(' ')
        .map((h) => parseInt(h, 16)),
    );
    expect(parseGs1(']d2', raw, TODAY)).toEqual({
      ok: true,
      value: {
        gtin: GTIN,
        expiry: '2025-12-31',
        expiryRaw: '251231',
        lot: 'ABC123',
        serial: 'SN0001',
        other: {},
      },
    });
  });

  it('example 2: GS1 QR, DD = 00 → last day of February, serial last without GS', () => {
    expect(parseGs1(']Q3', '01095060001343521725020021X7Y9Z', TODAY)).toEqual({
      ok: true,
      value: { gtin: GTIN, expiry: '2025-02-28', expiryRaw: '250200', serial: 'X7Y9Z', other: {} },
    });
  });

  it('example 3: bad check digit (expected 2, got 3)', () => {
    expect(parseGs1(']d2', '0109506000134353' + '17251231', TODAY)).toEqual({
      ok: false,
      error: {
        code: 'bad_check_digit',
        offset: 15,
        detail: 'AI 01 check digit: expected 2, got 3',
      },
    });
  });

  it('example 4: wedge without AIM and GS → refused as not_gs1', () => {
    const wedge = '0109506000134352' + '17251231' + '10ABC123' + '21SN0001';
    expect(failure(parseGs1(null, wedge, TODAY))?.code).toBe('not_gs1');
  });

  it('example 4: the naive parse it guards against swallows the serial into the lot', () => {
    const wedge = '0109506000134352' + '17251231' + '10ABC123' + '21SN0001';
    const naive = parseGs1(']d2', wedge, TODAY);
    expect(naive).toEqual({
      ok: true,
      value: {
        gtin: GTIN,
        expiry: '2025-12-31',
        expiryRaw: '251231',
        lot: 'ABC12321SN0001',
        other: {},
      },
    });
  });
});

describe('AIM policy', () => {
  it.each<[string | null, string]>([
    [null, 'no AIM'],
    [']d1', 'plain Data Matrix'],
    [']d5', 'Data Matrix, GS1 + ECI'],
    [']Q4', 'QR, GS1 + ECI'],
    [']Q5', 'QR ECI variant'],
    [']C0', 'plain Code 128'],
    [']X0', 'unknown symbology'],
  ])('%s (%s) is not_gs1 at offset 0', (aim, _name) => {
    expect(failure(parseGs1(aim, '0109506000134352', TODAY))).toMatchObject({
      code: 'not_gs1',
      offset: 0,
    });
  });

  it.each([']d2', ']Q3', ']C1', ']e0'])('%s carries an element string', (aim) => {
    expect(parseGs1(aim, '0109506000134352', TODAY)).toEqual({
      ok: true,
      value: { gtin: GTIN, other: {} },
    });
  });

  it('a plain QR that is not a Digital Link (a prescription) is not_gs1', () => {
    expect(failure(parseGs1(']Q1', 'shc:/567629095243206034602924', TODAY))?.code).toBe('not_gs1');
  });

  it('checks the AIM before anything else, even for empty data', () => {
    expect(failure(parseGs1(']d1', '', TODAY))?.code).toBe('not_gs1');
    expect(failure(parseGs1(']d2', '', TODAY))).toMatchObject({ code: 'empty', offset: 0 });
  });
});

describe(']E0 (EAN-13 / UPC-A)', () => {
  it('pads EAN-13 to GTIN-14 and checks it; the result has a GTIN only', () => {
    expect(parseGs1(']E0', '9506000134352', TODAY)).toEqual({
      ok: true,
      value: { gtin: GTIN, other: {} },
    });
  });

  it('pads UPC-A (12 digits)', () => {
    // UPC-A 036000291452 (check digit 2).
    expect(parseGs1(']E0', '036000291452', TODAY)).toEqual({
      ok: true,
      value: { gtin: '00036000291452', other: {} },
    });
  });

  it.each<[string, Gs1ErrorCode, number]>([
    ['9506000134353', 'bad_check_digit', 12],
    ['95060001343', 'truncated', 11],
    ['95060001343521', 'too_long', 13],
    ['950600013435A', 'non_digit', 12],
    ['9506\u0001', 'bad_char', 4],
  ])('%j → %s at %i', (text, code, offset) => {
    expect(failure(parseGs1(']E0', text, TODAY))).toMatchObject({ code, offset });
  });

  it('reads AIs as nothing but digits: an element string under ]E0 is too long', () => {
    expect(failure(parseGs1(']E0', '0109506000134352', TODAY))?.code).toBe('too_long');
  });
});

describe('every error code', () => {
  it.each<[string, string, Gs1ErrorCode, number]>([
    ['empty: no data', '', 'empty', 0],
    ['empty: only separators', GS + GS, 'empty', 2],
    ['bad_char: space in a lot', '10AB C', 'bad_char', 4],
    ['bad_char: # in a serial', '21SN#1', 'bad_char', 4],
    ['bad_char: ~ in a lot', '10AB~C', 'bad_char', 4],
    ['bad_char: a control byte in a lot', '10AB\u0001C', 'bad_char', 4],
    ['bad_char: a non-ASCII byte where an AI belongs', '\u00e901', 'bad_char', 0],
    ['non_digit: a letter in the GTIN', '010950600013435A', 'non_digit', 15],
    ['non_digit: a GS inside the expiry', `1725${GS}1231`, 'non_digit', 4],
    ['non_digit: a letter in a variable numeric field (AI 30)', '3012A4', 'non_digit', 4],
    ['bad_check_digit: SSCC (AI 00)', '00' + '123456789012345670', 'bad_check_digit', 19],
    ['bad_date: month 13', '17251331', 'bad_date', 2],
    ['bad_date: month 00', '17250031', 'bad_date', 2],
    ['bad_date: 31 April', '17250431', 'bad_date', 2],
    ['bad_date: 29 February in a common year', '17250229', 'bad_date', 2],
    ['bad_date: AI 7003 hour 24', '7003' + '2512312400', 'bad_date', 10],
    ['bad_date: AI 7003 does not allow DD = 00', '7003' + '2512001200', 'bad_date', 4],
    ['unknown_ai: 99 (internal) is in no table', '99ABC', 'unknown_ai', 0],
    [
      'unknown_ai: 3103 (net weight) is in no table here',
      '0109506000134352' + '3103000189',
      'unknown_ai',
      16,
    ],
    ['unknown_ai: a letter where an AI belongs', 'A1', 'unknown_ai', 0],
    ['duplicate_ai: two lots', `10A${GS}10B`, 'duplicate_ai', 4],
    ['duplicate_ai: two GTINs', '0109506000134352' + '0109506000134352', 'duplicate_ai', 16],
    ['too_long: a 21-character lot', '10' + 'A'.repeat(21), 'too_long', 22],
    ['too_long: 9 digits in AI 37', '37' + '123456789', 'too_long', 10],
    ['too_long: AI 7003 not followed by GS', '7003' + '2512311230' + '10A', 'too_long', 14],
    ['truncated: GTIN cut short', '01095060', 'truncated', 8],
    ['truncated: expiry cut short', '0109506000134352' + '1725', 'truncated', 20],
    ['truncated: data ends inside an AI', '0109506000134352' + '1', 'truncated', 16],
    ['truncated: data ends inside a 4-digit AI', '700', 'truncated', 0],
    ['empty_field: lot followed by GS', `10${GS}21X`, 'empty_field', 2],
    ['empty_field: serial at the end of data', '0109506000134352' + '21', 'empty_field', 18],
  ])('%s', (_name, text, code, offset) => {
    const error = failure(parseGs1(']d2', text, TODAY));
    expect(error).toMatchObject({ code, offset });
    expect(typeof error?.detail).toBe('string');
  });

  it('missing_ai comes from requirePackFields, never from the parser (see gs1-pack-fields)', () => {
    expect(parseGs1(']d2', '10ABC', TODAY)).toEqual({ ok: true, value: { lot: 'ABC', other: {} } });
  });
});

describe('first error wins, left to right', () => {
  it('a bad check digit before a bad date', () => {
    expect(failure(parseGs1(']d2', '0109506000134353' + '17251331', TODAY))?.code).toBe(
      'bad_check_digit',
    );
  });

  it('a bad date before an unknown AI', () => {
    expect(failure(parseGs1(']d2', '17251331' + '99X', TODAY))?.code).toBe('bad_date');
  });

  it('a duplicate AI is reported at the AI, before its own bad field', () => {
    expect(failure(parseGs1(']d2', `10A${GS}10~`, TODAY))).toMatchObject({
      code: 'duplicate_ai',
      offset: 4,
    });
  });

  it('too_long at the 21st character beats a bad character after it', () => {
    expect(failure(parseGs1(']d2', '10' + 'A'.repeat(20) + '#', TODAY))).toMatchObject({
      code: 'too_long',
      offset: 22,
    });
  });

  it('a bad character inside the limit beats too_long', () => {
    expect(failure(parseGs1(']d2', '10' + '#' + 'A'.repeat(30), TODAY))).toMatchObject({
      code: 'bad_char',
      offset: 2,
    });
  });
});

describe('GS handling', () => {
  const expected = {
    ok: true,
    value: {
      gtin: GTIN,
      expiry: '2025-12-31',
      expiryRaw: '251231',
      lot: 'ABC123',
      serial: 'SN0001',
      other: {},
    },
  };

  it.each([
    ['leading', `${GS}0109506000134352` + `17251231` + `10ABC123${GS}21SN0001`],
    ['after fixed-length fields', `0109506000134352${GS}17251231${GS}10ABC123${GS}21SN0001`],
    ['doubled', `0109506000134352${GS}${GS}1725123110ABC123${GS}${GS}21SN0001`],
    ['trailing', `01095060001343521725123110ABC123${GS}21SN0001${GS}`],
  ])('a GS is skipped where an AI is expected: %s', (_name, text) => {
    expect(parseGs1(']d2', text, TODAY)).toEqual(expected);
  });

  it('fields may come in any order', () => {
    expect(parseGs1(']d2', `21SN0001${GS}10ABC123${GS}172512310109506000134352`, TODAY)).toEqual(
      expected,
    );
  });
});

describe('further AIs land in `other`', () => {
  it('keeps each further AI with its value', () => {
    const text =
      '00' +
      '106141411234567897' +
      '02' +
      GTIN +
      '11' +
      '250101' +
      '13' +
      '250102' +
      '15' +
      '251100' +
      '20' +
      '07' +
      `22CPV-1${GS}240ADD/1${GS}241PART_2${GS}30${'12345678'}${GS}37${'5'}${GS}` +
      `710PZN1${GS}711CIP${GS}712CN${GS}713DRN${GS}714AIM${GS}715NDC${GS}` +
      '7003' +
      '2512312359';
    expect(parseGs1(']d2', text, TODAY)).toEqual({
      ok: true,
      value: {
        other: {
          '00': '106141411234567897',
          '02': GTIN,
          '11': '250101',
          '13': '250102',
          '15': '251100',
          '20': '07',
          '22': 'CPV-1',
          '240': 'ADD/1',
          '241': 'PART_2',
          '30': '12345678',
          '37': '5',
          '710': 'PZN1',
          '711': 'CIP',
          '712': 'CN',
          '713': 'DRN',
          '714': 'AIM',
          '715': 'NDC',
          '7003': '2512312359',
        },
      },
    });
  });

  it('accepts every character of set 82 in a variable field', () => {
    const all = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
    for (let i = 0; i < all.length; i += 20) {
      const lot = all.slice(i, i + 20);
      const result = parseGs1(']d2', '10' + lot, TODAY);
      expect(result.ok && result.value.lot).toBe(lot);
    }
  });

  it('accepts raw bytes and text alike', () => {
    const text = `0109506000134352${GS}10ABC`;
    expect(parseGs1(']d2', bytes(text), TODAY)).toEqual(parseGs1(']d2', text, TODAY));
  });
});

describe('today', () => {
  it('is a caller bug when malformed, so it throws', () => {
    expect(() => parseGs1(']d2', '17251231', '15/01/2026')).toThrow(RangeError);
    expect(() => parseGs1(null, '', '2026-02-30')).toThrow(RangeError);
  });
});
