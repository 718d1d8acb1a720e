import { SerialPort } from 'serialport';
import { hangupAwareBinding } from './hangup-aware-binding';
import type { Transport } from './transport';

export interface SerialTransportOptions {
  /** Device path, e.g. "/dev/ttyUSB0" or a PTY "/dev/pts/7". */
  path: string;
  /** Line rate. A PTY ignores it; a USB-serial adapter does not. */
  baudRate: number;
  /** Default 8. */
  dataBits?: 5 | 6 | 7 | 8;
  /** Default 1. */
  stopBits?: 1 | 1.5 | 2;
  /** Default "none". */
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  /** Take an exclusive lock so a second process cannot open the same port. Default true. */
  lock?: boolean;
  /** Shown in logs instead of the path. Default `serial:<path>`. */
  description?: string;
}

/**
 * A Transport over `serialport`. The port is opened with the library's defaults and no
 * modem-control calls: on a PTY (simulator, tests) the DTR/RTS ioctls fail with ENOTTY/EINVAL,
 * and the dispenser boards do not use hardware handshaking anyway.
 *
 * Unplug detection: serialport reports a pulled USB adapter (or a killed socat) only through a
 * failed read or write, after which it emits `close` with a DisconnectedError. Any such close, any
 * `error` event and any failed write is reported once through `onLost`. A hung-up tty reads as end
 * of file, which serialport itself would retry forever; the wrapped binding turns it into a loss.
 */
export function createSerialTransport(options: SerialTransportOptions): Transport {
  return new SerialTransport(options);
}

class SerialTransport implements Transport {
  readonly description: string;
  private port: SerialPort | undefined;
  private closingOnPurpose = false;
  private lostError: Error | undefined;
  private readonly dataListeners = new Set<(chunk: Uint8Array) => void>();
  private readonly lostListeners = new Set<(error: Error) => void>();
  /** Writes that serialport has not called back yet; rejected on loss so no caller hangs. */
  private readonly pendingWrites = new Set<(error: Error) => void>();

  constructor(private readonly options: SerialTransportOptions) {
    this.description = options.description ?? `serial:${options.path}`;
  }

  get isOpen(): boolean {
    return this.port?.isOpen === true && this.lostError === undefined;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    if (this.lostError) {
      throw new Error(
        `${this.description} was lost (${this.lostError.message}); create a new transport to reopen it`,
      );
    }
    const { path, baudRate } = this.options;
    if (!path) throw new Error('serial transport: no device path configured');
    const portOptions = {
      path,
      baudRate,
      dataBits: this.options.dataBits ?? 8,
      stopBits: this.options.stopBits ?? 1,
      parity: this.options.parity ?? 'none',
      lock: this.options.lock ?? true,
      autoOpen: false,
      // serialport's options type hides `binding`, but its constructor honours it; see
      // hangup-aware-binding.ts for why the platform binding is wrapped.
      binding: hangupAwareBinding,
    };
    const port = new SerialPort(portOptions);
    await new Promise<void>((resolve, reject) => {
      port.open((error) => (error ? reject(describeOpenError(path, error)) : resolve()));
    });
    this.port = port;
    port.on('data', (chunk: Buffer) => {
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength).slice();
      for (const listener of [...this.dataListeners]) listener(bytes);
    });
    // serialport emits `close` with a DisconnectedError (`disconnected: true`) after a failed
    // read; a close we did not ask for is a loss whatever its argument.
    port.on('close', (error: Error | null) => {
      if (this.closingOnPurpose) return;
      this.markLost(error ?? new Error(`${this.description} closed unexpectedly`));
    });
    port.on('error', (error: Error) => this.markLost(error));
    // Defensive: a read that returns end-of-file would end the stream without a close.
    port.on('end', () => {
      if (!this.closingOnPurpose) this.markLost(new Error(`${this.description}: end of stream`));
    });
  }

  async write(data: Uint8Array): Promise<void> {
    const port = this.port;
    if (this.lostError) throw new Error(`${this.description} is lost: ${this.lostError.message}`);
    // serialport queues a write on a closed port until it opens again, which never happens after
    // an unplug, so a write on a port that is not open must fail here.
    if (!port || !this.isOpen) throw new Error(`${this.description} is not open`);
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error): void => {
        this.pendingWrites.delete(fail);
        reject(error);
      };
      this.pendingWrites.add(fail);
      port.write(Buffer.from(data), (error) => {
        if (!this.pendingWrites.has(fail)) return;
        this.pendingWrites.delete(fail);
        if (error) {
          this.markLost(error);
          reject(error);
        } else {
          resolve();
        }
      });
    });
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (!port || !port.isOpen) return;
    this.closingOnPurpose = true;
    await new Promise<void>((resolve) => {
      // A close error here means the descriptor is already gone: closed is what we wanted.
      port.close(() => resolve());
    });
    this.rejectPendingWrites(new Error(`${this.description} was closed`));
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onLost(listener: (error: Error) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  private markLost(error: Error): void {
    if (this.lostError || this.closingOnPurpose) return;
    this.lostError = error;
    this.rejectPendingWrites(error);
    const port = this.port;
    if (port?.isOpen) {
      // Release the descriptor (and the lock) so the device can be reopened when it returns.
      port.close(() => undefined);
    }
    for (const listener of [...this.lostListeners]) listener(error);
  }

  private rejectPendingWrites(error: Error): void {
    for (const fail of [...this.pendingWrites]) fail(error);
  }
}

/**
 * serialport's open errors are terse ("Error Resource temporarily unavailable Cannot lock port").
 * This names the path, the cause in plain words and what to do about it.
 */
export function describeOpenError(path: string, error: Error): Error {
  const text = `${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}`;
  let reason: string;
  if (/ENOENT|No such file or directory/i.test(text)) {
    reason = 'no such device: is it plugged in, and is the path in the hardware config right?';
  } else if (/Cannot lock port|EBUSY|Resource temporarily unavailable|EAGAIN|busy/i.test(text)) {
    reason = 'the port is busy: another process (or another kiosk instance) already has it open';
  } else if (/EACCES|EPERM|Permission denied|Operation not permitted/i.test(text)) {
    reason = 'permission denied: add the kiosk user to the "dialout" group or fix the udev rule';
  } else {
    reason = error.message;
  }
  return new Error(`Cannot open serial port ${path}: ${reason} (${error.message})`, {
    cause: error,
  });
}
