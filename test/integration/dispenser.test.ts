import { afterEach, describe, expect, test } from 'vitest';
import type { DispenseOutcome } from '../../contracts/journal-events';
import type { DispenseRequest, TrafficEvent } from '../../hardware/dispenser/driver';
import type { DispenserFault } from '../../hardware/dispenser/simulator';
import { openPtyRig, waitUntil, type PtyRig, type PtyRigOptions } from './helpers/pty-rig';

// The real serialport driver against the simulator over socat PTY pairs (DESIGN §8), one case per
// fault of the foundation issue. Real clock, small time scale, and every wait is on an event or a
// state with a generous limit, so a slow machine makes the suite slower, not red.

const SLOT = 11;
const REQ: DispenseRequest = {
  dispenseId: 5001,
  selection: SLOT,
  dropSensor: true,
  elevator: false,
};

let rig: PtyRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function ready(options: PtyRigOptions = {}): Promise<PtyRig> {
  rig = await openPtyRig(options);
  const r = rig;
  await waitUntil(() => r.driver.link === 'up', 'the first POLL over the PTY');
  return r;
}

/** Resolves at the simulator's first motor start. */
function motorStarted(r: PtyRig): Promise<void> {
  return new Promise((resolve) => {
    const off = r.sim.onMotorRun(() => {
      off();
      resolve();
    });
  });
}

