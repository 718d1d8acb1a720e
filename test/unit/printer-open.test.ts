import { afterEach, describe, expect, test } from 'vitest';
import { createManualClock, type ManualClock } from '../../contracts/clock';
import {
  columnsForPaper,
  encodeLabel,
  openPrinter,
  printerHardwareConfigSchema,
  PrinterSimulator,
  type OpenedPrinter,
} from '../../hardware/printer';
import { createMemoryTransportPair } from '../../hardware/transports/memory-transport';
import { SAMPLE_LABEL } from '../fixtures/printer/sample-label';

// The one factory that decides how the printer is reached, and the printer's hardware config.

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function drive<T>(clock: ManualClock, promise: Promise<T>): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  for (let step = 0; step < 5_000 && !done; step++) {
    await settle();
    if (!done) clock.advance(10);
  }
  return tracked;
}

const opened: OpenedPrinter[] = [];
afterEach(async () => {
  for (const p of opened.splice(0)) await p.close();
});

describe('openPrinter', () => {
  test('kind "simulator": an in-process printer on a memory pair, reopened after a loss', async () => {
    const clock = createManualClock();
    const printer = await openPrinter({ kind: 'simulator', clock, simulator: { columns: 48 } });
    opened.push(printer);
    const label = encodeLabel(SAMPLE_LABEL, { columns: 48 }).bytes;
    expect(await drive(clock, printer.driver.print(label))).toMatchObject({ ok: true });
    expect(printer.simulator?.lastPage()?.qrCodes[0]?.data).toBe('RF:K-001:42');

    printer.simulator?.inject({ kind: 'coverOpen' });
    expect(await drive(clock, printer.driver.print(label))).toMatchObject({
      ok: false,
      error: { kind: 'REFUSED', reason: 'COVER_OPEN' },
    });
    printer.simulator?.clear();
    await printer.reopen();
    expect(await drive(clock, printer.driver.print(label))).toMatchObject({ ok: true });
    expect(printer.simulator?.pages()).toHaveLength(2);
  });

  test('kind "transport": uses the given transport, opening it if needed', async () => {
    const clock = createManualClock();
    const [host, device] = createMemoryTransportPair({ name: 'open-test' });
    await device.open();
    const sim = new PrinterSimulator({ transport: device, clock });
    const printer = await openPrinter({ kind: 'transport', transport: host, clock });
    opened.push(printer);
    expect(host.isOpen).toBe(true);
    expect(await drive(clock, printer.driver.status())).toMatchObject({ ok: true });
    expect(sim.stats.statusQueries).toBe(4);
    await expect(printer.reopen()).rejects.toThrow(/cannot be reopened/);
  });

  test('kind "serial": a missing device is a clear error', async () => {
    await expect(
      openPrinter({ kind: 'serial', path: '/dev/does-not-exist-printer' }),
    ).rejects.toThrow(/Cannot open serial port \/dev\/does-not-exist-printer/);
  });
});

describe('printer hardware config', () => {
  test('defaults: 115200 baud, 58 mm paper, 2 s write timeout', () => {
    expect(printerHardwareConfigSchema.parse({ path: '/dev/ttyUSB1' })).toEqual({
      path: '/dev/ttyUSB1',
      baudRate: 115_200,
      paperWidthMm: 58,
      writeTimeoutMs: 2_000,
    });
  });

  test('paper width gives the columns', () => {
    expect(columnsForPaper(58)).toBe(32);
    expect(columnsForPaper(80)).toBe(48);
  });

  test.each([
    [{ paperWidthMm: 57 }, 'paperWidthMm'],
    [{ baudRate: -1 }, 'baudRate'],
    [{ usb: { vendorId: 'xyz', productId: '0b61' } }, 'usb'],
    [{ extra: true }, ''],
  ])('rejects %j', (input, key) => {
    const result = printerHardwareConfigSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (!result.success && key) expect(result.error.issues[0]?.path[0]).toBe(key);
  });
});
