import { afterEach, describe, expect, test } from 'vitest';
import { createManualClock, type ManualClock } from '../../contracts/clock';
import { encodePacket, uniformValues } from '../../hardware/oximeter/codec';
import {
  OximeterDriver,
  type OximeterLineError,
  type OximeterLinkChange,
  type OximeterReadingEvent,
  type PlethBatch,
} from '../../hardware/oximeter/driver';
import { FRAME_RATE_HZ } from '../../hardware/oximeter/protocol';
import { OximeterSimulator, type OximeterFault } from '../../hardware/oximeter/simulator';
import type { OximeterCondition, OximeterMachineEvent } from '../../hardware/oximeter/status';
import {
  createMemoryTransportPair,
  type MemoryTransport,
} from '../../hardware/transports/memory-transport';

// Driver ↔ simulator over an in-memory pair with a manual clock: a measurement from the first
// byte to a reading, live pleth batches, each fault of vitals.md §A.5 as its typed event, the
// link rules of §C and an unplug. Nothing waits on real time.

/** Deterministic random source (mulberry32) so motion and garbage are repeatable. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Rig {
  clock: ManualClock;
  host: MemoryTransport;
  device: MemoryTransport;
  driver: OximeterDriver;
  sim: OximeterSimulator;
  events: OximeterMachineEvent[];
  readings: OximeterReadingEvent[];
  conditions: OximeterCondition[];
  errors: OximeterLineError[];
  links: OximeterLinkChange[];
  batches: PlethBatch[];
  /** Advances the clock in 10 ms steps, letting the memory pair deliver between steps. */
  run(ms: number): Promise<void>;
  types(): string[];
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.sim.stop();
    await r.driver.close();
  }
});

async function rig(): Promise<Rig> {
  const clock = createManualClock();
  const [host, device] = createMemoryTransportPair({ name: 'oximeter' });
  await device.open();
  const driver = new OximeterDriver({ transport: host, clock });
  const sim = new OximeterSimulator({ transport: device, clock, random: seeded(7) });
  const r: Rig = {
    clock,
    host,
    device,
    driver,
    sim,
    events: [],
    readings: [],
    conditions: [],
    errors: [],
    links: [],
    batches: [],
    async run(ms) {
      for (let t = 0; t < ms; t += 10) {
        clock.advance(10);
        await settle();
      }
    },
    types: () => r.events.map((e) => e.type),
  };
  driver.onMachineEvent((e) => r.events.push(e));
  driver.onReading((e) => r.readings.push(e));
  driver.onCondition((c) => r.conditions.push(c));
  driver.onError((e) => r.errors.push(e));
  driver.onLink((c) => r.links.push(c));
  driver.onLive((b) => r.batches.push(b));
  await driver.open();
  sim.start();
  rigs.push(r);
  return r;
}

/** Streams a steady finger until the first reading, then clears the event logs. */
async function measuring(): Promise<Rig> {
  const r = await rig();
  await r.run(2_500);
  expect(r.readings.length).toBeGreaterThan(0);
  r.events.length = 0;
  r.readings.length = 0;
  r.conditions.length = 0;
  r.errors.length = 0;
  r.links.length = 0;
  return r;
}

