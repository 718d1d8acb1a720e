import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACCESS_IS_HID_LAYOUT,
  HidLayoutSchema,
  MICROSCAN_HID_LAYOUT,
  decodeHidReport,
  encodeHidReports,
  type HidLayout,
} from '../../hardware/scanner';

/** One HID POS report ↔ fields (scanner.md §1, §5 example 5, §7). */

const fixture = (name: string): { reports: { atMs: number; hex: string }[] } =>
  JSON.parse(readFileSync(new URL(`../fixtures/hid/${name}`, import.meta.url), 'utf8'));
const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

const EXAMPLE_1 = '0109506000134352' + '17251231' + '10ABC123' + '\u001d' + '21SN0001';

function report(patch: (bytes: Uint8Array) => void, base = EXAMPLE_1): Uint8Array {
  const [first] = encodeHidReports(']d2', ascii(base));
  if (!first) throw new Error('no report');
  patch(first);
  return first;
}

describe('decodeHidReport: Access-IS layout', () => {
  it('decodes scanner.md §5 example 5 byte for byte', () => {
    const [only] = fixture('example5-one-report.json').reports;
    const bytes = fromHex(only?.hex ?? '');
    expect(bytes).toHaveLength(64);
    expect([bytes[0], bytes[1], bytes[2], bytes[61], bytes[62], bytes[63]]).toEqual([
      0x02, 0x29, 0x5d, 0, 0, 0,
    ]);
    expect(decodeHidReport(bytes)).toEqual({
      ok: true,
      value: { reportId: 2, aim: ']d2', data: ascii(EXAMPLE_1), continues: false },
    });
  });

  it('encodes example 1 to exactly the example 5 fixture', () => {
    const [only] = fixture('example5-one-report.json').reports;
    expect(encodeHidReports(']d2', ascii(EXAMPLE_1)).map(toHex)).toEqual([only?.hex]);
  });

  it('encodes a 60-byte barcode as N = 56 (continued) + N = 4, as in the fixture', () => {
    const reports = fixture('split-60-bytes.json').reports.map((r) => r.hex);
    const decoded = reports.map((hex) => decodeHidReport(fromHex(hex)));
    expect(decoded.map((d) => d.ok && [d.value.data.length, d.value.continues])).toEqual([
      [56, true],
      [4, false],
    ]);
    const data = decoded.flatMap((d) => (d.ok ? [...d.value.data] : []));
    expect(encodeHidReports(']d2', Uint8Array.from(data)).map(toHex)).toEqual(reports);
  });

  it('copies the data, so a reused device buffer cannot change a report after the fact', () => {
    const bytes = report(() => undefined);
    const decoded = decodeHidReport(bytes);
    bytes.fill(0x41, 5, 61);
    expect(decoded.ok && decoded.value.data).toEqual(ascii(EXAMPLE_1));
  });

  it('gives aim null when byte 2 is not `]` (§7)', () => {
    const decoded = decodeHidReport(report((r) => r.set([0, 0, 0], 2)));
    expect(decoded).toMatchObject({ ok: true, value: { aim: null } });
  });

  it('ignores bytes 61 and 62 and a longer-than-64 read', () => {
    const bytes = report((r) => r.set([0x7f, 0xff], 61));
    const longer = new Uint8Array(70);
    longer.set(bytes);
    longer.fill(0xee, 64);
    expect(decodeHidReport(longer)).toEqual(decodeHidReport(report(() => undefined)));
  });

  it.each<[string, Uint8Array, object]>([
    [
      'a 63-byte report',
      report(() => undefined).subarray(0, 63),
      { code: 'short_report', length: 63, expected: 64 },
    ],
    ['an empty read', new Uint8Array(0), { code: 'short_report', length: 0, expected: 64 }],
    [
      'report ID 1',
      report((r) => (r[0] = 1)),
      { code: 'wrong_report_id', reportId: 1, expected: 2 },
    ],
    [
      'N = 57',
      report((r) => (r[1] = 57)),
      { code: 'bad_length', length: 57, max: 56, aim: ']d2', continues: false },
    ],
    [
      'N = 255 on a continued report',
      report((r) => {
        r[1] = 255;
        r[63] = 1;
      }),
      { code: 'bad_length', length: 255, max: 56, aim: ']d2', continues: true },
    ],
    ['`]` + NUL NUL', report((r) => r.set([0x5d, 0, 0], 2)), { code: 'bad_aim', continues: false }],
  ])('%s → typed error', (_name, bytes, error) => {
    expect(decodeHidReport(bytes)).toEqual({ ok: false, error });
  });

  it('reads only bit 0 of byte 63 as the continuation flag', () => {
    expect(decodeHidReport(report((r) => (r[63] = 0xfe)))).toMatchObject({
      ok: true,
      value: { continues: false },
    });
    expect(decodeHidReport(report((r) => (r[63] = 0x01)))).toMatchObject({
      ok: true,
      value: { continues: true },
    });
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const decoded = decodeHidReport(bytes);
        if (decoded.ok) expect(decoded.value.data.length).toBeLessThanOrEqual(56);
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes what it encodes, for any data and AIM', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom(']d2', ']Q1', ']C1', null),
        (data, aim) => {
          const reports = encodeHidReports(aim, data);
          expect(reports.length).toBe(Math.max(1, Math.ceil(data.length / 56)));
          const decoded = reports.map((r) => decodeHidReport(r));
          const joined = decoded.flatMap((d) => (d.ok ? [...d.value.data] : []));
          expect(Uint8Array.from(joined)).toEqual(data);
          expect(decoded.map((d) => d.ok && d.value.continues)).toEqual(
            reports.map((_, i) => i < reports.length - 1),
          );
          for (const d of decoded) expect(d.ok && d.value.aim).toBe(aim);
        },
      ),
    );
  });
});

describe('other layouts', () => {
  it('Microscan: ID 1, 62 data bytes, no AIM, no continuation', () => {
    const data = ascii('X'.repeat(62));
    const [only] = encodeHidReports(null, data, MICROSCAN_HID_LAYOUT);
    expect(only?.[0]).toBe(1);
    expect(decodeHidReport(only ?? new Uint8Array(), MICROSCAN_HID_LAYOUT)).toEqual({
      ok: true,
      value: { reportId: 1, aim: null, data, continues: false },
    });
    // The Access-IS layout would refuse it.
    expect(decodeHidReport(only ?? new Uint8Array())).toMatchObject({
      ok: false,
      error: { code: 'wrong_report_id' },
    });
  });

  it('HidLayoutSchema accepts the built-in layouts', () => {
    const parsed: HidLayout = HidLayoutSchema.parse(ACCESS_IS_HID_LAYOUT);
    expect(parsed).toEqual(ACCESS_IS_HID_LAYOUT);
    expect(HidLayoutSchema.parse(MICROSCAN_HID_LAYOUT)).toEqual(MICROSCAN_HID_LAYOUT);
  });

  it.each<[string, Partial<HidLayout>, string]>([
    ['data past the end of the report', { maxDataLength: 60 }, 'dataOffset'],
    ['data over the AIM bytes', { dataOffset: 3 }, 'dataOffset'],
    ['the length byte on the report ID', { lengthOffset: 0 }, 'lengthOffset'],
    ['continuation outside the report', { continuation: { offset: 64, mask: 1 } }, 'continuation'],
  ])('HidLayoutSchema rejects %s', (_name, patch, path) => {
    const result = HidLayoutSchema.safeParse({ ...ACCESS_IS_HID_LAYOUT, ...patch });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0])).toContain(path);
  });
});
