import { afterEach, describe, expect, test } from 'vitest';
import { createManualClock, type ManualClock } from '../../contracts/clock';
import type { DispenseOutcome } from '../../contracts/journal-events';
import {
  DispenserDriver,
  type DispenseReport,
  type DispenseRequest,
} from '../../hardware/dispenser/driver';
import { DispenserSimulator, type DispenserFault } from '../../hardware/dispenser/simulator';
import {
  createMemoryTransportPair,
  type MemoryTransport,
} from '../../hardware/transports/memory-transport';

// The driver against the simulator over an in-memory pair, on a manual clock: every timer (poll
// period, motor time, link supervision, deadlines) moves only when the test advances the clock.

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const SLOT = 11;
const REQ: DispenseRequest = {
  dispenseId: 1001,
  selection: SLOT,
  dropSensor: true,
  elevator: false,
};

interface Rig {
  clock: ManualClock;
  driver: DispenserDriver;
  sim: DispenserSimulator;
  host: MemoryTransport;
  board: MemoryTransport;
  persisted: DispenseReport[];
  persist: (r: DispenseReport) => Promise<void>;
  /** Advances the clock in small steps, letting the two sides exchange bytes at each step. */
  run(ms: number): Promise<void>;
  /** Runs until the promise settles (or fails the test after `limitMs` of simulated time). */
  until<T>(promise: Promise<T>, limitMs?: number): Promise<T>;
  replug(): Promise<void>;
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.driver.stop();
    await r.sim.stop();
  }
});

async function rig(
  options: { supportsDispenseId?: boolean; stock?: number; random?: () => number } = {},
): Promise<Rig> {
  const clock = createManualClock();
  const [host, board] = createMemoryTransportPair({ name: 'sim-test' });
  await host.open();
  await board.open();
  const sim = new DispenserSimulator({
    transport: board,
    clock,
    slots: { [SLOT]: { stock: options.stock ?? 5 }, 12: { stock: 1 } },
    random: options.random,
  });
  const driver = new DispenserDriver({
    transport: host,
    clock,
    supportsDispenseId: options.supportsDispenseId ?? true,
  });
  const persisted: DispenseReport[] = [];
  const r: Rig = {
    clock,
    driver,
    sim,
    host,
    board,
    persisted,
    persist: async (report) => {
      persisted.push(report);
    },
    async run(ms) {
      for (let t = 0; t < ms; t += 10) {
        clock.advance(10);
        await settle();
      }
    },
    async until(promise, limitMs = 120_000) {
      let done = false;
      const tracked = promise.finally(() => {
        done = true;
      });
      for (let t = 0; t < limitMs && !done; t += 10) {
        clock.advance(10);
        await settle();
      }
      if (!done) throw new Error(`still pending after ${limitMs} ms of simulated time`);
      return tracked;
    },
    async replug() {
      const [h2, b2] = createMemoryTransportPair({ name: 'sim-test-2' });
      await h2.open();
      await b2.open();
      r.host = h2;
      r.board = b2;
      sim.attach(b2);
      driver.attach(h2);
    },
  };
  rigs.push(r);
  sim.start();
  driver.start();
  await r.run(300);
  expect(driver.link).toBe('up');
  return r;
}

