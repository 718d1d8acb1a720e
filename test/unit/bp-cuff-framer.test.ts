import { describe, expect, test } from 'vitest';
import { CuffFramer, type CuffFramerOutput } from '../../hardware/bp-cuff/framer';

// Line boundaries of the cuff protocol (vitals.md §B.2, §C): split and merged lines, noise,
// a truncated line, a missing terminator, an over-long line.

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const show = (out: CuffFramerOutput[]): string[] =>
  out.map((o) =>
    o.kind === 'sentence'
      ? `${o.sentence.type}:${o.sentence.seq}`
      : `error:${o.error.code}:${String.fromCharCode(...o.bytes)
          .replace(/\r/g, '\\r')
          .replace(/\n/g, '\\n')}`,
  );

const ACK = '$BP,ACK,1*6A\r\n';
const P85 = '$BP,P,1,INF,085*0F\r\n';
const R = '$BP,R,1,mmHg,128,082,097,072,0000*54\r\n';

describe('CuffFramer', () => {
  test('three sentences in one chunk', () => {
    expect(show(new CuffFramer().push(ascii(ACK + P85 + R), 0))).toEqual(['ACK:1', 'P:1', 'R:1']);
  });

  test('a sentence split byte by byte is emitted once, at its LF', () => {
    const framer = new CuffFramer();
    const out: CuffFramerOutput[] = [];
    for (const [i, c] of [...R].entries()) out.push(...framer.push(ascii(c), i * 0.01));
    expect(show(out)).toEqual(['R:1']);
    expect(framer.pendingBytes).toBe(0);
  });

  test('a split across chunks glued to the next sentence', () => {
    const framer = new CuffFramer();
    expect(show(framer.push(ascii(ACK.slice(0, 5)), 0))).toEqual([]);
    expect(show(framer.push(ascii(ACK.slice(5) + P85), 1))).toEqual(['ACK:1', 'P:1']);
  });

  test('noise between sentences is one error per run', () => {
    expect(show(new CuffFramer().push(ascii(`\x00\xffxyz${ACK}\r\n${P85}`), 0))).toEqual([
      'error:NOISE:\x00\xffxyz',
      'ACK:1',
      'error:NOISE:\\r\\n',
      'P:1',
    ]);
  });

  test('a truncated line is dropped when the next $ arrives', () => {
    expect(show(new CuffFramer().push(ascii(`$BP,P,1,IN${P85}`), 0))).toEqual([
      'error:TRUNCATED:$BP,P,1,IN',
      'P:1',
    ]);
  });

  test('a line missing CR LF: dropped at the next $ (same burst) …', () => {
    expect(show(new CuffFramer().push(ascii(`$BP,P,1,INF,085*0F${ACK}`), 0))).toEqual([
      'error:TRUNCATED:$BP,P,1,INF,085*0F',
      'ACK:1',
    ]);
  });

  test('… or after a gap longer than staleAfterMs', () => {
    const framer = new CuffFramer({ staleAfterMs: 50 });
    expect(show(framer.push(ascii('$BP,P,1,INF,085*0F'), 0))).toEqual([]);
    expect(show(framer.push(ascii(ACK), 200))).toEqual(['error:STALE:$BP,P,1,INF,085*0F', 'ACK:1']);
  });

  test('a partial line continued within staleAfterMs is kept', () => {
    const framer = new CuffFramer({ staleAfterMs: 50 });
    framer.push(ascii(ACK.slice(0, 4)), 0);
    expect(show(framer.push(ascii(ACK.slice(4)), 40))).toEqual(['ACK:1']);
  });

  test('a line that reaches 96 bytes without LF is dropped and the rest of it skipped', () => {
    const long = `$BP,E,1,E07,${'A'.repeat(120)}*00\r\n`;
    const out = show(new CuffFramer().push(ascii(long + ACK), 0));
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^error:TOO_LONG:\$BP,E,1,E07,A+$/);
    expect(out[1]).toBe('ACK:1');
  });

  test('bad checksum and unknown TYPE are reported with the line', () => {
    expect(show(new CuffFramer().push(ascii('$BP,ACK,1*6B\r\n$BP,NAK,1*67\r\n'), 0))).toEqual([
      'error:BAD_CHECKSUM:$BP,ACK,1*6B\\r\\n',
      'error:UNKNOWN_TYPE:$BP,NAK,1*67\\r\\n',
    ]);
  });

  test('reset() forgets a partial line', () => {
    const framer = new CuffFramer();
    framer.push(ascii('$BP,AC'), 0);
    framer.reset();
    expect(show(framer.push(ascii(ACK), 1))).toEqual(['ACK:1']);
  });
});
