import { describeFrame } from '../../../hardware/dispenser/codec';
import { DEFAULT_STALE_AFTER_MS, DispenserFramer } from '../../../hardware/dispenser/framer';
import { MAX_FRAME_LENGTH } from '../../../hardware/dispenser/protocol';
import { droppedSilently, type FuzzTarget } from '../fuzz-target';
import { DISPENSER_MAGIC } from './dispenser-magic';
import { randomDispenserFrame } from '../valid/dispenser-frames';

/**
 * The VMC byte stream through DispenserFramer (FA FB sync, LEN, XOR, resync by dropping one byte,
 * a stale partial dropped after 50 ms). Every byte must end up in a frame or in a typed error.
 */
export const dispenserFramerTarget: FuzzTarget = {
  name: 'dispenser.framer',
  module: 'hardware/dispenser/framer.ts',
  shape: 'stream',
  resync: {
    gapMs: DEFAULT_STALE_AFTER_MS,
    why: 'a partial frame is abandoned when the next chunk comes more than 50 ms later (framer.ts)',
  },
  magicBytes: DISPENSER_MAGIC,
  maxRandomLength: MAX_FRAME_LENGTH * 3,
  validFrame: (rng) => [randomDispenserFrame(rng)],
  createSession() {
    const framer = new DispenserFramer();
    return {
      push(chunk, atMs, tally) {
        tally.fed += chunk.length;
        for (const out of framer.push(chunk, atMs)) {
          if (out.kind === 'frame') {
            tally.good++;
            tally.accounted += out.bytes.length;
            tally.keys?.push(describeFrame(out.frame));
          } else {
            tally.errors++;
          }
        }
      },
    };
  },
  missedError: (_garbage, tally) => droppedSilently(tally),
};
