import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { systemClock } from '../../contracts/clock';
import { DispenserSimulator, type DispenserFault } from '../dispenser/simulator';
import { DISPENSER_BAUD_RATE } from '../dispenser/protocol';
import { ScannerSimulator } from '../scanner/simulator';
import { openPtyPair, type PtyPair } from '../transports/pty-pair';
import { createSerialTransport } from '../transports/serial-transport';
import type { Transport } from '../transports/transport';
import {
  ControlRequestError,
  route,
  startControlServer,
  type RunningControlServer,
} from './control-server';

/**
 * Every simulated device on its own socat PTY pair (DESIGN §4): the simulator owns one end, and
 * the hardware config written for the kiosk names the other, so the kiosk opens it exactly as a
 * real port. A control API injects scans and faults.
 */

export const SCANNER_BAUD_RATE = 115_200;

/** How many drives of a slot a `jam` affects: a stuck spiral stays stuck until `clear`. */
export const STANDING_JAM_DRIVES = 10;

export const SIM_FAULT_NAMES = [
  'jam',
  'motorOverrun',
  'noMotor',
  'noDrop',
  'sensorBlocked',
  'lostAckA',
  'lostAckB',
  'garbledChecksum',
  'duplicateFrame',
  'silent',
  'clear',
] as const;

export interface SimHostOptions {
  runDir: string;
  /** kiosk slot → board selection. */
  slots: { slot: number; selection: number; capacity: number }[];
  /** Multiplies motor times; 1 is real time. */
  timeScale?: number;
}

export interface RunningSimHost {
  hardwareConfigPath: string;
  control: RunningControlServer;
  dispenser: DispenserSimulator;
  scanner: ScannerSimulator;
  stop(): Promise<void>;
}

async function openSimulatorEnd(pair: PtyPair, baudRate: number, name: string): Promise<Transport> {
  const transport = createSerialTransport({
    path: pair.b,
    baudRate,
    description: `sim-${name}:${pair.b}`,
    lock: false,
  });
  await transport.open();
  return transport;
}

export async function startSimHost(options: SimHostOptions): Promise<RunningSimHost> {
  mkdirSync(options.runDir, { recursive: true });
  const timeScale = options.timeScale ?? 1;
  const dispenserPair = await openPtyPair();
  const scannerPair = await openPtyPair();

  const dispenser = new DispenserSimulator({
    transport: await openSimulatorEnd(dispenserPair, DISPENSER_BAUD_RATE, 'dispenser'),
    clock: systemClock,
    timeScale,
    slots: Object.fromEntries(options.slots.map((s) => [s.selection, { stock: s.capacity }])),
  });
  dispenser.start();
  const scanner = new ScannerSimulator({
    transport: await openSimulatorEnd(scannerPair, SCANNER_BAUD_RATE, 'scanner'),
  });

  const selectionOf = (slot: number | undefined): number | undefined => {
    if (slot === undefined) return undefined;
    const found = options.slots.find((s) => s.slot === slot);
    if (!found)
      throw new ControlRequestError(
        `slot ${slot} is not in the simulated cabinet (slots ${options.slots.map((s) => s.slot).join(', ')})`,
      );
    return found.selection;
  };

  const control = await startControlServer([
    route({
      method: 'POST',
      path: '/scanner/scan',
      body: z.strictObject({
        text: z.string().min(1).max(4096),
        aim: z.string().length(3).nullable().optional(),
      }),
      handle: async ({ text, aim }) => {
        await scanner.scan(text, aim === undefined ? undefined : aim);
        return { scanned: text.length };
      },
    }),
    route({
      method: 'POST',
      path: '/dispenser/fault',
      body: z.strictObject({
        fault: z.enum(SIM_FAULT_NAMES),
        slot: z.number().int().positive().optional(),
        seconds: z.number().positive().optional(),
      }),
      handle: ({ fault, slot, seconds }) => {
        const selection = selectionOf(slot);
        const at = selection === undefined ? {} : { selection };
        const faults: Record<(typeof SIM_FAULT_NAMES)[number], () => DispenserFault[]> = {
          jam: () =>
            Array.from({ length: STANDING_JAM_DRIVES }, () => ({ kind: 'jam', ...at }) as const),
          motorOverrun: () => [{ kind: 'motorOverrun', ...at }],
          noMotor: () => [{ kind: 'noMotor', ...at }],
          noDrop: () => [{ kind: 'noDrop', ...at }],
          sensorBlocked: () => [{ kind: 'sensorBlocked', ...at }],
          lostAckA: () => [{ kind: 'lostAck', variant: 'A' }],
          lostAckB: () => [{ kind: 'lostAck', variant: 'B' }],
          garbledChecksum: () => [{ kind: 'garbledChecksum', frames: 1 }],
          duplicateFrame: () => [{ kind: 'duplicateFrame' }],
          silent: () => [{ kind: 'silent', durationMs: (seconds ?? 5) * 1000 }],
          clear: () => [],
        };
        if (fault === 'clear') dispenser.clearFaults();
        for (const f of faults[fault]()) dispenser.inject(f);
        return { injected: fault, ...(slot ? { slot } : {}) };
      },
    }),
    route({
      method: 'GET',
      path: '/state',
      handle: () => ({
        dispenser: {
          hostLink: dispenser.hostLink,
          totalMotorRuns: dispenser.totalMotorRuns,
          slots: options.slots.map((s) => ({
            slot: s.slot,
            selection: s.selection,
            stock: dispenser.stock(s.selection),
            ...dispenser.counters(s.selection),
          })),
        },
      }),
    }),
  ]);

  const hardwareConfigPath = join(options.runDir, 'hardware.json');
  const hardwareConfig = {
    simulated: true,
    dispenser: {
      path: dispenserPair.a,
      baudRate: DISPENSER_BAUD_RATE,
      supportsDispenseId: true,
      elevator: false,
    },
    scanner: { kind: 'serial', path: scannerPair.a, baudRate: SCANNER_BAUD_RATE },
    slots: options.slots,
  };
  writeFileSync(hardwareConfigPath, `${JSON.stringify(hardwareConfig, null, 2)}\n`);
  writeFileSync(
    join(options.runDir, 'sim-control.json'),
    JSON.stringify({ url: control.url, token: control.token }),
    { mode: 0o600 },
  );

  return {
    hardwareConfigPath,
    control,
    dispenser,
    scanner,
    async stop() {
      await control.close();
      await dispenser.stop();
      await Promise.all([dispenserPair.close(), scannerPair.close()]);
    },
  };
}
