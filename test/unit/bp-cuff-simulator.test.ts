import { afterEach, describe, expect, test } from 'vitest';
import { createManualClock, type ManualClock } from '../../contracts/clock';
import { decodeSentence, encodeSentence, type CuffSentence } from '../../hardware/bp-cuff/codec';
import {
  BpCuffDriver,
  type CuffLineError,
  type CuffPressureBatch,
} from '../../hardware/bp-cuff/driver';
import { BpCuffSimulator, type BpCuffFault } from '../../hardware/bp-cuff/simulator';
import type { BpMachineEvent, BpOutcome } from '../../hardware/bp-cuff/status';
import {
  createMemoryTransportPair,
  type MemoryTransport,
} from '../../hardware/transports/memory-transport';

// Driver ↔ simulator over an in-memory pair with a manual clock: one measurement per fault of
// vitals.md §B.3, each ending in its typed outcome and machine event; then the cuff-side session
// rules of §C, byte for byte with the test as the host.

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Rig {
  clock: ManualClock;
  host: MemoryTransport;
  device: MemoryTransport;
  driver: BpCuffDriver;
  sim: BpCuffSimulator;
  events: BpMachineEvent[];
  errors: CuffLineError[];
  live: CuffPressureBatch[];
  /** measure() and run the clock in 10 ms steps until it resolves (at most `limitMs`). */
  measure(limitMs?: number): Promise<BpOutcome>;
  run(ms: number): Promise<void>;
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.driver.close();
    await r.sim.stop();
  }
});

async function rig(): Promise<Rig> {
  const clock = createManualClock();
  const [host, device] = createMemoryTransportPair({ name: 'cuff' });
  await device.open();
  const driver = new BpCuffDriver({ transport: host, clock });
  const sim = new BpCuffSimulator({
    transport: device,
    clock,
    // 25 s of cuff time in 1.25 s of clock; the host's own timeouts stay real.
    timeScale: 0.05,
    random: () => 0.5,
    onUnplug: () => {
      host.simulateLoss();
      device.simulateLoss();
    },
  });
  const r: Rig = {
    clock,
    host,
    device,
    driver,
    sim,
    events: [],
    errors: [],
    live: [],
    async run(ms) {
      for (let t = 0; t < ms; t += 10) {
        clock.advance(10);
        await settle();
      }
    },
    async measure(limitMs = 20_000) {
      let outcome: BpOutcome | undefined;
      void driver.measure().then((o) => (outcome = o));
      for (let t = 0; t < limitMs && !outcome; t += 10) {
        clock.advance(10);
        await settle();
      }
      if (!outcome) throw new Error(`no outcome within ${limitMs} ms`);
      return outcome;
    },
  };
  driver.onMachineEvent((e) => r.events.push(e));
  driver.onError((e) => r.errors.push(e));
  driver.onLive((b) => r.live.push(b));
  await driver.open();
  rigs.push(r);
  return r;
}

const pressures = (r: Rig): number[] => r.live.flatMap((b) => b.samples.map((s) => s.pressure));

