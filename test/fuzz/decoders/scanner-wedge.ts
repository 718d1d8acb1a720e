import { encodeSerialMessage } from '../../../hardware/scanner/codec';
import { GS, MAX_MESSAGE_BYTES } from '../../../hardware/scanner/protocol';
import { WedgeDecoder } from '../../../hardware/scanner/wedge-decoder';
import { latin1Text } from '../bytes';
import { droppedSilently, type FuzzTarget } from '../fuzz-target';
import { randomScanPayload } from '../valid/scan-payloads';
import { SCANNER_MAGIC } from './scanner-magic';
import { LineEndingCounter } from './line-endings';
import { scanKey } from './scan-key';

/** The GS stand-in the wedge scanner is programmed with in this run (scanner.md §3). */
const GS_SUBSTITUTE = '~';

/**
 * Keyboard-wedge keystrokes (WEDGE_KEYS batches) through WedgeDecoder, configured with an AIM
 * prefix and `~` for GS so every decoder path runs. Input bytes become characters one to one
 * (Latin-1), so a byte ≥ 0x80 is a character a non-US layout produced.
 */
export const scannerWedgeTarget: FuzzTarget = {
  name: 'scanner.wedge',
  module: 'hardware/scanner/wedge-decoder.ts',
  shape: 'stream',
  resync: {
    gapMs: null,
    frames: 2,
    why:
      'the wedge has no gap rule (scanner.md §7): a broken line ends only at the next Enter, so ' +
      'the scan right after garbage absorbs it and the one after must decode',
  },
  magicBytes: SCANNER_MAGIC,
  maxRandomLength: MAX_MESSAGE_BYTES + 600,
  validFrame(rng) {
    const { aim, text } = randomScanPayload(rng, MAX_MESSAGE_BYTES);
    // The scanner types the substitute where the symbol has GS; the decoder maps it back.
    const typed = encodeSerialMessage(text, aim).map((b) =>
      b === GS ? GS_SUBSTITUTE.charCodeAt(0) : b,
    );
    return [typed];
  },
  createSession() {
    const decoder = new WedgeDecoder({ config: { aimPrefix: true, gsSubstitute: GS_SUBSTITUTE } });
    const lineEndings = new LineEndingCounter();
    return {
      push(chunk, atMs, tally) {
        const keys = latin1Text(chunk);
        // The decoder sees UTF-8: characters U+0080–U+00FF are two bytes.
        tally.fed += Buffer.byteLength(keys, 'utf8');
        tally.accounted += lineEndings.count(chunk);
        for (const output of decoder.push(keys, atMs)) {
          if (output.ok) {
            tally.good++;
            tally.accounted += (output.value.aim?.length ?? 0) + output.value.raw.length;
            tally.keys?.push(scanKey(output.value));
          } else {
            tally.errors++;
          }
        }
      },
    };
  },
  missedError: (_garbage, tally) => droppedSilently(tally),
};
