import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AIM_SYMBOLOGIES,
  GS,
  MAX_MESSAGE_BYTES,
  SerialFramer,
  buildScanEvent,
  decodeSerialMessage,
  encodeSerialMessage,
} from '../../hardware/scanner';

/** scanner.md §5 example 1: `]d2` 01… 17… 10ABC123 GS 21SN0001 CR, byte for byte. */
const EXAMPLE_1 = Uint8Array.from(
  (
    '5D 64 32 30 31 30 39 35 30 36 30 30 30 31 33 34 33 35 32 31 37 32 35 31 32 33 31 ' +
    '31 30 41 42 43 31 32 33 1D 32 31 53 4E 30 30 30 31 0D'
  )
    .split(' ')
    .map((h) => parseInt(h, 16)),
);

const EXAMPLE_1_TEXT = '0109506000134352' + '17251231' + '10ABC123' + '\u001d' + '21SN0001';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('scanner codec: byte fixtures', () => {
  it('decodes scanner.md §5 example 1 through the framer', () => {
    const framed = new SerialFramer().push(EXAMPLE_1, 0);
    expect(framed).toHaveLength(1);
    const first = framed[0];
    if (!first?.ok) throw new Error('expected a framed message');
    const decoded = decodeSerialMessage(first.value.bytes);
    expect(decoded).toEqual({
      ok: true,
      value: {
        transport: 'serial',
        aim: ']d2',
        raw: EXAMPLE_1.subarray(3, EXAMPLE_1.length - 1),
        text: EXAMPLE_1_TEXT,
      },
    });
  });

  it('encodes example 1 to exactly the fixture bytes', () => {
    expect(hex(encodeSerialMessage(EXAMPLE_1_TEXT, ']d2'))).toBe(hex(EXAMPLE_1));
  });

  it('returns raw without the AIM and a copy the caller may keep', () => {
    const message = encodeSerialMessage('shc:/5676', ']Q1').subarray(0, -1);
    const decoded = decodeSerialMessage(message);
    if (!decoded.ok) throw new Error(decoded.error.code);
    message.fill(0);
    expect(decoded.value.text).toBe('shc:/5676');
    expect(hex(decoded.value.raw)).toBe(Buffer.from('shc:/5676').toString('hex'));
  });

  it('has no AIM when the message does not start with `]`', () => {
    const decoded = decodeSerialMessage(new TextEncoder().encode('0109506000134352'));
    expect(decoded.ok && decoded.value.aim).toBe(null);
    expect(decoded.ok && decoded.value.text).toBe('0109506000134352');
  });

  it.each([
    ['empty message', [], { code: 'empty' }],
    ['AIM only', [0x5d, 0x51, 0x31], { code: 'empty' }],
    ['`]` alone', [0x5d], { code: 'bad_aim' }],
    ['`]` + digit code', [0x5d, 0x31, 0x31, 0x41], { code: 'bad_aim' }],
    ['`]` + bad modifier', [0x5d, 0x51, 0x21, 0x41], { code: 'bad_aim' }],
    ['non-ASCII byte', [0x5d, 0x51, 0x31, 0x41, 0xe9], { code: 'bad_byte', offset: 4, byte: 0xe9 }],
    ['NUL', [0x00, 0x41], { code: 'bad_byte', offset: 0, byte: 0 }],
    ['LF inside', [0x41, 0x0a, 0x42], { code: 'bad_byte', offset: 1, byte: 0x0a }],
    ['DEL', [0x41, 0x7f], { code: 'bad_byte', offset: 1, byte: 0x7f }],
  ])('rejects %s', (_name, bytes, error) => {
    expect(decodeSerialMessage(Uint8Array.from(bytes))).toEqual({ ok: false, error });
  });

  it('accepts exactly MAX_MESSAGE_BYTES and rejects one more', () => {
    const max = new Uint8Array(MAX_MESSAGE_BYTES).fill(0x41);
    expect(decodeSerialMessage(max).ok).toBe(true);
    const over = new Uint8Array(MAX_MESSAGE_BYTES + 1).fill(0x41);
    expect(decodeSerialMessage(over)).toEqual({
      ok: false,
      error: { code: 'too_long', length: MAX_MESSAGE_BYTES + 1, max: MAX_MESSAGE_BYTES },
    });
  });

  it('applies the same rules to every transport (buildScanEvent)', () => {
    expect(buildScanEvent('hid', ']d2', Uint8Array.from([0x41, GS, 0x42])).ok).toBe(true);
    expect(buildScanEvent('wedge', null, Uint8Array.from([0x41, 0x09]))).toEqual({
      ok: false,
      error: { code: 'bad_byte', offset: 1, byte: 0x09 },
    });
  });
});

describe('scanner codec: properties', () => {
  it('never throws on random bytes, and every error is typed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (bytes) => {
        const decoded = decodeSerialMessage(bytes);
        if (!decoded.ok) {
          expect(['empty', 'too_long', 'bad_byte', 'bad_aim']).toContain(decoded.error.code);
        }
      }),
    );
  });

  it('never throws in the framer on random chunks and times', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.uint8Array({ maxLength: 600 }), fc.nat({ max: 200 })), {
          maxLength: 20,
        }),
        (chunks) => {
          const framer = new SerialFramer();
          let t = 0;
          for (const [chunk, dt] of chunks) {
            t += dt;
            for (const out of framer.push(chunk, t)) {
              if (out.ok) decodeSerialMessage(out.value.bytes);
            }
          }
        },
      ),
    );
  });

  const allowedChar = fc.oneof(
    fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    fc.constant('\u001d'),
  );
  const validText = fc.string({ unit: allowedChar, minLength: 1, maxLength: 4093 });
  const aim = fc.oneof(fc.constantFrom(...AIM_SYMBOLOGIES.map((s) => s.aim)), fc.constant(null));

  it('round-trips any valid message through encode → framer → decode, in any chunking', () => {
    fc.assert(
      fc.property(
        validText,
        aim,
        fc.constantFrom('cr' as const, 'crlf' as const),
        fc.array(fc.nat(), { maxLength: 6 }),
        (text, aimValue, ending, cuts) => {
          // Without an AIM a payload that starts with `]` would be read as one; real scanners in
          // no-AIM mode are not used for such payloads, so the property excludes it.
          fc.pre(aimValue !== null || !text.startsWith(']'));
          const bytes = encodeSerialMessage(text, aimValue, ending);
          const points = [...new Set(cuts.map((c) => c % bytes.length))].sort((a, b) => a - b);
          const framer = new SerialFramer();
          const outputs = [];
          let start = 0;
          for (const p of [...points, bytes.length]) {
            outputs.push(...framer.push(bytes.subarray(start, p), 0));
            start = p;
          }
          expect(outputs).toHaveLength(1);
          const only = outputs[0];
          if (!only?.ok) throw new Error('framing failed');
          const decoded = decodeSerialMessage(only.value.bytes);
          if (!decoded.ok) throw new Error(decoded.error.code);
          expect(decoded.value.aim).toBe(aimValue);
          expect(decoded.value.text).toBe(text);
          expect(framer.pendingBytes).toBe(0);
        },
      ),
    );
  });
});
