/**
 * One byte pipe to one device, whatever carries it (serial port, HID, in-memory pair).
 * A pulled cable is reported through `onLost`, never thrown past the transport (STYLE.md).
 */
export interface Transport {
  /** Human-readable location, e.g. "/dev/ttyUSB0" or "memory:dispenser". Never contains secrets. */
  readonly description: string;
  readonly isOpen: boolean;
  /** Rejects with a clear Error when the device cannot be opened (missing, busy, no permission). */
  open(): Promise<void>;
  /** Resolves when the bytes are handed to the OS. Rejects if the transport is not open or was lost. */
  write(data: Uint8Array): Promise<void>;
  /** Idempotent. */
  close(): Promise<void>;
  /** Subscribes to received bytes; returns the unsubscribe function. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Called once when the device disappears or a read/write fails (unplug, EIO). */
  onLost(listener: (error: Error) => void): () => void;
}
