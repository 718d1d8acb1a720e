import { createSerialTransport } from '../transports/serial-transport';
import type { Transport } from '../transports/transport';
import { BpCuffDriver, type BpCuffDriverOptions } from './driver';
import { BP_CUFF_BAUD_RATE } from './protocol';

/** Blood-pressure cuff on the project's `$BP` serial line protocol: codec, framing, driver, simulator. */
export * from './codec';
export * from './driver';
export * from './framer';
export * from './protocol';
export * from './simulator';
export * from './status';

/** Driver settings shared by every way of opening the cuff (clock, timeouts, batching). */
export type BpCuffSettings = Omit<BpCuffDriverOptions, 'transport'>;

export type BpCuffConfig = BpCuffSettings &
  (
    | {
        /** A serial port: the real cuff, or the simulator's PTY. */
        kind: 'serial';
        path: string;
        /** Default 115200 (vitals.md §B.2). */
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

export interface OpenedBpCuff {
  driver: BpCuffDriver;
  /** Opens the port again after a loss and hands it to the driver (seq restarts at 1). */
  reopen(): Promise<void>;
  close(): Promise<void>;
}

/** The one place that decides how the cuff is reached. Rejects if the port cannot be opened. */
export async function openBpCuff(config: BpCuffConfig): Promise<OpenedBpCuff> {
  const openSerial = async (): Promise<Transport> => {
    if (config.kind !== 'serial') {
      throw new Error(
        `bp-cuff: ${config.transport.description} cannot be reopened (no reopenTransport given)`,
      );
    }
    const transport = createSerialTransport({
      path: config.path,
      baudRate: config.baudRate ?? BP_CUFF_BAUD_RATE,
      description: `bp-cuff:${config.path}`,
    });
    await transport.open();
    return transport;
  };
  const first = config.kind === 'serial' ? await openSerial() : config.transport;
  const { clock, ackTimeoutMs, maxResends, progressTimeoutMs, liveBatchMs, framerStaleAfterMs } =
    config;
  const driver = new BpCuffDriver({
    transport: first,
    clock,
    ackTimeoutMs,
    maxResends,
    progressTimeoutMs,
    liveBatchMs,
    framerStaleAfterMs,
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
