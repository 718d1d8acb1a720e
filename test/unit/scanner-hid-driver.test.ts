import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { HIDAsync } from 'node-hid';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../contracts/clock';
import { createMemoryTransportPair } from '../../hardware/transports/memory-transport';
import type { HidDevice } from '../../hardware/transports/hid-transport';
import {
  HidScannerDriver,
  ScanDebouncer,
  ScannerDriver,
  encodeHidReports,
  encodeSerialMessage,
  type HidScanError,
  type HidScannerTraffic,
  type ScanEvent,
} from '../../hardware/scanner';

/**
 * HidScannerDriver through a transport fake shaped like node-hid's HIDAsync (an EventEmitter with
 * `data`/`error` and `close`), fed the recorded/constructed reports of test/fixtures/hid.
 */

// node-hid's real class must satisfy the driver's device interface.
const _nodeHidFits = (device: HIDAsync): HidDevice => device;

/** The fake: real EventEmitter semantics, so an `error` with no listener throws as node-hid's would. */
class FakeHidDevice extends EventEmitter implements HidDevice {
  closeCalls = 0;
  report(bytes: Uint8Array): void {
    // node-hid hands out Buffers; the driver must not rely on more than Uint8Array.
    this.emit('data', Buffer.from(bytes));
  }
  fail(error: unknown): void {
    this.emit('error', error);
  }
  async close(): Promise<void> {
    this.closeCalls++;
  }
}

const fixture = (name: string): { reports: { atMs: number; hex: string }[] } =>
  JSON.parse(readFileSync(new URL(`../fixtures/hid/${name}`, import.meta.url), 'utf8'));
const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

const EXAMPLE_1 = '0109506000134352' + '17251231' + '10ABC123' + '\u001d' + '21SN0001';

function setup(options: { debounceMs?: number } = {}) {
  const clock = createManualClock(Date.UTC(2026, 0, 15, 9));
  const device = new FakeHidDevice();
  const driver = new HidScannerDriver({ device, clock, ...options });
  const scans: ScanEvent[] = [];
  const errors: HidScanError[] = [];
  const traffic: HidScannerTraffic[] = [];
  const lost: Error[] = [];
  driver.onScan((s) => scans.push(s));
  driver.onError((e) => errors.push(e));
  driver.onTraffic((t) => traffic.push(t));
  driver.onLost((e) => lost.push(e));
  driver.start();
  /** Plays a fixture's reports at their recorded offsets from now. */
  const play = (reports: { atMs: number; hex: string }[]): void => {
    let at = 0;
    for (const r of reports) {
      clock.advance(r.atMs - at);
      at = r.atMs;
      device.report(fromHex(r.hex));
    }
  };
  return { clock, device, driver, scans, errors, traffic, lost, play };
}

describe('HidScannerDriver: fixtures', () => {
  it('emits scanner.md §5 example 5 as a ScanEvent with transport hid', () => {
    const { play, scans, errors } = setup();
    play(fixture('example5-one-report.json').reports);
    expect(errors).toEqual([]);
    expect(scans).toEqual([
      { transport: 'hid', aim: ']d2', raw: ascii(EXAMPLE_1), text: EXAMPLE_1 },
    ]);
  });

  it('joins a 60-byte barcode split 56 + 4', () => {
    const { play, scans } = setup();
    play(fixture('split-60-bytes.json').reports);
    expect(scans.map((s) => s.text.length)).toEqual([60]);
  });

  it('joins a ~2000-digit shc:/ QR spread over many reports', () => {
    const { play, scans, errors, clock } = setup();
    play(fixture('shc-qr-many-reports.json').reports);
    expect(errors).toEqual([]);
    expect(scans).toHaveLength(1);
    expect(scans[0]?.aim).toBe(']Q1');
    expect(scans[0]?.text).toMatch(/^shc:\/\d{2000}$/);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('reports garbage as typed errors and keeps working', () => {
    const { device, scans, errors } = setup();
    const good = encodeHidReports(']d2', ascii(EXAMPLE_1))[0]!;
    const wrongId = Uint8Array.from(good);
    wrongId[0] = 0x01;
    const tooLong = Uint8Array.from(good);
    tooLong[1] = 57;
    device.report(wrongId);
    device.report(tooLong);
    device.report(good.subarray(0, 20));
    device.report(good);
    expect(errors.map((e) => e.code)).toEqual(['wrong_report_id', 'bad_length', 'short_report']);
    expect(scans.map((s) => s.text)).toEqual([EXAMPLE_1]);
  });
});

describe('HidScannerDriver: simulator faults (scanner.md §6)', () => {
  it('truncated continuation: the last report never arrives → discarded 100 ms after the gap, by the clock', () => {
    const { play, clock, scans, errors } = setup();
    const reports = fixture('shc-qr-many-reports.json').reports;
    play(reports.slice(0, -1));
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(100);
    expect(errors).toEqual([]);
    clock.advance(1);
    expect(errors).toEqual([
      { code: 'gap_timeout', discardedBytes: 56 * (reports.length - 1), gapMs: 101 },
    ]);
    expect(scans).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a late last report is dropped, not emitted alone', () => {
    const { play, clock, scans, errors } = setup();
    const reports = fixture('split-60-bytes.json').reports;
    play(reports.slice(0, 1));
    clock.advance(150);
    play([{ atMs: 0, hex: reports[1]!.hex }]);
    expect(scans).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['gap_timeout', 'late_continuation']);
  });

  it('continuation bit stuck at 1: no scan, a gap_timeout per scan, and a healthy scanner works after', () => {
    const { device, clock, scans, errors } = setup();
    const stuck = encodeHidReports(']d2', ascii(EXAMPLE_1))[0]!;
    stuck[63] = 1;
    device.report(stuck);
    clock.advance(2000);
    device.report(stuck);
    clock.advance(2000);
    expect(scans).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['gap_timeout', 'gap_timeout']);
    device.report(encodeHidReports(']d2', ascii(EXAMPLE_1))[0]!);
    expect(scans).toHaveLength(1);
  });

  it('length byte > 56 → bad_length; wrong report ID → wrong_report_id', () => {
    const { device, errors, scans } = setup();
    const report = encodeHidReports(']d2', ascii(EXAMPLE_1))[0]!;
    device.report(Uint8Array.from(report, (b, i) => (i === 1 ? 0xff : b)));
    device.report(Uint8Array.from(report, (b, i) => (i === 0 ? 0x03 : b)));
    expect(errors).toEqual([
      { code: 'bad_length', length: 255, max: 56, aim: ']d2', continues: false },
      { code: 'wrong_report_id', reportId: 3, expected: 2 },
    ]);
    expect(scans).toEqual([]);
  });

  it('a read error is reported once as lost; the device is closed and later events are ignored', async () => {
    const { device, driver, lost, scans, clock } = setup();
    const [first] = encodeHidReports(']Q1', ascii('shc:/' + '5'.repeat(100)));
    device.report(first!); // a partial barcode is open when the cable goes
    device.fail(new Error('could not read from HID device'));
    await settle();
    expect(lost.map((e) => e.message)).toEqual(['could not read from HID device']);
    expect(device.closeCalls).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
    // node-hid may keep emitting errors while the handle dies: they must not throw or re-report.
    expect(() => device.fail(new Error('again'))).not.toThrow();
    device.report(encodeHidReports(']d2', ascii(EXAMPLE_1))[0]!);
    expect(device.listenerCount('data')).toBe(0);
    expect(lost).toHaveLength(1);
    expect(scans).toEqual([]);
    await driver.close();
    expect(device.closeCalls).toBe(1);
  });

  it('a non-Error read failure still becomes an Error', () => {
    const { device, lost } = setup();
    device.fail('EIO');
    expect(lost[0]).toBeInstanceOf(Error);
    expect(lost[0]?.message).toContain('EIO');
  });
});

