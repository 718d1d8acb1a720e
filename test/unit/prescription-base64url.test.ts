import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64UrlStrict, encodeBase64Url } from '../../main/prescriptions/base64url-strict';

describe('strict base64url', () => {
  it('round-trips any bytes, and the encoding is the only one accepted', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = encodeBase64Url(bytes);
        const decoded = decodeBase64UrlStrict(text);
        expect(decoded.ok && Buffer.from(decoded.value).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });

  it.each([
    ['padding', 'QQ==', { code: 'padding', offset: 2 }],
    ['"+"', 'a+b_', { code: 'bad_char', offset: 1 }],
    ['"/"', 'ab/_', { code: 'bad_char', offset: 2 }],
    ['a space', 'ab c', { code: 'bad_char', offset: 2 }],
    ['a newline', 'abcd\nabcd', { code: 'bad_char', offset: 4 }],
    ['a non-ASCII letter', 'abcé', { code: 'bad_char', offset: 3 }],
    ['4n+1 characters', 'abcde', { code: 'bad_length', length: 5 }],
    ['spare bits set after 1 byte', 'QR', { code: 'non_canonical' }],
    ['spare bits set after 2 bytes', 'QUF', { code: 'non_canonical' }],
  ])('rejects %s', (_name, text, error) => {
    expect(decodeBase64UrlStrict(text)).toEqual({ ok: false, error });
  });

  it('accepts the canonical forms that Node would also accept', () => {
    expect(decodeBase64UrlStrict('QQ')).toEqual({ ok: true, value: new Uint8Array([0x41]) });
    expect(decodeBase64UrlStrict('QUE')).toEqual({ ok: true, value: new Uint8Array([0x41, 0x41]) });
    expect(decodeBase64UrlStrict('')).toEqual({ ok: true, value: new Uint8Array() });
    expect(decodeBase64UrlStrict('-_-_')).toEqual({
      ok: true,
      value: new Uint8Array([0xfb, 0xff, 0xbf]),
    });
  });

  it('decodes to different bytes for every different accepted string (no aliases)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.nat({ max: 63 }),
        (bytes, pos, v) => {
          const text = encodeBase64Url(bytes);
          const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
          const i = pos % text.length;
          const changed = `${text.slice(0, i)}${alphabet[v]}${text.slice(i + 1)}`;
          fc.pre(changed !== text);
          const decoded = decodeBase64UrlStrict(changed);
          if (decoded.ok) expect(Buffer.from(decoded.value).equals(Buffer.from(bytes))).toBe(false);
        },
      ),
    );
  });
});
