import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { StatusQuery } from '../../hardware/printer/protocol';
import {
  checkStatusByte,
  conditionOf,
  decodeStatus,
  describeStatusByte,
  deviceLinkOf,
  hasValidFixedBits,
  type PrinterCondition,
  type PrinterStatus,
  type StatusBytes,
} from '../../hardware/printer/status';

// printer.md §3: every reply has bit0 = 0, bit1 = 1, bit4 = 1, bit7 = 0 (base 0x12).

describe('fixed bits', () => {
  test.each([
    [0x12, true],
    [0x1a, true],
    [0x32, true],
    [0x7e, true],
    [0x1e, true],
    [0x13, false], // bit 0 set
    [0x10, false], // bit 1 clear
    [0x02, false], // bit 4 clear
    [0x92, false], // bit 7 set
    [0x00, false],
    [0xff, false],
  ])('byte %i has valid fixed bits: %s', (byte, valid) => {
    expect(hasValidFixedBits(byte)).toBe(valid);
  });

  test('a reply with wrong fixed bits is a typed error naming the query', () => {
    expect(checkStatusByte(2, 0x93)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'BAD_FIXED_BITS', n: 2, byte: 0x93 }),
    });
  });
});

describe('bit tables (one row per variable bit)', () => {
  const rows: Array<[StatusQuery, number, string[]]> = [
    [1, 0x12, []],
    [1, 0x12 | 0x04, ['drawerPin3High']],
    [1, 0x12 | 0x08, ['offline']],
    [1, 0x12 | 0x20, ['waitingRecovery']],
    [1, 0x12 | 0x40, ['feedButton']],
    [2, 0x12 | 0x04, ['coverOpen']],
    [2, 0x12 | 0x08, ['feeding']],
    [2, 0x12 | 0x20, ['paperEnd']],
    [2, 0x12 | 0x40, ['error']],
    [3, 0x12 | 0x04, ['recoverable']],
    [3, 0x12 | 0x08, ['autocutter']],
    [3, 0x12 | 0x20, ['unrecoverable']],
    [3, 0x12 | 0x40, ['autoRecoverable']],
    [4, 0x12 | 0x0c, ['paperNearEnd']],
    [4, 0x12 | 0x60, ['paperOut']],
    [4, 0x7e, ['paperNearEnd', 'paperOut']],
  ];
  test.each(rows)('n=%i byte %i → %j', (n, byte, names) => {
    expect(describeStatusByte(n, byte)).toEqual(names);
  });
});

describe('decodeStatus', () => {
  const healthy: PrinterStatus = { paper: 'ok', cover: 'closed', online: true };
  const cases: Array<[string, StatusBytes, PrinterStatus]> = [
    ['healthy (all 0x12)', { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 }, healthy],
    [
      'out of paper (0x1A, 0x32, 0x7E)',
      { 1: 0x1a, 2: 0x32, 3: 0x12, 4: 0x7e },
      { paper: 'out', cover: 'closed', online: false },
    ],
    [
      'paper end from n=2 alone (polling has no n=4)',
      { 1: 0x1a, 2: 0x32, 3: 0x12 },
      { paper: 'out', cover: 'closed', online: false },
    ],
    [
      'paper near end (n=4 0x1E) is not an error and stays online',
      { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1e },
      { paper: 'near_end', cover: 'closed', online: true },
    ],
    [
      'one near-end bit is enough',
      { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x16 },
      { paper: 'near_end', cover: 'closed', online: true },
    ],
    [
      'one paper-end bit is enough',
      { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x32 },
      { paper: 'out', cover: 'closed', online: true },
    ],
    [
      'cover open',
      { 1: 0x1a, 2: 0x16, 3: 0x12, 4: 0x12 },
      { paper: 'ok', cover: 'open', online: false },
    ],
    [
      'cutter jam',
      { 1: 0x1a, 2: 0x52, 3: 0x1a, 4: 0x12 },
      { paper: 'ok', cover: 'closed', online: false, error: 'autocutter' },
    ],
    [
      'head overheat',
      { 1: 0x1a, 2: 0x52, 3: 0x52, 4: 0x12 },
      { paper: 'ok', cover: 'closed', online: false, error: 'auto_recoverable' },
    ],
    [
      'unrecoverable beats every other cause',
      { 1: 0x1a, 2: 0x52, 3: 0x12 | 0x04 | 0x08 | 0x20 | 0x40, 4: 0x12 },
      { paper: 'ok', cover: 'closed', online: false, error: 'unrecoverable' },
    ],
    [
      'recoverable',
      { 1: 0x1a, 2: 0x52, 3: 0x16, 4: 0x12 },
      { paper: 'ok', cover: 'closed', online: false, error: 'recoverable' },
    ],
    [
      '"error occurred" with no cause in n=3',
      { 1: 0x1a, 2: 0x52, 3: 0x12, 4: 0x12 },
      { paper: 'ok', cover: 'closed', online: false, error: 'unspecified' },
    ],
  ];
  test.each(cases)('%s', (_name, bytes, expected) => {
    expect(decodeStatus(bytes)).toEqual({ ok: true, value: expected });
  });

  test.each([1, 2, 3, 4] as const)('a bad fixed bit in n=%s is reported for that query', (n) => {
    const bytes: StatusBytes = { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 };
    bytes[n] = 0x00;
    const result = decodeStatus(bytes);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.n).toBe(n);
  });
});

