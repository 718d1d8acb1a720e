import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { createManualClock, type ManualClock } from '../../contracts/clock';
import { encodeLabel } from '../../hardware/printer/label';
import {
  EscPosRenderer,
  PrinterSimulator,
  type PrinterSimFault,
} from '../../hardware/printer/simulator';
import { parseEscPos } from '../../hardware/printer/escpos';
import {
  createMemoryTransportPair,
  type MemoryTransport,
} from '../../hardware/transports/memory-transport';
import { SAMPLE_LABEL } from '../fixtures/printer/sample-label';

// The simulator as the printer's side of the wire: status replies per fault (printer.md §3, §4),
// and the page it prints from the bytes it receives.

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
const job = (...parts: Array<string | number[]>): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? ascii(p) : p)));
const LF = [0x0a];
const CUT = [0x1d, 0x56, 0x01];

interface Rig {
  clock: ManualClock;
  host: MemoryTransport;
  sim: PrinterSimulator;
  replies: number[];
  /** Sends bytes from the host side and lets the simulator answer. */
  send(data: Uint8Array | number[]): Promise<void>;
  /** DLE EOT 1..4, the reply bytes (missing replies are absent). */
  statusBytes(): Promise<number[]>;
}

const sims: PrinterSimulator[] = [];
afterEach(() => {
  for (const s of sims.splice(0)) s.stop();
});

async function rig(options: { columns?: number; qrCapacityBytes?: number } = {}): Promise<Rig> {
  const clock = createManualClock();
  const [host, device] = createMemoryTransportPair({ name: 'printer-sim-test' });
  await host.open();
  await device.open();
  const sim = new PrinterSimulator({ ...options, transport: device, clock });
  sims.push(sim);
  const replies: number[] = [];
  host.onData((chunk) => replies.push(...chunk));
  const r: Rig = {
    clock,
    host,
    sim,
    replies,
    send: async (data) => {
      await host.write(Uint8Array.from(data));
      await settle();
    },
    statusBytes: async () => {
      replies.length = 0;
      for (const n of [1, 2, 3, 4]) await r.send([0x10, 0x04, n]);
      return replies.splice(0);
    },
  };
  return r;
}

describe('status replies per fault', () => {
  const table: Array<[string, PrinterSimFault | undefined, number[]]> = [
    ['healthy', undefined, [0x12, 0x12, 0x12, 0x12]],
    ['paper near end', { kind: 'paperNearEnd' }, [0x12, 0x12, 0x12, 0x1e]],
    ['paper out', { kind: 'paperOut' }, [0x1a, 0x32, 0x12, 0x7e]],
    ['cover open', { kind: 'coverOpen' }, [0x1a, 0x16, 0x12, 0x12]],
    ['cutter jam', { kind: 'cutterJam' }, [0x1a, 0x52, 0x1a, 0x12]],
    ['head overheat', { kind: 'headOverheat', durationMs: 5_000 }, [0x1a, 0x52, 0x52, 0x12]],
    ['unrecoverable error', { kind: 'unrecoverableError' }, [0x1a, 0x52, 0x32, 0x12]],
  ];
  test.each(table)('%s', async (_name, fault, expected) => {
    const r = await rig();
    if (fault) r.sim.inject(fault);
    expect(await r.statusBytes()).toEqual(expected);
    r.sim.clear();
    expect(await r.statusBytes()).toEqual([0x12, 0x12, 0x12, 0x12]);
  });

  test('garbled replies have their fixed bits wrong, then it answers normally', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'garbledReplies', count: 2 });
    expect(await r.statusBytes()).toEqual([0x93, 0x93, 0x12, 0x12]);
    expect(r.sim.stats.repliesGarbled).toBe(2);
  });

  test('silent: no reply until its time is up (on the simulator clock)', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'silent', durationMs: 1_000 });
    expect(await r.statusBytes()).toEqual([]);
    expect(r.sim.stats.repliesSuppressed).toBe(4);
    r.clock.advance(1_000);
    expect(await r.statusBytes()).toEqual([0x12, 0x12, 0x12, 0x12]);
  });

  test('an unknown n gets no reply', async () => {
    const r = await rig();
    await r.send([0x10, 0x04, 0x09]);
    expect(r.replies).toEqual([]);
  });

  test('a query inside a QR store is data: no reply', async () => {
    const r = await rig();
    await r.send([0x1d, 0x28, 0x6b, 0x06, 0x00, 0x31, 0x50, 0x30, 0x10, 0x04, 0x01]);
    expect(r.replies).toEqual([]);
  });
});

