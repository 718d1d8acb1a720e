import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeFrame, encodeFrame, toHex, type Frame } from '../../hardware/dispenser/codec';
import { ACK_FRAME, POLL_FRAME } from '../../hardware/dispenser/protocol';

const bytes = (hex: string): Uint8Array =>
  Uint8Array.from(hex.split(' ').map((h) => parseInt(h, 16)));
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

// Fixtures: each frame and its exact bytes, XOR checked by hand for the first few.
const FIXTURES: Array<[string, Frame, string]> = [
  ['POLL', { kind: 'POLL' }, 'FA FB 41 00 40'],
  ['ACK', { kind: 'ACK' }, 'FA FB 42 00 43'],
  [
    '0x01 check selection',
    { kind: 'CHECK_SELECTION', packNo: 1, selection: 0x0102 },
    'FA FB 01 03 01 01 02 01',
  ],
  [
    '0x02 selection status',
    { kind: 'SELECTION_STATUS', packNo: 2, status: 1, selection: 11 },
    'FA FB 02 04 02 01 00 0B 0F',
  ],
  [
    '0x03 select to buy',
    { kind: 'SELECT_TO_BUY', packNo: 3, selection: 11 },
    'FA FB 03 03 03 00 0B 09',
  ],
  [
    '0x04 dispensing status (LEN 4)',
    { kind: 'DISPENSING_STATUS', packNo: 4, status: 2, selection: 11 },
    'FA FB 04 04 04 02 00 0B 0C',
  ],
  [
    '0x04 dispensing status (LEN 5, microwave)',
    { kind: 'DISPENSING_STATUS', packNo: 4, status: 2, selection: 11, microwave: 3 },
    'FA FB 04 05 04 02 00 0B 03 0E',
  ],
  ['0x05 cancel', { kind: 'SELECT_OR_CANCEL', packNo: 5, selection: 0 }, 'FA FB 05 03 05 00 00 02'],
  [
    '0x06 drive selection',
    { kind: 'DRIVE_SELECTION', packNo: 6, dropSensor: true, elevator: false, selection: 11 },
    'FA FB 06 05 06 01 00 00 0B 0E',
  ],
  [
    '0x11 selection info',
    {
      kind: 'SELECTION_INFO',
      packNo: 7,
      selection: 11,
      price: 1500,
      stock: 8,
      capacity: 10,
      productId: 0x1234,
      paused: false,
    },
    'FA FB 11 0C 07 00 0B 00 00 05 DC 08 0A 12 34 00 ED',
  ],
  [
    '0x13 set stock',
    { kind: 'SET_STOCK', packNo: 8, selection: 11, stock: 9 },
    'FA FB 13 04 08 00 0B 09 1C',
  ],
  [
    '0x16 set poll interval',
    { kind: 'SET_POLL_INTERVAL', packNo: 9, interval: 2 },
    'FA FB 16 02 09 02 1E',
  ],
  ['0x31 info sync', { kind: 'INFO_SYNC', packNo: 10 }, 'FA FB 31 01 0A 3B'],
  [
    '0x51 request machine status',
    { kind: 'REQUEST_MACHINE_STATUS', packNo: 11 },
    'FA FB 51 01 0B 5A',
  ],
  [
    '0x52 machine status (door open, -1.5 °C, no setpoint sensor)',
    {
      kind: 'MACHINE_STATUS',
      packNo: 17,
      bill: 0,
      coin: 0,
      card: 0,
      tempControl: 0,
      door: 1,
      billChange: 0,
      coinChange: 0,
      machineId: ascii('SIM-VMC-01'),
      temperature: -15,
      setpoint: null,
      humidity: 450,
    },
    'FA FB 52 28 11 00 00 00 00 01 00 00 00 00 00 00 00 00 53 49 4D 2D 56 4D 43 2D 30 31 FF F1 7F FF 00 00 00 00 01 C2 00 00 00 00 00 00 28',
  ],
  ['0x53 request lift status', { kind: 'REQUEST_LIFT_STATUS', packNo: 12 }, 'FA FB 53 01 0C 5F'],
  ['0x54 lift status', { kind: 'LIFT_STATUS', packNo: 13, status: 2 }, 'FA FB 54 02 0D 02 58'],
  [
    '0xE6 drive once',
    {
      kind: 'DRIVE_ONCE',
      packNo: 14,
      dispenseId: 0x01020304,
      dropSensor: true,
      elevator: true,
      selection: 11,
    },
    'FA FB E6 09 0E 01 02 03 04 01 01 00 0B EF',
  ],
  [
    '0xE4 drive once status',
    { kind: 'DRIVE_ONCE_STATUS', packNo: 15, dispenseId: 42, status: 3, selection: 11 },
    'FA FB E4 08 0F 00 00 00 2A 03 00 0B C0',
  ],
  [
    '0x70 type 0x42 query selection configuration',
    { kind: 'QUERY_SELECTION_CONFIG', packNo: 16, selection: 11 },
    'FA FB 70 05 10 42 00 00 0B 2D',
  ],
  [
    '0x71 type 0x42 selection configuration (drop sensor closed = 0x01)',
    {
      kind: 'SELECTION_CONFIG',
      packNo: 17,
      price: 500,
      inventory: 7,
      capacity: 10,
      productId: 300,
      mode: 1,
      dropSensor: 1,
      jammed: 0,
      quarterTurn: 0,
    },
    'FA FB 71 10 11 42 00 00 00 01 F4 00 07 0A 01 2C 01 01 00 00 E6',
  ],
  [
    '0x70 of another type/operation as a generic menu frame',
    { kind: 'MENU', packNo: 16, menuType: 0x42, op: 0x01, data: new Uint8Array(0) },
    'FA FB 70 03 10 42 01 21',
  ],
  [
    '0x71 of another type as a generic menu answer',
    { kind: 'MENU_RESPONSE', packNo: 18, menuType: 0x08, op: 0x00, data: Uint8Array.of(5) },
    'FA FB 71 04 12 08 00 05 6B',
  ],
  [
    'unknown command 0x61 as a generic frame',
    { kind: 'UNKNOWN', cmd: 0x61, packNo: 19, text: Uint8Array.of(0x01) },
    'FA FB 61 02 13 01 70',
  ],
];