describe('driver ↔ simulator (memory pair, manual clock)', () => {
  test('happy path: SUCCESS, one motor run, one drop, stock decremented', async () => {
    const r = await rig();
    const drops: unknown[] = [];
    r.sim.onDrop((d) => drops.push(d));
    const report = await r.until(r.driver.dispense(REQ, { persistResult: r.persist }));
    expect(report).toMatchObject({ outcome: 'SUCCESS', statusCode: 0x02, sent: true });
    expect(r.persisted).toEqual([report]);
    expect(r.sim.counters(SLOT)).toEqual({ motorRuns: 1, drops: 1 });
    expect(r.sim.stock(SLOT)).toBe(4);
    expect(drops).toEqual([{ selection: SLOT, dispenseId: 1001 }]);
    expect(r.sim.dispenseRecord(1001)).toEqual({ selection: SLOT, status: 0x02 });
  });

  test('happy path over 0x06 (board without the 0xE6 extension)', async () => {
    const r = await rig({ supportsDispenseId: false });
    const report = await r.until(r.driver.dispense(REQ, { persistResult: r.persist }));
    expect(report.outcome).toBe('SUCCESS');
    expect(r.sim.counters(SLOT)).toEqual({ motorRuns: 1, drops: 1 });
    expect(r.sim.dispenseRecord(1001)).toBeUndefined();
  });

  const FAULTS: Array<
    [string, DispenserFault, DispenseOutcome, number, { motorRuns: number; drops: number }]
  > = [
    ['jam', { kind: 'jam' }, 'FAIL_JAM', 0x03, { motorRuns: 1, drops: 0 }],
    [
      'motor does not stop',
      { kind: 'motorOverrun' },
      'FAIL_MOTOR_OVERRUN',
      0x04,
      { motorRuns: 1, drops: 1 },
    ],
    [
      'motor does not stop, two items fall',
      { kind: 'motorOverrun', extraItem: true },
      'FAIL_MOTOR_OVERRUN',
      0x04,
      { motorRuns: 1, drops: 2 },
    ],
    ['no motor', { kind: 'noMotor' }, 'FAIL_NO_MOTOR', 0x06, { motorRuns: 0, drops: 0 }],
    ['no drop detected', { kind: 'noDrop' }, 'FAIL_NO_DROP', 0x05, { motorRuns: 1, drops: 0 }],
    [
      'drop sensor blocked',
      { kind: 'sensorBlocked' },
      'FAIL_SENSOR_BLOCKED',
      0x08,
      { motorRuns: 0, drops: 0 },
    ],
    [
      'elevator error',
      { kind: 'elevatorError', status: 0x12 },
      'FAIL_LIFT',
      0x12,
      { motorRuns: 1, drops: 0 },
    ],
  ];

  test.each(FAULTS)('%s → %s', async (_name, fault, outcome, statusCode, counters) => {
    const r = await rig();
    r.sim.inject(fault);
    const report = await r.until(r.driver.dispense(REQ, { persistResult: r.persist }));
    expect(report).toMatchObject({ outcome, statusCode, sent: true });
    expect(r.sim.counters(SLOT)).toEqual(counters);
  });

  test('jam over 0x06 too', async () => {
    const r = await rig({ supportsDispenseId: false });
    r.sim.inject({ kind: 'jam' });
    expect((await r.until(r.driver.dispense(REQ, { persistResult: r.persist }))).outcome).toBe(
      'FAIL_JAM',
    );
  });

  test('an empty slot with the drop sensor on: the motor turns, nothing falls → FAIL_NO_DROP', async () => {
    const r = await rig({ stock: 0 });
    const report = await r.until(r.driver.dispense(REQ, { persistResult: r.persist }));
    expect(report.outcome).toBe('FAIL_NO_DROP');
    expect(r.sim.counters(SLOT)).toEqual({ motorRuns: 1, drops: 0 });
  });

  test('a selection that does not exist → FAIL_NO_MOTOR', async () => {
    const r = await rig();
    const report = await r.until(
      r.driver.dispense({ ...REQ, selection: 99 }, { persistResult: r.persist }),
    );
    expect(report.outcome).toBe('FAIL_NO_MOTOR');
  });

  test('an elevator slot reports ascending/descending and still succeeds', async () => {
    const r = await rig();
    const report = await r.until(
      r.driver.dispense({ ...REQ, elevator: true }, { persistResult: r.persist }),
    );
    expect(report.outcome).toBe('SUCCESS');
  });

  test('garbled checksums on the next frames are recovered by retransmission, no double drive', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'garbledChecksum', frames: 3, only: 'any' });
    const report = await r.until(r.driver.dispense(REQ, { persistResult: r.persist }));
    expect(report.outcome).toBe('SUCCESS');
    expect(r.sim.counters(SLOT)).toEqual({ motorRuns: 1, drops: 1 });
    expect(r.sim.stats.garbledFrames).toBe(3);
  });

  test('the drive ACK garbled: the host resends the same PackNO and the board does not drive twice', async () => {
    const r = await rig();
    // Only the board's ACK of the drive is corrupted: garble every ACK for a moment.
    const board = r.sim;
    const off = r.driver.onTraffic((e) => {
      if (e.dir === 'tx' && e.frame?.kind === 'DRIVE_ONCE') {
        board.inject({ kind: 'garbledChecksum', frames: 1, only: 'any' });
        off();
      }
    });
    const report = await r.until(r.driver.dispense(REQ, { persistResult: r.persist }));
    expect(report.outcome).toBe('SUCCESS');
    expect(r.sim.counters(SLOT)).toEqual({ motorRuns: 1, drops: 1 });
  });

  test('20 % of frames garbled in both kinds of payload damage: still one drive per dispense', async () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const r = await rig({ random });
    r.sim.inject({ kind: 'garbledChecksum', percent: 20, target: 'payloadBit', only: 'any' });
    for (let id = 1; id <= 3; id++) {
      const report = await r.until(
        r.driver.dispense({ ...REQ, dispenseId: id }, { persistResult: r.persist }),
      );
      expect(['SUCCESS', 'UNCERTAIN']).toContain(report.outcome);
    }
    expect(r.sim.counters(SLOT).motorRuns).toBe(3);
    expect(r.sim.stats.garbledFrames).toBeGreaterThan(0);
  });

  test('lost ACK, variant A: the results still arrive; SUCCESS with one motor run', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'lostAck', variant: 'A' });
    const report = await r.until(r.driver.dispense(REQ, { persistResult: r.persist }));
    expect(report.outcome).toBe('SUCCESS');
    expect(r.sim.counters(SLOT).motorRuns).toBe(1);
  });

  test('lost ACK, variant B: nothing more arrives → LINK_FAULT → UNCERTAIN; the motor ran once', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'lostAck', variant: 'B' });
    const report = await r.until(r.driver.dispense(REQ, { persistResult: r.persist }));
    expect(report).toMatchObject({ outcome: 'UNCERTAIN', sent: true });
    expect(report.detail).toMatch(/LINK_FAULT/);
    await r.run(3000); // the board finishes the drive it never told us about
    expect(r.sim.counters(SLOT)).toEqual({ motorRuns: 1, drops: 1 });
    expect(r.sim.stats.duplicateHostCommands).toBe(4);
  });

  test('a duplicated status frame is ACKed but persisted once', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'duplicateFrame' });
    const report = await r.until(r.driver.dispense(REQ, { persistResult: r.persist }));
    await r.run(1000);
    expect(report.outcome).toBe('SUCCESS');
    expect(r.persisted).toHaveLength(1);
    expect(r.sim.stats.dataFramesDropped).toBe(0);
  });

  test('silent board: degraded after 1 s, down after 3 s, dispense refused, then up again', async () => {
    const r = await rig();
    const states: string[] = [];
    r.driver.onLink((c) => states.push(c.state));
    r.sim.inject({ kind: 'silent', durationMs: 5000 });
    await r.run(1300);
    expect(r.driver.link).toBe('degraded');
    await r.run(2000);
    expect(r.driver.link).toBe('down');
    const refused = await r.driver.dispense(REQ, { persistResult: r.persist });
    expect(refused).toMatchObject({ outcome: 'FAIL_ABORTED', sent: false });
    expect(r.sim.totalMotorRuns).toBe(0);
    await r.run(2000);
    expect(r.driver.link).toBe('up');
    expect(states).toEqual(['degraded', 'down', 'up']);
  });

  test('slow host: replies after the 100 ms window are ignored, the board reports the host down', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'slowHost', delayMs: 150 });
    const report = await r.until(r.driver.dispense(REQ, { persistResult: r.persist }));
    expect(report).toMatchObject({ outcome: 'UNCERTAIN' });
    expect(r.sim.hostLink).toBe('down');
    expect(r.sim.totalMotorRuns).toBe(0);
    expect(r.sim.stats.lateReplies).toBeGreaterThanOrEqual(5);
  });

  test('unplug mid-drive with 0xE6: after re-attach the stored result answers; the motor ran once', async () => {
    const r = await rig();
    const done = r.driver.dispense(REQ, { persistResult: r.persist });
    await new Promise<void>((resolve) => {
      const off = r.sim.onMotorRun(() => {
        off();
        resolve();
      });
      void r.run(2000);
    });
    r.host.simulateLoss(new Error('EIO'));
    r.board.simulateLoss(new Error('EIO'));
    await r.run(3000); // the motor finishes while the cable is out
    expect(r.persisted).toEqual([]);
    expect(r.driver.link).toBe('down');
    await r.replug();
    const report = await r.until(done);
    expect(report).toMatchObject({ outcome: 'SUCCESS', statusCode: 0x02 });
    expect(r.sim.counters(SLOT)).toEqual({ motorRuns: 1, drops: 1 });
  });

  test('unplug mid-drive with 0x06: UNCERTAIN at once; after re-attach nothing is resent', async () => {
    const r = await rig({ supportsDispenseId: false });
    const done = r.driver.dispense(REQ, { persistResult: r.persist });
    await new Promise<void>((resolve) => {
      const off = r.sim.onMotorRun(() => {
        off();
        resolve();
      });
      void r.run(2000);
    });
    r.host.simulateLoss(new Error('EIO'));
    r.board.simulateLoss(new Error('EIO'));
    const report = await done;
    expect(report).toMatchObject({ outcome: 'UNCERTAIN', sent: true });
    await r.replug();
    await r.run(5000);
    expect(r.sim.counters(SLOT).motorRuns).toBe(1);
    expect(r.persisted).toHaveLength(1);
  });

  test('a repeated 0xE6 dispenseId never runs the motor again, even for a new PackNO', async () => {
    const r = await rig();
    const first = await r.until(r.driver.dispense(REQ, { persistResult: r.persist }));
    const again = await r.until(r.driver.dispense(REQ, { persistResult: r.persist }));
    expect(first.outcome).toBe('SUCCESS');
    expect(again.outcome).toBe('SUCCESS');
    expect(r.sim.counters(SLOT)).toEqual({ motorRuns: 1, drops: 1 });
  });

  test('machine status: temperature out of range, missing sensor, door open', async () => {
    const r = await rig();
    r.sim.inject({ kind: 'temperature', celsius: 31.5 });
    r.sim.inject({ kind: 'door', open: true });
    const hot = await r.until(r.driver.requestMachineStatus());
    expect(hot).toMatchObject({
      ok: true,
      value: { temperatureC: 31.5, door: 'open', machineId: 'SIM-VMC-01' },
    });
    r.sim.inject({ kind: 'temperature', celsius: null });
    const missing = await r.until(r.driver.requestMachineStatus());
    expect(missing).toMatchObject({ ok: true, value: { temperatureC: null } });
  });

  test('lift status and selection check', async () => {
    const r = await rig({ stock: 0 });
    r.sim.inject({ kind: 'liftStatus', status: 2 });
    expect(await r.until(r.driver.requestLiftStatus())).toEqual({
      ok: true,
      value: { state: 'deliveryDoorNotClosed', statusCode: 2 },
    });
    expect(await r.until(r.driver.checkSelection(SLOT))).toMatchObject({
      ok: true,
      value: { state: 'outOfStock' },
    });
    expect(await r.until(r.driver.checkSelection(12))).toMatchObject({
      ok: true,
      value: { state: 'ready' },
    });
    expect(await r.until(r.driver.checkSelection(99))).toMatchObject({
      ok: true,
      value: { state: 'doesNotExist' },
    });
  });
});
