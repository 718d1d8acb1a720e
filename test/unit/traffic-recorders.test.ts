import { afterEach, describe, expect, test } from 'vitest';
import { createManualClock, type ManualClock } from '../../contracts/clock';
import { OximeterDriver } from '../../hardware/oximeter/driver';
import { OximeterSimulator } from '../../hardware/oximeter/simulator';
import { PrinterDriver } from '../../hardware/printer/driver';
import { encodeLabel } from '../../hardware/printer/label';
import { PrinterSimulator } from '../../hardware/printer/simulator';
import { createMemoryTransportPair } from '../../hardware/transports/memory-transport';
import {
  DeviceTrafficRing,
  oximeterEntry,
  printerEntry,
  recordTraffic,
  type TrafficEntry,
} from '../../main/diagnostics/device-traffic-ring';
import { SAMPLE_LABEL } from '../fixtures/printer/sample-label';

// The printer's and the oximeter's traffic recorders (issue 9 item 4): each driver against its
// simulator over a memory pair on one manual clock, its traffic fed into the ring as the kiosk
// feeds it. The printer's jobs and status exchanges are kept in hex beside their decoding; the
// oximeter's packets only by their flags, never a byte or a value of the measurement.

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

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

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function printerRig() {
  const clock = createManualClock();
  const [host, device] = createMemoryTransportPair({ name: 'printer-traffic' });
  await host.open();
  await device.open();
  const sim = new PrinterSimulator({ transport: device, clock });
  const driver = new PrinterDriver({ transport: host, clock });
  const ring = new DeviceTrafficRing();
  recordTraffic(ring, (l) => driver.onTraffic(l), printerEntry);
  cleanups.push(() => driver.close());
  return { clock, sim, driver, ring, entries: () => ring.recent('printer') };
}

const summaries = (entries: TrafficEntry[]) => entries.map((e) => `${e.dir} ${e.summary}`);

describe('printer traffic', () => {
  test('a job: status queries and replies, the job by its first 64 bytes and length, the decoded status', async () => {
    const r = await printerRig();
    const label = encodeLabel(SAMPLE_LABEL).bytes;
    const printed = await drive(r.clock, r.driver.print(label));
    expect(printed.ok).toBe(true);
    const entries = r.entries();

    // Status first (DLE EOT 1..4, each answered), then the job, then polls.
    expect(summaries(entries).slice(0, 9)).toEqual([
      'tx status request DLE EOT 1',
      'rx reply to DLE EOT 1: nothing set',
      'tx status request DLE EOT 2',
      'rx reply to DLE EOT 2: nothing set',
      'tx status request DLE EOT 3',
      'rx reply to DLE EOT 3: nothing set',
      'tx status request DLE EOT 4',
      'rx reply to DLE EOT 4: nothing set',
      'event status: paper ok, cover closed, online',
    ]);
    expect(entries[0]?.hex).toBe('10 04 01');
    expect(entries[1]?.hex).toBe('12');

    const job = entries.find((e) => e.summary.startsWith('print job'));
    expect(job).toMatchObject({ dir: 'tx', summary: `print job, ${label.length} bytes` });
    expect(label.length).toBeGreaterThan(64);
    // ESC @ first, 64 bytes shown, the rest counted.
    expect(job?.hex).toMatch(/^1b 40 /);
    expect(job?.hex?.split(' …')[0]?.split(' ')).toHaveLength(64);
    expect(job?.hex).toContain(`…(+${label.length - 64} bytes)`);
    expect(entries.indexOf(job!)).toBe(9);
    expect(summaries(entries.slice(10))).toContain('tx status request DLE EOT 1');
    expect(r.ring.counters().printer).toMatchObject({ rxErrors: 0 });
    expect(r.ring.counters().printer?.txFrames).toBeGreaterThan(8);
  });

  test('a cover opened and paper out are decoded in the replies and the status', async () => {
    const r = await printerRig();
    r.sim.inject({ kind: 'coverOpen' });
    r.sim.inject({ kind: 'paperOut' });
    const refused = await drive(r.clock, r.driver.print(Uint8Array.of(0x1b, 0x40)));
    expect(refused).toMatchObject({ ok: false, error: { kind: 'REFUSED' } });
    const said = summaries(r.entries());
    expect(said).toContain('rx reply to DLE EOT 1: offline');
    expect(said.find((s) => s.startsWith('rx reply to DLE EOT 2'))).toMatch(/cover open/);
    expect(said.find((s) => s.startsWith('rx reply to DLE EOT 4'))).toMatch(/paper end \/ out/);
    expect(said).toContain('event status: paper out, cover open, offline');
    // A refused job sends nothing, so there is no job entry.
    expect(said.some((s) => s.includes('print job'))).toBe(false);
  });

  test('a garbled reply is a bad frame and re-queried; a silent printer is a note', async () => {
    const r = await printerRig();
    r.sim.inject({ kind: 'garbledReplies', count: 1 });
    expect((await drive(r.clock, r.driver.status())).ok).toBe(true);
    const entries = r.entries();
    expect(entries[1]).toMatchObject({ dir: 'rx', error: 'BAD_FIXED_BITS' });
    expect(entries[2]).toMatchObject({
      dir: 'tx',
      summary: 'status request DLE EOT 1 (re-query 1)',
    });
    expect(r.ring.counters().printer?.rxErrors).toBe(1);

    r.sim.inject({ kind: 'silent' });
    expect((await drive(r.clock, r.driver.status())).ok).toBe(false);
    expect(r.entries().at(-1)).toMatchObject({
      dir: 'event',
      summary: 'no reply to DLE EOT 1 within 500 ms',
      error: 'NO_REPLY',
    });
  });
});

