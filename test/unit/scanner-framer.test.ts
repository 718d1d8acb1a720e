import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, SerialFramer, type SerialFramerOutput } from '../../hardware/scanner';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const texts = (outs: SerialFramerOutput[]): (string | { error: string })[] =>
  outs.map((o) => (o.ok ? new TextDecoder().decode(o.value.bytes) : { error: o.error.code }));

describe('SerialFramer', () => {
  it('joins a message split across chunks', () => {
    const framer = new SerialFramer();
    expect(framer.push(bytes(']Q1shc:'), 0)).toEqual([]);
    expect(framer.push(bytes('/5676'), 10)).toEqual([]);
    expect(texts(framer.push(bytes('29\r'), 20))).toEqual([']Q1shc:/567629']);
  });

  it('splits two messages in one chunk and keeps the tail for later', () => {
    const framer = new SerialFramer();
    expect(texts(framer.push(bytes(']Q1one\r]Q1two\r]Q1th'), 0))).toEqual([']Q1one', ']Q1two']);
    expect(framer.pendingBytes).toBe(5);
    expect(texts(framer.push(bytes('ree\r'), 5))).toEqual([']Q1three']);
  });

  it('strips the LF of CR+LF, also when it arrives in the next chunk', () => {
    const framer = new SerialFramer();
    expect(texts(framer.push(bytes(']Q1a\r\n]Q1b\r'), 0))).toEqual([']Q1a', ']Q1b']);
    expect(texts(framer.push(bytes('\n]Q1c\r'), 1))).toEqual([']Q1c']);
  });

  it('passes an LF that does not follow a CR on to the codec', () => {
    const framer = new SerialFramer();
    expect(texts(framer.push(bytes('a\nb\r'), 0))).toEqual(['a\nb']);
  });

  it('ignores empty lines', () => {
    expect(new SerialFramer().push(bytes('\r\r\n\r'), 0)).toEqual([]);
  });

  it('stamps the message with the arrival of the chunk that held the CR', () => {
    const framer = new SerialFramer();
    framer.push(bytes('abc'), 100);
    const [out] = framer.push(bytes('\r'), 130);
    expect(out?.ok && out.value.arrivalMs).toBe(130);
  });

  it('keeps a partial across a gap of exactly 50 ms and drops it after 51 ms', () => {
    const atLimit = new SerialFramer();
    atLimit.push(bytes('abc'), 0);
    expect(texts(atLimit.push(bytes('def\r'), 50))).toEqual(['abcdef']);

    const over = new SerialFramer();
    over.push(bytes('abc'), 0);
    expect(over.push(bytes('def\r'), 51)).toEqual([
      { ok: false, error: { code: 'gap_timeout', discardedBytes: 3, gapMs: 51 } },
      { ok: true, value: { bytes: bytes('def'), arrivalMs: 51 } },
    ]);
  });

  it('measures the gap from the last byte, not the first', () => {
    const framer = new SerialFramer();
    framer.push(bytes('a'), 0);
    framer.push(bytes('b'), 40);
    framer.push(bytes('c'), 80);
    expect(texts(framer.push(bytes('\r'), 120))).toEqual(['abc']);
  });

  it('reports no gap error when nothing was pending', () => {
    const framer = new SerialFramer();
    framer.push(bytes('a\r'), 0);
    expect(texts(framer.push(bytes('b\r'), 10_000))).toEqual(['b']);
  });

  it('accepts a message of exactly the cap', () => {
    const framer = new SerialFramer();
    const outs = framer.push(new Uint8Array(MAX_MESSAGE_BYTES).fill(0x41), 0);
    expect(outs).toEqual([]);
    const [done] = framer.push(bytes('\r'), 1);
    expect(done?.ok && done.value.bytes.length).toBe(MAX_MESSAGE_BYTES);
  });

  it('resets on a flood and skips the rest of that line, then recovers', () => {
    const framer = new SerialFramer();
    const flood = new Uint8Array(5000).fill(0x41);
    expect(framer.push(flood, 0)).toEqual([
      { ok: false, error: { code: 'overflow', discardedBytes: MAX_MESSAGE_BYTES + 1 } },
    ]);
    expect(framer.pendingBytes).toBe(0);
    // The flood's tail up to its CR is thrown away, not emitted as a 903-byte message.
    expect(framer.push(bytes('AAAA\r'), 1)).toEqual([]);
    expect(texts(framer.push(bytes(']Q1ok\r'), 2))).toEqual([']Q1ok']);
  });

  it('ends the skipping after a gap even with no CR', () => {
    const framer = new SerialFramer();
    framer.push(new Uint8Array(5000).fill(0x41), 0);
    expect(texts(framer.push(bytes(']Q1ok\r'), 200))).toEqual([']Q1ok']);
  });

  it('honours custom limits', () => {
    const framer = new SerialFramer({ maxMessageBytes: 4, interByteGapMs: 10 });
    expect(texts(framer.push(bytes('abcde\rxy'), 0))).toEqual([{ error: 'overflow' }]);
    expect(texts(framer.push(bytes('z\r'), 11))).toEqual([{ error: 'gap_timeout' }, 'z']);
  });

  it('forgets everything on reset', () => {
    const framer = new SerialFramer();
    framer.push(bytes('abc'), 0);
    framer.reset();
    expect(texts(framer.push(bytes('d\r'), 1000))).toEqual(['d']);
  });
});
