import { afterEach, describe, expect, test } from 'vitest';
import { systemClock } from '../../contracts/clock';
import {
  OximeterDriver,
  type OximeterLineError,
  type OximeterLinkChange,
  type OximeterReadingEvent,
  type PlethBatch,
} from '../../hardware/oximeter/driver';
import { OXIMETER_BAUD_RATE } from '../../hardware/oximeter/protocol';
import { OximeterSimulator, type OximeterFault } from '../../hardware/oximeter/simulator';
import type { OximeterMachineEvent } from '../../hardware/oximeter/status';
import { openPtyPair, type PtyPair } from '../../hardware/transports/pty-pair';
import { createSerialTransport } from '../../hardware/transports/serial-transport';
import type { Transport } from '../../hardware/transports/transport';
import { waitUntil } from './helpers/pty-rig';

// The real serialport driver against the oximeter simulator over a socat PTY pair (DESIGN §8),
// at the module's real 75 frames/s, one case per fault of vitals.md §A.5 plus a pulled cable.
// Real clock; every wait is on an event with a generous limit, never a fixed sleep.

interface Rig {
  pair: PtyPair;
  host: Transport;
  device: Transport;
  driver: OximeterDriver;
  sim: OximeterSimulator;
  events: OximeterMachineEvent[];
  readings: OximeterReadingEvent[];
  errors: OximeterLineError[];
  links: OximeterLinkChange[];
  batches: PlethBatch[];
  lost: Error[];
  types(): string[];
  /** Clears the logs (after the first reading, before a fault). */
  mark(): void;
  close(): Promise<void>;
}

let current: Rig | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function rig(): Promise<Rig> {
  const pair = await openPtyPair();
  const host = createSerialTransport({
    path: pair.a,
    baudRate: OXIMETER_BAUD_RATE,
    description: 'kiosk',
  });
  const device = createSerialTransport({
    path: pair.b,
    baudRate: OXIMETER_BAUD_RATE,
    description: 'oximeter',
  });
  await device.open();
  const driver = new OximeterDriver({ transport: host, clock: systemClock });
  const sim = new OximeterSimulator({ transport: device, clock: systemClock });
  const r: Rig = {
    pair,
    host,
    device,
    driver,
    sim,
    events: [],
    readings: [],
    errors: [],
    links: [],
    batches: [],
    lost: [],
    types: () => r.events.map((e) => e.type),
    mark() {
      r.events.length = 0;
      r.readings.length = 0;
      r.errors.length = 0;
      r.links.length = 0;
    },
    async close() {
      await sim.stop();
      await driver.close();
      await pair.close();
    },
  };
  driver.onMachineEvent((e) => r.events.push(e));
  driver.onReading((x) => r.readings.push(x));
  driver.onError((e) => r.errors.push(e));
  driver.onLink((c) => r.links.push(c));
  driver.onLive((b) => r.batches.push(b));
  driver.onLost((e) => r.lost.push(e));
  await driver.open();
  sim.start();
  current = r;
  return r;
}

/** A rig streaming a steady finger, past its first reading, logs cleared. */
async function measuring(): Promise<Rig> {
  const r = await rig();
  await waitUntil(() => r.readings.length > 0, 'the first reading');
  r.mark();
  return r;
}

const has = (r: Rig, type: OximeterMachineEvent['type']) => (): boolean => r.types().includes(type);

