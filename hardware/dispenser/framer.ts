import { checkFrameBoundary, decodeFrame, type CodecError, type Frame } from './codec';
import { MAX_FRAME_LENGTH, STX_1, STX_2 } from './protocol';

/** One thing the framer found in the byte stream, in stream order. */
export type FramerOutput =
  | { kind: 'frame'; frame: Frame; bytes: Uint8Array; at: number }
  /** `bytes` are the bytes the error is about: noise, a frame with a bad XOR, a truncated frame. */
  | { kind: 'error'; error: CodecError; bytes: Uint8Array; at: number };

export interface FramerOptions {
  /**
   * A partial frame is abandoned when the next chunk arrives more than this many milliseconds
   * later. Default 50 ms. The VMC sends a frame in one burst (a 255-byte frame takes 44 ms at
   * 57600 baud) and then waits at least one poll period, so a long gap means the partial frame
   * was noise, typically a corrupted LEN byte that promised more bytes than were ever sent.
   * Without this rule such a frame would swallow the next frames until LEN bytes had arrived.
   */
  staleAfterMs?: number;
}

export const DEFAULT_STALE_AFTER_MS = 50;

/**
 * Finds frame boundaries in the dispenser byte stream (dispenser.md §2 resync rule): scan for
 * FA FB; if LEN > 250 or the XOR is bad, drop the first byte and rescan. Handles a frame split
 * across chunks and several frames in one chunk. Pure: the caller supplies arrival times.
 */
export class DispenserFramer {
  private buffer = new Uint8Array(0);
  private lastAt: number | undefined;
  private readonly staleAfterMs: number;

  constructor(options: FramerOptions = {}) {
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  }

  /** Bytes held while waiting for the rest of a frame. */
  get pendingBytes(): number {
    return this.buffer.length;
  }

  /** Adds a chunk received at `at` (epoch ms) and returns everything it completed. */
  push(chunk: Uint8Array, at: number): FramerOutput[] {
    const out: FramerOutput[] = [];
    if (
      this.buffer.length > 0 &&
      this.lastAt !== undefined &&
      at - this.lastAt > this.staleAfterMs
    ) {
      out.push(...this.flush(this.lastAt));
    }
    this.lastAt = at;
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    const consumed = scan(joined, false, at, out);
    this.buffer = joined.slice(consumed);
    return out;
  }

  /** Ends the stream: whatever is held is resolved now (a partial frame becomes a TRUNCATED error). */
  flush(at: number = this.lastAt ?? 0): FramerOutput[] {
    const out: FramerOutput[] = [];
    scan(this.buffer, true, at, out);
    this.buffer = new Uint8Array(0);
    return out;
  }

  /** Forgets held bytes (the port was reopened). */
  reset(): void {
    this.buffer = new Uint8Array(0);
    this.lastAt = undefined;
  }
}

/**
 * Scans `buf`, appending outputs. Returns how many bytes were consumed; the rest is an incomplete
 * candidate frame to keep for the next chunk (none when `final`).
 */
function scan(buf: Uint8Array, final: boolean, at: number, out: FramerOutput[]): number {
  let noiseStart = -1;
  // Bytes up to here were already reported inside a bad-frame error; dropping them one by one
  // during the rescan must not report them a second time as noise.
  let reportedUntil = 0;

  const flushNoise = (end: number): void => {
    if (noiseStart < 0) return;
    const bytes = buf.slice(noiseStart, end);
    noiseStart = -1;
    if (bytes.length === 0) return;
    out.push({
      kind: 'error',
      error: { code: 'BAD_SYNC', detail: `${bytes.length} byte(s) of noise before FA FB` },
      bytes,
      at,
    });
  };
  const dropByte = (i: number): void => {
    if (i >= reportedUntil && noiseStart < 0) noiseStart = i;
  };

  let i = 0;
  while (i < buf.length) {
    if (buf[i] !== STX_1 || (i + 1 < buf.length && buf[i + 1] !== STX_2)) {
      dropByte(i);
      i++;
      continue;
    }
    const candidate = buf.subarray(i);
    const boundary = checkFrameBoundary(candidate);
    if (!boundary.ok && boundary.error.code === 'TRUNCATED') {
      if (!final) break;
      flushNoise(i);
      const bytes = buf.slice(i, Math.min(buf.length, i + MAX_FRAME_LENGTH));
      if (i >= reportedUntil) {
        out.push({ kind: 'error', error: boundary.error, bytes, at });
        reportedUntil = i + bytes.length;
      }
      i++;
      continue;
    }
    flushNoise(i);
    if (!boundary.ok) {
      // BAD_LENGTH or BAD_CHECKSUM: noise that happened to contain FA FB, or a damaged frame.
      const reportLength = boundary.error.code === 'BAD_CHECKSUM' ? (candidate[3] ?? 0) + 5 : 4;
      if (i >= reportedUntil) {
        out.push({
          kind: 'error',
          error: boundary.error,
          bytes: buf.slice(i, i + reportLength),
          at,
        });
        reportedUntil = i + reportLength;
      }
      i++;
      continue;
    }
    const bytes = buf.slice(i, i + boundary.value);
    const decoded = decodeFrame(bytes);
    out.push(
      decoded.ok
        ? { kind: 'frame', frame: decoded.value, bytes, at }
        : { kind: 'error', error: decoded.error, bytes, at },
    );
    i += boundary.value;
    reportedUntil = Math.max(reportedUntil, i);
  }
  flushNoise(i);
  return i;
}