describe('dispenser over a real PTY pair', () => {
  test('happy path with 0xE6: SUCCESS, one motor run, the exact frames crossed the wire', async () => {
    const r = await ready();
    const traffic: TrafficEvent[] = [];
    r.driver.onTraffic((e) => traffic.push(e));
    const report = await r.driver.dispense(REQ, { persistResult: r.persist });
    expect(report).toMatchObject({ outcome: 'SUCCESS', statusCode: 0x02, sent: true });
    expect(r.persisted).toEqual([report]);
    expect(r.sim.counters(SLOT)).toEqual({ motorRuns: 1, drops: 1 });
    expect(r.sim.stock(SLOT)).toBe(4);
    const kinds = traffic.map((e) => `${e.dir}:${e.frame?.kind ?? e.error?.code}`);
    expect(kinds).toContain('tx:DRIVE_ONCE');
    expect(kinds).toContain('rx:DRIVE_ONCE_STATUS');
    expect(traffic.filter((e) => e.error)).toEqual([]);
  });

  test('happy path with 0x06', async () => {
    const r = await ready({ driver: { supportsDispenseId: false } });
    const report = await r.driver.dispense(REQ, { persistResult: r.persist });
    expect(report.outcome).toBe('SUCCESS');
    expect(r.sim.counters(SLOT)).toEqual({ motorRuns: 1, drops: 1 });
  });

  const FAULTS: Array<[string, DispenserFault | undefined, number, DispenseOutcome, number]> = [
    ['jam', { kind: 'jam' }, 5, 'FAIL_JAM', 0x03],
    [
      'motor does not stop',
      { kind: 'motorOverrun', extraItem: true },
      5,
      'FAIL_MOTOR_OVERRUN',
      0x04,
    ],
    ['empty slot (no drop detected)', undefined, 0, 'FAIL_NO_DROP', 0x05],
    ['no drop detected (injected)', { kind: 'noDrop' }, 5, 'FAIL_NO_DROP', 0x05],
    ['drop sensor blocked', { kind: 'sensorBlocked' }, 5, 'FAIL_SENSOR_BLOCKED', 0x08],
  ];

  test.each(FAULTS)('%s → %s', async (_name, fault, stock, outcome, statusCode) => {
    const r = await ready({ sim: { slots: { [SLOT]: { stock } } } });
    if (fault) r.sim.inject(fault);
    const report = await r.driver.dispense(REQ, { persistResult: r.persist });
    expect(report).toMatchObject({ outcome, statusCode, sent: true });
    expect(r.persisted).toEqual([report]);
  });

  test('bad checksums are recovered by retransmission with no double drive', async () => {
    const r = await ready();
    // Corrupt the board's ACK of the drive (so the host must resend the same PackNO) and the two
    // frames after it (status frames the board must resend).
    const off = r.driver.onTraffic((e) => {
      if (e.dir === 'tx' && e.frame?.kind === 'DRIVE_ONCE') {
        r.sim.inject({ kind: 'garbledChecksum', frames: 3, only: 'any' });
        off();
      }
    });
    const errors: string[] = [];
    r.driver.onTraffic((e) => {
      if (e.error) errors.push(e.error.code);
    });
    const report = await r.driver.dispense(REQ, { persistResult: r.persist });
    expect(report.outcome).toBe('SUCCESS');
    expect(r.sim.counters(SLOT)).toEqual({ motorRuns: 1, drops: 1 });
    expect(r.sim.stats.garbledFrames).toBe(3);
    expect(errors).toContain('BAD_CHECKSUM');
    expect(r.persisted).toHaveLength(1);
  });

  test('silent board: link degraded → down, dispense refused, then up when polling resumes', async () => {
    const r = await ready();
    const states: string[] = [];
    r.driver.onLink((c) => states.push(c.state));
    r.sim.inject({ kind: 'silent', durationMs: 4_000 });
    await waitUntil(() => r.driver.link === 'down', 'link down after 3 s without POLL');
    expect(states).toEqual(['degraded', 'down']);
    const refused = await r.driver.dispense(REQ, { persistResult: r.persist });
    expect(refused).toMatchObject({ outcome: 'FAIL_ABORTED', sent: false });
    expect(refused.detail).toMatch(/link is down/);
    expect(r.sim.totalMotorRuns).toBe(0);
    await waitUntil(() => r.driver.link === 'up', 'link up when the board polls again');
    expect(states).toEqual(['degraded', 'down', 'up']);
  });

  test('unplug during a 0x06 drive: the driver reports the link lost and the dispense UNCERTAIN', async () => {
    const r = await ready({ driver: { supportsDispenseId: false } });
    const started = motorStarted(r);
    const done = r.driver.dispense(REQ, { persistResult: r.persist });
    await started;
    await r.pair.kill();
    const report = await done;
    expect(report).toMatchObject({ outcome: 'UNCERTAIN', sent: true });
    expect(r.driver.link).toBe('down');
    expect(r.persisted).toEqual([report]);
    // A 0x06 is never resent: after a new pair, the board still ran the motor once.
    await r.replug();
    await waitUntil(() => r.driver.link === 'up', 'link up on the new pair');
    expect(r.sim.counters(SLOT).motorRuns).toBe(1);
  });

  test('unplug during a 0xE6 drive: after a new pair the stored result answers; motorRuns == 1', async () => {
    const r = await ready();
    const lost: string[] = [];
    r.driver.onLink((c) => lost.push(`${c.state}:${c.reason}`));
    const started = motorStarted(r);
    const done = r.driver.dispense(REQ, { persistResult: r.persist });
    await started;
    await r.pair.kill();
    await waitUntil(() => r.driver.link === 'down', 'the driver to see the unplug');
    expect(lost).toContain('down:transportLost');
    expect(r.persisted).toEqual([]);
    // Let the board finish the drive while the cable is out.
    await waitUntil(
      () => r.sim.dispenseRecord(REQ.dispenseId)?.status === 0x02,
      'the board to finish',
    );
    await r.replug();
    const report = await done;
    expect(report).toMatchObject({ outcome: 'SUCCESS', statusCode: 0x02, sent: true });
    expect(r.sim.counters(SLOT)).toEqual({ motorRuns: 1, drops: 1 });
    expect(r.persisted).toEqual([report]);
  });

  test('machine status over the wire: temperature out of range, missing sensor, door open', async () => {
    const r = await ready();
    r.sim.inject({ kind: 'temperature', celsius: 31.5 });
    r.sim.inject({ kind: 'door', open: true });
    expect(await r.driver.requestMachineStatus()).toMatchObject({
      ok: true,
      value: { temperatureC: 31.5, door: 'open' },
    });
    r.sim.inject({ kind: 'temperature', celsius: null });
    expect(await r.driver.requestMachineStatus()).toMatchObject({
      ok: true,
      value: { temperatureC: null },
    });
  });

  test('selection config (0x70 → 0x71 type 0x42): drop sensor on, then switched off on the board', async () => {
    const r = await ready();
    const traffic: TrafficEvent[] = [];
    r.driver.onTraffic((e) => traffic.push(e));
    expect(await r.driver.requestSelectionConfig(SLOT)).toEqual({
      ok: true,
      value: {
        selection: SLOT,
        dropSensor: 'enabled',
        afterJam: 'stop',
        inventory: 5,
        capacity: 10,
      },
    });
    // The exact request crossed the wire: 70, LEN 5, PackNO, type 0x42, read, selection 11.
    const query = traffic.find((e) => e.dir === 'tx' && e.frame?.kind === 'QUERY_SELECTION_CONFIG');
    expect([...(query?.bytes ?? [])].slice(2, 9)).toEqual([
      0x70,
      5,
      query?.bytes[4],
      0x42,
      0,
      0,
      SLOT,
    ]);
    expect(traffic.some((e) => e.dir === 'rx' && e.frame?.kind === 'SELECTION_CONFIG')).toBe(true);

    r.sim.inject({ kind: 'dropSensor', enabled: false });
    expect(await r.driver.requestSelectionConfig(SLOT)).toMatchObject({
      ok: true,
      value: { dropSensor: 'disabled' },
    });
    // With the sensor off the board cannot see that nothing fell: an empty slot "succeeds".
    r.sim.setStock(SLOT, 0);
    const report = await r.driver.dispense(REQ, { persistResult: r.persist });
    expect(report).toMatchObject({ outcome: 'SUCCESS', statusCode: 0x02 });
  });

  test('selection config is never sent during a drive: BUSY, and the drive ends normally', async () => {
    const r = await ready();
    const queries: TrafficEvent[] = [];
    r.driver.onTraffic((e) => {
      if (e.dir === 'tx' && e.frame?.kind === 'QUERY_SELECTION_CONFIG') queries.push(e);
    });
    const started = motorStarted(r);
    const drive = r.driver.dispense(REQ, { persistResult: r.persist });
    await started;
    expect(await r.driver.requestSelectionConfig(SLOT)).toMatchObject({
      ok: false,
      error: { code: 'BUSY' },
    });
    expect((await drive).outcome).toBe('SUCCESS');
    expect(queries).toEqual([]);
    // Once the drive is over, the board is asked and answers.
    expect((await r.driver.requestSelectionConfig(SLOT)).ok).toBe(true);
  });
});
