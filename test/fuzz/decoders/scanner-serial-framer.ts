import { decodeSerialMessage, encodeSerialMessage } from '../../../hardware/scanner/codec';
import { SerialFramer } from '../../../hardware/scanner/framer';
import { MAX_MESSAGE_BYTES, SERIAL_INTER_BYTE_GAP_MS } from '../../../hardware/scanner/protocol';
import { droppedSilently, type FuzzTarget } from '../fuzz-target';
import { randomScanPayload } from '../valid/scan-payloads';
import { SCANNER_MAGIC } from './scanner-magic';
import { LineEndingCounter } from './line-endings';
import { scanKey } from './scan-key';

/**
 * The serial/CDC scanner stream: SerialFramer (CR, optional LF, 4,096-byte cap, 50 ms gap) and
 * then decodeSerialMessage on each message, as the serial driver does. CR and the LF after it
 * carry nothing (an empty line is a keep-alive), so they are accounted without a frame.
 */
export const scannerSerialFramerTarget: FuzzTarget = {
  name: 'scanner.serial',
  module: 'hardware/scanner/framer.ts + codec.ts',
  shape: 'stream',
  resync: {
    gapMs: SERIAL_INTER_BYTE_GAP_MS,
    why: 'a partial message is dropped after a 50 ms inter-byte gap (scanner.md §2)',
  },
  magicBytes: SCANNER_MAGIC,
  maxRandomLength: MAX_MESSAGE_BYTES + 600,
  validFrame(rng) {
    const { aim, text } = randomScanPayload(rng, MAX_MESSAGE_BYTES);
    return [encodeSerialMessage(text, aim, rng.chance(0.3) ? 'crlf' : 'cr')];
  },
  createSession() {
    const framer = new SerialFramer();
    const lineEndings = new LineEndingCounter();
    return {
      push(chunk, atMs, tally) {
        tally.fed += chunk.length;
        tally.accounted += lineEndings.count(chunk);
        for (const framed of framer.push(chunk, atMs)) {
          if (!framed.ok) {
            tally.errors++;
            continue;
          }
          const scan = decodeSerialMessage(framed.value.bytes);
          if (scan.ok) {
            tally.good++;
            tally.accounted += framed.value.bytes.length;
            tally.keys?.push(scanKey(scan.value));
          } else {
            tally.errors++;
          }
        }
      },
    };
  },
  missedError: (_garbage, tally) => droppedSilently(tally),
};