describe('bp-cuff driver ↔ simulator: one measurement per fault', () => {
  test('no fault: START → ACK → inflate → deflate → R 128/82 (97), pulse 72', async () => {
    const r = await rig();
    const outcome = await r.measure();
    expect(outcome).toMatchObject({
      kind: 'reading',
      reading: { seq: 1, systolic: 128, diastolic: 82, map: 97, pulse: 72, status: 0 },
    });
    expect(r.events.map((e) => e.type)).toEqual(['BP.STARTED', 'BP.READING']);
    const p = pressures(r);
    expect(Math.max(...p)).toBe(158);
    expect(p.length).toBeGreaterThan(50);
    expect(r.errors).toEqual([]);
    expect(r.sim.stats).toMatchObject({ startsReceived: 1, acksSent: 1, sessionsStarted: 1 });
  });

  const TABLE: Array<[string, BpCuffFault[], Partial<BpOutcome>, Partial<BpMachineEvent>]> = [
    [
      'leak',
      [{ kind: 'leak' }],
      { kind: 'deviceError', code: 'E01' },
      { type: 'BP.RETRY', cause: 'leak' },
    ],
    [
      'over-pressure',
      [{ kind: 'overPressure' }],
      { kind: 'deviceError', code: 'E02' },
      { type: 'BP.FAULT', cause: 'overPressure' },
    ],
    [
      'motion (E03)',
      [{ kind: 'motion' }],
      { kind: 'deviceError', code: 'E03' },
      { type: 'BP.RETRY', cause: 'movement' },
    ],
    [
      'motion (status bit 0)',
      [{ kind: 'motion', variant: 'status' }],
      { kind: 'reading', reading: { status: 0x0001 } as never },
      { type: 'BP.RETRY', cause: 'movement' },
    ],
    [
      'timeout (progress stops)',
      [{ kind: 'timeout' }],
      { kind: 'fault', fault: 'noProgress' },
      { type: 'BP.FAULT', cause: 'noProgress' },
    ],
    [
      'timeout (E04 after 120 s)',
      [{ kind: 'timeout', variant: 'E04' }],
      { kind: 'deviceError', code: 'E04' },
      { type: 'BP.RETRY', cause: 'timeout' },
    ],
    [
      'cuff loose (status bit 1)',
      [{ kind: 'cuffLoose' }],
      { kind: 'reading', reading: { status: 0x0002 } as never },
      { type: 'BP.RETRY', cause: 'cuffLoose' },
    ],
    [
      'cuff loose (E05)',
      [{ kind: 'cuffLoose', variant: 'error' }],
      { kind: 'deviceError', code: 'E05' },
      { type: 'BP.RETRY', cause: 'cuffLoose' },
    ],
    [
      'irregular pulse (bit 2)',
      [{ kind: 'irregularPulse' }],
      { kind: 'reading', reading: { status: 0x0004 } as never },
      { type: 'BP.READING' },
    ],
    [
      'pulse above range (bits 3–4 = 1)',
      [{ kind: 'pulseRange', range: 'above' }],
      { kind: 'reading', reading: { status: 0x0008 } as never },
      { type: 'BP.READING' },
    ],
    [
      'pulse below range (bits 3–4 = 2)',
      [{ kind: 'pulseRange', range: 'below' }],
      { kind: 'reading', reading: { status: 0x0010 } as never },
      { type: 'BP.READING' },
    ],
    [
      'improper position (bit 5)',
      [{ kind: 'improperPosition' }],
      { kind: 'reading', reading: { status: 0x0020 } as never },
      { type: 'BP.RETRY', cause: 'position' },
    ],
    [
      'weak signal (E06)',
      [{ kind: 'weakSignal' }],
      { kind: 'deviceError', code: 'E06' },
      { type: 'BP.RETRY', cause: 'weakSignal' },
    ],
    [
      'internal fault (E07)',
      [{ kind: 'internalError' }],
      { kind: 'deviceError', code: 'E07' },
      { type: 'BP.FAULT', cause: 'internal' },
    ],
    [
      'implausible (dia ≥ sys)',
      [{ kind: 'implausible' }],
      { kind: 'rejected' },
      { type: 'BP.RETRY', cause: 'implausible' },
    ],
    ['unit kPa', [{ kind: 'unit' }], { kind: 'rejected' }, { type: 'BP.FAULT', cause: 'unit' }],
    [
      'irregular + movement combined',
      [{ kind: 'irregularPulse' }, { kind: 'motion', variant: 'status' }],
      { kind: 'reading', reading: { status: 0x0005 } as never },
      { type: 'BP.RETRY', cause: 'movement' },
    ],
  ];

  test.each(TABLE)('%s', async (_name, faults, outcome, event) => {
    const r = await rig();
    for (const f of faults) r.sim.inject(f);
    expect(await r.measure()).toMatchObject(outcome);
    expect(r.events.at(-1)).toMatchObject(event);
    // Measurement faults apply to one session: the retry measures normally.
    r.events.length = 0;
    expect(await r.measure()).toMatchObject({
      kind: 'reading',
      reading: { seq: 2, systolic: 128 },
    });
  });

  test('leak: the pressure plateaus before E01', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'leak', plateauMmHg: 40 });
    await r.measure();
    const p = pressures(r);
    expect(Math.max(...p)).toBeLessThanOrEqual(41);
    expect(p.filter((x) => x >= 39).length).toBeGreaterThan(10);
  });

  test('over-pressure: the pressure climbs past 300 before E02', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'overPressure' });
    await r.measure();
    expect(Math.max(...pressures(r))).toBeGreaterThan(300);
  });

  test('timeout: the host sends STOP after 5 s without progress; the cuff ACKs it', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'timeout' });
    await r.measure();
    await r.run(100);
    expect(r.sim.stats.stopsReceived).toBe(1);
    expect(r.sim.phase).toBe('idle');
  });

  // A line cut short is dropped when the next `$` arrives (TRUNCATED) or, after a pause, when
  // the next chunk comes (STALE); at this time scale the next P is 10 ms away, so TRUNCATED.
  test.each<[string, BpCuffFault, string[]]>([
    ['bad checksum', { kind: 'garbledChecksum', sentences: 2 }, ['BAD_CHECKSUM', 'BAD_CHECKSUM']],
    ['truncated line', { kind: 'truncatedLine' }, ['TRUNCATED']],
    ['missing CR LF', { kind: 'missingTerminator' }, ['TRUNCATED']],
  ])('%s on a P: the line is dropped, the session completes', async (_name, fault, codes) => {
    const r = await rig();
    r.sim.inject(fault);
    expect(await r.measure()).toMatchObject({ kind: 'reading' });
    expect(r.errors.map((e) => e.code)).toEqual(codes);
  });

  test('a garbled ACK: the P that follows shows the session runs', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'garbledChecksum', sentences: 1, only: 'any' });
    expect(await r.measure()).toMatchObject({ kind: 'reading' });
    expect(r.errors.map((e) => e.code)).toEqual(['BAD_CHECKSUM']);
  });

  test('a garbled R is never a reading: the host times out and sends STOP', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'garbledChecksum', only: 'result' });
    expect(await r.measure()).toMatchObject({ kind: 'fault', fault: 'noProgress' });
    expect(r.errors.map((e) => e.code)).toEqual(['BAD_CHECKSUM']);
    await r.run(100);
    expect(r.sim.stats.stopsReceived).toBe(1);
  });

  test('stale seq: an echo of the previous session is ignored', async () => {
    const r = await rig();
    r.sim.setReading({ systolic: 140, diastolic: 90 });
    expect(await r.measure()).toMatchObject({
      kind: 'reading',
      reading: { systolic: 140, seq: 1 },
    });
    r.sim.setReading({ systolic: 120, diastolic: 80 });
    r.sim.inject({ kind: 'staleSeq' });
    const outcome = await r.measure();
    expect(outcome).toMatchObject({ kind: 'reading', reading: { systolic: 120, seq: 2 } });
    expect(r.errors.map((e) => e.code)).toEqual(['STALE_SEQ']);
    expect(r.sim.stats.staleEchoes).toBe(1);
  });

  test('a silent cuff: START sent 3 times, noAck, then a STOP', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'silent' });
    expect(await r.measure()).toMatchObject({ kind: 'fault', fault: 'noAck' });
    expect(r.events.at(-1)).toMatchObject({ type: 'BP.FAULT', cause: 'noAck' });
  });

  test('a cuff that wakes up during the resends: the resent START (same seq) starts one session', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'silent', durationMs: 300 });
    const sent: string[] = [];
    r.driver.onTraffic((t) => {
      if (t.dir === 'tx') sent.push(t.text);
    });
    expect(await r.measure()).toMatchObject({ kind: 'reading', reading: { seq: 1 } });
    expect(sent).toEqual(['$BP,START,1*63', '$BP,START,1*63']);
    expect(r.sim.stats.sessionsStarted).toBe(1);
  });

  test('a dropped ACK: the first P counts as acceptance, one session', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'dropAck' });
    expect(await r.measure()).toMatchObject({ kind: 'reading' });
    expect(r.sim.stats).toMatchObject({ acksDropped: 1, sessionsStarted: 1 });
  });

  test('unplug mid-inflation: fault lost, BP.LOST', async () => {
    const r = await rig();
    const lost: Error[] = [];
    r.driver.onLost((e) => lost.push(e));
    r.sim.inject({ kind: 'unplug', atMmHg: 80 });
    expect(await r.measure()).toMatchObject({ kind: 'fault', fault: 'lost' });
    expect(lost).toHaveLength(1);
    expect(r.events.map((e) => e.type)).toEqual(['BP.STARTED', 'BP.FAULT', 'BP.LOST']);
    expect(Math.max(...pressures(r))).toBeLessThan(100);
  });

  test('abort() mid-inflation: the cuff ACKs STOP and sends nothing more', async () => {
    const r = await rig();
    let outcome: BpOutcome | undefined;
    void r.driver.measure().then((o) => (outcome = o));
    await r.run(300);
    expect(r.sim.phase).toBe('inflating');
    const stopped = r.driver.abort();
    await r.run(100);
    expect(await stopped).toEqual({ ok: true, value: 'stopped' });
    expect(outcome).toEqual({ kind: 'aborted', seq: 1 });
    const sentBefore = r.sim.stats.sentencesSent;
    await r.run(2_000);
    expect(r.sim.stats.sentencesSent).toBe(sentBefore);
    expect(r.sim.phase).toBe('idle');
  });
});

