import { decodeSerialMessage, encodeSerialMessage } from '../../../hardware/scanner/codec';
import {
  AIM_FLAG,
  MAX_MESSAGE_BYTES,
  isAimCodeChar,
  isAimModifierChar,
  isAllowedScanByte,
} from '../../../hardware/scanner/protocol';
import { rejectedSilently, type FuzzTarget } from '../fuzz-target';
import { randomScanPayload } from '../valid/scan-payloads';
import { SCANNER_MAGIC } from './scanner-magic';
import { scanKey } from './scan-key';

/**
 * decodeSerialMessage on one message (terminator removed, as the framer hands it over).
 * Reference (scanner.md §2, §7): empty, over 4,096 bytes, a byte outside printable ASCII + GS, or
 * a `]` that does not start a well-formed AIM must be a typed ScanError.
 */
export const scannerSerialCodecTarget: FuzzTarget = {
  name: 'scanner.serial.codec',
  module: 'hardware/scanner/codec.ts',
  shape: 'message',
  resync: { gapMs: null, why: 'stateless: each call decodes one whole message' },
  magicBytes: SCANNER_MAGIC,
  maxRandomLength: MAX_MESSAGE_BYTES + 600,
  validFrame(rng) {
    const { aim, text } = randomScanPayload(rng, MAX_MESSAGE_BYTES);
    const wire = encodeSerialMessage(text, aim);
    return [wire.subarray(0, wire.length - 1)];
  },
  createSession() {
    return {
      push(message, _atMs, tally) {
        tally.fed += message.length;
        const scan = decodeSerialMessage(message);
        if (scan.ok) {
          tally.good++;
          tally.accounted += message.length;
          tally.keys?.push(scanKey(scan.value));
        } else {
          tally.errors++;
        }
      },
    };
  },
  missedError: (garbage, tally) => rejectedSilently(garbage.some(mustReject), tally),
};

function mustReject(m: Uint8Array): boolean {
  if (m.length === 0 || m.length > MAX_MESSAGE_BYTES) return true;
  if (
    m[0] === AIM_FLAG &&
    (m.length < 3 || !isAimCodeChar(m[1] ?? 0) || !isAimModifierChar(m[2] ?? 0))
  ) {
    return true;
  }
  // With an AIM, the data after it must not be empty.
  if (m[0] === AIM_FLAG && m.length === 3) return true;
  return m.some((b) => !isAllowedScanByte(b));
}
