import { afterEach, describe, expect, test } from 'vitest';
import { createManualClock, type ManualClock } from '../../contracts/clock';
import { PrinterDriver, type PrinterDriverOptions } from '../../hardware/printer/driver';
import { encodeLabel } from '../../hardware/printer/label';
import { PrinterSimulator } from '../../hardware/printer/simulator';
import {
  createMemoryTransportPair,
  type MemoryTransport,
} from '../../hardware/transports/memory-transport';
import type { Transport } from '../../hardware/transports/transport';
import { SAMPLE_LABEL } from '../fixtures/printer/sample-label';

// The driver against the simulator over a memory pair, both on one manual clock. The clock only
// moves when `run` advances it, in small steps, while the driver waits on it; nothing here waits
// in real time, and no assertion depends on how long anything took.

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const LABEL = encodeLabel(SAMPLE_LABEL).bytes;
const QUERIES = ['10 04 01', '10 04 02', '10 04 03', '10 04 04'];
const toHex = (data: Uint8Array): string =>
  [...data].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');

interface Harness {
  clock: ManualClock;
  host: MemoryTransport;
  device: MemoryTransport;
  sim: PrinterSimulator;
  driver: PrinterDriver;
  /** Hex of every chunk the driver wrote since the last call. */
  written(): string[];
  /** `drive` on this harness's clock. */
  run<T>(promise: Promise<T>): Promise<T>;
}

/** Awaits `promise`, advancing the manual clock in 10 ms steps while it is pending. */
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

const drivers: PrinterDriver[] = [];
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.close();
});

async function harness(options: PrinterDriverOptions = {}): Promise<Harness> {
  const clock = createManualClock();
  const [host, device] = createMemoryTransportPair({ name: 'printer-driver-test' });
  await host.open();
  await device.open();
  const sim = new PrinterSimulator({ transport: device, clock });
  const driver = new PrinterDriver({ transport: host, clock, ...options });
  drivers.push(driver);
  const out: string[] = [];
  device.onData((chunk) => out.push(toHex(chunk)));
  return {
    clock,
    host,
    device,
    sim,
    driver,
    written: () => out.splice(0),
    run: (promise) => drive(clock, promise),
  };
}

