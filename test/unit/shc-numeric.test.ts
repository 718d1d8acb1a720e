import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BADGE_PREFIX,
  SHC_PREFIX,
  decodeNumeric,
  describeNumericError,
  encodeNumeric,
} from '../../main/prescriptions/shc-numeric';

const jwsChars = fc.string({
  unit: fc.constantFrom(
    ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'.split(''),
  ),
  minLength: 1,
  maxLength: 300,
});

describe('shc:/ numeric encoding', () => {
  it('encodes the spec example (eyJ → 567629)', () => {
    expect(encodeNumeric('eyJ')).toEqual({ ok: true, value: 'shc:/567629' });
    expect(decodeNumeric('shc:/567629')).toEqual({ ok: true, value: 'eyJ' });
  });

  it('maps the ends of the range: "-" → 00 and "z" → 77', () => {
    expect(encodeNumeric('-z')).toEqual({ ok: true, value: 'shc:/0077' });
  });

  it('round-trips any JWS-alphabet text, with either prefix', () => {
    fc.assert(
      fc.property(jwsChars, fc.constantFrom(SHC_PREFIX, BADGE_PREFIX), (jws, prefix) => {
        const encoded = encodeNumeric(jws, prefix);
        if (!encoded.ok) throw new Error('encode failed');
        expect(encoded.value.startsWith(prefix)).toBe(true);
        expect(encoded.value.length).toBe(prefix.length + 2 * jws.length);
        expect(decodeNumeric(encoded.value, prefix)).toEqual({ ok: true, value: jws });
      }),
    );
  });

  it.each([
    ['an odd digit count', 'shc:/56762', { code: 'odd_length', digits: 5 }],
    ['digit pair 78', 'shc:/5678', { code: 'pair_out_of_range', offset: 2, pair: 78 }],
    ['digit pair 99', 'shc:/99', { code: 'pair_out_of_range', offset: 0, pair: 99 }],
    ['a letter', 'shc:/56a6', { code: 'non_digit', offset: 2 }],
    ['a chunk marker', 'shc:/1/2/5676', { code: 'non_digit', offset: 1 }],
    ['a space', 'shc:/56 76', { code: 'non_digit', offset: 2 }],
    ['no digits', 'shc:/', { code: 'empty' }],
    ['a different prefix', 'odb:/5676', { code: 'wrong_prefix' }],
    ['an upper-case prefix', 'SHC:/5676', { code: 'wrong_prefix' }],
  ])('rejects %s', (_name, text, error) => {
    expect(decodeNumeric(text)).toEqual({ ok: false, error });
    expect(describeNumericError(error as never)).toBeTypeOf('string');
  });

  it('uses the prefix it is given (badges)', () => {
    expect(decodeNumeric('odb:/567629', BADGE_PREFIX)).toEqual({ ok: true, value: 'eyJ' });
    expect(decodeNumeric('shc:/567629', BADGE_PREFIX).ok).toBe(false);
  });

  it('refuses to encode characters outside "-".."z"', () => {
    expect(encodeNumeric('ab+c')).toEqual({
      ok: false,
      error: { code: 'char_out_of_range', offset: 2 },
    });
    expect(encodeNumeric('a{')).toEqual({
      ok: false,
      error: { code: 'char_out_of_range', offset: 1 },
    });
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        decodeNumeric(`shc:/${text}`);
        decodeNumeric(text);
        encodeNumeric(text);
      }),
    );
  });
});