describe('oximeter over a real PTY pair', () => {
  test('a measurement: link up, signal ok, reading 72/97 with batched live pleth', async () => {
    const r = await rig();
    await waitUntil(() => r.readings.length > 0, 'a reading');
    expect(r.types().slice(0, 3)).toEqual([
      'OXIMETER.LINK_UP',
      'OXIMETER.SIGNAL_OK',
      'OXIMETER.READING',
    ]);
    expect(r.readings[0]).toMatchObject({ hr: 72, spo2: 97, lowPerfusion: false });
    expect(r.errors).toEqual([]);
    expect(r.batches.length).toBeGreaterThan(3);
    expect(r.batches.every((b) => b.samples.length >= 1)).toBe(true);
    const samples = r.batches.reduce((n, b) => n + b.samples.length, 0);
    expect(r.batches.length).toBeLessThan(samples);
  });

  const CONDITIONS: Array<[string, OximeterFault, OximeterMachineEvent['type']]> = [
    ['finger removed', { kind: 'fingerOut' }, 'OXIMETER.FINGER_OUT'],
    ['sensor unplugged', { kind: 'sensorOff' }, 'OXIMETER.SENSOR_OFF'],
    ['motion', { kind: 'motion' }, 'OXIMETER.MOTION'],
    ['HR out of range', { kind: 'hrOutOfRange', hr: 250 }, 'OXIMETER.IMPLAUSIBLE'],
  ];

  test.each(CONDITIONS)('%s → %s; a reading again once cleared', async (_name, fault, type) => {
    const r = await measuring();
    r.sim.inject(fault);
    await waitUntil(has(r, type), type);
    const at = r.types().indexOf(type);
    r.sim.clear(fault.kind);
    await waitUntil(
      () => r.types().slice(at).includes('OXIMETER.READING'),
      'a reading after clear',
    );
    expect(r.readings.at(-1)).toMatchObject({ hr: 72, spo2: 97 });
  });

  test('low perfusion: the reading carries the warning', async () => {
    const r = await measuring();
    r.sim.inject({ kind: 'lowPerfusion' });
    await waitUntil(() => r.readings.some((x) => x.lowPerfusion), 'a low-perfusion reading');
    expect(r.readings.find((x) => x.lowPerfusion)).toMatchObject({ hr: 72, spo2: 97 });
  });

  test('SpO2 below 85 is reported as measured', async () => {
    const r = await measuring();
    r.sim.inject({ kind: 'lowSpo2', spo2: 82 });
    await waitUntil(() => r.readings.some((x) => x.spo2 === 82), 'a reading of SpO2 82');
  });

  test('bad checksums: counted, the packet missed, readings continue', async () => {
    const r = await measuring();
    r.sim.inject({ kind: 'garbledChecksum', frames: 3 });
    await waitUntil(() => r.readings.length > 0 && r.errors.length >= 4, 'errors, then a reading');
    expect(r.errors.filter((e) => e.code === 'BAD_CHECKSUM')).toHaveLength(3);
    expect(r.errors.map((e) => e.code)).toContain('MISSED_DATA');
  });

  test('a dropped byte: resync, one missed packet, readings continue', async () => {
    const r = await measuring();
    r.sim.inject({ kind: 'dropByte' });
    await waitUntil(() => r.errors.length >= 2 && r.readings.length > 0, 'resync and a reading');
    expect(r.errors.map((e) => e.code)).toEqual(['BAD_CHECKSUM', 'MISSED_DATA']);
  });

  test('an extra SYNC mid-packet: missed_data, readings continue', async () => {
    const r = await measuring();
    r.sim.inject({ kind: 'extraSync' });
    await waitUntil(
      () => r.errors.length >= 2 && r.readings.length > 0,
      'missed data and a reading',
    );
    expect(r.errors.map((e) => e.code)).toEqual(['MISSED_DATA', 'MISSED_DATA']);
  });

  test('stream stops: LINK_DOWN after 1 s, LINK_UP when it resumes', async () => {
    const r = await measuring();
    r.sim.inject({ kind: 'silent' });
    await waitUntil(has(r, 'OXIMETER.LINK_DOWN'), 'LINK_DOWN');
    r.sim.clear('silent');
    await waitUntil(has(r, 'OXIMETER.LINK_UP'), 'LINK_UP');
    expect(r.links.map((l) => `${l.state}:${l.reason}`)).toEqual(['down:noFrames', 'up:frames']);
    await waitUntil(() => r.readings.length > 0, 'a reading after the gap');
  });

  test('baud mismatch: noise, LINK_DOWN, no reading; up again when the rate is right', async () => {
    const r = await measuring();
    r.sim.inject({ kind: 'baudMismatch' });
    await waitUntil(has(r, 'OXIMETER.LINK_DOWN'), 'LINK_DOWN');
    expect(r.errors.some((e) => e.code === 'BAD_START')).toBe(true);
    const down = r.types().indexOf('OXIMETER.LINK_DOWN');
    r.sim.clear('baudMismatch');
    await waitUntil(() => r.readings.length > 0 && r.driver.link === 'up', 'a reading after');
    expect(r.types().slice(down)).toContain('OXIMETER.LINK_UP');
  });

  test('frames without SYNC for 2 s: LINK_DEGRADED, then up', async () => {
    const r = await measuring();
    r.sim.inject({ kind: 'noSync' });
    await waitUntil(has(r, 'OXIMETER.LINK_DEGRADED'), 'LINK_DEGRADED');
    r.sim.clear('noSync');
    await waitUntil(() => r.driver.link === 'up', 'link up');
    expect(r.links.map((l) => `${l.state}:${l.reason}`)).toEqual(['degraded:noSync', 'up:sync']);
  });

  test('pulled cable (socat killed): reported as lost', async () => {
    const r = await measuring();
    await r.pair.kill();
    await waitUntil(() => r.lost.length > 0, 'the driver to see the unplug');
    expect(r.types()).toContain('OXIMETER.LOST');
    expect(r.driver.link).toBe('down');
  });
});
