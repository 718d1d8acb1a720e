import { afterEach, describe, expect, test } from 'vitest';
import { systemClock } from '../../contracts/clock';
import {
  BpCuffDriver,
  type CuffLineError,
  type CuffPressureBatch,
  type CuffTrafficEvent,
} from '../../hardware/bp-cuff/driver';
import { BP_CUFF_BAUD_RATE } from '../../hardware/bp-cuff/protocol';
import {
  BpCuffSimulator,
  type BpCuffFault,
  type BpCuffSimulatorOptions,
} from '../../hardware/bp-cuff/simulator';
import type { BpMachineEvent, BpOutcome } from '../../hardware/bp-cuff/status';
import { openPtyPair, type PtyPair } from '../../hardware/transports/pty-pair';
import { createSerialTransport } from '../../hardware/transports/serial-transport';
import type { Transport } from '../../hardware/transports/transport';
import { waitUntil } from './helpers/pty-rig';

// The real serialport driver against the cuff simulator over a socat PTY pair (DESIGN §8), one
// case per fault of vitals.md §B.3 plus a pulled cable. The cuff runs twenty times faster than
// life (a measurement takes ~1.3 s); the host's own rules (500 ms ACK, 5 s progress) stay real.

interface Rig {
  pair: PtyPair;
  host: Transport;
  device: Transport;
  driver: BpCuffDriver;
  sim: BpCuffSimulator;
  events: BpMachineEvent[];
  errors: CuffLineError[];
  live: CuffPressureBatch[];
  tx: string[];
  lost: Error[];
  close(): Promise<void>;
}

let current: Rig | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function rig(
  simOptions: Omit<BpCuffSimulatorOptions, 'transport' | 'clock'> = {},
): Promise<Rig> {
  const pair = await openPtyPair();
  const host = createSerialTransport({
    path: pair.a,
    baudRate: BP_CUFF_BAUD_RATE,
    description: 'kiosk',
  });
  const device = createSerialTransport({
    path: pair.b,
    baudRate: BP_CUFF_BAUD_RATE,
    description: 'cuff',
  });
  await device.open();
  const driver = new BpCuffDriver({ transport: host, clock: systemClock });
  const sim = new BpCuffSimulator({
    timeScale: 0.05,
    ...simOptions,
    transport: device,
    clock: systemClock,
  });
  const r: Rig = {
    pair,
    host,
    device,
    driver,
    sim,
    events: [],
    errors: [],
    live: [],
    tx: [],
    lost: [],
    async close() {
      await driver.close();
      await sim.stop();
      await pair.close();
    },
  };
  driver.onMachineEvent((e) => r.events.push(e));
  driver.onError((e) => r.errors.push(e));
  driver.onLive((b) => r.live.push(b));
  driver.onLost((e) => r.lost.push(e));
  driver.onTraffic((t: CuffTrafficEvent) => {
    if (t.dir === 'tx') r.tx.push(t.text);
  });
  await driver.open();
  current = r;
  return r;
}

const pressures = (r: Rig): number[] => r.live.flatMap((b) => b.samples.map((s) => s.pressure));

