import { decodeSentence, type CuffCodecError, type CuffSentence } from './codec';
import { LF, MAX_LINE_BYTES, SENTENCE_START } from './protocol';

export type CuffFramerErrorCode =
  | CuffCodecError['code']
  /** Bytes outside any sentence (line noise, a reply from a confused device). */
  | 'NOISE'
  /** A `$` arrived before the line ended: the partial line is dropped (a truncated line). */
  | 'TRUNCATED'
  /** A partial line was left waiting longer than `staleAfterMs`: dropped (missing terminator). */
  | 'STALE';

export interface CuffFramerError {
  code: CuffFramerErrorCode;
  detail: string;
  type?: string;
}

/** One thing found in the byte stream, in stream order. */
export type CuffFramerOutput =
  /** `bytes` is the whole line, `$` through LF. */
  | { kind: 'sentence'; sentence: CuffSentence; bytes: Uint8Array; at: number }
  | { kind: 'error'; error: CuffFramerError; bytes: Uint8Array; at: number };

export interface CuffFramerOptions {
  /**
   * A partial line is dropped when the next chunk arrives more than this many ms later. Default
   * 50 ms: a 96-byte line takes 8 ms at 115200 baud and the cuff writes each line in one go, while
   * its sentences are 200 ms apart, so a longer gap means the terminator was lost.
   */
  staleAfterMs?: number;
}

export const DEFAULT_CUFF_STALE_AFTER_MS = 50;

/**
 * Finds sentence boundaries in the cuff's ASCII stream (vitals.md §B.2): a line starts at `$` and
 * ends at LF (CR before it optional); `$` never occurs inside a sentence, so a `$` always starts a
 * new one and drops a partial line; a line that reaches 96 bytes without LF is dropped and the
 * rest of it skipped. Every complete line is decoded with the codec. Pure: owns no timers.
 */
export class CuffFramer {
  private readonly staleAfterMs: number;
  /** The line being collected (from `$`), or undefined between lines. */
  private line: number[] | undefined;
  /** After an over-long line: skip until the next `$` or LF. */
  private skipping = false;
  private lastAt: number | undefined;

  constructor(options: CuffFramerOptions = {}) {
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_CUFF_STALE_AFTER_MS;
  }

  /** Bytes held for the line in progress. */
  get pendingBytes(): number {
    return this.line?.length ?? 0;
  }

  push(chunk: Uint8Array, at: number): CuffFramerOutput[] {
    const out: CuffFramerOutput[] = [];
    if (this.line && this.lastAt !== undefined && at - this.lastAt > this.staleAfterMs) {
      out.push({
        kind: 'error',
        error: {
          code: 'STALE',
          detail: `line without terminator dropped after ${at - this.lastAt} ms of silence`,
        },
        bytes: Uint8Array.from(this.line),
        at,
      });
      this.line = undefined;
    }
    this.lastAt = at;

    let noise: number[] = [];
    const flushNoise = (): void => {
      if (noise.length === 0) return;
      out.push({
        kind: 'error',
        error: { code: 'NOISE', detail: `${noise.length} byte(s) outside a sentence` },
        bytes: Uint8Array.from(noise),
        at,
      });
      noise = [];
    };

    for (const byte of chunk) {
      if (byte === SENTENCE_START) {
        flushNoise();
        if (this.line) {
          out.push({
            kind: 'error',
            error: { code: 'TRUNCATED', detail: 'a new $ arrived before the line ended' },
            bytes: Uint8Array.from(this.line),
            at,
          });
        }
        this.skipping = false;
        this.line = [byte];
        continue;
      }
      if (!this.line) {
        if (this.skipping) {
          if (byte === LF) this.skipping = false;
        } else {
          noise.push(byte);
        }
        continue;
      }
      this.line.push(byte);
      if (byte === LF) {
        const bytes = Uint8Array.from(this.line);
        this.line = undefined;
        const decoded = decodeSentence(bytes);
        out.push(
          decoded.ok
            ? { kind: 'sentence', sentence: decoded.value, bytes, at }
            : { kind: 'error', error: decoded.error, bytes, at },
        );
      } else if (this.line.length >= MAX_LINE_BYTES) {
        out.push({
          kind: 'error',
          error: { code: 'TOO_LONG', detail: `no LF within ${MAX_LINE_BYTES} bytes` },
          bytes: Uint8Array.from(this.line),
          at,
        });
        this.line = undefined;
        this.skipping = true;
      }
    }
    flushNoise();
    return out;
  }

  /** Forgets any partial line (a reopened port starts clean). */
  reset(): void {
    this.line = undefined;
    this.skipping = false;
    this.lastAt = undefined;
  }
}
