import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { systemClock } from '../../contracts/clock';
import { DispenserSimulator, type DispenserFault } from '../dispenser/simulator';
import { DISPENSER_BAUD_RATE } from '../dispenser/protocol';
import { ScannerSimulator } from '../scanner/simulator';
import { PRINTER_BAUD_RATE } from '../printer/protocol';
import { PrinterSimulator, type PrinterSimFault } from '../printer/simulator';
import { SimDevice } from './sim-device';
import { OximeterSimulator, type OximeterFault } from '../oximeter/simulator';
import { OXIMETER_BAUD_RATE } from '../oximeter/protocol';
import { BpCuffSimulator, type BpCuffFault } from '../bp-cuff/simulator';
import { BP_CUFF_BAUD_RATE } from '../bp-cuff/protocol';
import { PollReplyRecorder } from './poll-reply-recorder';
import {
  ControlRequestError,
  route,
  startControlServer,
  type RunningControlServer,
} from './control-server';

/**
 * Every simulated device on its own socat PTY pair (DESIGN §4): the simulator owns one end, and
 * the hardware config written for the kiosk names the other, so the kiosk opens it exactly as a
 * real port. A control API injects scans and faults, and pulls and replugs cables.
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
  'doorOpen',
  'doorClosed',
  'dropSensorOff',
  'dropSensorOn',
  'clear',
] as const;

export const PRINTER_FAULT_NAMES = [
  'paperOut',
  'paperNearEnd',
  'coverOpen',
  'cutterJam',
  'unrecoverableError',
  'silent',
  'clear',
] as const;

export const OXIMETER_FAULT_NAMES = [
  'fingerOut',
  'sensorOff',
  'motion',
  'lowPerfusion',
  'garbledChecksum',
  'silent',
  'clear',
] as const;
export const BP_FAULT_NAMES = [
  'leak',
  'overPressure',
  'motion',
  'timeout',
  'cuffLoose',
  'irregularPulse',
  'weakSignal',
  'internalError',
  'unplug',
  'garbledChecksum',
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
  scanner: () => ScannerSimulator;
  printer: PrinterSimulator;
  oximeter: OximeterSimulator;
  bpCuff: BpCuffSimulator;
  stop(): Promise<void>;
}

export async function startSimHost(options: SimHostOptions): Promise<RunningSimHost> {
  mkdirSync(options.runDir, { recursive: true });
  const dispenser = new DispenserSimulator({
    clock: systemClock,
    timeScale: options.timeScale ?? 1,
    slots: Object.fromEntries(options.slots.map((s) => [s.selection, { stock: s.capacity }])),
  });
  dispenser.start();
  const pollReplies = new PollReplyRecorder(dispenser);
  // The scanner simulator takes its transport at construction; a replug makes a new one.
  let scanner: ScannerSimulator | null = null;
  const printer = new PrinterSimulator({ clock: systemClock });

  const timeScale = options.timeScale ?? 1;
  const oximeter = new OximeterSimulator({ clock: systemClock });
  oximeter.start();
  // The cuff's own "unplug" fault pulls the whole cable, as a patient tugging it would.
  const bpCuff: BpCuffSimulator = new BpCuffSimulator({
    clock: systemClock,
    timeScale,
    onUnplug: () => deviceById('bpCuff').unplug(),
  });
  const link = (id: string) => ({
    kiosk: join(options.runDir, `${id}.kiosk`),
    device: join(options.runDir, `${id}.device`),
  });
  const devices = [
    new SimDevice('dispenser', DISPENSER_BAUD_RATE, link('dispenser'), dispenser),
    new SimDevice('scanner', SCANNER_BAUD_RATE, link('scanner'), {
      attach: (t) => (scanner = new ScannerSimulator({ transport: t })),
    }),
    new SimDevice('printer', PRINTER_BAUD_RATE, link('printer'), printer),
    new SimDevice('oximeter', OXIMETER_BAUD_RATE, link('oximeter'), oximeter),
    new SimDevice('bpCuff', BP_CUFF_BAUD_RATE, link('bpCuff'), bpCuff),
  ];
  for (const d of devices) await d.plug();
  const deviceById = (id: string): SimDevice => {
    const d = devices.find((x) => x.id === id);
    if (!d)
      throw new ControlRequestError(
        `no simulated device "${id}"; devices: ${devices.map((x) => x.id).join(', ')}`,
      );
    return d;
  };
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
        if (!scanner || !deviceById('scanner').plugged)
          throw new ControlRequestError('the scanner is unplugged');
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
          doorOpen: () => [{ kind: 'door', open: true }],
          doorClosed: () => [{ kind: 'door', open: false }],
          // The board's menu switch, for every selection (0x70 type 0x42 answers "closed").
          dropSensorOff: () => [{ kind: 'dropSensor', enabled: false }],
          dropSensorOn: () => [{ kind: 'dropSensor', enabled: true }],
          clear: () => [],
        };
        if (fault === 'clear') dispenser.clearFaults();
        for (const f of faults[fault]()) dispenser.inject(f);
        return { injected: fault, ...(slot ? { slot } : {}) };
      },
    }),
    // The cabinet's temperature as the board reports it (0x52); null: no sensor (cold chain, issue 9).
    route({
      method: 'POST',
      path: '/dispenser/temperature',
      body: z.strictObject({ celsius: z.number().min(-40).max(80).nullable() }),
      handle: ({ celsius }) => {
        dispenser.inject({ kind: 'temperature', celsius });
        return { celsius };
      },
    }),
    route({
      method: 'POST',
      path: '/printer/fault',
      body: z.strictObject({
        fault: z.enum(PRINTER_FAULT_NAMES),
        seconds: z.number().positive().optional(),
      }),
      handle: ({ fault, seconds }) => {
        if (fault === 'clear') printer.clear();
        else if (fault === 'silent')
          printer.inject({ kind: 'silent', durationMs: (seconds ?? 5) * 1000 });
        else printer.inject({ kind: fault } as PrinterSimFault);
        return { injected: fault };
      },
    }),
    route({
      method: 'GET',
      path: '/printer/pages',
      handle: () => ({
        pages: printer
          .pages()
          .map((p) => ({ text: p.text, qrCodes: p.qrCodes, endedBy: p.endedBy })),
      }),
    }),
    route({
      method: 'POST',
      path: '/oximeter',
      body: z.strictObject({
        spo2: z.number().int().min(0).max(100).optional(),
        hr: z.number().int().min(0).max(300).optional(),
        fault: z.enum(OXIMETER_FAULT_NAMES).optional(),
      }),
      handle: ({ spo2, hr, fault }) => {
        if (spo2 !== undefined || hr !== undefined)
          oximeter.setValues({
            ...(spo2 !== undefined ? { spo2 } : {}),
            ...(hr !== undefined ? { hr } : {}),
          });
        if (fault === 'clear') oximeter.clearFaults();
        else if (fault) oximeter.inject({ kind: fault } as OximeterFault);
        return { values: oximeter.values, faults: oximeter.activeFaults };
      },
    }),
    route({
      method: 'POST',
      path: '/bp',
      body: z.strictObject({
        systolic: z.number().int().min(40).max(300).optional(),
        diastolic: z.number().int().min(20).max(250).optional(),
        pulse: z.number().int().min(20).max(250).optional(),
        fault: z.enum(BP_FAULT_NAMES).optional(),
      }),
      handle: ({ systolic, diastolic, pulse, fault }) => {
        const reading = {
          ...(systolic ? { systolic } : {}),
          ...(diastolic ? { diastolic } : {}),
          ...(pulse ? { pulse } : {}),
        };
        if (systolic && diastolic)
          Object.assign(reading, { map: Math.round(diastolic + (systolic - diastolic) / 3) });
        if (Object.keys(reading).length) bpCuff.setReading(reading);
        if (fault === 'clear') bpCuff.clearFaults();
        else if (fault) bpCuff.inject({ kind: fault } as BpCuffFault);
        return { reading: bpCuff.configuredReading };
      },
    }),
    route({
      method: 'POST',
      path: '/device/unplug',
      body: z.strictObject({ device: z.string() }),
      handle: async ({ device }) => {
        await deviceById(device).unplug();
        return { unplugged: device };
      },
    }),
    route({
      method: 'POST',
      path: '/device/replug',
      body: z.strictObject({ device: z.string() }),
      handle: async ({ device }) => {
        await deviceById(device).plug();
        return { replugged: device };
      },
    }),
    route({
      method: 'GET',
      path: '/dispenser/poll-replies',
      handle: () => ({ ms: pollReplies.take() }),
    }),
    route({
      method: 'GET',
      path: '/state',
      handle: () => ({
        devices: devices.map((d) => ({ id: d.id, plugged: d.plugged, path: d.kioskPath })),
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
        printer: { pages: printer.pages().length },
      }),
    }),
  ]);

  const hardwareConfigPath = join(options.runDir, 'hardware.json');
  const hardwareConfig = {
    simulated: true,
    dispenser: {
      path: deviceById('dispenser').kioskPath,
      baudRate: DISPENSER_BAUD_RATE,
      supportsDispenseId: true,
      elevator: false,
    },
    scanner: { kind: 'serial', path: deviceById('scanner').kioskPath, baudRate: SCANNER_BAUD_RATE },
    printer: {
      path: deviceById('printer').kioskPath,
      baudRate: PRINTER_BAUD_RATE,
      paperWidthMm: 58,
    },
    oximeter: { path: deviceById('oximeter').kioskPath, baudRate: OXIMETER_BAUD_RATE },
    bpCuff: { path: deviceById('bpCuff').kioskPath, baudRate: BP_CUFF_BAUD_RATE },
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
    scanner: () => scanner!,
    printer,
    oximeter,
    bpCuff,
    async stop() {
      await control.close();
      await dispenser.stop();
      printer.stop();
      await oximeter.stop();
      await bpCuff.stop();
      for (const d of devices) await d.close();
    },
  };
}
