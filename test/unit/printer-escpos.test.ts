import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  EscPosParser,
  parseEscPos,
  qrPayloadsOf,
  type EscPosCommand,
  type EscPosToken,
} from '../../hardware/printer/escpos';

// Byte fixtures from printer.md §1–§3; the tokenizer only finds boundaries and parameters.

const bytes = (h: string): Uint8Array =>
  Uint8Array.from(
    h
      .trim()
      .split(/\s+/)
      .map((b) => parseInt(b, 16)),
  );
const commands = (tokens: EscPosToken[]): EscPosCommand[] =>
  tokens.flatMap((t) => (t.ok ? [t.value] : []));
const issues = (tokens: EscPosToken[]): string[] =>
  tokens.flatMap((t) => (t.ok ? [] : [t.error.code]));

describe('command fixtures', () => {
  const table: Array<[string, string, EscPosCommand]> = [
    ['initialize', '1B 40', { kind: 'initialize' }],
    ['line feed', '0A', { kind: 'lineFeed' }],
    ['feed 3 lines', '1B 64 03', { kind: 'feedLines', lines: 3 }],
    ['align centre', '1B 61 01', { kind: 'align', align: 'center' }],
    ["align right as ASCII '2'", '1B 61 32', { kind: 'align', align: 'right' }],
    ['bold on', '1B 45 01', { kind: 'bold', on: true }],
    ['bold off', '1B 45 00', { kind: 'bold', on: false }],
    ['underline thick', '1B 2D 02', { kind: 'underline', thickness: 2 }],
    ["underline as ASCII '1'", '1B 2D 31', { kind: 'underline', thickness: 1 }],
    ['double width and height', '1D 21 11', { kind: 'charSize', width: 2, height: 2 }],
    ['double height', '1D 21 01', { kind: 'charSize', width: 1, height: 2 }],
    [
      'print mode: bold + double height',
      '1B 21 18',
      {
        kind: 'printMode',
        fontB: false,
        bold: true,
        doubleHeight: true,
        doubleWidth: false,
        underline: false,
      },
    ],
    ['code page PC437', '1B 74 00', { kind: 'codePage', table: 0 }],
    ['QR model 2', '1D 28 6B 04 00 31 41 32 00', { kind: 'qrModel', model: 2 }],
    ['QR module 6', '1D 28 6B 03 00 31 43 06', { kind: 'qrModuleSize', dots: 6 }],
    ['QR level M', '1D 28 6B 03 00 31 45 31', { kind: 'qrErrorLevel', level: 'M' }],
    [
      'QR store "RX123" (printer.md §2 example)',
      '1D 28 6B 08 00 31 50 30 52 58 31 32 33',
      { kind: 'qrStore', data: Uint8Array.from([0x52, 0x58, 0x31, 0x32, 0x33]) },
    ],
    ['QR print', '1D 28 6B 03 00 31 51 30', { kind: 'qrPrint' }],
    ['full cut', '1D 56 00', { kind: 'cut', mode: 'full', feedDots: 0 }],
    ['partial cut', '1D 56 01', { kind: 'cut', mode: 'partial', feedDots: 0 }],
    ["partial cut as ASCII '1'", '1D 56 31', { kind: 'cut', mode: 'partial', feedDots: 0 }],
    ['feed and partial cut', '1D 56 42 10', { kind: 'cut', mode: 'partial', feedDots: 16 }],
    ['status query n=2', '10 04 02', { kind: 'statusQuery', n: 2 }],
    [
      'CODE128 format B',
      '1D 6B 49 05 7B 42 41 42 43',
      { kind: 'barcode', symbology: 0x49, format: 'B', data: bytes('7B 42 41 42 43') },
    ],
    [
      'transmission after print (GS ( H)',
      '1D 28 48 06 00 30 30 01 02 03 04',
      { kind: 'afterPrintRequest', id: bytes('01 02 03 04') },
    ],
  ];
  test.each(table)('%s', (_name, hex, expected) => {
    expect(parseEscPos(bytes(hex))).toEqual([{ ok: true, value: expected }]);
  });

  test('text runs are split by control bytes', () => {
    expect(commands(parseEscPos(bytes('41 42 0A 43')))).toEqual([
      { kind: 'text', bytes: bytes('41 42') },
      { kind: 'lineFeed' },
      { kind: 'text', bytes: bytes('43') },
    ]);
  });
});