describe('printer driver ↔ simulator (memory pair, manual clock)', () => {
  test('print ok: status first, then the job, polls until idle, n=4 once; the label is on paper', async () => {
    const h = await harness();
    const result = await h.run(h.driver.print(LABEL));
    expect(result).toEqual({
      ok: true,
      value: {
        status: { paper: 'ok', cover: 'closed', online: true },
        paperNearEnd: false,
        polls: 2,
      },
    });
    expect(h.written()).toEqual([
      ...QUERIES,
      toHex(LABEL),
      // Two clean polls of n = 1, 2, 3, 250 ms apart, then n = 4 once.
      ...QUERIES.slice(0, 3),
      ...QUERIES.slice(0, 3),
      QUERIES[3],
    ]);
    expect(h.sim.pages()).toHaveLength(1);
    expect(h.sim.lastPage()?.qrCodes.map((q) => q.data)).toEqual(['RF:K-001:42']);
    expect(h.driver.busy).toBe(false);
  });

  test('paper out: refused with the reason and the status; not a byte of the job sent', async () => {
    const h = await harness();
    h.sim.inject({ kind: 'paperOut' });
    const result = await h.run(h.driver.print(LABEL));
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'REFUSED',
        reason: 'PAPER_OUT',
        detail: expect.stringContaining('paper out'),
        status: { paper: 'out', cover: 'closed', online: false },
      },
    });
    expect(h.written()).toEqual(QUERIES);
    expect(h.sim.pages()).toEqual([]);
    expect(h.sim.stats.discardedCommands).toBe(0);
  });

  test('cover open: refused with COVER_OPEN, nothing printed', async () => {
    const h = await harness();
    h.sim.inject({ kind: 'coverOpen' });
    const result = await h.run(h.driver.print(LABEL));
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'REFUSED', reason: 'COVER_OPEN', status: { cover: 'open', online: false } },
    });
    expect(h.written()).toEqual(QUERIES);
    expect(h.sim.pages()).toEqual([]);
  });

  test.each([
    ['cutter jam', { kind: 'cutterJam' } as const, 'autocutter'],
    ['unrecoverable error', { kind: 'unrecoverableError' } as const, 'unrecoverable'],
    ['head overheat', { kind: 'headOverheat', durationMs: 60_000 } as const, 'auto_recoverable'],
  ])('%s: refused with PRINTER_ERROR (%s)', async (_name, fault, error) => {
    const h = await harness();
    h.sim.inject(fault);
    const result = await h.run(h.driver.print(LABEL));
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'REFUSED', reason: 'PRINTER_ERROR', status: { error } },
    });
    expect(h.written()).toEqual(QUERIES);
  });

  test('status timeout: a silent printer is UNREACHABLE after 500 ms, as a typed error', async () => {
    const h = await harness();
    h.sim.inject({ kind: 'silent' });
    const started = h.clock.now();
    const result = await h.run(h.driver.status());
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'UNREACHABLE',
        query: 1,
        detail: 'no reply to DLE EOT 1 within 500 ms',
      },
    });
    expect(h.clock.now() - started).toBeGreaterThanOrEqual(500);
    expect(await h.run(h.driver.condition())).toEqual({ kind: 'unreachable' });
  });

  test('a silent printer refuses the job as UNREACHABLE; nothing sent but the first query', async () => {
    const h = await harness();
    h.sim.inject({ kind: 'silent' });
    const result = await h.run(h.driver.print(LABEL));
    expect(result).toMatchObject({ ok: false, error: { kind: 'REFUSED', reason: 'UNREACHABLE' } });
    expect(h.written()).toEqual([QUERIES[0]]);
  });

  test('a garbled reply is re-queried; three re-queries and it is UNREACHABLE', async () => {
    const h = await harness();
    h.sim.inject({ kind: 'garbledReplies', count: 3 });
    expect(await h.run(h.driver.status())).toMatchObject({ ok: true });
    expect(h.written()).toEqual([
      QUERIES[0],
      QUERIES[0],
      QUERIES[0],
      QUERIES[0],
      ...QUERIES.slice(1),
    ]);

    h.sim.inject({ kind: 'garbledReplies', count: 4 });
    const result = await h.run(h.driver.status());
    expect(result).toMatchObject({ ok: false, error: { code: 'UNREACHABLE', query: 1 } });
    if (!result.ok) expect(result.error.detail).toMatch(/fixed bits wrong.*3 re-queries/);
  });

  test('paper near end: printed, with the near-end notice', async () => {
    const h = await harness();
    h.sim.inject({ kind: 'paperNearEnd' });
    const result = await h.run(h.driver.print(LABEL));
    expect(result).toMatchObject({
      ok: true,
      value: { paperNearEnd: true, status: { paper: 'near_end', online: true } },
    });
    expect(h.sim.pages()).toHaveLength(1);
  });

  test('paper runs out mid-job: PRINT_UNCERTAIN with PAPER_OUT; the page is cut short', async () => {
    const h = await harness();
    h.sim.inject({ kind: 'paperOut', afterLines: 3 });
    const result = await h.run(h.driver.print(LABEL));
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'PRINT_UNCERTAIN', reason: 'PAPER_OUT', status: { paper: 'out' } },
    });
    expect(h.sim.pages()).toEqual([expect.objectContaining({ endedBy: 'paperOut' })]);
  });

  test('a printer that stays offline without an error bit is NOT_IDLE after 10 s', async () => {
    const clock = createManualClock();
    const [host, device] = createMemoryTransportPair({ name: 'offline-printer' });
    await host.open();
    await device.open();
    // A scripted printer: online for the check before the job, then offline for good (e.g.
    // waiting for online recovery), with no cause in n = 2 or n = 3.
    let jobSeen = false;
    device.onData((chunk) => {
      if (chunk.length > 3) jobSeen = true;
      if (chunk.length === 3 && chunk[0] === 0x10 && chunk[1] === 0x04) {
        const reply = chunk[2] === 1 && jobSeen ? 0x3a : 0x12;
        void device.write(Uint8Array.of(reply));
      }
    });
    const driver = new PrinterDriver({ transport: host, clock });
    drivers.push(driver);
    const started = clock.now();
    const result = await drive(clock, driver.print(LABEL));
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'PRINT_UNCERTAIN', reason: 'NOT_IDLE', status: { online: false } },
    });
    expect(clock.now() - started).toBeGreaterThanOrEqual(10_000);
  });

  test('one job at a time: a second print while one runs is refused BUSY', async () => {
    const h = await harness();
    const first = h.driver.print(LABEL);
    const second = await h.driver.print(LABEL);
    expect(second).toMatchObject({ ok: false, error: { kind: 'REFUSED', reason: 'BUSY' } });
    expect(await h.run(first)).toMatchObject({ ok: true });
    expect(h.sim.pages()).toHaveLength(1);
  });

  test('status() during a job waits for the job write and interleaves between polls', async () => {
    const h = await harness();
    const job = h.driver.print(LABEL);
    const status = h.driver.status();
    const [printed, read] = await h.run(Promise.all([job, status]));
    expect(printed.ok && read.ok).toBe(true);
    const written = h.written();
    // The job went out whole, right after the four queries of its own pre-check.
    expect(written.indexOf(toHex(LABEL))).toBe(4);
  });

  test('a job with a QR payload over 512 bytes is refused before anything is sent', async () => {
    const h = await harness();
    const data = new Uint8Array(513).fill(0x41);
    const len = data.length + 3;
    const job = Uint8Array.from([
      0x1d,
      0x28,
      0x6b,
      len & 0xff,
      len >> 8,
      0x31,
      0x50,
      0x30,
      ...data,
    ]);
    const result = await h.run(h.driver.print(job));
    expect(result).toMatchObject({ ok: false, error: { kind: 'REFUSED', reason: 'QR_TOO_LARGE' } });
    expect(h.written()).toEqual([]);
  });

  test('pulled cable during the polls: PRINT_UNCERTAIN (LOST), onLost fires once, then LOST', async () => {
    const h = await harness();
    const losses: string[] = [];
    h.driver.onLost((e) => losses.push(e.message));
    // Pull the cable as soon as the job has reached the printer.
    h.sim.onPage(() => {
      h.host.simulateLoss(new Error('EIO'));
      h.device.simulateLoss();
    });
    const result = await h.run(h.driver.print(LABEL));
    expect(result).toMatchObject({ ok: false, error: { kind: 'PRINT_UNCERTAIN', reason: 'LOST' } });
    expect(losses).toEqual(['EIO']);
    expect(h.driver.lost).toBe(true);
    expect(await h.run(h.driver.status())).toMatchObject({ ok: false, error: { code: 'LOST' } });
    expect(await h.run(h.driver.print(LABEL))).toMatchObject({
      ok: false,
      error: { kind: 'REFUSED', reason: 'LOST' },
    });
    expect(await h.run(h.driver.condition())).toEqual({ kind: 'lost' });
  });

  test('a new transport after the loss: printing works again', async () => {
    const h = await harness();
    h.host.simulateLoss();
    h.device.simulateLoss();
    const [host, device] = createMemoryTransportPair({ name: 'replugged' });
    await host.open();
    await device.open();
    h.sim.attach(device);
    h.driver.attach(host);
    expect(h.driver.lost).toBe(false);
    expect(await h.run(h.driver.print(LABEL))).toMatchObject({ ok: true });
  });

  test('a job write the OS never takes (flow control held) is PRINT_UNCERTAIN after 2 s', async () => {
    const clock = createManualClock();
    const [host, device] = createMemoryTransportPair({ name: 'stuck' });
    await host.open();
    await device.open();
    const sim = new PrinterSimulator({ transport: device, clock });
    // Status queries go through; the big job write never completes.
    const stuck: Transport = {
      description: 'stuck',
      get isOpen() {
        return host.isOpen;
      },
      open: () => host.open(),
      close: () => host.close(),
      onData: (l) => host.onData(l),
      onLost: (l) => host.onLost(l),
      write: (data) => (data.length > 3 ? new Promise<void>(() => undefined) : host.write(data)),
    };
    const driver = new PrinterDriver({ transport: stuck, clock });
    drivers.push(driver);
    expect(await drive(clock, driver.print(LABEL))).toMatchObject({
      ok: false,
      error: { kind: 'PRINT_UNCERTAIN', reason: 'WRITE_TIMEOUT' },
    });
    expect(sim.pages()).toEqual([]);
  });

  test('no transport: NOT_OPEN', async () => {
    const driver = new PrinterDriver({ clock: createManualClock() });
    expect(await driver.status()).toMatchObject({ ok: false, error: { code: 'NOT_OPEN' } });
    expect(await driver.print(LABEL)).toMatchObject({
      ok: false,
      error: { kind: 'REFUSED', reason: 'NOT_OPEN' },
    });
  });

  test('onStatus reports every full status read', async () => {
    const h = await harness();
    const seen: string[] = [];
    h.driver.onStatus((s) => seen.push(s.paper));
    h.sim.inject({ kind: 'paperNearEnd' });
    await h.run(h.driver.print(LABEL));
    expect(seen).toEqual(['near_end', 'near_end']);
  });
});
