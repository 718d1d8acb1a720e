import { systemClock } from '../../../contracts/clock';
import {
  DispenserDriver,
  type DispenseReport,
  type DispenserDriverOptions,
} from '../../../hardware/dispenser/driver';
import { DISPENSER_BAUD_RATE } from '../../../hardware/dispenser/protocol';
import {
  DispenserSimulator,
  type DispenserSimulatorOptions,
} from '../../../hardware/dispenser/simulator';
import { openPtyPair, type PtyPair } from '../../../hardware/transports/pty-pair';
import { createSerialTransport } from '../../../hardware/transports/serial-transport';
import type { Transport } from '../../../hardware/transports/transport';

/**
 * The real stack for integration tests: a socat PTY pair, `serialport` on both ends, the driver on
 * end A and the simulator on end B, both on the real clock. Tests wait on events and states with
 * generous limits, never on a fixed sleep.
 */
export interface PtyRig {
  pair: PtyPair;
  driver: DispenserDriver;
  sim: DispenserSimulator;
  hostTransport: Transport;
  boardTransport: Transport;
  persisted: DispenseReport[];
  persist: (report: DispenseReport) => Promise<void>;
  /** A new socat pair (the cable plugged back in), attached to the same driver and simulator. */
  replug(): Promise<void>;
  close(): Promise<void>;
}

export interface PtyRigOptions {
  driver?: Omit<DispenserDriverOptions, 'transport' | 'clock'>;
  sim?: Omit<DispenserSimulatorOptions, 'transport' | 'clock'>;
}

/** Simulator timing for integration tests: fast polls and motors, still well inside the protocol. */
export const INTEGRATION_SIM_TIMING = {
  pollIntervalMs: 100,
  replyWindowMs: 90,
  timeScale: 0.25,
} as const;

async function openEnds(pair: PtyPair): Promise<[Transport, Transport]> {
  const host = createSerialTransport({
    path: pair.a,
    baudRate: DISPENSER_BAUD_RATE,
    description: 'kiosk',
  });
  const board = createSerialTransport({
    path: pair.b,
    baudRate: DISPENSER_BAUD_RATE,
    description: 'board',
  });
  await host.open();
  await board.open();
  return [host, board];
}

export async function openPtyRig(options: PtyRigOptions = {}): Promise<PtyRig> {
  let pair = await openPtyPair();
  const [host, board] = await openEnds(pair);
  const sim = new DispenserSimulator({
    ...INTEGRATION_SIM_TIMING,
    slots: { 11: { stock: 5 } },
    ...options.sim,
    transport: board,
    clock: systemClock,
  });
  const driver = new DispenserDriver({
    supportsDispenseId: true,
    ...options.driver,
    transport: host,
    clock: systemClock,
  });
  const persisted: DispenseReport[] = [];
  const pairs: PtyPair[] = [pair];
  const rig: PtyRig = {
    pair,
    driver,
    sim,
    hostTransport: host,
    boardTransport: board,
    persisted,
    persist: async (report) => {
      persisted.push(report);
    },
    async replug() {
      pair = await openPtyPair();
      pairs.push(pair);
      const [h, b] = await openEnds(pair);
      rig.pair = pair;
      rig.hostTransport = h;
      rig.boardTransport = b;
      sim.attach(b);
      driver.attach(h);
    },
    async close() {
      await driver.stop();
      await sim.stop();
      for (const p of pairs) await p.close();
    },
  };
  sim.start();
  driver.start();
  return rig;
}

/** Polls `predicate` every 20 ms; rejects with `what` after `timeoutMs` (generous by design). */
export async function waitUntil(
  predicate: () => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
