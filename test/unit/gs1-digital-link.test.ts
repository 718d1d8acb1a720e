import { describe, expect, it } from 'vitest';
import { parseGs1, type Gs1ErrorCode } from '../../hardware/gs1';

/** GS1 Digital Link URIs in a plain QR (`]Q1`), scanner.md §7. */

const TODAY = '2026-01-15';
const GTIN = '09506000134352';
const BASE = `https://id.gs1.org/01/${GTIN}`;

describe('GS1 Digital Link in ]Q1', () => {
  it('gives the same value shape as the element string', () => {
    expect(parseGs1(']Q1', `${BASE}/10/ABC123/21/SN0001?17=251231`, TODAY)).toEqual({
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

  it('equals the DataMatrix of example 1', () => {
    expect(parseGs1(']Q1', `${BASE}/10/ABC123/21/SN0001?17=251231`, TODAY)).toEqual(
      parseGs1(']d2', '01095060001343521725123110ABC123\u001d21SN0001', TODAY),
    );
  });

  it('allows a resolver path prefix, an upper-case URI, a fragment and non-GS1 parameters', () => {
    const uri = `HTTPS://EXAMPLE.COM:8443/PHARMA/01/${GTIN}/10/ABC?linkType=gs1:pip&17=250200#top`;
    expect(parseGs1(']Q1', uri, TODAY)).toEqual({
      ok: true,
      value: { gtin: GTIN, expiry: '2025-02-28', expiryRaw: '250200', lot: 'ABC', other: {} },
    });
  });

  it('percent-decodes values before checking them', () => {
    const result = parseGs1(']Q1', `${BASE}/10/A%2FB%25C/21/%22Q%22`, TODAY);
    expect(result).toEqual({
      ok: true,
      value: { gtin: GTIN, lot: 'A/B%C', serial: '"Q"', other: {} },
    });
  });

  it('keeps CPV (22) and other known query attributes', () => {
    expect(parseGs1(']Q1', `${BASE}/22/V1/10/L1?17=251231&30=12`, TODAY)).toEqual({
      ok: true,
      value: {
        gtin: GTIN,
        expiry: '2025-12-31',
        expiryRaw: '251231',
        lot: 'L1',
        other: { '22': 'V1', '30': '12' },
      },
    });
  });

  // Offsets point into the URI text: BASE is 36 characters, its GTIN starts at 22, and a value
  // that was %-encoded is counted from where its encoded form starts.
  it.each<[string, string, Gs1ErrorCode, number]>([
    ['bad GTIN check digit', `https://id.gs1.org/01/09506000134353`, 'bad_check_digit', 35],
    ['GTIN-13 is not zero-padded in 01', `https://id.gs1.org/01/9506000134352`, 'truncated', 35],
    ['month 13', `${BASE}?17=251331`, 'bad_date', 40],
    ['expiry too long', `${BASE}?17=2512310`, 'too_long', 46],
    ['lot with a space (encoded)', `${BASE}/10/AB%20C`, 'bad_char', 42],
    ['malformed %-escape', `${BASE}/10/AB%G1`, 'bad_char', 40],
    ['lot of 21 characters', `${BASE}/10/${'A'.repeat(21)}`, 'too_long', 60],
    ['empty lot', `${BASE}/10/?17=251231`, 'empty_field', 40],
    ['unknown AI in the query', `${BASE}?99=X`, 'unknown_ai', 37],
    ['unknown AI in the path', `${BASE}/235/X`, 'unknown_ai', 37],
    ['duplicate lot', `${BASE}/10/A?10=B`, 'duplicate_ai', 42],
    ['a space in the URI', `${BASE} `, 'bad_char', 36],
  ])('%s → %s', (_name, uri, code, offset) => {
    expect(parseGs1(']Q1', uri, TODAY)).toMatchObject({ ok: false, error: { code, offset } });
  });

  it.each([
    ['an https URL without /01/', 'https://example.com/product/123'],
    ['an http (not https) URL', `http://id.gs1.org/01/${GTIN}`],
    ['a URL with no host', `https:///01/${GTIN}`],
    ['a prescription token', 'shc:/5676290952432060346029243740'],
  ])('%s is not_gs1', (_name, text) => {
    expect(parseGs1(']Q1', text, TODAY)).toMatchObject({ ok: false, error: { code: 'not_gs1' } });
  });

  it('is read only from a plain QR: the same URI under ]d2 is an element string (and fails)', () => {
    expect(parseGs1(']d2', `${BASE}/10/A`, TODAY)).toMatchObject({
      ok: false,
      error: { code: 'unknown_ai', offset: 0 },
    });
  });
});
