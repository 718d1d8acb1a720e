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
 * One serial device under its `deviceSupervisor` machine: the machine decides when to open,
 * reopen and give up for a while; this file provides the effects — find and open the port, hand
 * the transport to the driver, and turn the transport's loss and the driver's own link view into
 * supervisor events.
 */

export interface SerialPortConfig {
  path?: string | undefined;
  usb?: { vendorId: string; productId: string } | undefined;
  baudRate: number;
}

export interface DeviceStatus {
  id: string;
  link: DeviceLink;
  port: string | null;
  reconnects: number;
  lastError: string | null;
}

export interface SupervisedSerialDeviceOptions {
  id: string;
  config: SerialPortConfig;
  clock: Clock;
  /** Gives the driver each newly opened transport. */
  attach: (transport: Transport) => void;
  /** Driver-specific health (e.g. the dispenser's POLL supervision); returns its unsubscribe. */
  watchDriver?: (send: (event: SupervisorEvent) => void) => () => void;
  onChange: (status: DeviceStatus) => void;
}

export class SupervisedSerialDevice {
  private transport: Transport | null = null;
  private port: string | null = null;
  private readonly actor: Actor<typeof deviceSupervisorMachine>;

  constructor(private readonly options: SupervisedSerialDeviceOptions) {
    const machine = deviceSupervisorMachine.provide({
      actors: {
        openDevice: fromPromise(() => this.open()),
        closeDevice: fromPromise(() => this.close()),
        watchDevice: fromCallback<SupervisorEvent, { device: string }>(({ sendBack }) => {
          const offLost =
            this.transport?.onLost((e) => sendBack({ type: 'LOST', detail: e.message })) ??
            (() => {});
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

  private async open(): Promise<void> {
    const { config } = this.options;
    const path = config.path ?? (config.usb ? await findSerialPortPath(config.usb) : null);
    if (!path)
      throw new Error(
        `no serial port with USB id ${config.usb?.vendorId}:${config.usb?.productId}`,
      );
    const transport = createSerialTransport({
      path,
      baudRate: config.baudRate,
      description: `${this.options.id}:${path}`,
    });
    await transport.open();
    this.transport = transport;
    this.port = path;
    this.options.attach(transport);
  }

  private async close(): Promise<void> {
    const t = this.transport;
    this.transport = null;
    if (t) await t.close().catch(() => undefined);
  }
}
