import { createSerialTransport } from '../transports/serial-transport';
import type { Transport } from '../transports/transport';
import { DispenserDriver, type DispenserDriverOptions } from './driver';
import { DISPENSER_BAUD_RATE } from './protocol';

export * from './codec';
export * from './driver';
export * from './framer';
export * from './protocol';
export * from './simulator';
export * from './status';

/** Driver settings shared by every way of opening a dispenser (timeouts, clock, 0xE6 support). */
export type DispenserSettings = Omit<DispenserDriverOptions, 'transport'>;

export type DispenserConfig = DispenserSettings &
  (
    | {
        /** A serial port: a real board, or the simulator's PTY (`npm start`). */
        kind: 'serial';
        path: string;
        /** Default 57600 (dispenser.md §1). */
        baudRate?: number;
      }
    | {
        /** A transport made elsewhere (memory pair in tests, a custom link). */
        kind: 'transport';
        transport: Transport;
        /** How to get a fresh transport after a loss; without it `reopen()` rejects. */
        reopenTransport?: () => Promise<Transport>;
      }
  );

export interface OpenedDispenser {
  driver: DispenserDriver;
  /**
   * Opens the port again after it was lost (the device supervisor's "backoff reopen") and hands
   * it to the driver, which resends an interrupted 0xE6 with the same dispenseId.
   */
  reopen(): Promise<void>;
  /** Stops the driver and closes the port. */
  close(): Promise<void>;
}

/**
 * The one place that decides how the dispenser is reached. Opens the transport (rejecting with a
 * clear message if the port is missing, busy or not permitted), then starts the driver.
 */
export async function openDispenser(config: DispenserConfig): Promise<OpenedDispenser> {
  const openTransport = async (): Promise<Transport> => {
    if (config.kind === 'serial') {
      const transport = createSerialTransport({
        path: config.path,
        baudRate: config.baudRate ?? DISPENSER_BAUD_RATE,
        description: `dispenser:${config.path}`,
      });
      await transport.open();
      return transport;
    }
    throw new Error(
      `dispenser: ${config.transport.description} cannot be reopened (no reopenTransport given)`,
    );
  };

  let first: Transport;
  if (config.kind === 'serial') {
    first = await openTransport();
  } else {
    first = config.transport;
    if (!first.isOpen) await first.open();
  }
  const driver = new DispenserDriver({ ...settingsOf(config), transport: first });
  driver.start();

  return {
    driver,
    async reopen() {
      const next =
        config.kind === 'transport' && config.reopenTransport
          ? await config.reopenTransport()
          : await openTransport();
      if (!next.isOpen) await next.open();
      driver.attach(next);
    },
    close: () => driver.stop(),
  };
}

function settingsOf(config: DispenserConfig): DispenserSettings {
  if (config.kind === 'serial') {
    const { kind: _kind, path: _path, baudRate: _baudRate, ...settings } = config;
    return settings;
  }
  const { kind: _kind, transport: _transport, reopenTransport: _reopen, ...settings } = config;
  return settings;
}
