import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  decodeSentence,
  encodeSentence,
  encodeSentenceText,
  xorChecksum,
  type CuffSentence,
} from '../../hardware/bp-cuff/codec';
import { CuffFramer, type CuffFramerOutput } from '../../hardware/bp-cuff/framer';
import { nextSeq, previousSeq } from '../../hardware/bp-cuff/protocol';
import fixtures from '../fixtures/vitals/bp-cuff-sentences.json';

const text = (bytes: Uint8Array): string => String.fromCharCode(...bytes);
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('cuff sentence codec: the vitals.md §B.2 examples, byte for byte', () => {
  test.each(fixtures.sentences)('$line', ({ line, sentence }) => {
    expect(text(encodeSentence(sentence as CuffSentence))).toBe(line);
    expect(decodeSentence(ascii(line))).toEqual({ ok: true, value: sentence });
    // Without the terminator too (the framer hands over whole lines, tests and logs may not).
    expect(decodeSentence(line.trimEnd())).toEqual({ ok: true, value: sentence });
  });

  test('the checksum is the XOR of the bytes between $ and *', () => {
    expect(xorChecksum('BP,START,1')).toBe(0x63);
    expect(xorChecksum(ascii('BP,ACK,1'))).toBe(0x6a);
  });

  test('the checksum is accepted in lower case and sent in upper case', () => {
    expect(decodeSentence('$BP,ACK,1*6a')).toEqual({ ok: true, value: { type: 'ACK', seq: 1 } });
    expect(encodeSentenceText({ type: 'ACK', seq: 1 })).toBe('$BP,ACK,1*6A');
  });

  test('a line missing only its CR is accepted', () => {
    expect(decodeSentence('$BP,ACK,1*6A\n').ok).toBe(true);
  });

  test('status 0x0009 decodes as 9; hex status in lower case too', () => {
    const line = '$BP,R,1,mmHg,151,094,113,118,0009*54';
    expect(decodeSentence(line)).toMatchObject({ ok: true, value: { status: 9 } });
    const lower = `BP,R,1,mmHg,151,094,113,118,00ff`;
    const withCs = `$${lower}*${xorChecksum(lower).toString(16).toUpperCase().padStart(2, '0')}`;
    expect(decodeSentence(withCs)).toMatchObject({ ok: true, value: { status: 0xff } });
  });
});

/** A body with a correct checksum, to reach the checks after it. */
const signed = (body: string): string =>
  `$${body}*${xorChecksum(body).toString(16).toUpperCase().padStart(2, '0')}`;