describe('dispenser codec fixtures', () => {
  test('the fixed POLL and ACK frames are the spec bytes', () => {
    expect(toHex(POLL_FRAME)).toBe('FA FB 41 00 40');
    expect(toHex(ACK_FRAME)).toBe('FA FB 42 00 43');
  });

  test.each(FIXTURES)('%s encodes to its bytes', (_name, frame, hex) => {
    expect(toHex(encodeFrame(frame))).toBe(hex);
  });

  test.each(FIXTURES)('%s decodes from its bytes', (_name, frame, hex) => {
    expect(decodeFrame(bytes(hex))).toEqual({ ok: true, value: frame });
  });

  test('0x01 with the spec table LEN of 4 still decodes (LEN is trusted, the extra byte ignored)', () => {
    // FA FB 01 04 01 00 0B 00 XOR
    const frame = bytes('FA FB 01 04 01 00 0B 00 0E');
    expect(decodeFrame(frame)).toEqual({
      ok: true,
      value: { kind: 'CHECK_SELECTION', packNo: 1, selection: 11 },
    });
  });

  test('a short 0x52 (PackNO through the door byte) decodes with the optional blocks absent', () => {
    const result = decodeFrame(bytes('FA FB 52 06 03 00 00 00 01 01 56'));
    expect(result).toEqual({
      ok: true,
      value: {
        kind: 'MACHINE_STATUS',
        packNo: 3,
        bill: 0,
        coin: 0,
        card: 0,
        tempControl: 1,
        door: 1,
      },
    });
  });

  test('an unknown LEN-0 command decodes without a PackNO', () => {
    expect(decodeFrame(bytes('FA FB 77 00 76'))).toEqual({
      ok: true,
      value: { kind: 'UNKNOWN', cmd: 0x77, text: new Uint8Array(0) },
    });
  });
});

