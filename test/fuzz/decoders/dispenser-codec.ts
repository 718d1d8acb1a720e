import { decodeFrame, describeFrame, xorChecksum } from '../../../hardware/dispenser/codec';
import {
  FRAME_OVERHEAD,
  MAX_FRAME_LENGTH,
  MAX_LEN,
  OFFSET_LEN,
  STX_1,
  STX_2,
} from '../../../hardware/dispenser/protocol';
import { rejectedSilently, type FuzzTarget } from '../fuzz-target';
import { randomDispenserFrame } from '../valid/dispenser-frames';
import { DISPENSER_MAGIC } from './dispenser-magic';

/**
 * `decodeFrame` on exactly one candidate frame. Reference (dispenser.md §2): a frame is FA FB,
 * LEN ≤ 250, exactly LEN + 5 bytes and a matching XOR; anything else must be a CodecError.
 */
export const dispenserCodecTarget: FuzzTarget = {
  name: 'dispenser.codec',
  module: 'hardware/dispenser/codec.ts',
  shape: 'message',
  resync: { gapMs: null, why: 'stateless: each call decodes one whole frame' },
  magicBytes: DISPENSER_MAGIC,
  maxRandomLength: MAX_FRAME_LENGTH + 8,
  validFrame: (rng) => [randomDispenserFrame(rng)],
  createSession() {
    return {
      push(message, _atMs, tally) {
        tally.fed += message.length;
        const decoded = decodeFrame(message);
        if (decoded.ok) {
          tally.good++;
          tally.accounted += message.length;
          tally.keys?.push(describeFrame(decoded.value));
        } else {
          tally.errors++;
        }
      },
    };
  },
  missedError: (garbage, tally) =>
    rejectedSilently(
      garbage.some((m) => !isStructurallyValid(m)),
      tally,
    ),
};

function isStructurallyValid(m: Uint8Array): boolean {
  const len = m[OFFSET_LEN] ?? 0;
  return (
    m.length >= FRAME_OVERHEAD &&
    m[0] === STX_1 &&
    m[1] === STX_2 &&
    len <= MAX_LEN &&
    m.length === len + FRAME_OVERHEAD &&
    xorChecksum(m, 0, m.length - 1) === m[m.length - 1]
  );
}
