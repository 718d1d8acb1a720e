import { afterEach, describe, expect, test } from 'vitest';
import { systemClock } from '../../contracts/clock';
import { PrinterDriver } from '../../hardware/printer/driver';
import { encodeLabel } from '../../hardware/printer/label';
import { PRINTER_BAUD_RATE } from '../../hardware/printer/protocol';
import { PrinterSimulator, type PrintedPage } from '../../hardware/printer/simulator';
import { openPtyPair, type PtyPair } from '../../hardware/transports/pty-pair';
import { createSerialTransport } from '../../hardware/transports/serial-transport';
import type { Transport } from '../../hardware/transports/transport';
import { SAMPLE_DOSE_AS_PRINTED, SAMPLE_LABEL } from '../fixtures/printer/sample-label';
import { waitUntil } from './helpers/pty-rig';

// The real serialport driver against the printer simulator over a socat PTY pair (DESIGN §8),
// one case per fault of the printer brief. Real clock; every wait is on a result or an event with
// a generous limit, so a slow machine makes the suite slower, not red.

interface PrinterRig {
  pair: PtyPair;
  driver: PrinterDriver;
  sim: PrinterSimulator;
  kiosk: Transport;
  printer: Transport;
  losses: Error[];
  close(): Promise<void>;
}

let rig: PrinterRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function openRig(): Promise<PrinterRig> {
  const pair = await openPtyPair();
  const kiosk = createSerialTransport({
    path: pair.a,
    baudRate: PRINTER_BAUD_RATE,
    description: 'kiosk',
  });
  const printer = createSerialTransport({
    path: pair.b,
    baudRate: PRINTER_BAUD_RATE,
    description: 'printer',
  });
  await kiosk.open();
  await printer.open();
  const sim = new PrinterSimulator({ transport: printer, clock: systemClock, columns: 32 });
  const driver = new PrinterDriver({ transport: kiosk, clock: systemClock });
  const losses: Error[] = [];
  driver.onLost((e) => losses.push(e));
  rig = {
    pair,
    driver,
    sim,
    kiosk,
    printer,
    losses,
    async close() {
      sim.stop();
      await driver.close();
      await printer.close();
      await pair.close();
    },
  };
  return rig;
}

const printedLines = (page: PrintedPage | undefined): string[] =>
  (page?.text ?? []).map((l) => l.trim()).filter((l) => l.length > 0);

describe('printer over a real PTY pair', () => {
  test('a label is printed and read back as text, with its refill QR', async () => {
    const r = await openRig();
    const result = await r.driver.print(encodeLabel(SAMPLE_LABEL, { columns: 32 }).bytes);
    expect(result).toMatchObject({ ok: true, value: { paperNearEnd: false } });
    expect(r.sim.pages()).toHaveLength(1);
    const page = r.sim.lastPage();
    expect(page).toMatchObject({ endedBy: 'cut', cut: 'partial', issues: [] });
    const lines = printedLines(page);
    expect(lines.slice(0, 2)).toEqual(['Poste de santé de Kijiji', 'Amoxicilline 500 mg']);
    const dose = lines
      .slice(
        2,
        lines.findIndex((l) => l.startsWith('Quantité')),
      )
      .join(' ');
    expect(dose).toBe(SAMPLE_DOSE_AS_PRINTED);
    expect(lines.slice(-7)).toEqual([
      'Quantité : 21 gélules',
      'Lot : A12345  Exp. : 2027-03',
      'Délivré le 2026-01-01 10:30',
      'Kiosque : K-001',
      'Pharmacien : +254 700 000 000',
      'Renouvellement',
      '[QR RF:K-001:42]',
    ]);
    expect(page?.qrCodes.map((q) => q.data)).toEqual(['RF:K-001:42']);
  });

  test('paper out: refused with PAPER_OUT, nothing printed', async () => {
    const r = await openRig();
    r.sim.inject({ kind: 'paperOut' });
    const result = await r.driver.print(encodeLabel(SAMPLE_LABEL).bytes);
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'REFUSED', reason: 'PAPER_OUT', status: { paper: 'out', online: false } },
    });
    expect(r.sim.pages()).toEqual([]);
    expect(r.sim.stats.discardedCommands).toBe(0);
    // Paper loaded: the same label prints.
    r.sim.clear('paperOut');
    expect(await r.driver.print(encodeLabel(SAMPLE_LABEL).bytes)).toMatchObject({ ok: true });
    expect(r.sim.pages()).toHaveLength(1);
  });

  test('paper out mid-job: PRINT_UNCERTAIN, the page cut short', async () => {
    const r = await openRig();
    r.sim.inject({ kind: 'paperOut', afterLines: 4 });
    const result = await r.driver.print(encodeLabel(SAMPLE_LABEL).bytes);
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'PRINT_UNCERTAIN', reason: 'PAPER_OUT' },
    });
    expect(r.sim.pages().map((p) => p.endedBy)).toEqual(['paperOut']);
  });

  test('cover open: refused with COVER_OPEN, nothing printed', async () => {
    const r = await openRig();
    r.sim.inject({ kind: 'coverOpen' });
    const result = await r.driver.print(encodeLabel(SAMPLE_LABEL).bytes);
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'REFUSED', reason: 'COVER_OPEN', status: { cover: 'open' } },
    });
    expect(r.sim.pages()).toEqual([]);
  });

  test('paper near end: printed, with the notice', async () => {
    const r = await openRig();
    r.sim.inject({ kind: 'paperNearEnd' });
    const result = await r.driver.print(encodeLabel(SAMPLE_LABEL).bytes);
    expect(result).toMatchObject({ ok: true, value: { paperNearEnd: true } });
  });

  test('silent printer: status is UNREACHABLE; garbled replies are re-queried', async () => {
    const r = await openRig();
    r.sim.inject({ kind: 'silent' });
    expect(await r.driver.status()).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });
    r.sim.clear('silent');
    r.sim.inject({ kind: 'garbledReplies', count: 2 });
    expect(await r.driver.status()).toEqual({
      ok: true,
      value: { paper: 'ok', cover: 'closed', online: true },
    });
    expect(r.sim.stats.repliesGarbled).toBe(2);
  });

  test('a pulled cable (socat killed) is reported as lost', async () => {
    const r = await openRig();
    expect(await r.driver.status()).toMatchObject({ ok: true });
    await r.pair.kill();
    // serialport sees the hang-up on its next read; the transport reports it through onLost.
    await waitUntil(() => r.losses.length > 0, 'the driver to report the pulled cable');
    expect(r.losses).toHaveLength(1);
    expect(r.driver.lost).toBe(true);
    expect(await r.driver.condition()).toEqual({ kind: 'lost' });
    expect(await r.driver.print(encodeLabel(SAMPLE_LABEL).bytes)).toMatchObject({
      ok: false,
      error: { kind: 'REFUSED', reason: 'LOST' },
    });
  });
});