describe('bp-cuff simulator session rules (vitals.md §C), the test as the host', () => {
  async function host(timeScale = 1): Promise<{
    clock: ManualClock;
    sim: BpCuffSimulator;
    write(s: CuffSentence): Promise<void>;
    received(): CuffSentence[];
    run(ms: number): Promise<void>;
  }> {
    const clock = createManualClock();
    const [h, device] = createMemoryTransportPair();
    await h.open();
    await device.open();
    const sim = new BpCuffSimulator({ transport: device, clock, timeScale, random: () => 0.5 });
    const got: CuffSentence[] = [];
    h.onData((chunk) => {
      const decoded = decodeSentence(chunk);
      if (decoded.ok) got.push(decoded.value);
    });
    const run = async (ms: number): Promise<void> => {
      for (let t = 0; t < ms; t += 10) {
        clock.advance(10);
        await settle();
      }
    };
    return {
      clock,
      sim,
      async write(s) {
        await h.write(encodeSentence(s));
        await settle();
      },
      received: () => got.splice(0),
      run,
    };
  }

  test('P at 5 Hz while inflating', async () => {
    const t = await host();
    await t.write({ type: 'START', seq: 1 });
    await t.run(1_000);
    const got = t.received();
    expect(got[0]).toEqual({ type: 'ACK', seq: 1 });
    expect(got.slice(1).every((s) => s.type === 'P' && s.phase === 'INF')).toBe(true);
    expect(got.length - 1).toBe(4);
    await t.sim.stop();
  });

  test('a resent START (same seq) is ACKed again and does not restart the session', async () => {
    const t = await host();
    await t.write({ type: 'START', seq: 1 });
    await t.run(600);
    const pressure = t.sim.pressure;
    await t.write({ type: 'START', seq: 1 });
    await t.run(50);
    expect(t.received().filter((s) => s.type === 'ACK')).toEqual([
      { type: 'ACK', seq: 1 },
      { type: 'ACK', seq: 1 },
    ]);
    expect(t.sim.stats.sessionsStarted).toBe(1);
    expect(t.sim.pressure).toBeGreaterThanOrEqual(pressure);
    await t.sim.stop();
  });

  test('a START with a new seq aborts the old session with E07 ABORTED, then ACKs', async () => {
    const t = await host();
    await t.write({ type: 'START', seq: 1 });
    await t.run(300);
    t.received();
    await t.write({ type: 'START', seq: 2 });
    await t.run(30);
    expect(t.received()).toEqual([
      { type: 'E', seq: 1, code: 'E07', text: 'ABORTED' },
      { type: 'ACK', seq: 2 },
    ]);
    expect(t.sim.sessionSeq).toBe(2);
    await t.sim.stop();
  });

  test('after an ACKed STOP nothing more is sent for that seq; a resent STOP is ACKed again', async () => {
    const t = await host();
    await t.write({ type: 'START', seq: 1 });
    await t.run(300);
    t.received();
    await t.write({ type: 'STOP', seq: 1 });
    await t.run(1_000);
    expect(t.received()).toEqual([{ type: 'ACK', seq: 1 }]);
    await t.write({ type: 'STOP', seq: 1 });
    await t.run(30);
    expect(t.received()).toEqual([{ type: 'ACK', seq: 1 }]);
    await t.write({ type: 'STOP', seq: 9 });
    await t.run(30);
    expect(t.received()).toEqual([]);
  });

  test('bad host lines are ignored (no NAK)', async () => {
    const t = await host();
    const [h] = [t];
    await h.write({ type: 'ACK', seq: 1 }); // not a command
    await h.run(50);
    expect(t.received()).toEqual([]);
    expect(t.sim.stats.sessionsStarted).toBe(0);
  });
});