describe('cuff sentence codec: rejected lines (no NAK, just a typed error)', () => {
  test.each([
    ['empty', '', 'BAD_START'],
    ['no $', 'BP,ACK,1*6A', 'BAD_START'],
    ['bad checksum', '$BP,ACK,1*6B', 'BAD_CHECKSUM'],
    ['no checksum', '$BP,ACK,1', 'NO_CHECKSUM'],
    ['one hex digit', '$BP,ACK,1*6', 'NO_CHECKSUM'],
    ['not hex', '$BP,ACK,1*ZZ', 'NO_CHECKSUM'],
    ['non-ASCII byte', '$BP,ACK,1\u00e9*6A', 'NOT_ASCII'],
    ['other talker', signed('XX,ACK,1'), 'BAD_TALKER'],
    ['unknown TYPE', signed('BP,NAK,1'), 'UNKNOWN_TYPE'],
    ['lower-case TYPE', signed('BP,ack,1'), 'UNKNOWN_TYPE'],
    ['START with 2 fields', signed('BP,START,1,2'), 'BAD_FIELD_COUNT'],
    ['P with 2 fields', signed('BP,P,1,INF'), 'BAD_FIELD_COUNT'],
    ['R with 6 fields', signed('BP,R,1,mmHg,128,082,097,072'), 'BAD_FIELD_COUNT'],
    ['E with 4 fields', signed('BP,E,1,E02,OVER,PRESSURE'), 'BAD_FIELD_COUNT'],
    ['seq 0', signed('BP,ACK,0'), 'BAD_FIELD'],
    ['seq 65536', signed('BP,ACK,65536'), 'BAD_FIELD'],
    ['seq not a number', signed('BP,ACK,x'), 'BAD_FIELD'],
    ['phase XYZ', signed('BP,P,1,XYZ,085'), 'BAD_FIELD'],
    ['pressure 2 digits', signed('BP,P,1,INF,85'), 'BAD_FIELD'],
    ['sys 4 digits', signed('BP,R,1,mmHg,1280,082,097,072,0000'), 'BAD_FIELD'],
    ['status 3 hex digits', signed('BP,R,1,mmHg,128,082,097,072,000'), 'BAD_FIELD'],
    ['E code not Enn', signed('BP,E,1,X02,OVERPRESSURE'), 'BAD_FIELD'],
    ['E text lower case', signed('BP,E,1,E02,overpressure'), 'BAD_FIELD'],
    ['E text 41 characters', signed(`BP,E,1,E02,${'A'.repeat(41)}`), 'BAD_FIELD'],
    ['97-byte line', signed(`BP,E,1,E02,${'A'.repeat(40)}`).padEnd(95, 'A'), 'TOO_LONG'],
  ])('%s', (_name, line, code) => {
    const result = decodeSentence(line);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  test('96 bytes including CR LF is the limit', () => {
    const body = `BP,E,1,E07,${'A'.repeat(40)}`;
    const line = `${signed(body)}\r\n`;
    expect(line.length).toBeLessThanOrEqual(96);
    expect(decodeSentence(line).ok).toBe(true);
  });

  test('a caller bug throws RangeError (never a bad sentence on the wire)', () => {
    expect(() => encodeSentence({ type: 'START', seq: 0 })).toThrow(RangeError);
    expect(() => encodeSentence({ type: 'P', seq: 1, phase: 'INF', pressure: 1000 })).toThrow(
      RangeError,
    );
    expect(() => encodeSentence({ type: 'E', seq: 1, code: 'E02', text: 'A,B' })).toThrow(
      RangeError,
    );
  });
});

describe('seq arithmetic (vitals.md §C)', () => {
  test.each([
    [1, 2],
    [65534, 65535],
    [65535, 1],
  ])('after %d comes %d', (seq, next) => {
    expect(nextSeq(seq)).toBe(next);
    expect(previousSeq(next)).toBe(seq);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const seq = fc.integer({ min: 1, max: 65535 });
const three = fc.integer({ min: 0, max: 999 });
const sentenceArb: fc.Arbitrary<CuffSentence> = fc.oneof(
  fc.record({ type: fc.constant('START' as const), seq }),
  fc.record({ type: fc.constant('STOP' as const), seq }),
  fc.record({ type: fc.constant('ACK' as const), seq }),
  fc.record({
    type: fc.constant('P' as const),
    seq,
    phase: fc.constantFrom('INF' as const, 'DEF' as const),
    pressure: three,
  }),
  fc.record({
    type: fc.constant('R' as const),
    seq,
    unit: fc.constantFrom('mmHg', 'kPa'),
    systolic: three,
    diastolic: three,
    map: three,
    pulse: three,
    status: fc.integer({ min: 0, max: 0xffff }),
  }),
  fc.record({
    type: fc.constant('E' as const),
    seq,
    code: fc.integer({ min: 0, max: 99 }).map((n) => `E${String(n).padStart(2, '0')}`),
    text: fc.stringMatching(/^[A-Z0-9_ -]{1,40}$/),
  }),
);

const sentencesOf = (out: CuffFramerOutput[]): CuffSentence[] =>
  out.flatMap((o) => (o.kind === 'sentence' ? [o.sentence] : []));

describe('cuff codec properties', () => {
  test('random bytes never throw (codec and framer)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 120 }), (bytes, s) => {
        decodeSentence(bytes);
        decodeSentence(s);
        new CuffFramer().push(bytes, 0);
      }),
      { numRuns: 500 },
    );
  });

  test('encode → decode round-trips; every line fits in 96 bytes', () => {
    fc.assert(
      fc.property(sentenceArb, (s) => {
        const bytes = encodeSentence(s);
        expect(bytes.length).toBeLessThanOrEqual(96);
        expect(decodeSentence(bytes)).toEqual({ ok: true, value: s });
      }),
      { numRuns: 500 },
    );
  });

  test('encode → framer round-trips, whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.array(sentenceArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 20 }),
        (sentences, cuts) => {
          const stream = Uint8Array.from(sentences.flatMap((s) => [...encodeSentence(s)]));
          const framer = new CuffFramer();
          const out: CuffFramerOutput[] = [];
          let offset = 0;
          for (const size of [...cuts, stream.length]) {
            out.push(...framer.push(stream.subarray(offset, offset + size), 0));
            offset += size;
            if (offset >= stream.length) break;
          }
          expect(sentencesOf(out)).toEqual(sentences);
          expect(out.filter((o) => o.kind === 'error')).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('after any garbage the framer resynchronises on the next good sentence', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), sentenceArb, sentenceArb, (garbage, a, b) => {
        const stream = Uint8Array.from([...garbage, ...encodeSentence(a), ...encodeSentence(b)]);
        const out = new CuffFramer().push(stream, 0);
        // `$` starts every sentence and never occurs inside one, so both good ones come through.
        expect(sentencesOf(out).slice(-2)).toEqual([a, b]);
      }),
      { numRuns: 500 },
    );
  });
});
