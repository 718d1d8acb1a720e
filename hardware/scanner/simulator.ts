import { systemClock, type Clock } from '../../contracts/clock';
import type { Transport } from '../transports/transport';
import { encodeSerialMessage, type SerialLineEnding } from './codec';
import { AIM_QR_PLAIN, CR, SERIAL_INTER_BYTE_GAP_MS } from './protocol';

/**
 * The scanner's side of a serial line: writes what a real unit in AIM mode would send, reusing the
 * codec's encoder, plus the faults of scanner.md §6 that apply to serial.
 */

export interface ScannerSimulatorOptions {
  readonly transport: Transport;
  /** Paces the faults that need a pause (a person re-scanning). Default: the system clock. */
  readonly clock?: Clock;
  /** What ends a normal scan. Default `cr`. */
  readonly lineEnding?: SerialLineEnding;
}

/**
 * A pause comfortably over the 50 ms inter-byte gap, as when a person scans again: long enough that
 * scheduling jitter on a busy test machine cannot shrink it under the gap.
 */
export const RESCAN_PAUSE_MS = SERIAL_INTER_BYTE_GAP_MS * 4;

/** 5000 bytes: the flood of §6, longer than the 4096-byte cap. */
export const DEFAULT_FLOOD_BYTES = 5000;

export class ScannerSimulator {
  private readonly transport: Transport;
  private readonly clock: Clock;
  private readonly lineEnding: SerialLineEnding;

  constructor(options: ScannerSimulatorOptions) {
    this.transport = options.transport;
    this.clock = options.clock ?? systemClock;
    this.lineEnding = options.lineEnding ?? 'cr';
  }

  /** A good read: AIM + text + CR. The default AIM is a plain QR, as for `shc:/` tokens. */
  async scan(text: string, aim: string | null = AIM_QR_PLAIN): Promise<void> {
    await this.transport.write(encodeSerialMessage(text, aim, this.lineEnding));
  }

  /** Fault: a unit that ends every message with CR+LF. */
  async scanCrLf(text: string, aim: string | null = AIM_QR_PLAIN): Promise<void> {
    await this.transport.write(encodeSerialMessage(text, aim, 'crlf'));
  }

  /** Fault: a scanner not programmed to send an AIM prefix. */
  async scanWithoutAim(text: string): Promise<void> {
    await this.scan(text, null);
  }

  /** Fault: a prefix that starts with `]` but is not an identifier (corrupted on the line). */
  async scanWithBrokenAim(text: string): Promise<void> {
    await this.transport.write(encodeSerialMessage(text, ']#!', this.lineEnding));
  }

  /** Fault: line noise, by default one NUL byte such as a cable being plugged in produces. */
  async noise(bytes: readonly number[] = [0x00]): Promise<void> {
    await this.transport.write(Uint8Array.from(bytes));
  }

  /** Fault: one non-ASCII byte (default 0xE9, Latin-1 "é") inserted at `offset` of the text. */
  async scanWithNonAscii(
    text: string,
    aim: string | null = AIM_QR_PLAIN,
    { offset = 0, byte = 0xe9 }: { offset?: number; byte?: number } = {},
  ): Promise<void> {
    const good = encodeSerialMessage(text, aim, this.lineEnding);
    const at = Math.min((aim?.length ?? 0) + offset, good.length - 1);
    const bad = new Uint8Array(good.length + 1);
    bad.set(good.subarray(0, at), 0);
    bad[at] = byte;
    bad.set(good.subarray(at), at + 1);
    await this.transport.write(bad);
  }

  /**
   * Fault: the first scan loses its CR, then after `pauseMs` the next scan arrives normally. With
   * the default pause the gap rule drops the first; with `pauseMs: 0` both glue into one message.
   */
  async missingCrThenScan(
    first: string,
    second: string,
    {
      aim = AIM_QR_PLAIN,
      pauseMs = RESCAN_PAUSE_MS,
    }: { aim?: string | null; pauseMs?: number } = {},
  ): Promise<void> {
    const firstBytes = encodeSerialMessage(first, aim, 'cr');
    await this.transport.write(firstBytes.subarray(0, firstBytes.length - 1));
    if (pauseMs > 0) await this.idle(pauseMs);
    await this.scan(second, aim);
  }

  /**
   * Fault: a stuck or misconfigured unit pouring printable bytes with no CR (default 5000, over the
   * 4096-byte cap). `terminate` appends a CR, as some units do when the trigger is released.
   */
  async flood(
    length = DEFAULT_FLOOD_BYTES,
    { terminate = false }: { terminate?: boolean } = {},
  ): Promise<void> {
    const bytes = new Uint8Array(length + (terminate ? 1 : 0)).fill(0x41);
    if (terminate) bytes[length] = CR;
    await this.transport.write(bytes);
  }

  /** Waits on the simulator's clock: a quiet line for `ms`. */
  idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.clock.setTimeout(resolve, ms);
    });
  }
}
