import {
  EscPosParser,
  type EscPosCommand,
  type EscPosToken,
} from '../../../hardware/printer/escpos';
import { ESC, GS, DLE, FS, LF } from '../../../hardware/printer/protocol';
import { latin1Text } from '../bytes';
import { droppedSilently, type FuzzTarget, type Tally } from '../fuzz-target';
import { randomLabelJob } from '../valid/printer-jobs';

/**
 * The printer simulator's ESC/POS tokenizer (EscPosParser) on label jobs from the kiosk's label
 * encoder. ESC/POS has no framing: a damaged length can swallow what follows, exactly as on a
 * real printer, so the stream ends (flush) between the garbage and the next job. Every byte the
 * parser consumes becomes a token; the bytes it still holds when the stream ends must come back as
 * a TRUNCATED issue.
 */
export const printerEscPosTarget: FuzzTarget = {
  name: 'printer.escpos',
  module: 'hardware/printer/escpos.ts',
  shape: 'stream',
  resync: {
    gapMs: null,
    endOfStream: true,
    why:
      'ESC/POS has no frame boundary or gap rule (printer.md §1); a job is resynchronised only at ' +
      'the end of the stream (flush), as a printer only recovers at power-up',
  },
  magicBytes: [
    ESC,
    GS,
    DLE,
    FS,
    LF,
    0x04,
    0x28,
    0x6b,
    0x76,
    0x2a,
    0x40,
    0x56,
    0x31,
    0x50,
    0x30,
    0x00,
    0xff,
  ],
  maxRandomLength: 512,
  poolSize: 64,
  validFrame: (rng) => [randomLabelJob(rng)],
  createSession() {
    const parser = new EscPosParser();
    return {
      push(chunk, _atMs, tally) {
        tally.fed += chunk.length;
        count(parser.push(chunk), tally);
        // What the parser no longer holds was turned into tokens (or a reported skip).
        tally.accounted = tally.fed - parser.pendingBytes;
      },
      end(_atMs, tally) {
        const held = parser.pendingBytes;
        const errorsBefore = tally.errors;
        count(parser.flush(), tally);
        if (held > 0 && tally.errors === errorsBefore) tally.owed++;
        tally.accounted = tally.fed;
      },
    };
  },
  missedError: (_garbage, tally) => droppedSilently(tally),
};

/** Keys merge adjacent text tokens, whose split depends only on how the chunks arrived. */
function count(tokens: readonly EscPosToken[], tally: Tally): void {
  for (const token of tokens) {
    if (!token.ok) {
      tally.errors++;
      continue;
    }
    tally.good++;
    const keys = tally.keys;
    if (!keys) continue;
    const c = token.value;
    if (c.kind === 'text') {
      const text = latin1Text(c.bytes);
      const last = keys.length - 1;
      if (last >= 0 && keys[last]?.startsWith('text:')) keys[last] += text;
      else keys.push(`text:${text}`);
    } else {
      keys.push(commandKey(c));
    }
  }
}

/** A command and its fields as one string; byte fields as Latin-1. */
function commandKey(c: EscPosCommand): string {
  let key: string = c.kind;
  // for…in rather than Object.entries: this runs for every token of every resync job.
  for (const field in c) {
    if (field === 'kind') continue;
    const value: unknown = c[field as keyof EscPosCommand];
    key += `;${value instanceof Uint8Array ? latin1Text(value) : String(value)}`;
  }
  return key;
}