describe('printing', () => {
  test('a label prints as one page; a status query between jobs is answered', async () => {
    const r = await rig();
    await r.send(encodeLabel(SAMPLE_LABEL).bytes);
    expect(await r.statusBytes()).toEqual([0x12, 0x12, 0x12, 0x12]);
    expect(r.sim.pages()).toHaveLength(1);
    expect(r.sim.lastPage()?.qrCodes[0]?.data).toBe('RF:K-001:42');
  });

  test('text wraps at the paper width, double width halves it', async () => {
    const r = await rig({ columns: 32 });
    await r.send(job('A'.repeat(40), LF, [0x1d, 0x21, 0x10], 'B'.repeat(20), LF, CUT));
    expect(r.sim.lastPage()?.text).toEqual([
      'A'.repeat(32),
      'A'.repeat(8),
      'B'.repeat(16),
      'B'.repeat(4),
    ]);
  });

  test('ESC a aligns the rendering; ESC @ drops the line buffer and resets modes', async () => {
    const r = await rig({ columns: 10 });
    await r.send(job([0x1b, 0x61, 0x02], 'abc', LF, 'lost', [0x1b, 0x40], 'def', LF, CUT));
    expect(r.sim.lastPage()?.text).toEqual(['       abc', 'def']);
  });

  test('paper out mid-job: the page so far ends as paperOut and the rest is discarded', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'paperOut', afterLines: 2 });
    await r.send(job('one', LF, 'two', LF, 'three', LF, CUT));
    expect(r.sim.pages()).toEqual([
      expect.objectContaining({ endedBy: 'paperOut', text: ['one', 'two'] }),
    ]);
    expect(r.sim.pages()[0]?.cut).toBeUndefined();
    expect(await r.statusBytes()).toEqual([0x1a, 0x32, 0x12, 0x7e]);
    r.sim.clear('paperOut');
    await r.send(job('again', LF, CUT));
    expect(r.sim.lastPage()).toMatchObject({ endedBy: 'cut', text: ['again'] });
  });

  test('paper out before the job: nothing prints', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'paperOut' });
    await r.send(encodeLabel(SAMPLE_LABEL).bytes);
    expect(r.sim.pages()).toEqual([]);
    expect(r.sim.stats.discardedCommands).toBeGreaterThan(0);
  });

  test('cover open: data is discarded; closing it prints the next job', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'coverOpen' });
    await r.send(job('lost', LF, CUT));
    expect(r.sim.pages()).toEqual([]);
    r.sim.clear('coverOpen');
    await r.send(job('kept', LF, CUT));
    expect(r.sim.pages().map((p) => p.text)).toEqual([['kept']]);
  });

  test('cutter jam is not cleared by ESC @, only by the technician', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'cutterJam' });
    await r.send([0x1b, 0x40]);
    expect((await r.statusBytes())[2]).toBe(0x1a);
    r.sim.clear('cutterJam');
    expect((await r.statusBytes())[2]).toBe(0x12);
  });

  test('head overheat: the job waits and prints after cooling', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'headOverheat', durationMs: 3_000 });
    await r.send(job('hot', LF, CUT));
    expect(r.sim.pages()).toEqual([]);
    r.clock.advance(3_000);
    expect(r.sim.pages().map((p) => p.text)).toEqual([['hot']]);
    expect(await r.statusBytes()).toEqual([0x12, 0x12, 0x12, 0x12]);
  });

  test('a QR over the device buffer is silently not printed (visible as an issue)', async () => {
    const r = await rig({ qrCapacityBytes: 256 });
    const data = ascii('Z'.repeat(300));
    const len = data.length + 3;
    await r.send(
      job(
        [0x1d, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, 0x50, 0x30],
        data,
        [0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30],
        CUT,
      ),
    );
    expect(r.sim.lastPage()?.qrCodes).toEqual([]);
    expect(r.sim.lastPage()?.issues.map((i) => i.code)).toEqual(['QR_TOO_LARGE', 'QR_NOT_STORED']);
  });

  test('transmission after print (GS ( H) is answered once the data before it printed', async () => {
    const r = await rig();
    await r.send(job('x', LF, CUT, [0x1d, 0x28, 0x48, 0x06, 0x00, 0x30, 0x30, 1, 2, 3, 4]));
    expect(r.replies).toEqual([0x37, 0x22, 1, 2, 3, 4, 0x00]);
  });

  test('a pulled cable: the simulator stops listening and can be attached again', async () => {
    const r = await rig();
    const device = createMemoryTransportPair({ name: 'again' });
    r.sim.detach();
    await r.send(job('gone', LF, CUT));
    expect(r.sim.pages()).toEqual([]);
    await device[0].open();
    await device[1].open();
    r.sim.attach(device[1]);
    await device[0].write(job('back', LF, CUT));
    await settle();
    expect(r.sim.pages().map((p) => p.text)).toEqual([['back']]);
  });
});

describe('the ESC/POS parser never throws', () => {
  test('random bytes into the simulator (with and without faults) and the renderer', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.constantFrom<PrinterSimFault | undefined>(
          undefined,
          { kind: 'paperOut', afterLines: 1 },
          { kind: 'coverOpen' },
          { kind: 'headOverheat', durationMs: 10 },
        ),
        (bytes, fault) => {
          const clock = createManualClock();
          const sim = new PrinterSimulator({ clock });
          if (fault) sim.inject(fault);
          sim.receive(bytes);
          clock.advance(10);
          expect(Array.isArray(sim.pages())).toBe(true);
          const renderer = new EscPosRenderer({ columns: 48 });
          for (const token of parseEscPos(bytes)) renderer.apply(token);
          expect(renderer.currentPage().text.every((l) => typeof l === 'string')).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('random bytes spliced into a real label', () => {
    const label = encodeLabel(SAMPLE_LABEL).bytes;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: label.length }),
        fc.uint8Array({ minLength: 1, maxLength: 20 }),
        (at, noise) => {
          const sim = new PrinterSimulator({ clock: createManualClock() });
          sim.receive(label.subarray(0, at));
          sim.receive(noise);
          sim.receive(label.subarray(at));
          // The label's cut, plus at most one per GS in the noise (a GS V can be formed).
          const gs = noise.filter((b) => b === 0x1d).length;
          expect(sim.pages().length).toBeLessThanOrEqual(1 + gs);
        },
      ),
      { numRuns: 200 },
    );
  });
});