describe('dispenser codec errors', () => {
  test.each([
    ['empty input', '', 'TRUNCATED'],
    ['fewer than 5 bytes', 'FA FB 41 00', 'TRUNCATED'],
    ['fewer than LEN + 5 bytes', 'FA FB 04 04 04 02 00', 'TRUNCATED'],
    ['wrong sync', 'FA FC 41 00 40', 'BAD_SYNC'],
    ['LEN above 250', 'FA FB 04 FB 00', 'BAD_LENGTH'],
    ['bad XOR', 'FA FB 41 00 41', 'BAD_CHECKSUM'],
    ['trailing bytes', 'FA FB 41 00 40 00', 'TRAILING_BYTES'],
    ['0x04 too short for its fields', 'FA FB 04 02 04 02 01', 'BAD_PAYLOAD'],
    ['POLL with a payload', 'FA FB 41 01 01 40', 'BAD_PAYLOAD'],
    // LEN 2: PackNO and type, no operation byte.
    ['0x70 without its operation byte', 'FA FB 70 02 10 42 21', 'BAD_PAYLOAD'],
    // Type 0x42 read with only one byte of the selection.
    ['0x70 type 0x42 without the whole selection', 'FA FB 70 04 10 42 00 00 27', 'BAD_PAYLOAD'],
    // Type 0x42 answer cut after the drop-sensor byte (LEN 14 of 16).
    [
      '0x71 type 0x42 too short for its flags',
      'FA FB 71 0E 11 42 00 00 00 01 F4 00 07 0A 01 2C 01 01 F8',
      'BAD_PAYLOAD',
    ],
    [
      '0x71 type 0x42 with a bad XOR',
      'FA FB 71 10 11 42 00 00 00 01 F4 00 07 0A 01 2C 01 01 00 00 E7',
      'BAD_CHECKSUM',
    ],
  ])('%s → %s', (_name, hex, code) => {
    const result = decodeFrame(hex === '' ? new Uint8Array(0) : bytes(hex));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.detail.length).toBeGreaterThan(0);
    }
  });

  test('encoding a field out of range is a programming error and throws', () => {
    expect(() => encodeFrame({ kind: 'CHECK_SELECTION', packNo: 1, selection: 0x10000 })).toThrow(
      RangeError,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const u8 = fc.integer({ min: 0, max: 0xff });
const packNo = fc.integer({ min: 1, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const int16 = fc.integer({ min: -0x8000, max: 0x7ffe });
const KNOWN_CMDS = new Set([
  0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x11, 0x13, 0x16, 0x31, 0x41, 0x42, 0x51, 0x52, 0x53, 0x54,
  0x70, 0x71, 0xe4, 0xe6,
]);

/** Every typed frame the codec knows, with canonical field values. */
const frameArbitrary: fc.Arbitrary<Frame> = fc.oneof(
  fc.constant<Frame>({ kind: 'POLL' }),
  fc.constant<Frame>({ kind: 'ACK' }),
  fc.record({ kind: fc.constant('CHECK_SELECTION' as const), packNo, selection: u16 }),
  fc.record({ kind: fc.constant('SELECTION_STATUS' as const), packNo, status: u8, selection: u16 }),
  fc.record({ kind: fc.constant('SELECT_TO_BUY' as const), packNo, selection: u16 }),
  fc.record(
    {
      kind: fc.constant('DISPENSING_STATUS' as const),
      packNo,
      status: u8,
      selection: u16,
      microwave: u8,
    },
    { requiredKeys: ['kind', 'packNo', 'status', 'selection'] },
  ),
  fc.record({ kind: fc.constant('SELECT_OR_CANCEL' as const), packNo, selection: u16 }),
  fc.record({
    kind: fc.constant('DRIVE_SELECTION' as const),
    packNo,
    dropSensor: fc.boolean(),
    elevator: fc.boolean(),
    selection: u16,
  }),
  fc.record({
    kind: fc.constant('SELECTION_INFO' as const),
    packNo,
    selection: u16,
    price: u32,
    stock: u8,
    capacity: u8,
    productId: u16,
    paused: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('SET_STOCK' as const), packNo, selection: u16, stock: u8 }),
  fc.record({ kind: fc.constant('SET_POLL_INTERVAL' as const), packNo, interval: u8 }),
  fc.record({ kind: fc.constant('INFO_SYNC' as const), packNo }),
  fc.record({ kind: fc.constant('REQUEST_MACHINE_STATUS' as const), packNo }),
  fc.record({
    kind: fc.constant('MACHINE_STATUS' as const),
    packNo,
    bill: u8,
    coin: u8,
    card: u8,
    tempControl: u8,
    door: u8,
    billChange: u32,
    coinChange: u32,
    machineId: fc.uint8Array({ minLength: 10, maxLength: 10 }),
    temperature: fc.option(int16, { nil: null }),
    setpoint: fc.option(int16, { nil: null }),
    humidity: u16,
  }),
  fc.record({ kind: fc.constant('REQUEST_LIFT_STATUS' as const), packNo }),
  fc.record({ kind: fc.constant('LIFT_STATUS' as const), packNo, status: u8 }),
  fc.record({
    kind: fc.constant('DRIVE_ONCE' as const),
    packNo,
    dispenseId: u32,
    dropSensor: fc.boolean(),
    elevator: fc.boolean(),
    selection: u16,
  }),
  fc.record({
    kind: fc.constant('DRIVE_ONCE_STATUS' as const),
    packNo,
    dispenseId: u32,
    status: u8,
    selection: u16,
  }),
  fc.record({ kind: fc.constant('QUERY_SELECTION_CONFIG' as const), packNo, selection: u16 }),
  fc.record({
    kind: fc.constant('SELECTION_CONFIG' as const),
    packNo,
    price: u32,
    inventory: u16,
    capacity: u8,
    productId: u16,
    mode: u8,
    dropSensor: u8,
    jammed: u8,
    quarterTurn: u8,
  }),
  fc.record({
    kind: fc.constantFrom('MENU' as const, 'MENU_RESPONSE' as const),
    packNo,
    // Type 0x42 with the read operation has its own layout (the two records above).
    menuType: u8.filter((t) => t !== 0x42),
    op: u8,
    data: fc.uint8Array({ maxLength: 40 }),
  }),
  fc.record({
    kind: fc.constant('UNKNOWN' as const),
    cmd: u8.filter((c) => !KNOWN_CMDS.has(c)),
    packNo,
    text: fc.uint8Array({ maxLength: 40 }),
  }),
);

describe('dispenser codec properties', () => {
  test('random bytes never throw: decodeFrame always returns a Result', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (input) => {
        const result = decodeFrame(input);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  test('random bytes behind a valid header never throw either', () => {
    fc.assert(
      fc.property(u8, u8, fc.uint8Array({ maxLength: 260 }), (cmd, len, rest) => {
        const input = Uint8Array.from([0xfa, 0xfb, cmd, len, ...rest]);
        const result = decodeFrame(input);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  test('encode → decode round-trips every frame', () => {
    fc.assert(
      fc.property(frameArbitrary, (frame) => {
        expect(decodeFrame(encodeFrame(frame))).toEqual({ ok: true, value: frame });
      }),
      { numRuns: 2000 },
    );
  });

  test('any single bit flip in an encoded frame is rejected', () => {
    fc.assert(
      fc.property(frameArbitrary, fc.nat(), fc.integer({ min: 0, max: 7 }), (frame, at, bit) => {
        const encoded = encodeFrame(frame);
        const flipped = Uint8Array.from(encoded);
        const index = at % flipped.length;
        flipped[index] = (flipped[index] ?? 0) ^ (1 << bit);
        // XOR covers every byte, so one flipped bit always changes the checksum, the sync or the
        // length (which then no longer matches the byte count).
        expect(decodeFrame(flipped).ok).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });
});
