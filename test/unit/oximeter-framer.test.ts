import { describe, expect, test } from 'vitest';
import {
  encodeFrame,
  encodePacket,
  fromHex,
  toHex,
  uniformValues,
} from '../../hardware/oximeter/codec';
import { OximeterFramer, type OximeterFramerOutput } from '../../hardware/oximeter/framer';

// Frame boundaries and packet assembly (vitals.md §A.2, §A.4, §C): split and merged chunks,
// garbage, bad checksums, a dropped byte, an extra SYNC and a lost SYNC frame.

const FRAME_1 = '01 81 40 00 C2';
const FRAME_2 = '01 80 42 48 0B';
const FRAME_3 = '01 80 44 61 26';

const kinds = (out: OximeterFramerOutput[]): string[] =>
  out.map((o) =>
    o.kind === 'error'
      ? `error:${o.error.code}:${toHex(o.bytes)}`
      : o.kind === 'frame'
        ? `frame:${toHex(o.bytes)}`
        : o.kind === 'missedData'
          ? `missed:${o.reason}:${o.frames}`
          : `packet:${o.packet.hr}/${o.packet.spo2}`,
  );

const packet = (hr = 72, spo2 = 97): Uint8Array => encodePacket(uniformValues(hr, spo2));

describe('OximeterFramer: boundaries', () => {
  test('three frames in one chunk', () => {
    const framer = new OximeterFramer();
    expect(kinds(framer.push(fromHex(`${FRAME_1} ${FRAME_2} ${FRAME_3}`), 0))).toEqual([
      `frame:${FRAME_1}`,
      `frame:${FRAME_2}`,
      `frame:${FRAME_3}`,
    ]);
  });

  test('a frame split byte by byte comes out once, when complete', () => {
    const framer = new OximeterFramer();
    const bytes = fromHex(FRAME_2);
    const out: OximeterFramerOutput[] = [];
    bytes.forEach((b, i) => {
      const step = framer.push(Uint8Array.of(b), i);
      if (i < 4) expect(step).toEqual([]);
      out.push(...step);
    });
    expect(kinds(out)).toEqual([`frame:${FRAME_2}`]);
    expect(out[0]?.kind === 'frame' && out[0].at).toBe(4);
    expect(framer.pendingBytes).toBe(0);
  });

  test('a frame split across two chunks, glued to the next one', () => {
    const framer = new OximeterFramer();
    const all = fromHex(`${FRAME_1} ${FRAME_2}`);
    expect(kinds(framer.push(all.subarray(0, 3), 0))).toEqual([]);
    expect(kinds(framer.push(all.subarray(3), 1))).toEqual([
      `frame:${FRAME_1}`,
      `frame:${FRAME_2}`,
    ]);
  });

  test('noise before a frame is one error, then the frame', () => {
    const framer = new OximeterFramer();
    expect(kinds(framer.push(fromHex(`FF 00 7E ${FRAME_1}`), 0))).toEqual([
      'error:BAD_START:FF 00 7E',
      `frame:${FRAME_1}`,
    ]);
    expect(framer.stats.noiseBytes).toBe(3);
  });

  test('a frame with a bad checksum is dropped and counted once; the next frame is found', () => {
    const framer = new OximeterFramer();
    const out = framer.push(fromHex(`01 81 40 00 C3 ${FRAME_2}`), 0);
    expect(kinds(out)).toEqual(['error:BAD_CHECKSUM:01 81 40 00 C3', `frame:${FRAME_2}`]);
    expect(framer.stats.badChecksumFrames).toBe(1);
    expect(framer.stats.noiseBytes).toBe(0);
  });

  test('a dropped byte (misalignment) costs one frame and resynchronises', () => {
    const framer = new OximeterFramer();
    // FRAME_1 without its DATA byte, then two good frames.
    const out = framer.push(fromHex(`01 81 40 C2 ${FRAME_2} ${FRAME_3}`), 0);
    expect(kinds(out)).toEqual([
      'error:BAD_CHECKSUM:01 81 40 C2 01',
      `frame:${FRAME_2}`,
      `frame:${FRAME_3}`,
    ]);
  });

  test('STATUS without bit 7 is not a frame', () => {
    const framer = new OximeterFramer();
    expect(kinds(framer.push(fromHex(`01 01 40 00 42 ${FRAME_3}`), 0))).toEqual([
      'error:BAD_STATUS:01 01 40 00 42',
      `frame:${FRAME_3}`,
    ]);
  });

  test('reset() forgets a partial frame', () => {
    const framer = new OximeterFramer();
    framer.push(fromHex('01 81 40'), 0);
    framer.reset();
    expect(framer.pendingBytes).toBe(0);
    expect(kinds(framer.push(fromHex(FRAME_3), 1))).toEqual([`frame:${FRAME_3}`]);
  });
});

describe('OximeterFramer: packets', () => {
  test('25 frames from a SYNC make a packet, emitted right after the 25th frame', () => {
    const framer = new OximeterFramer();
    const out = kinds(framer.push(packet(), 0));
    expect(out).toHaveLength(26);
    expect(out.at(-1)).toBe('packet:72/97');
    expect(framer.stats).toMatchObject({ frames: 25, packets: 1, missedData: 0 });
  });

  test('frames before the first SYNC are skipped silently (we joined mid-packet)', () => {
    const framer = new OximeterFramer();
    const two = Uint8Array.from([...packet(), ...packet(80, 95)]);
    const out = kinds(framer.push(two.subarray(50), 0));
    expect(out.filter((k) => !k.startsWith('frame'))).toEqual(['packet:80/95']);
    expect(framer.stats.missedData).toBe(0);
  });

  test('an extra SYNC mid-packet discards the partial packet (missed_data)', () => {
    const framer = new OximeterFramer();
    const bad = packet();
    // Frame 13: set SYNC and fix its CHK.
    const at = 12 * 5;
    const frame = {
      status: (bad[at + 1] ?? 0) | 0x01,
      pleth: bad[at + 2] ?? 0,
      data: bad[at + 3] ?? 0,
    };
    bad.set(encodeFrame(frame), at);
    const out = kinds(framer.push(Uint8Array.from([...bad, ...packet(80, 95)]), 0));
    expect(out.filter((k) => !k.startsWith('frame'))).toEqual([
      'missed:partial:12',
      'missed:partial:13',
      'packet:80/95',
    ]);
    expect(framer.stats.missedData).toBe(2);
  });

  test('a lost SYNC frame makes the rest of that packet unsynced (missed_data)', () => {
    const framer = new OximeterFramer();
    const first = packet();
    const second = packet(80, 95);
    second[4] = (second[4] ?? 0) ^ 0xff; // CHK of its SYNC frame
    const out = kinds(framer.push(Uint8Array.from([...first, ...second, ...packet(90, 96)]), 0));
    expect(out.filter((k) => !k.startsWith('frame'))).toEqual([
      'packet:72/97',
      `error:BAD_CHECKSUM:${toHex(second.subarray(0, 5))}`,
      'missed:unsynced:24',
      'packet:90/96',
    ]);
  });

  test('a frame lost inside a packet: SYNC arrives after 24 frames, the packet is discarded', () => {
    const framer = new OximeterFramer();
    const first = packet();
    first[7 * 5 + 4] = (first[7 * 5 + 4] ?? 0) ^ 0xff;
    const out = kinds(framer.push(Uint8Array.from([...first, ...packet(80, 95)]), 0));
    expect(out.filter((k) => !k.startsWith('frame') && !k.startsWith('error'))).toEqual([
      'missed:partial:24',
      'packet:80/95',
    ]);
  });
});