describe('HidScannerDriver: debounce and traffic', () => {
  it('drops an identical scan inside 1 s and emits it again at 1 s', () => {
    const { device, clock, scans, traffic } = setup();
    const report = encodeHidReports(']d2', ascii(EXAMPLE_1))[0]!;
    device.report(report);
    clock.advance(300); // scanner.md §6: double scan within 300 ms
    device.report(report);
    clock.advance(699);
    device.report(report);
    clock.advance(1);
    device.report(report);
    expect(scans).toHaveLength(2);
    expect(traffic.flatMap((t) => (t.kind === 'scan' ? [t.debounced] : []))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it('does not debounce another AIM with the same data', () => {
    const { device, scans } = setup();
    device.report(encodeHidReports(']d2', ascii(EXAMPLE_1))[0]!);
    device.report(encodeHidReports(']Q3', ascii(EXAMPLE_1))[0]!);
    expect(scans.map((s) => s.aim)).toEqual([']d2', ']Q3']);
  });

  it('shows the technician only redacted scans: no token text past the preview', () => {
    const { play, traffic, scans } = setup();
    play(fixture('shc-qr-many-reports.json').reports);
    const token = scans[0]?.text ?? '';
    const seen = JSON.stringify(traffic);
    expect(seen).toContain(`"preview":"${token.slice(0, 8)}"`);
    // No 12-character run of the token beyond its first 8 characters shows up anywhere.
    for (let at = 8; at + 12 <= token.length; at += 12) {
      expect(seen).not.toContain(token.slice(at, at + 12));
    }
    expect(traffic.filter((t) => t.kind === 'report').length).toBeGreaterThan(30);
  });

  it('close() stops reading and closes the device once', async () => {
    const { device, driver, scans } = setup();
    await driver.close();
    await driver.close();
    expect(device.closeCalls).toBe(1);
    expect(device.listenerCount('data')).toBe(0);
    device.report(encodeHidReports(']d2', ascii(EXAMPLE_1))[0]!);
    expect(scans).toEqual([]);
  });
});

describe('ScanDebouncer is the serial driver’s rule, extracted', () => {
  it('agrees with ScannerDriver on any sequence of scans and arrival gaps', async () => {
    const scanArb = fc.record({
      gapMs: fc.integer({ min: 0, max: 1500 }),
      aim: fc.constantFrom(']d2', ']Q1'),
      text: fc.constantFrom('0109506000134352', 'shc:/5676', '10ABC'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(scanArb, { maxLength: 12 }), async (sequence) => {
        const clock = createManualClock(0);
        const [kioskEnd, scannerEnd] = createMemoryTransportPair({ name: 'equivalence' });
        const serial = new ScannerDriver({ transport: kioskEnd, clock });
        const emitted: string[] = [];
        serial.onScan((s) => emitted.push(`${s.aim}${s.text}`));
        await scannerEnd.open();
        await serial.open();
        const debouncer = new ScanDebouncer();
        const expected: string[] = [];
        for (const { gapMs, aim, text } of sequence) {
          clock.advance(gapMs);
          await scannerEnd.write(encodeSerialMessage(text, aim));
          await settle();
          if (debouncer.accept({ aim, raw: ascii(text) }, clock.now()))
            expected.push(`${aim}${text}`);
        }
        await serial.close();
        expect(emitted).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });
});