describe('oximeter driver ↔ simulator (memory pair, manual clock)', () => {
  test('a measurement: link up, signal ok, then a reading of the median of 5 good packets', async () => {
    const r = await rig();
    expect(r.driver.link).toBe('down');
    await r.run(2_500);
    expect(r.types().slice(0, 3)).toEqual([
      'OXIMETER.LINK_UP',
      'OXIMETER.SIGNAL_OK',
      'OXIMETER.READING',
    ]);
    expect(r.readings[0]).toMatchObject({ hr: 72, spo2: 97, lowPerfusion: false });
    expect(r.readings[0]?.packets).toHaveLength(5);
    expect(r.errors).toEqual([]);
    expect(r.driver.link).toBe('up');
    // 2.5 s ≈ 7 packets, one packet may have been joined mid-way: exactly one reading so far.
    expect(r.readings).toHaveLength(1);
  });

  test('live pleth samples arrive batched (about 100 ms each), every frame exactly once', async () => {
    const r = await rig();
    await r.run(2_000);
    const frames = r.driver.stats.frames;
    expect(frames).toBeGreaterThan(140);
    const total = r.batches.reduce((n, b) => n + b.samples.length, 0);
    // The last batch may still be open.
    expect(frames - total).toBeLessThan(10);
    expect(r.batches.length).toBeLessThan(frames / 4);
    for (const b of r.batches) {
      expect(b.sampleRateHz).toBe(FRAME_RATE_HZ);
      expect(b.samples.length).toBeGreaterThan(1);
    }
    // 72 bpm ≈ 1.2 beats/s: about 2 beat marks in 2 s, shown as green perfusion.
    const beats = r.batches.reduce((n, b) => n + b.beats.length, 0);
    expect(beats).toBeGreaterThanOrEqual(2);
    expect(r.batches.at(-1)?.perfusion).toBe('green');
  });

  test('restartRun(): only packets after the call count', async () => {
    const r = await rig();
    await r.run(1_200);
    expect(r.driver.runLength).toBeGreaterThan(0);
    r.driver.restartRun();
    expect(r.driver.runLength).toBe(0);
  });

  const CONDITION_FAULTS: Array<[string, OximeterFault, string, Partial<OximeterMachineEvent>]> = [
    ['finger removed', { kind: 'fingerOut' }, 'OXIMETER.FINGER_OUT', {}],
    ['sensor unplugged', { kind: 'sensorOff' }, 'OXIMETER.SENSOR_OFF', {}],
    [
      'motion',
      { kind: 'motion' },
      'OXIMETER.MOTION',
      { cause: 'artifact' } as Partial<OximeterMachineEvent>,
    ],
    [
      'HR out of range (250)',
      { kind: 'hrOutOfRange' },
      'OXIMETER.IMPLAUSIBLE',
      { hr: 250, spo2: 97 } as Partial<OximeterMachineEvent>,
    ],
  ];

  test.each(CONDITION_FAULTS)(
    '%s → %s, no reading while it lasts, recovery after clear',
    async (_name, fault, type, fields) => {
      const r = await measuring();
      r.sim.inject(fault);
      await r.run(2_500);
      expect(r.events.map((e) => e.type)).toContain(type);
      expect(r.events.find((e) => e.type === type)).toMatchObject(fields);
      // Only packets from before the fault took effect may still complete a reading.
      const faultIndex = r.events.findIndex((e) => e.type === type);
      expect(r.events.slice(faultIndex).filter((e) => e.type === 'OXIMETER.READING')).toEqual([]);
      const before = r.readings.length;
      r.sim.clear(fault.kind);
      await r.run(2_500);
      expect(r.events.at(-1)?.type === 'OXIMETER.READING' || r.readings.length > before).toBe(true);
      expect(r.readings.at(-1)).toMatchObject({ hr: 72, spo2: 97 });
    },
  );

  test('finger removed: the recording HR/SpO2 go missing at once (SNSA, 511/127)', async () => {
    const r = await measuring();
    const packets: Array<{ hr: number; spo2: number; hrDisplay: number; alarm: boolean }> = [];
    r.driver.onPacket(({ packet }) =>
      packets.push({
        hr: packet.hr,
        spo2: packet.spo2,
        hrDisplay: packet.hrDisplay,
        alarm: packet.sensorAlarm,
      }),
    );
    r.sim.inject({ kind: 'fingerOut' });
    await r.run(1_000);
    // The packet in flight when the finger left already carried HR/SpO2 in frames 1–3; every
    // later packet carries the missing values.
    const out = packets.filter((p) => p.alarm).slice(1);
    expect(out.length).toBeGreaterThan(0);
    for (const p of out) {
      expect([p.hr, p.spo2]).toEqual([511, 127]);
      // Display fields hold the last value for ~10 s.
      expect(p.hrDisplay).toBe(72);
    }
  });

  test('low perfusion (RPRF): the reading carries the warning and is not rejected', async () => {
    const r = await measuring();
    r.sim.inject({ kind: 'lowPerfusion' });
    await r.run(4_000);
    expect(r.readings.at(-1)).toMatchObject({ hr: 72, spo2: 97, lowPerfusion: true });
    expect(r.batches.at(-1)?.perfusion).toBe('red');
  });

  test('SpO2 below 85: still a reading (the vitals machine applies the clinical range)', async () => {
    const r = await measuring();
    r.sim.inject({ kind: 'lowSpo2' });
    await r.run(4_000);
    expect(r.readings.at(-1)).toMatchObject({ hr: 72, spo2: 82 });
  });

  test('bad checksums: frames dropped and counted, the packet is missed, readings go on', async () => {
    const r = await measuring();
    r.sim.inject({ kind: 'garbledChecksum', frames: 3 });
    await r.run(4_000);
    expect(r.errors.filter((e) => e.code === 'BAD_CHECKSUM')).toHaveLength(3);
    expect(r.errors.map((e) => e.code)).toContain('MISSED_DATA');
    expect(r.driver.stats.badChecksumFrames).toBe(3);
    expect(r.readings.length).toBeGreaterThan(0);
  });

  test('a dropped byte: one misaligned frame, a missed packet, then the stream resyncs', async () => {
    const r = await measuring();
    r.sim.inject({ kind: 'dropByte' });
    await r.run(4_000);
    expect(r.errors.map((e) => e.code)).toEqual(['BAD_CHECKSUM', 'MISSED_DATA']);
    expect(r.readings.length).toBeGreaterThan(0);
  });

  test('an extra SYNC mid-packet: missed_data (twice), the run restarts', async () => {
    const r = await measuring();
    r.sim.inject({ kind: 'extraSync' });
    await r.run(4_000);
    expect(r.errors.map((e) => e.code)).toEqual(['MISSED_DATA', 'MISSED_DATA']);
    expect(r.readings.length).toBeGreaterThan(0);
  });

  test('stream stops (unplugged module): LINK_DOWN after 1 s, LINK_UP when it resumes', async () => {
    const r = await measuring();
    r.sim.inject({ kind: 'silent' });
    await r.run(900);
    expect(r.driver.link).toBe('up');
    await r.run(300);
    expect(r.driver.link).toBe('down');
    expect(r.links.map((l) => `${l.state}:${l.reason}`)).toEqual(['down:noFrames']);
    expect(r.driver.condition).toBeUndefined();
    r.sim.clear('silent');
    await r.run(2_500);
    expect(r.links.map((l) => `${l.state}:${l.reason}`)).toEqual(['down:noFrames', 'up:frames']);
    expect(r.readings.length).toBeGreaterThan(0);
  });

  test('baud mismatch (garbage): noise errors, LINK_DOWN, no reading; recovers after', async () => {
    const r = await measuring();
    r.sim.inject({ kind: 'baudMismatch', durationMs: 2_000 });
    await r.run(2_000);
    expect(r.types()).toContain('OXIMETER.LINK_DOWN');
    // The garbage never contains the start byte 0x01, so every error is BAD_START noise.
    expect(r.errors.length).toBeGreaterThan(0);
    expect(new Set(r.errors.map((e) => e.code))).toEqual(new Set(['BAD_START']));
    const downAt = r.events.findIndex((e) => e.type === 'OXIMETER.LINK_DOWN');
    expect(r.events.slice(downAt).filter((e) => e.type === 'OXIMETER.READING')).toEqual([]);
    await r.run(2_500);
    expect(r.driver.link).toBe('up');
    expect(r.readings.length).toBeGreaterThan(0);
  });

  test('valid frames but no SYNC for 2 s: LINK_DEGRADED, then up when SYNC returns', async () => {
    const r = await measuring();
    r.sim.inject({ kind: 'noSync' });
    await r.run(1_500);
    expect(r.driver.link).toBe('up');
    await r.run(1_000);
    expect(r.driver.link).toBe('degraded');
    r.sim.clear('noSync');
    await r.run(700);
    expect(r.links.map((l) => `${l.state}:${l.reason}`)).toEqual(['degraded:noSync', 'up:sync']);
    expect(r.types()).toContain('OXIMETER.LINK_DEGRADED');
  });

  test('pulled cable: onLost, LOST event, link down, no timers left running', async () => {
    const r = await measuring();
    const lost: Error[] = [];
    r.driver.onLost((e) => lost.push(e));
    r.host.simulateLoss();
    r.device.simulateLoss();
    await r.run(100);
    expect(lost).toHaveLength(1);
    expect(r.types()).toEqual(['OXIMETER.LINK_DOWN', 'OXIMETER.LOST']);
    expect(r.driver.link).toBe('down');
    await r.sim.stop();
    expect(r.clock.pendingTimers()).toBe(0);
  });

  test('attach(): a new pair after an unplug streams again', async () => {
    const r = await measuring();
    r.host.simulateLoss();
    r.device.simulateLoss();
    await r.run(100);
    const [host, device] = createMemoryTransportPair({ name: 'oximeter-2' });
    await host.open();
    await device.open();
    r.driver.attach(host);
    r.sim.attach(device);
    await r.run(2_500);
    expect(r.driver.link).toBe('up');
    expect(r.readings.length).toBeGreaterThan(0);
  });
});

describe('oximeter driver, byte-exact: the test plays the module', () => {
  test('the vitals.md example packet gives HR 72 / SpO2 97; 5 of them a reading', async () => {
    const clock = createManualClock();
    const [host, device] = createMemoryTransportPair();
    await device.open();
    const driver = new OximeterDriver({ transport: host, clock });
    await driver.open();
    const readings: OximeterReadingEvent[] = [];
    driver.onReading((x) => readings.push(x));
    const values = [72, 74, 90, 71, 73];
    for (const hr of values) {
      await device.write(encodePacket(uniformValues(hr, 97)));
      await settle();
      clock.advance(333);
    }
    expect(readings).toHaveLength(1);
    expect(readings[0]).toMatchObject({ hr: 73, spo2: 97 });
    expect(host.written).toEqual([]);
    await driver.close();
  });
});
