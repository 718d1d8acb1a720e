import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  buildPacketFrames,
  checkFrame,
  combineHr,
  decodeFrame,
  decodePacket,
  encodeFrame,
  encodePacket,
  fromHex,
  MISSING_VALUES,
  packetDataBytes,
  splitHr,
  statusByte,
  statusFlags,
  toHex,
  uniformValues,
  type OximeterFrame,
  type PacketValues,
  type StatusFlags,
} from '../../hardware/oximeter/codec';
import { OximeterFramer } from '../../hardware/oximeter/framer';
import { FRAMES_PER_PACKET, MISSING_HR, MISSING_SPO2 } from '../../hardware/oximeter/protocol';
import fixtures from '../fixtures/vitals/oximeter-frames.json';

describe('oximeter frame codec: the vitals.md §A.4 example bytes', () => {
  test.each(fixtures.frames)('$hex ($note)', ({ hex, frame }) => {
    expect(toHex(encodeFrame(frame))).toBe(hex);
    expect(decodeFrame(fromHex(hex))).toEqual({ ok: true, value: frame });
  });

  test('the example is the start of a packet with HR 72 and SpO2 97', () => {
    const bytes = encodePacket(uniformValues(72, 97), { pleth: [0x40, 0x42, 0x44] });
    expect(toHex(bytes.subarray(0, 15))).toBe(fixtures.frames.map((f) => f.hex).join(' '));
    const frames = buildPacketFrames(uniformValues(72, 97));
    const packet = decodePacket(frames);
    expect(packet.ok && packet.value.hr).toBe(72);
    expect(packet.ok && packet.value.spo2).toBe(97);
  });
});

