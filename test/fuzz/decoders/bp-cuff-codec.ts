import { decodeSentence, encodeSentenceText } from '../../../hardware/bp-cuff/codec';
import {
  CHECKSUM_DELIMITER,
  CR,
  LF,
  MAX_LINE_BYTES,
  SENTENCE_START,
} from '../../../hardware/bp-cuff/protocol';
import { rejectedSilently, type FuzzTarget } from '../fuzz-target';
import { randomCuffSentence } from '../valid/cuff-sentences';
import { CUFF_MAGIC } from './cuff-magic';

/**
 * decodeSentence on one line. Reference (vitals.md §B.2, §C): over 96 bytes with CR LF, a byte
 * outside printable ASCII, no leading `$`, no `*HH`, or HH not the XOR of the body must be an error.
 */
export const bpCuffCodecTarget: FuzzTarget = {
  name: 'bp-cuff.codec',
  module: 'hardware/bp-cuff/codec.ts',
  shape: 'message',
  resync: { gapMs: null, why: 'stateless: each call decodes one line' },
  magicBytes: CUFF_MAGIC,
  maxRandomLength: MAX_LINE_BYTES + 16,
  validFrame: (rng) => [randomCuffSentence(rng)],
  createSession() {
    return {
      push(line, _atMs, tally) {
        tally.fed += line.length;
        const decoded = decodeSentence(line);
        if (decoded.ok) {
          tally.good++;
          tally.accounted += line.length;
          tally.keys?.push(encodeSentenceText(decoded.value));
        } else {
          tally.errors++;
        }
      },
    };
  },
  missedError: (garbage, tally) =>
    rejectedSilently(
      garbage.some((l) => !isWellFormedLine(l)),
      tally,
    ),
};

function isWellFormedLine(line: Uint8Array): boolean {
  let body = line;
  if (body.at(-1) === LF) body = body.subarray(0, body.length - (body.at(-2) === CR ? 2 : 1));
  const withTerminator = body.length === line.length ? body.length + 2 : line.length;
  if (withTerminator > MAX_LINE_BYTES || body.length < 4) return false;
  if (body.some((b) => b < 0x20 || b > 0x7e)) return false;
  const star = body.length - 3;
  if (body[0] !== SENTENCE_START || body[star] !== CHECKSUM_DELIMITER) return false;
  let xor = 0;
  for (let i = 1; i < star; i++) xor ^= body[i] ?? 0;
  const hh = String.fromCharCode(body[star + 1] ?? 0, body[star + 2] ?? 0);
  return /^[0-9A-Fa-f]{2}$/.test(hh) && parseInt(hh, 16) === xor;
}
