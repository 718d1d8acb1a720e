import type { Clock } from '../../contracts/clock';
import type { DeviceLink } from '../../contracts/bridge';
import { createSerialTransport } from '../../hardware/transports/serial-transport';
import type { Transport } from '../../hardware/transports/transport';
import { findSerialPortPath } from '../../hardware/transports/find-serial-port';

/**
 * Keeps one serial device open: opens it, and when the cable is pulled (a failed read/write or an
 * unexpected close) reports `lost` and reopens it with a capped backoff, handing every new open
 * transport to the driver. The full per-device supervisor machine comes with the hardware issue;
 * this is the part the patient flow needs now.
 */

/** First retry after a loss; doubles up to the cap, so a replugged cable is found within seconds. */
const REOPEN_FIRST_DELAY_MS = 250;
const REOPEN_MAX_DELAY_MS = 5_000;

export interface SerialPortConfig {
  path?: string | undefined;
  usb?: { vendorId: string; productId: string } | undefined;
  baudRate: number;
}

export interface ReopeningSerialPortOptions {
  name: string;
  config: SerialPortConfig;
  clock: Clock;
  onTransport: (transport: Transport) => void;
  onLink: (link: DeviceLink, detail?: string) => void;
}

export class ReopeningSerialPort {
  private stopped = false;
  private timer: unknown = null;
  private delay = REOPEN_FIRST_DELAY_MS;
  private current: Transport | null = null;
  private link: DeviceLink = 'closed';

  constructor(private readonly options: ReopeningSerialPortOptions) {}

  get state(): DeviceLink {
    return this.link;
  }

  /** Tries to open now; on failure keeps trying in the background. Never throws. */
  async start(): Promise<void> {
    await this.tryOpen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    const t = this.current;
    this.current = null;
    if (t) await t.close().catch(() => undefined);
    this.setLink('closed');
  }

  private setLink(link: DeviceLink, detail?: string): void {
    if (link === this.link) return;
    this.link = link;
    this.options.onLink(link, detail);
  }

  private async tryOpen(): Promise<void> {
    if (this.stopped) return;
    this.setLink('opening');
    const path = this.options.config.path ?? (await findSerialPortPath(this.options.config.usb!));
    if (!path) {
      this.retryLater(
        `no serial port with USB id ${this.options.config.usb?.vendorId}:${this.options.config.usb?.productId}`,
      );
      return;
    }
    const transport = createSerialTransport({
      path,
      baudRate: this.options.config.baudRate,
      description: `${this.options.name}:${path}`,
    });
    try {
      await transport.open();
    } catch (e) {
      this.retryLater((e as Error).message);
      return;
    }
    if (this.stopped) {
      await transport.close().catch(() => undefined);
      return;
    }
    this.current = transport;
    this.delay = REOPEN_FIRST_DELAY_MS;
    transport.onLost((error) => {
      if (this.current !== transport) return;
      this.current = null;
      this.retryLater(error.message);
    });
    this.setLink('ready');
    this.options.onTransport(transport);
  }

  private retryLater(detail: string): void {
    if (this.stopped) return;
    this.setLink('lost', detail);
    const wait = this.delay;
    this.delay = Math.min(this.delay * 2, REOPEN_MAX_DELAY_MS);
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = null;
      void this.tryOpen();
    }, wait);
  }
}
