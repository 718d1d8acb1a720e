import { encodeSentence, type CuffSentence } from '../../../hardware/bp-cuff/codec';
import type { Prng } from '../prng';

/** Random valid cuff sentences of every TYPE (vitals.md §B.2) through the codec's `encodeSentence`. */

const ERROR_TEXT = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ -';

function sentence(rng: Prng): CuffSentence {
  const seq = rng.int(1, 65535);
  switch (rng.below(6)) {
    case 0:
      return { type: 'START', seq };
    case 1:
      return { type: 'STOP', seq };
    case 2:
      return { type: 'ACK', seq };
    case 3:
      return { type: 'P', seq, phase: rng.chance(0.5) ? 'INF' : 'DEF', pressure: rng.int(0, 320) };
    case 4:
      return {
        type: 'R',
        seq,
        unit: rng.chance(0.9) ? 'mmHg' : 'kPa',
        systolic: rng.int(40, 300),
        diastolic: rng.int(20, 200),
        map: rng.int(30, 250),
        pulse: rng.int(20, 250),
        status: rng.below(0x10000),
      };
    default: {
      // Leading/trailing spaces are legal text, but keep one letter so the text is never blank.
      const text =
        rng.string('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 1) + rng.string(ERROR_TEXT, rng.int(0, 39));
      return { type: 'E', seq, code: `E0${rng.int(1, 7)}`, text };
    }
  }
}

export function randomCuffSentence(rng: Prng): Uint8Array {
  return encodeSentence(sentence(rng));
}
