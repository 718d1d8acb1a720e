import { createActor, fromCallback, fromPromise, waitFor, type Actor } from 'xstate';
import type { Clock } from '../../contracts/clock';
import type { DeviceLink } from '../../contracts/bridge';
import { createSerialTransport } from '../../hardware/transports/serial-transport';
import { findSerialPortPath } from '../../hardware/transports/find-serial-port';
import type { Transport } from '../../hardware/transports/transport';
import {
  deviceSupervisorMachine,
  supervisorLink,
  type SupervisorEvent,
} from '../../state-machines/device-supervisor';

/**
 * One device under its `deviceSupervisor` machine: the machine decides when to open, reopen and
 * wait; this file provides the effects — open the link (serial port, HID interface), hand it to
 * the driver, and turn the link's loss and the driver's own health view into supervisor events.
 */

export interface DeviceStatus {
  id: string;
  link: DeviceLink;
  port: string | null;
  reconnects: number;
  lastError: string | null;
}

/** An open connection to a device, whatever carries it. */
export interface OpenLink {
  /** Where it is, for the technician: a path or USB ids. */
  port: string;
  onLost(listener: (error: Error) => void): () => void;
  close(): Promise<void>;
}

export interface SupervisedDeviceOptions {
  id: string;
  clock: Clock;
  /** Opens the device and hands it to its driver; rejects with a reason a technician can act on. */
  open: () => Promise<OpenLink>;
  /** Driver-specific health (e.g. the dispenser's POLL supervision); returns its unsubscribe. */
  watchDriver?: (send: (event: SupervisorEvent) => void) => () => void;
  onChange: (status: DeviceStatus) => void;
}

export class SupervisedDevice {
  private link: OpenLink | null = null;
  private port: string | null = null;
  private readonly actor: Actor<typeof deviceSupervisorMachine>;

  constructor(private readonly options: SupervisedDeviceOptions) {
    const machine = deviceSupervisorMachine.provide({
      actors: {
        openDevice: fromPromise(async () => {
          this.link = await options.open();
          this.port = this.link.port;
        }),
        closeDevice: fromPromise(async () => {
          const link = this.link;
          this.link = null;
          if (link) await link.close().catch(() => undefined);
        }),
        watchDevice: fromCallback<SupervisorEvent, { device: string }>(({ sendBack }) => {
          const offLost =
            this.link?.onLost((e) => sendBack({ type: 'LOST', detail: e.message })) ?? (() => {});
          const offDriver = options.watchDriver?.(sendBack) ?? (() => {});
          return () => {
            offLost();
            offDriver();
          };
        }),
      },
    });
    this.actor = createActor(machine, { input: { device: options.id }, clock: options.clock });
    let last = '';
    this.actor.subscribe(() => {
      const status = this.status();
      const key = JSON.stringify(status);
      if (key !== last) {
        last = key;
        options.onChange(status);
      }
    });
  }

  start(): void {
    this.actor.start();
    this.actor.send({ type: 'START' });
  }

  async stop(): Promise<void> {
    this.actor.send({ type: 'STOP' });
    await waitFor(this.actor, (s) => s.matches('closed'));
    this.actor.stop();
  }

  status(): DeviceStatus {
    const snapshot = this.actor.getSnapshot();
    return {
      id: this.options.id,
      link: supervisorLink(snapshot.value),
      port: this.port,
      reconnects: snapshot.context.reconnects,
      lastError: snapshot.context.lastError,
    };
  }
}

export interface SerialPortConfig {
  path?: string | undefined;
  usb?: { vendorId: string; productId: string } | undefined;
  baudRate: number;
}

/** Opens a serial device by path or USB ids and gives its transport to `attach`. */
export function openSerialLink(
  id: string,
  config: SerialPortConfig,
  attach: (transport: Transport) => void,
): () => Promise<OpenLink> {
  return async () => {
    const path = config.path ?? (config.usb ? await findSerialPortPath(config.usb) : null);
    if (!path)
      throw new Error(
        `no serial port with USB id ${config.usb?.vendorId}:${config.usb?.productId}`,
      );
    const transport = createSerialTransport({
      path,
      baudRate: config.baudRate,
      description: `${id}:${path}`,
    });
    await transport.open();
    attach(transport);
    return { port: path, onLost: (l) => transport.onLost(l), close: () => transport.close() };
  };
}