async function oximeterRig(values: { hr: number; spo2: number }) {
  const clock = createManualClock();
  const [host, device] = createMemoryTransportPair({ name: 'oximeter-traffic' });
  await device.open();
  const driver = new OximeterDriver({ transport: host, clock });
  const sim = new OximeterSimulator({ transport: device, clock, ...values });
  const ring = new DeviceTrafficRing();
  recordTraffic(ring, (l) => driver.onTraffic(l), oximeterEntry);
  await driver.open();
  sim.start();
  cleanups.push(async () => {
    await sim.stop();
    await driver.close();
  });
  const run = async (ms: number) => {
    for (let t = 0; t < ms; t += 10) {
      clock.advance(10);
      await settle();
    }
  };
  return { clock, sim, driver, ring, run, entries: () => ring.recent('oximeter') };
}

describe('oximeter traffic', () => {
  // Values no timestamp, count or flag in a summary could contain by chance.
  const HR = 187;
  const SPO2 = 83;

  test('one entry per packet with its flags and condition; no bytes and no value is kept', async () => {
    const r = await oximeterRig({ hr: HR, spo2: SPO2 });
    const packets: number[] = [];
    r.driver.onTraffic((e) => {
      if (e.kind === 'packet') packets.push(e.packet.hr);
    });
    await r.run(2_000);
    // The driver hands the values to its listeners (the vitals tool needs them)...
    expect(packets.length).toBeGreaterThanOrEqual(5);
    expect(packets).toContain(HR);
    // ...and the ring keeps one flags-only entry per packet.
    const entries = r.entries().filter((e) => !e.error);
    expect(entries).toHaveLength(packets.length);
    for (const entry of entries) {
      expect(entry).toMatchObject({ device: 'oximeter', dir: 'rx' });
      expect(entry.hex).toBeUndefined();
      expect(entry.summary).toMatch(
        /^packet 25 frames \(125 bytes\), SYNC ok, ok; sensor off no, alarm no, out of track no, artifact 0\/25, low perfusion no \(values not recorded\)$/,
      );
    }
    const kept = JSON.stringify(r.ring.recent('oximeter').map(({ at: _at, ...rest }) => rest));
    expect(kept).not.toContain(String(HR));
    expect(kept).not.toContain(String(SPO2));
    expect(r.ring.counters().oximeter?.rxFrames).toBe(packets.length);
  });

  test('a finger out and a bad checksum show in the flags and as a bad frame', async () => {
    const r = await oximeterRig({ hr: HR, spo2: SPO2 });
    await r.run(1_000);
    r.sim.inject({ kind: 'fingerOut' });
    r.sim.inject({ kind: 'garbledChecksum', frames: 1 });
    await r.run(1_500);
    const entries = r.entries();
    expect(entries.some((e) => /fingerOut; sensor off no, alarm yes/.test(e.summary))).toBe(true);
    expect(entries.find((e) => e.error === 'BAD_CHECKSUM')).toMatchObject({
      dir: 'rx',
      summary: 'BAD_CHECKSUM: 5 byte(s) dropped',
    });
    expect(r.ring.counters().oximeter?.rxErrors).toBeGreaterThanOrEqual(1);
  });
});
