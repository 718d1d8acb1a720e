import { createSerialTransport } from '../transports/serial-transport';
import type { Transport } from '../transports/transport';
import { OximeterDriver, type OximeterDriverOptions } from './driver';
import { OXIMETER_BAUD_RATE } from './protocol';

/** Nonin OEM III pulse oximeter (Data Format #2): wire format, framing, driver, simulator. */
export * from './codec';
export * from './driver';
export * from './framer';
export * from './protocol';
export * from './simulator';
export * from './status';

/** Driver settings shared by every way of opening the oximeter (clock, batching, link rules). */
export type OximeterSettings = Omit<OximeterDriverOptions, 'transport'>;

export type OximeterConfig = OximeterSettings &
  (
    | {
        /** A serial port: the real module, or the simulator's PTY. */
        kind: 'serial';
        path: string;
        /** Default 9600 (vitals.md §A.1). */
        baudRate?: number;
      }
    | {
        /** A transport made elsewhere (memory pair in tests). */
        kind: 'transport';
        transport: Transport;
        /** How to get a fresh transport after a loss; without it `reopen()` rejects. */
        reopenTransport?: () => Promise<Transport>;
      }
  );

export interface OpenedOximeter {
  driver: OximeterDriver;
  /** Opens the port again after a loss and hands it to the driver. */
  reopen(): Promise<void>;
  close(): Promise<void>;
}

/** The one place that decides how the oximeter is reached. Rejects if the port cannot be opened. */
export async function openOximeter(config: OximeterConfig): Promise<OpenedOximeter> {
  const openSerial = async (): Promise<Transport> => {
    if (config.kind !== 'serial') {
      throw new Error(
        `oximeter: ${config.transport.description} cannot be reopened (no reopenTransport given)`,
      );
    }
    const transport = createSerialTransport({
      path: config.path,
      baudRate: config.baudRate ?? OXIMETER_BAUD_RATE,
      description: `oximeter:${config.path}`,
    });
    await transport.open();
    return transport;
  };
  const first = config.kind === 'serial' ? await openSerial() : config.transport;
  const { clock, liveBatchMs, linkDownAfterMs, linkDegradedAfterMs } = config;
  const driver = new OximeterDriver({
    transport: first,
    clock,
    liveBatchMs,
    linkDownAfterMs,
    linkDegradedAfterMs,
  });
  await driver.open();
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
