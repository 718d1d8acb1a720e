import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStrictJson, parseStrictJsonBytes } from '../../main/prescriptions/strict-json';

const code = (text: string) => {
  const r = parseStrictJson(text);
  return r.ok ? 'ok' : r.error.code;
};

describe('strict JSON', () => {
  it('parses what JSON.parse parses, for ordinary JSON', () => {
    fc.assert(
      fc.property(fc.json({ depthSize: 'small' }), (text) => {
        const expected: unknown = JSON.parse(text);
        const parsed = parseStrictJson(text);
        // fast-check may produce keys this parser forbids, or unsafe numbers; skip those.
        if (!parsed.ok) {
          expect(['forbidden_key', 'unsafe_number', 'duplicate_key']).toContain(parsed.error.code);
          return;
        }
        expect(JSON.parse(JSON.stringify(parsed.value))).toEqual(expected);
      }),
    );
  });

  it('returns null-prototype objects', () => {
    const r = parseStrictJson('{"a":{"b":1}}');
    if (!r.ok) throw new Error(r.error.code);
    expect(Object.getPrototypeOf(r.value)).toBe(null);
    expect(Object.getPrototypeOf((r.value as { a: object }).a)).toBe(null);
  });

  it.each([
    ['{"a":1,"a":2}', 'duplicate_key'],
    ['{"a":{"b":1,"b":1}}', 'duplicate_key'],
    ['{"__proto__":{}}', 'forbidden_key'],
    ['{"a":[{"constructor":1}]}', 'forbidden_key'],
    ['{"prototype":1}', 'forbidden_key'],
    ['{"\\u005f_proto__":1}', 'forbidden_key'],
    ['9007199254740992', 'unsafe_number'],
    ['-9007199254740992', 'unsafe_number'],
    ['1e300', 'unsafe_number'],
    ['1e999', 'unsafe_number'],
    ['"\\ud800"', 'lone_surrogate'],
    ['"\\udc00x"', 'lone_surrogate'],
    ['{"a":1,}', 'syntax'],
    ['[1,]', 'syntax'],
    ['01', 'syntax'],
    ['NaN', 'syntax'],
    ["{'a':1}", 'syntax'],
    ['"a\tb"', 'syntax'],
    ['"\\x41"', 'syntax'],
    ['\ufeff{}', 'syntax'],
    ['{} {}', 'syntax'],
    ['', 'syntax'],
    ['tru', 'syntax'],
  ])('%s → %s', (text, expected) => {
    expect(code(text)).toBe(expected);
  });

  it('accepts the safe-integer edge, fractions and surrogate pairs', () => {
    expect(code('9007199254740991')).toBe('ok');
    expect(code('-9007199254740991')).toBe('ok');
    expect(code('[0.5, -1.25e2, 0]')).toBe('ok');
    expect(parseStrictJson('"\\ud83d\\ude00"')).toEqual({ ok: true, value: '😀' });
  });

  it('limits depth to 32 by default', () => {
    expect(code(`${'['.repeat(32)}${']'.repeat(32)}`)).toBe('ok');
    expect(code(`${'['.repeat(33)}${']'.repeat(33)}`)).toBe('too_deep');
    expect(code(`${'{"a":'.repeat(33)}1${'}'.repeat(33)}`)).toBe('too_deep');
    expect(parseStrictJson('[[1]]', { maxDepth: 1 })).toEqual({
      ok: false,
      error: { code: 'too_deep', offset: 1 },
    });
  });

  it('rejects invalid UTF-8 and a BOM in bytes', () => {
    expect(parseStrictJsonBytes(Uint8Array.from([0x22, 0xc3, 0x22]))).toEqual({
      ok: false,
      error: { code: 'invalid_utf8', offset: 0 },
    });
    expect(parseStrictJsonBytes(Uint8Array.from([0xef, 0xbb, 0xbf, 0x31])).ok).toBe(false);
    expect(parseStrictJsonBytes(new TextEncoder().encode('{"é":"ü"}'))).toEqual({
      ok: true,
      value: Object.assign(Object.create(null) as object, { é: 'ü' }),
    });
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        parseStrictJson(text);
      }),
    );
  });
});
