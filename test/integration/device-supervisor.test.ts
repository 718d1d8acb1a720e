import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../contracts/clock';
import { DispenserDriver, type DispenseReport } from '../../hardware/dispenser/driver';
import { DISPENSER_BAUD_RATE } from '../../hardware/dispenser/protocol';
import { DispenserSimulator } from '../../hardware/dispenser/simulator';
import { openPtyPair, type PtyPair } from '../../hardware/transports/pty-pair';
import { createSerialTransport } from '../../hardware/transports/serial-transport';
import {
  openSerialLink,
  SupervisedDevice,
  type DeviceStatus,
} from '../../main/devices/supervised-device';
import { INTEGRATION_SIM_TIMING } from './helpers/pty-rig';

/**
 * Pulling the dispenser's cable under a running kiosk and plugging it back in: socat is killed
 * mid-drive and started again on the same link names (the udev name of a USB adapter). The
 * supervisor sees the device lost, reopens it with backoff, and the interrupted 0xE6 drive is
 * answered from the board's memory — the motor runs once and one result is persisted.
 */

async function until(what: string, predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('device supervisor over a real PTY', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    cleanups.length = 0;
  });

  it('goes lost when the cable is pulled mid-drive, comes back ready, and drives the motor once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'supervisor-'));
    const links = { a: join(dir, 'kiosk-end'), b: join(dir, 'board-end') };
    let pair: PtyPair = await openPtyPair({ links });
    const boardEnd = async () => {
      const t = createSerialTransport({
        path: links.b,
        baudRate: DISPENSER_BAUD_RATE,
        lock: false,
      });
      await t.open();
      return t;
    };
    const sim = new DispenserSimulator({
      transport: await boardEnd(),
      ...INTEGRATION_SIM_TIMING,
      timeScale: 1,
      slots: { 11: { stock: 5 } },
    });
    sim.start();
    const driver = new DispenserDriver({ clock: systemClock, supportsDispenseId: true });
    driver.start();
    const statuses: DeviceStatus[] = [];
    const device = new SupervisedDevice({
      id: 'dispenser',
      clock: systemClock,
      open: openSerialLink('dispenser', { path: links.a, baudRate: DISPENSER_BAUD_RATE }, (t) =>
        driver.attach(t),
      ),
      onChange: (s) => statuses.push(s),
    });
    device.start();
    cleanups.push(async () => {
      await device.stop();
      await driver.stop();
      await sim.stop();
      await pair.close();
      rmSync(dir, { recursive: true, force: true });
    });
    await until('link up', () => driver.link === 'up');

    const persisted: DispenseReport[] = [];
    const result = driver.dispense(
      { dispenseId: 4242, selection: 11, dropSensor: true, elevator: false },
      { persistResult: async (r) => void persisted.push(r) },
    );
    await until('motor running', () => sim.counters(11).motorRuns === 1);
    await pair.kill();
    await until('device lost', () => device.status().link === 'lost');

    pair = await openPtyPair({ links });
    sim.attach(await boardEnd());
    await until(
      'device ready again',
      () => device.status().link === 'ready' && driver.link === 'up',
    );

    const report = await result;
    expect(report.outcome).toBe('SUCCESS');
    expect(persisted).toHaveLength(1);
    expect(sim.counters(11).motorRuns).toBe(1);
    expect(sim.counters(11).drops).toBe(1);
    expect(device.status().reconnects).toBe(1);
    expect(statuses.map((s) => s.link)).toEqual(
      expect.arrayContaining(['opening', 'ready', 'lost']),
    );
  });
});
