import { z } from 'zod';
import { createMemoryTransportPair } from '../transports/memory-transport';
import { createSerialTransport } from '../transports/serial-transport';
import type { Transport } from '../transports/transport';
import { PrinterDriver, type PrinterDriverOptions } from './driver';
import { COLUMNS_58MM, COLUMNS_80MM, PRINTER_BAUD_RATE, WRITE_TIMEOUT_MS } from './protocol';
import { PrinterSimulator, type PrinterSimulatorOptions } from './simulator';

/** Receipt/label printer (ESC/POS): wire format, status, label encoder, driver and simulator. */
export * from './cp437';
export * from './driver';
export * from './escpos';
export * from './label';
export * from './protocol';
export * from './simulator';
export * from './status';

/**
 * The printer's part of the technician-owned hardware config (DESIGN §9), validated with zod.
 * `paperWidthMm` gives the label's columns: 58 mm → 32, 80 mm → 48 (printer.md §5 "Text").
 */
export const printerHardwareConfigSchema = z.strictObject({
  path: z.string().min(1).optional(),
  usb: z
    .strictObject({
      vendorId: z.string().regex(/^[0-9a-fA-F]{4}$/),
      productId: z.string().regex(/^[0-9a-fA-F]{4}$/),
    })
    .optional(),
  baudRate: z.number().int().positive().default(PRINTER_BAUD_RATE),
  paperWidthMm: z.union([z.literal(58), z.literal(80)]).default(58),
  writeTimeoutMs: z.number().int().positive().default(WRITE_TIMEOUT_MS),
});
export type PrinterHardwareConfig = z.infer<typeof printerHardwareConfigSchema>;

/** Font A columns for a paper width. */
export function columnsForPaper(paperWidthMm: 58 | 80): number {
  return paperWidthMm === 80 ? COLUMNS_80MM : COLUMNS_58MM;
}

/** Driver settings shared by every way of opening a printer (timeouts, clock, logger). */
export type PrinterSettings = Omit<PrinterDriverOptions, 'transport'>;

export type PrinterConfig = PrinterSettings &
  (
    | {
        /** A serial port: a real printer, or the simulator's PTY (`npm start`). */
        kind: 'serial';
        path: string;
        /** Default 115200 (printer.md, project choice). */
        baudRate?: number;
      }
    | {
        /** A transport made elsewhere (memory pair in tests, a custom link). */
        kind: 'transport';
        transport: Transport;
        /** How to get a fresh transport after a loss; without it `reopen()` rejects. */
        reopenTransport?: () => Promise<Transport>;
      }
    | {
        /** An in-process simulator on a memory pair (demo without PTYs, tests). */
        kind: 'simulator';
        simulator?: Omit<PrinterSimulatorOptions, 'transport'>;
      }
  );

export interface OpenedPrinter {
  driver: PrinterDriver;
  /** The simulator, when `kind: 'simulator'` (fault injection, printed pages). */
  simulator?: PrinterSimulator;
  /** Opens the port again after it was lost (the supervisor's backoff reopen). */
  reopen(): Promise<void>;
  /** Closes the driver's port (and stops the simulator). */
  close(): Promise<void>;
}

/**
 * The one place that decides how the printer is reached. Opens the transport (rejecting with a
 * clear message if the port is missing, busy or not permitted) and hands it to a new driver.
 */
export async function openPrinter(config: PrinterConfig): Promise<OpenedPrinter> {
  const settings = settingsOf(config);
  if (config.kind === 'simulator') {
    const simulatorOptions: PrinterSimulatorOptions = { ...config.simulator };
    if (!simulatorOptions.clock && settings.clock) simulatorOptions.clock = settings.clock;
    const simulator = new PrinterSimulator(simulatorOptions);
    const pair = async (): Promise<Transport> => {
      const [host, device] = createMemoryTransportPair({ name: 'printer' });
      await host.open();
      await device.open();
      simulator.attach(device);
      return host;
    };
    const driver = new PrinterDriver({ ...settings, transport: await pair() });
    return {
      driver,
      simulator,
      reopen: async () => driver.attach(await pair()),
      close: async () => {
        simulator.stop();
        await driver.close();
      },
    };
  }

  const openSerial = async (): Promise<Transport> => {
    if (config.kind !== 'serial') {
      throw new Error(
        `printer: ${config.transport.description} cannot be reopened (no reopenTransport given)`,
      );
    }
    const transport = createSerialTransport({
      path: config.path,
      baudRate: config.baudRate ?? PRINTER_BAUD_RATE,
      description: `printer:${config.path}`,
    });
    await transport.open();
    return transport;
  };

  let first: Transport;
  if (config.kind === 'serial') {
    first = await openSerial();
  } else {
    first = config.transport;
    if (!first.isOpen) await first.open();
  }
  const driver = new PrinterDriver({ ...settings, transport: first });
  return {
    driver,
    async reopen() {
      const next =
        config.kind === 'transport' && config.reopenTransport
          ? await config.reopenTransport()
          : await openSerial();
      if (!next.isOpen) await next.open();
      driver.attach(next);
    },
    close: () => driver.close(),
  };
}

function settingsOf(config: PrinterConfig): PrinterSettings {
  if (config.kind === 'serial') {
    const { kind: _kind, path: _path, baudRate: _baudRate, ...settings } = config;
    return settings;
  }
  if (config.kind === 'simulator') {
    const { kind: _kind, simulator: _simulator, ...settings } = config;
    return settings;
  }
  const { kind: _kind, transport: _transport, reopenTransport: _reopen, ...settings } = config;
  return settings;
}
