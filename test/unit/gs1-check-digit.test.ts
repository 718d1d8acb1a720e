import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CSET_82_CHARS,
  CSET_82_SIZE,
  gtinCheckDigit,
  isCset82Char,
  isValidGtin,
  toGtin14,
} from '../../hardware/gs1';

describe('GS1 mod-10 check digit', () => {
  it.each([
    ['0950600013435', 2], // scanner.md §5 GTIN
    ['950600013435', 2], // the same as EAN-13
    ['03600029145', 2], // UPC-A 036000291452
    ['9638507', 4], // GTIN-8 96385074
    ['10614141123456789', 7], // SSCC 106141411234567897
    ['0000000000000', 0],
  ])('%s → %i', (body, check) => {
    expect(gtinCheckDigit(body)).toBe(check);
  });

  it('throws on non-digits (a caller bug, not scan data)', () => {
    expect(() => gtinCheckDigit('12A')).toThrow(RangeError);
    expect(() => gtinCheckDigit('')).toThrow(RangeError);
  });

  it('leading zeros do not change the check digit (so padding to GTIN-14 keeps it)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{7,13}$/), (body) => {
        expect(gtinCheckDigit(body.padStart(13, '0'))).toBe(gtinCheckDigit(body));
      }),
    );
  });

  it('any single-digit change is caught', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{13}$/),
        fc.nat(13),
        fc.integer({ min: 1, max: 9 }),
        (body, position, delta) => {
          const gtin = body + String(gtinCheckDigit(body));
          const changed =
            gtin.slice(0, position) +
            String((Number(gtin[position]) + delta) % 10) +
            gtin.slice(position + 1);
          expect(isValidGtin(changed)).toBe(false);
        },
      ),
    );
  });
});

describe('isValidGtin', () => {
  it.each([
    ['09506000134352', true],
    ['09506000134353', false],
    ['9506000134352', true],
    ['036000291452', true],
    ['96385074', true],
    ['0950600013435', false], // 13 digits with a wrong check digit
    ['095060001343520', false], // 15 digits
    ['1234567', false], // 7 digits
    ['0950600013435A', false],
    ['', false],
  ])('%j → %s', (gtin, valid) => {
    expect(isValidGtin(gtin)).toBe(valid);
  });

  it('toGtin14 pads to 14 digits', () => {
    expect(toGtin14('96385074')).toBe('00000096385074');
    expect(isValidGtin(toGtin14('96385074'))).toBe(true);
  });
});

describe('GS1 character set 82', () => {
  it('has exactly 82 characters, all printable ASCII', () => {
    expect(CSET_82_CHARS).toHaveLength(CSET_82_SIZE);
    for (const c of CSET_82_CHARS) expect(isCset82Char(c.charCodeAt(0))).toBe(true);
  });

  it.each([' ', '#', '$', '@', '[', '\\', ']', '^', '`', '{', '|', '}', '~', '\u001d'])(
    '%j is outside it',
    (c) => {
      expect(isCset82Char(c.charCodeAt(0))).toBe(false);
    },
  );
});
