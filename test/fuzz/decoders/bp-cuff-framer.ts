import { encodeSentenceText } from '../../../hardware/bp-cuff/codec';
import { CuffFramer, DEFAULT_CUFF_STALE_AFTER_MS } from '../../../hardware/bp-cuff/framer';
import { MAX_LINE_BYTES } from '../../../hardware/bp-cuff/protocol';
import { droppedSilently, type FuzzTarget } from '../fuzz-target';
import { randomCuffSentence } from '../valid/cuff-sentences';
import { CUFF_MAGIC } from './cuff-magic';

/** The cuff's ASCII stream through CuffFramer (`$` … LF, 96-byte cap, 50 ms stale rule) and the codec. */
export const bpCuffFramerTarget: FuzzTarget = {
  name: 'bp-cuff.framer',
  module: 'hardware/bp-cuff/framer.ts',
  shape: 'stream',
  resync: {
    gapMs: DEFAULT_CUFF_STALE_AFTER_MS,
    why: 'a partial line is dropped after 50 ms of silence (framer.ts); a `$` also starts afresh',
  },
  magicBytes: CUFF_MAGIC,
  maxRandomLength: MAX_LINE_BYTES * 4,
  validFrame: (rng) => [randomCuffSentence(rng)],
  createSession() {
    const framer = new CuffFramer();
    return {
      push(chunk, atMs, tally) {
        tally.fed += chunk.length;
        for (const out of framer.push(chunk, atMs)) {
          if (out.kind === 'sentence') {
            tally.good++;
            tally.accounted += out.bytes.length;
            tally.keys?.push(encodeSentenceText(out.sentence));
          } else {
            tally.errors++;
          }
        }
      },
    };
  },
  missedError: (_garbage, tally) => droppedSilently(tally),
};