describe('oximeter frame codec: malformed frames are typed errors', () => {
  test.each([
    ['', 'TRUNCATED'],
    ['01 81 40 00', 'TRUNCATED'],
    ['01 81 40 00 C2 01', 'TRAILING_BYTES'],
    ['02 81 40 00 C3', 'BAD_START'],
    ['01 01 40 00 42', 'BAD_STATUS'],
    ['01 81 40 00 C3', 'BAD_CHECKSUM'],
  ])('%s → %s', (hex, code) => {
    const result = decodeFrame(hex ? fromHex(hex) : new Uint8Array(0));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  test('a caller bug (STATUS without bit 7, a value over 255) throws RangeError', () => {
    expect(() => encodeFrame({ status: 0x01, pleth: 0, data: 0 })).toThrow(RangeError);
    expect(() => encodeFrame({ status: 0x80, pleth: 256, data: 0 })).toThrow(RangeError);
    expect(() => packetDataBytes(uniformValues(512, 97))).toThrow(RangeError);
    expect(() => packetDataBytes(uniformValues(72, 128))).toThrow(RangeError);
  });
});

describe('STATUS bits (vitals.md §A.3)', () => {
  const none: StatusFlags = {
    sync: false,
    sensorDisconnected: false,
    artifact: false,
    outOfTrack: false,
    sensorAlarm: false,
    perfusion: 'none',
  };
  test.each<[number, Partial<StatusFlags>]>([
    [0x80, {}],
    [0x81, { sync: true }],
    [0xc0, { sensorDisconnected: true }],
    [0xa0, { artifact: true }],
    [0x90, { outOfTrack: true }],
    [0x88, { sensorAlarm: true }],
    [0x82, { perfusion: 'green' }],
    [0x84, { perfusion: 'red' }],
    [0x86, { perfusion: 'yellow' }],
    [
      0xff,
      {
        sync: true,
        sensorDisconnected: true,
        artifact: true,
        outOfTrack: true,
        sensorAlarm: true,
        perfusion: 'yellow',
      },
    ],
  ])('STATUS %i → %o', (status, flags) => {
    expect(statusFlags(status)).toEqual({ ...none, ...flags });
    expect(statusByte(flags)).toBe(status);
  });
});

describe('HR and packet values (vitals.md §A.4)', () => {
  test.each([
    [0, 0x00, 0x00],
    [72, 0x00, 0x48],
    [127, 0x00, 0x7f],
    [128, 0x01, 0x00],
    [250, 0x01, 0x7a],
    [MISSING_HR, 0x03, 0x7f],
  ])('HR %i ↔ MSB %i, LSB %i', (hr, msb, lsb) => {
    expect(splitHr(hr)).toEqual([msb, lsb]);
    expect(combineHr(msb, lsb)).toBe(hr);
  });

  test('HR reads only bits 1..0 of the MSB and bits 6..0 of the LSB', () => {
    expect(combineHr(0xfd, 0xc8)).toBe((1 << 7) | 0x48);
  });

  test('every field lands in its frame, reserved frames are 0', () => {
    const values: PacketValues = {
      hr: 300,
      spo2: 95,
      firmware: 0x44,
      timer: 0x1234,
      stat2: 0x05,
      spo2Display: 94,
      spo2Fast: 93,
      spo2BeatToBeat: 92,
      eHr: 301,
      eSpo2: 91,
      eSpo2Display: 90,
      hrDisplay: 302,
      eHrDisplay: 303,
    };
    const data = packetDataBytes(values);
    expect(data).toHaveLength(25);
    // 1-based frame → data, as in the vitals.md table.
    const at = (frame: number): number => data[frame - 1] ?? -1;
    expect([at(1), at(2), at(3), at(4)]).toEqual([0x02, 300 & 0x7f, 95, 0x44]);
    expect([at(6), at(7), at(8)]).toEqual([0x1234 >> 7, 0x1234 & 0x7f, 0x05]);
    expect([at(9), at(10), at(11)]).toEqual([94, 93, 92]);
    expect([at(14), at(15), at(16), at(17)]).toEqual([0x02, 301 & 0x7f, 91, 90]);
    expect([at(20), at(21), at(22), at(23)]).toEqual([0x02, 302 & 0x7f, 0x02, 303 & 0x7f]);
    for (const reserved of [5, 12, 13, 18, 19, 24, 25]) expect(at(reserved)).toBe(0);
    const decoded = decodePacket(buildPacketFrames(values));
    expect(decoded.ok && { ...decoded.value, frames: [], pleth: [] }).toMatchObject(values);
  });

  test('the missing values are HR 511 and SpO2 127', () => {
    const decoded = decodePacket(buildPacketFrames(MISSING_VALUES));
    expect(decoded.ok && [decoded.value.hr, decoded.value.spo2]).toEqual([
      MISSING_HR,
      MISSING_SPO2,
    ]);
  });

  test('packet flag summary: ARTF count, SNSD/SNSA/OOT anywhere, RPRF anywhere', () => {
    const flags: Array<Partial<StatusFlags>> = Array.from({ length: 25 }, () => ({}));
    flags[3] = { artifact: true };
    flags[4] = { artifact: true, perfusion: 'red' };
    flags[20] = { outOfTrack: true };
    const decoded = decodePacket(buildPacketFrames(uniformValues(72, 97), { flags }));
    expect(decoded.ok && decoded.value).toMatchObject({
      artifactFrames: 2,
      outOfTrack: true,
      sensorAlarm: false,
      sensorDisconnected: false,
      lowPerfusion: true,
    });
  });

  test('decodePacket rejects a wrong frame count or misplaced SYNC', () => {
    const frames = buildPacketFrames(uniformValues(72, 97));
    expect(decodePacket(frames.slice(1))).toMatchObject({
      ok: false,
      error: { code: 'BAD_FRAME_COUNT' },
    });
    const noSync = frames.map((f) => ({ ...f, status: f.status & ~0x01 }));
    expect(decodePacket(noSync)).toMatchObject({ ok: false, error: { code: 'BAD_SYNC' } });
    const twoSyncs = frames.map((f, i) => (i === 12 ? { ...f, status: f.status | 0x01 } : f));
    expect(decodePacket(twoSyncs)).toMatchObject({ ok: false, error: { code: 'BAD_SYNC' } });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const byte = fc.integer({ min: 0, max: 0xff });
const frameArb: fc.Arbitrary<OximeterFrame> = fc.record({
  status: fc.integer({ min: 0x80, max: 0xff }),
  pleth: byte,
  data: byte,
});
const hr = fc.integer({ min: 0, max: MISSING_HR });
const spo2 = fc.integer({ min: 0, max: MISSING_SPO2 });
const valuesArb: fc.Arbitrary<PacketValues> = fc.record({
  hr,
  spo2,
  firmware: byte,
  timer: fc.integer({ min: 0, max: 0x3fff }),
  stat2: byte,
  spo2Display: spo2,
  spo2Fast: spo2,
  spo2BeatToBeat: spo2,
  eHr: hr,
  eSpo2: spo2,
  eSpo2Display: spo2,
  hrDisplay: hr,
  eHrDisplay: hr,
});
const flagsArb: fc.Arbitrary<Partial<StatusFlags>> = fc.record({
  sensorDisconnected: fc.boolean(),
  artifact: fc.boolean(),
  outOfTrack: fc.boolean(),
  sensorAlarm: fc.boolean(),
  perfusion: fc.constantFrom('none', 'green', 'red', 'yellow' as const),
});
const packetArb = fc.record({
  values: valuesArb,
  flags: fc.array(flagsArb, { minLength: 25, maxLength: 25 }),
  pleth: fc.array(byte, { minLength: 25, maxLength: 25 }),
});

function packetsOf(bytes: Uint8Array, chunks: number[] = [bytes.length]): PacketValues[] {
  const framer = new OximeterFramer();
  const out: PacketValues[] = [];
  let offset = 0;
  for (const size of [...chunks, bytes.length]) {
    const end = Math.min(bytes.length, offset + size);
    for (const o of framer.push(bytes.subarray(offset, end), 0)) {
      if (o.kind === 'packet') out.push(o.packet);
    }
    offset = end;
    if (offset >= bytes.length) break;
  }
  return out;
}

const valuesOf = (p: PacketValues): PacketValues => ({
  hr: p.hr,
  spo2: p.spo2,
  firmware: p.firmware,
  timer: p.timer,
  stat2: p.stat2,
  spo2Display: p.spo2Display,
  spo2Fast: p.spo2Fast,
  spo2BeatToBeat: p.spo2BeatToBeat,
  eHr: p.eHr,
  eSpo2: p.eSpo2,
  eSpo2Display: p.eSpo2Display,
  hrDisplay: p.hrDisplay,
  eHrDisplay: p.eHrDisplay,
});

describe('oximeter codec properties', () => {
  test('random bytes never throw: decodeFrame, checkFrame, decodePacket, the framer', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(frameArb, { maxLength: 30 }),
        (bytes, frames) => {
          decodeFrame(bytes);
          checkFrame(bytes);
          decodePacket(frames);
          new OximeterFramer().push(bytes, 0);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('frame: encode → decode round-trips', () => {
    fc.assert(
      fc.property(frameArb, (frame) => {
        expect(decodeFrame(encodeFrame(frame))).toEqual({ ok: true, value: frame });
      }),
    );
  });

  test('packet: encode → framer → decode round-trips, whatever the chunking', () => {
    fc.assert(
      fc.property(
        packetArb,
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 10 }),
        ({ values, flags, pleth }, chunks) => {
          // The framer needs the next SYNC only for partial packets, not for a complete one.
          const bytes = encodePacket(values, { flags, pleth });
          const packets = packetsOf(bytes, chunks);
          expect(packets.map(valuesOf)).toEqual([values]);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('after garbage with no start byte, the very next good packet is decoded', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }).map((g) => g.map((b) => (b === 0x01 ? 0x02 : b))),
        packetArb,
        (garbage, { values, flags, pleth }) => {
          const good = encodePacket(values, { flags, pleth });
          const framer = new OximeterFramer();
          const out = framer.push(Uint8Array.from([...garbage, ...good]), 0);
          const frames = out.filter((o) => o.kind === 'frame');
          expect(frames).toHaveLength(FRAMES_PER_PACKET);
          expect(
            out
              .filter((o) => o.kind === 'packet')
              .map((o) => o.kind === 'packet' && valuesOf(o.packet)),
          ).toEqual([values]);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('after any garbage the framer resynchronises: of 3 good packets, at least the last 2 decode', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.array(packetArb, { minLength: 3, maxLength: 3 }),
        (garbage, packets) => {
          const good = packets.map(({ values, flags, pleth }) =>
            encodePacket(values, { flags, pleth }),
          );
          const stream = Uint8Array.from([...garbage, ...good.flatMap((g) => [...g])]);
          const decoded = packetsOf(stream).map(valuesOf);
          expect(decoded.slice(-2)).toEqual(packets.slice(1).map((p) => p.values));
        },
      ),
      { numRuns: 300 },
    );
  });
});