describe('bp cuff over a real PTY pair', () => {
  test('a measurement: START 1, live pressures, reading 128/82 (97) pulse 72', async () => {
    const r = await rig();
    const outcome = await r.driver.measure();
    expect(outcome).toMatchObject({
      kind: 'reading',
      reading: { seq: 1, systolic: 128, diastolic: 82, map: 97, pulse: 72, status: 0 },
    });
    expect(r.events.map((e) => e.type)).toEqual(['BP.STARTED', 'BP.READING']);
    expect(r.tx).toEqual(['$BP,START,1*63']);
    expect(Math.max(...pressures(r))).toBe(158);
    expect(r.live.length).toBeGreaterThan(2);
    expect(r.errors).toEqual([]);
    // The next session is seq 2.
    expect(await r.driver.measure()).toMatchObject({ kind: 'reading', reading: { seq: 2 } });
  });

  const MEASUREMENT_FAULTS: Array<
    [string, BpCuffFault, Partial<BpOutcome>, Partial<BpMachineEvent>]
  > = [
    [
      'leak',
      { kind: 'leak' },
      { kind: 'deviceError', code: 'E01' },
      { type: 'BP.RETRY', cause: 'leak' },
    ],
    [
      'over-pressure',
      { kind: 'overPressure' },
      { kind: 'deviceError', code: 'E02' },
      { type: 'BP.FAULT', cause: 'overPressure' },
    ],
    [
      'motion (E03)',
      { kind: 'motion' },
      { kind: 'deviceError', code: 'E03' },
      { type: 'BP.RETRY', cause: 'movement' },
    ],
    [
      'motion (status bit 0)',
      { kind: 'motion', variant: 'status' },
      { kind: 'reading' },
      { type: 'BP.RETRY', cause: 'movement' },
    ],
    [
      'cuff loose (status bit 1)',
      { kind: 'cuffLoose' },
      { kind: 'reading' },
      { type: 'BP.RETRY', cause: 'cuffLoose' },
    ],
    [
      'cuff loose (E05)',
      { kind: 'cuffLoose', variant: 'error' },
      { kind: 'deviceError', code: 'E05' },
      { type: 'BP.RETRY', cause: 'cuffLoose' },
    ],
    [
      'irregular pulse (bit 2)',
      { kind: 'irregularPulse' },
      { kind: 'reading' },
      { type: 'BP.READING' },
    ],
    [
      'pulse above range',
      { kind: 'pulseRange', range: 'above' },
      { kind: 'reading' },
      { type: 'BP.READING' },
    ],
    [
      'pulse below range',
      { kind: 'pulseRange', range: 'below' },
      { kind: 'reading' },
      { type: 'BP.READING' },
    ],
    [
      'implausible (dia ≥ sys)',
      { kind: 'implausible' },
      { kind: 'rejected' },
      { type: 'BP.RETRY', cause: 'implausible' },
    ],
    [
      'timeout, device side (E04)',
      { kind: 'timeout', variant: 'E04' },
      { kind: 'deviceError', code: 'E04' },
      { type: 'BP.RETRY', cause: 'timeout' },
    ],
  ];

  test.each(MEASUREMENT_FAULTS)('%s', async (_name, fault, outcome, event) => {
    const r = await rig();
    r.sim.inject(fault);
    expect(await r.driver.measure()).toMatchObject(outcome);
    expect(r.events.at(-1)).toMatchObject(event);
  });

  test('status bits reach the reading intact (irregular + pulse above = 0x000C)', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'irregularPulse' });
    r.sim.inject({ kind: 'pulseRange', range: 'above' });
    const outcome = await r.driver.measure();
    expect(outcome).toMatchObject({
      kind: 'reading',
      reading: {
        status: 0x000c,
        flags: { irregularPulse: true, pulseRange: 'above', retakeAdvised: false },
      },
    });
  });

  test('timeout: progress stops, the host sends STOP after 5 s and faults', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'timeout' });
    expect(await r.driver.measure()).toMatchObject({ kind: 'fault', fault: 'noProgress' });
    await waitUntil(() => r.sim.stats.stopsReceived === 1, 'the STOP at the cuff');
    expect(r.tx).toEqual(['$BP,START,1*63', '$BP,STOP,1*3B']);
  });

  test('line faults on the way (bad checksum, truncated line, missing CR LF): still a reading', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'garbledChecksum', sentences: 2 });
    r.sim.inject({ kind: 'truncatedLine' });
    r.sim.inject({ kind: 'missingTerminator' });
    expect(await r.driver.measure()).toMatchObject({ kind: 'reading' });
    const codes = r.errors.map((e) => e.code);
    expect(codes.filter((c) => c === 'BAD_CHECKSUM')).toHaveLength(2);
    expect(codes.filter((c) => c === 'TRUNCATED' || c === 'STALE')).toHaveLength(2);
  });

  test('a garbled result: the host never takes it, times out and sends STOP', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'garbledChecksum', only: 'result' });
    expect(await r.driver.measure()).toMatchObject({ kind: 'fault', fault: 'noProgress' });
    expect(r.errors.map((e) => e.code)).toEqual(['BAD_CHECKSUM']);
  });

  test('stale seq: an echo of the previous session is ignored', async () => {
    const r = await rig();
    r.sim.setReading({ systolic: 140, diastolic: 90 });
    expect(await r.driver.measure()).toMatchObject({
      kind: 'reading',
      reading: { seq: 1, systolic: 140 },
    });
    r.sim.setReading({ systolic: 120, diastolic: 80 });
    r.sim.inject({ kind: 'staleSeq' });
    expect(await r.driver.measure()).toMatchObject({
      kind: 'reading',
      reading: { seq: 2, systolic: 120 },
    });
    expect(r.errors.map((e) => e.code)).toEqual(['STALE_SEQ']);
  });

  test('silence: START sent 3 times with the same seq, noAck, then STOP', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'silent' });
    expect(await r.driver.measure()).toMatchObject({ kind: 'fault', fault: 'noAck', seq: 1 });
    await waitUntil(() => r.tx.length === 4, 'the safety STOP');
    expect(r.tx).toEqual(['$BP,START,1*63', '$BP,START,1*63', '$BP,START,1*63', '$BP,STOP,1*3B']);
  });

  test('abort(): STOP is ACKed and the cuff deflates', async () => {
    const r = await rig({ timeScale: 1 });
    const done = r.driver.measure();
    await waitUntil(
      () => r.sim.phase === 'inflating' && r.driver.state === 'measuring',
      'inflation',
    );
    expect(await r.driver.abort()).toEqual({ ok: true, value: 'stopped' });
    expect(await done).toEqual({ kind: 'aborted', seq: 1 });
    expect(r.sim.phase).toBe('idle');
  });

  test('unplug mid-inflation (the cuff pulls the cable): the driver reports the loss', async () => {
    const cable: { pair?: PtyPair } = {};
    const r = await rig({ onUnplug: () => cable.pair?.kill() });
    cable.pair = r.pair;
    r.sim.inject({ kind: 'unplug', atMmHg: 80 });
    expect(await r.driver.measure()).toMatchObject({ kind: 'fault', fault: 'lost' });
    expect(r.lost).toHaveLength(1);
    expect(r.events.map((e) => e.type)).toEqual(['BP.STARTED', 'BP.FAULT', 'BP.LOST']);
    expect(Math.max(...pressures(r))).toBeLessThan(100);
  });

  test('pulled cable during a measurement (socat killed): fault lost, BP.LOST', async () => {
    const r = await rig({ timeScale: 1 });
    const done = r.driver.measure();
    await waitUntil(() => pressures(r).length > 2, 'inflation under way');
    await r.pair.kill();
    expect(await done).toMatchObject({ kind: 'fault', fault: 'lost' });
    await waitUntil(() => r.lost.length > 0, 'onLost');
    expect(r.events.map((e) => e.type)).toContain('BP.LOST');
    expect(await r.driver.measure()).toMatchObject({ kind: 'fault', fault: 'lost' });
  });
});
