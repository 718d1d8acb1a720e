import { err, ok, type Result } from '../../contracts/result';
import { CR, LF, MAX_MESSAGE_BYTES, SERIAL_INTER_BYTE_GAP_MS } from './protocol';
import type { ScanError } from './scan-event';

/**
 * Finds message boundaries in the serial byte stream (scanner.md §2): CR ends a message, an LF
 * right after a CR is dropped, silence over the inter-byte gap discards a partial message, and
 * input longer than the cap resets the buffer. It owns no timers: the caller passes each chunk's
 * arrival time, so the same code runs under a manual clock in tests.
 */

export interface SerialFramerOptions {
  /** Longest message kept, terminator excluded. Default MAX_MESSAGE_BYTES (4096). */
  maxMessageBytes?: number;
  /** A partial message older than this is dropped. Default SERIAL_INTER_BYTE_GAP_MS (50). */
  interByteGapMs?: number;
}

export interface FramedMessage {
  /** The message without its CR / CR+LF, AIM included. A fresh copy the caller may keep. */
  readonly bytes: Uint8Array;
  /** Arrival time of the chunk holding the CR. */
  readonly arrivalMs: number;
}

export type SerialFramerError = Extract<ScanError, { code: 'gap_timeout' | 'overflow' }>;
export type SerialFramerOutput = Result<FramedMessage, SerialFramerError>;

export class SerialFramer {
  private readonly maxMessageBytes: number;
  private readonly interByteGapMs: number;
  private buffer: Uint8Array;
  private length = 0;
  /** Arrival time of the last byte seen, or null before the first. */
  private lastArrivalMs: number | null = null;
  /** The previous byte was a CR, so an LF now is the second half of CR+LF. */
  private afterCr = false;
  /**
   * After an overflow the rest of that line is thrown away until a CR or a gap: otherwise the tail
   * of a 5000-byte flood would be read as a fresh message.
   */
  private skipping = false;

  constructor(options: SerialFramerOptions = {}) {
    this.maxMessageBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
    this.interByteGapMs = options.interByteGapMs ?? SERIAL_INTER_BYTE_GAP_MS;
    this.buffer = new Uint8Array(this.maxMessageBytes);
  }

  /** Bytes held for the message in progress. */
  get pendingBytes(): number {
    return this.length;
  }

  /** Feeds one chunk; returns the messages it completed and the errors it caused, in order. */
  push(chunk: Uint8Array, arrivalMs: number): SerialFramerOutput[] {
    const out: SerialFramerOutput[] = [];
    if (chunk.length === 0) return out;

    if (this.lastArrivalMs !== null) {
      const gapMs = arrivalMs - this.lastArrivalMs;
      if (gapMs > this.interByteGapMs) {
        if (this.length > 0) {
          out.push(err({ code: 'gap_timeout', discardedBytes: this.length, gapMs }));
        }
        this.length = 0;
        this.skipping = false;
        // A late LF still belongs to the CR before it, so `afterCr` survives the gap.
      }
    }
    this.lastArrivalMs = arrivalMs;

    for (const byte of chunk) {
      const afterCr = this.afterCr;
      this.afterCr = byte === CR;
      if (byte === CR) {
        if (this.skipping) {
          this.skipping = false;
        } else if (this.length > 0) {
          out.push(ok({ bytes: this.buffer.slice(0, this.length), arrivalMs }));
        }
        // An empty line (CR alone, CR CR) carries nothing; scanners send it as a keep-alive.
        this.length = 0;
        continue;
      }
      if (byte === LF && afterCr) continue;
      if (this.skipping) continue;
      if (this.length === this.maxMessageBytes) {
        out.push(err({ code: 'overflow', discardedBytes: this.length + 1 }));
        this.length = 0;
        this.skipping = true;
        continue;
      }
      this.buffer[this.length++] = byte;
    }
    return out;
  }

  /** Forgets any partial message (a reopened port starts clean). */
  reset(): void {
    this.length = 0;
    this.lastArrivalMs = null;
    this.afterCr = false;
    this.skipping = false;
  }
}