describe('domain union', () => {
  const cases: Array<[string, PrinterStatus, PrinterCondition, string]> = [
    [
      'ready',
      { paper: 'ok', cover: 'closed', online: true },
      { kind: 'ready', paperNearEnd: false },
      'ready',
    ],
    [
      'near end is still ready',
      { paper: 'near_end', cover: 'closed', online: true },
      { kind: 'ready', paperNearEnd: true },
      'ready',
    ],
    [
      'cover open comes before paper out',
      { paper: 'out', cover: 'open', online: false },
      { kind: 'coverOpen' },
      'degraded',
    ],
    [
      'paper out',
      { paper: 'out', cover: 'closed', online: false },
      { kind: 'paperOut' },
      'degraded',
    ],
    [
      'error',
      { paper: 'ok', cover: 'closed', online: false, error: 'autocutter' },
      { kind: 'error', error: 'autocutter' },
      'degraded',
    ],
    ['offline', { paper: 'ok', cover: 'closed', online: false }, { kind: 'offline' }, 'degraded'],
  ];
  test.each(cases)('%s', (_name, status, condition, link) => {
    expect(conditionOf(status)).toEqual(condition);
    expect(deviceLinkOf(condition)).toBe(link);
  });

  test('unreachable and lost map to the supervisor link "lost" (DESIGN §3)', () => {
    expect(deviceLinkOf({ kind: 'unreachable' })).toBe('lost');
    expect(deviceLinkOf({ kind: 'lost' })).toBe('lost');
  });
});

describe('the status decoder never throws', () => {
  test('random values, including non-bytes', () => {
    const anyNumber = fc.oneof(
      fc.integer({ min: 0, max: 0xff }),
      fc.integer(),
      fc.double(),
      fc.constant(Number.NaN),
    );
    fc.assert(
      fc.property(
        anyNumber,
        anyNumber,
        anyNumber,
        fc.option(anyNumber, { nil: undefined }),
        (a, b, c, d) => {
          const result = decodeStatus({ 1: a, 2: b, 3: c, 4: d });
          const allValid = [a, b, c, ...(d === undefined ? [] : [d])].every(hasValidFixedBits);
          expect(result.ok).toBe(allValid);
        },
      ),
    );
  });

  test('every byte with valid fixed bits decodes', () => {
    const valid = fc.integer({ min: 0, max: 0xff }).map((b) => (b & 0b0110_1100) | 0x12);
    fc.assert(
      fc.property(valid, valid, valid, valid, (a, b, c, d) => {
        expect(decodeStatus({ 1: a, 2: b, 3: c, 4: d }).ok).toBe(true);
      }),
    );
  });
});
