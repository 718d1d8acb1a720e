import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  HidReassembler,
  encodeHidReports,
  type HidReassemblerOutput,
} from '../../hardware/scanner';

/** HID POS reassembly rules of scanner.md §1 and §7, through recorded/constructed fixtures. */

const Reports = z.array(z.strictObject({ atMs: z.number(), hex: z.string() }));
const Expect = z.strictObject({
  scans: z.array(z.strictObject({ aim: z.string().nullable(), text: z.string() })),
  errors: z.array(z.string()),
});
const Single = z.strictObject({ description: z.string(), reports: Reports, expect: Expect });
const Cases = z.strictObject({
  description: z.string(),
  cases: z.array(z.strictObject({ name: z.string(), reports: Reports, expect: Expect })),
});

const readFixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/hid/${name}`, import.meta.url), 'utf8'));
const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

function summarise(outputs: HidReassemblerOutput[]) {
  return {
    scans: outputs.flatMap((o) => (o.ok ? [{ aim: o.value.aim, text: o.value.text }] : [])),
    errors: outputs.flatMap((o) => (o.ok ? [] : [o.error.code])),
  };
}

function feed(reassembler: HidReassembler, reports: z.infer<typeof Reports>) {
  return reports.flatMap((r) => reassembler.push(fromHex(r.hex), r.atMs));
}

const GS1_60 =
  '0109506000134352' + '17251231' + '10LOT0123456789ABCDEFG' + '\u001d' + '21SN012345678';
const reportsOf = (text: string, aim: string | null = ']d2') => encodeHidReports(aim, ascii(text));

describe('fixtures', () => {
  it.each(['example5-one-report.json', 'split-60-bytes.json', 'shc-qr-many-reports.json'])(
    '%s',
    (name) => {
      const fixture = Single.parse(readFixture(name));
      const outputs = feed(new HidReassembler(), fixture.reports);
      expect(summarise(outputs)).toEqual(fixture.expect);
      for (const o of outputs) if (o.ok) expect(o.value.transport).toBe('hid');
    },
  );

  it('the shc:/ QR fixture is ~2000 digits over many reports', () => {
    const fixture = Single.parse(readFixture('shc-qr-many-reports.json'));
    expect(fixture.reports.length).toBeGreaterThan(30);
    expect(fixture.expect.scans[0]?.text).toMatch(/^shc:\/\d{2000}$/);
  });

  describe('garbage-reports.json', () => {
    const fixture = Cases.parse(readFixture('garbage-reports.json'));
    it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      expect(summarise(feed(new HidReassembler(), c.reports))).toEqual(c.expect);
    });
  });
});

describe('continuation and the 100 ms gap', () => {
  it('a gap of exactly 100 ms still joins the reports', () => {
    const [a, b] = reportsOf(GS1_60);
    const r = new HidReassembler();
    expect(r.push(a!, 0)).toEqual([]);
    expect(summarise(r.push(b!, 100)).scans).toEqual([{ aim: ']d2', text: GS1_60 }]);
  });

  it('a gap of 101 ms discards the partial, and the late continuation is dropped, not emitted alone', () => {
    const [a, b] = reportsOf(GS1_60);
    const r = new HidReassembler();
    r.push(a!, 0);
    const outputs = r.push(b!, 101);
    expect(outputs).toEqual([
      { ok: false, error: { code: 'gap_timeout', discardedBytes: 56, gapMs: 101 } },
      { ok: false, error: { code: 'late_continuation', discardedBytes: 4 } },
    ]);
    // The barcode is over; the next scan stands on its own.
    expect(summarise(r.push(reportsOf('10ABC')[0]!, 2000)).scans).toEqual([
      { aim: ']d2', text: '10ABC' },
    ]);
  });

  it('truncated continuation: the last report never arrives → expire() discards it after the gap', () => {
    const [a] = reportsOf(GS1_60);
    const r = new HidReassembler();
    r.push(a!, 1000);
    expect(r.pendingBytes).toBe(56);
    expect(r.gapDeadlineMs).toBe(1101);
    expect(r.expire(1100)).toEqual([]);
    expect(r.expire(1101)).toEqual([
      { ok: false, error: { code: 'gap_timeout', discardedBytes: 56, gapMs: 101 } },
    ]);
    expect(r.pendingBytes).toBe(0);
    expect(r.gapDeadlineMs).toBeNull();
    expect(r.expire(5000)).toEqual([]);
  });

  it('after a truncated barcode, a same-AIM report inside 1 s is taken as its rest; later, as a new scan', () => {
    const [a] = reportsOf(GS1_60);
    const [single] = reportsOf('10ABC');
    const r = new HidReassembler();
    r.push(a!, 0);
    r.expire(101);
    expect(summarise(r.push(single!, 900)).errors).toEqual(['late_continuation']);
    expect(summarise(r.push(single!, 3000)).scans).toEqual([{ aim: ']d2', text: '10ABC' }]);

    const r2 = new HidReassembler();
    r2.push(a!, 0);
    r2.expire(101);
    expect(summarise(r2.push(single!, 1001)).scans).toEqual([{ aim: ']d2', text: '10ABC' }]);
  });

  it('after a truncated barcode, a report of another symbology is a new scan at once', () => {
    const [a] = reportsOf(GS1_60);
    const r = new HidReassembler();
    r.push(a!, 0);
    r.expire(101);
    expect(summarise(r.push(reportsOf('shc:/56', ']Q1')[0]!, 150)).scans).toEqual([
      { aim: ']Q1', text: 'shc:/56' },
    ]);
  });

  it('continuation bit stuck at 1: nothing is ever emitted, each scan ends in gap_timeout', () => {
    const r = new HidReassembler();
    const stuck = reportsOf('10ABC')[0]!;
    stuck[63] = 1;
    const outputs = [
      ...r.push(stuck, 0),
      ...r.expire(101),
      ...r.push(stuck, 5000),
      ...r.expire(5101),
    ];
    expect(summarise(outputs)).toEqual({ scans: [], errors: ['gap_timeout', 'gap_timeout'] });
  });

  it('N = 0 with bit0 = 0 ends a partial barcode', () => {
    const [a] = reportsOf(GS1_60.slice(0, 56) + 'X'.repeat(10)); // 66 bytes: 56 + 10
    const end = encodeHidReports(']d2', new Uint8Array(0))[0]!;
    const r = new HidReassembler();
    r.push(a!, 0);
    expect(summarise(r.push(end, 5)).scans).toEqual([{ aim: ']d2', text: GS1_60.slice(0, 56) }]);
    expect(r.push(end, 10)).toEqual([]); // and is ignored when none is open
  });
});

describe('corrupt reports mid-barcode', () => {
  it('length byte > 56 drops the report and discards the partial; the rest of that barcode is skipped', () => {
    const reports = reportsOf('A'.repeat(56 * 3));
    reports[1]![1] = 57;
    const r = new HidReassembler();
    const outputs = reports.flatMap((report, i) => r.push(report, i * 4));
    expect(outputs).toEqual([
      {
        ok: false,
        error: { code: 'bad_length', length: 57, max: 56, aim: ']d2', continues: true },
      },
      { ok: false, error: { code: 'late_continuation', discardedBytes: 56 } },
    ]);
    expect(summarise(r.push(reportsOf('10ABC')[0]!, 2000)).scans).toHaveLength(1);
  });

  it('a wrong report ID or short report leaves the barcode in progress alone', () => {
    const [a, b] = reportsOf(GS1_60);
    const foreign = Uint8Array.from(b!);
    foreign[0] = 0x05;
    const r = new HidReassembler();
    r.push(a!, 0);
    const outputs = [...r.push(foreign, 2), ...r.push(a!.subarray(0, 10), 3), ...r.push(b!, 4)];
    expect(summarise(outputs)).toEqual({
      scans: [{ aim: ']d2', text: GS1_60 }],
      errors: ['wrong_report_id', 'short_report'],
    });
  });

  it('an AIM that changes mid-barcode discards the partial and starts a new barcode', () => {
    const [a] = reportsOf(GS1_60);
    const [q] = reportsOf('shc:/5676', ']Q1');
    const r = new HidReassembler();
    r.push(a!, 0);
    expect(r.push(q!, 4)).toEqual([
      { ok: false, error: { code: 'aim_changed', discardedBytes: 56 } },
      expect.objectContaining({
        ok: true,
        value: expect.objectContaining({ aim: ']Q1', text: 'shc:/5676' }),
      }),
    ]);
  });

  it('applies the shared scan rules to the whole barcode (bad byte across reports)', () => {
    const data = ascii('A'.repeat(60));
    data[58] = 0x0d;
    const r = new HidReassembler();
    const outputs = encodeHidReports(']d2', data).flatMap((report, i) => r.push(report, i));
    expect(outputs).toEqual([{ ok: false, error: { code: 'bad_byte', offset: 58, byte: 0x0d } }]);
  });

  it('a stuck bit under a continuous stream stops at the 4096-byte cap instead of growing', () => {
    const r = new HidReassembler();
    const report = reportsOf('A'.repeat(56))[0]!;
    report[63] = 1;
    const outputs: HidReassemblerOutput[] = [];
    for (let i = 0; i < 80; i++) outputs.push(...r.push(report, i * 8));
    expect(summarise(outputs).errors).toEqual(['overflow', ...Array(6).fill('late_continuation')]);
    expect(outputs[0]).toEqual({ ok: false, error: { code: 'overflow', discardedBytes: 4144 } });
    expect(r.pendingBytes).toBe(0);
  });

  it('reset() forgets a partial barcode', () => {
    const [a, b] = reportsOf(GS1_60);
    const r = new HidReassembler();
    r.push(a!, 0);
    r.reset();
    expect(summarise(r.push(b!, 4)).scans).toEqual([{ aim: ']d2', text: GS1_60.slice(56) }]);
  });
});