describe('robustness', () => {
  test('DLE EOT inside a QR store is data, not a query (printer.md §3)', () => {
    const tokens = parseEscPos(bytes('1D 28 6B 06 00 31 50 30 10 04 01'));
    expect(commands(tokens)).toEqual([{ kind: 'qrStore', data: bytes('10 04 01') }]);
  });

  test('unknown commands and stray controls are issues; what follows still parses', () => {
    const tokens = parseEscPos(bytes('1B FE 00 1D FE 1C FE 41 0A'));
    expect(issues(tokens)).toEqual([
      'UNKNOWN_COMMAND',
      'UNKNOWN_CONTROL',
      'UNKNOWN_COMMAND',
      'UNKNOWN_COMMAND',
    ]);
    expect(commands(tokens)).toEqual([{ kind: 'text', bytes: bytes('41') }, { kind: 'lineFeed' }]);
  });

  test('out-of-range parameters are issues', () => {
    expect(
      issues(parseEscPos(bytes('1B 61 07 1B 2D 05 1D 56 07 1D 28 6B 03 00 31 45 40'))),
    ).toEqual(['BAD_PARAMETER', 'BAD_PARAMETER', 'BAD_PARAMETER', 'BAD_PARAMETER']);
  });

  test('GS ( k with fewer than two parameter bytes is malformed', () => {
    expect(issues(parseEscPos(bytes('1D 28 6B 01 00 31 0A')))).toEqual(['MALFORMED']);
  });

  test('a command over the size limit is skipped as it streams in', () => {
    const parser = new EscPosParser({ maxCommandBytes: 64 });
    // GS v 0: 100 bytes per row × 2 rows = 200 data bytes, then "OK".
    const head = parser.push(bytes('1D 76 30 00 64 00 02 00'));
    expect(issues(head)).toEqual(['TOO_LARGE']);
    expect(parser.push(new Uint8Array(150))).toEqual([]);
    const tail = parser.push(Uint8Array.from([...new Uint8Array(50), 0x4f, 0x4b]));
    expect(commands(tail)).toEqual([{ kind: 'text', bytes: bytes('4F 4B') }]);
    expect(parser.atCommandBoundary).toBe(true);
  });

  test('a stream that ends inside a command is TRUNCATED on flush', () => {
    const parser = new EscPosParser();
    expect(parser.push(bytes('1D 28 6B 08 00 31 50'))).toEqual([]);
    expect(parser.atCommandBoundary).toBe(false);
    expect(issues(parser.flush())).toEqual(['TRUNCATED']);
  });

  test('qrPayloadsOf finds every store command', () => {
    expect(
      qrPayloadsOf(bytes('41 1D 28 6B 05 00 31 50 30 58 59 0A 1D 28 6B 04 00 31 50 30 5A')),
    ).toEqual([bytes('58 59'), bytes('5A')]);
  });
});

describe('properties', () => {
  /** Commands with adjacent text runs merged: a chunk boundary may split a run, nothing else. */
  const normalise = (tokens: EscPosToken[]): unknown[] => {
    const out: unknown[] = [];
    for (const t of tokens) {
      const last = out.at(-1) as { ok: true; value: { kind: 'text'; bytes: number[] } } | undefined;
      if (t.ok && t.value.kind === 'text' && last?.ok && last.value.kind === 'text') {
        last.value.bytes.push(...t.value.bytes);
      } else if (t.ok && t.value.kind === 'text') {
        out.push({ ok: true, value: { kind: 'text', bytes: [...t.value.bytes] } });
      } else {
        out.push(t);
      }
    }
    return out;
  };

  const escPosish = fc.array(
    fc.oneof(
      fc.integer({ min: 0, max: 0xff }),
      fc.constantFrom(0x1b, 0x1d, 0x10, 0x1c, 0x0a, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x50, 0x30),
    ),
    { maxLength: 400 },
  );

  test('random bytes never throw, whole or in any chunking, and chunking changes nothing', () => {
    fc.assert(
      fc.property(
        escPosish,
        fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 30 }),
        (data, cuts) => {
          const input = Uint8Array.from(data);
          const whole = parseEscPos(input);
          const parser = new EscPosParser();
          const chunked: EscPosToken[] = [];
          let at = 0;
          for (const size of cuts) {
            chunked.push(...parser.push(input.subarray(at, at + size)));
            at += size;
          }
          chunked.push(...parser.push(input.subarray(at)), ...parser.flush());
          expect(normalise(chunked)).toEqual(normalise(whole));
        },
      ),
      { numRuns: 300 },
    );
  });
});
