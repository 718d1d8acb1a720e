import { OximeterFramer } from '../../../hardware/oximeter/framer';
import { FRAME_LENGTH, FRAMES_PER_PACKET } from '../../../hardware/oximeter/protocol';
import { droppedSilently, type FuzzTarget } from '../fuzz-target';
import { randomOximeterPacket } from '../valid/oximeter-packets';
import { OXIMETER_MAGIC } from './oximeter-magic';
import { packetKey } from './oximeter-packet-key';

/**
 * The Nonin stream through OximeterFramer: 5-byte frames found by start byte, STATUS bit 7 and an
 * additive checksum, sliding one byte on failure, then 25-frame packets from SYNC.
 */
export const oximeterFramerTarget: FuzzTarget = {
  name: 'oximeter.framer',
  module: 'hardware/oximeter/framer.ts',
  shape: 'stream',
  resync: {
    gapMs: null,
    frames: 2,
    why:
      'the Nonin stream has no gap rule and no escape (vitals.md §A.2: slide one byte and retry); ' +
      'the tail of the garbage can join the next packet’s first bytes into a false frame, losing ' +
      'that packet, so the packet after it must decode',
  },
  magicBytes: OXIMETER_MAGIC,
  maxRandomLength: FRAME_LENGTH * FRAMES_PER_PACKET * 2,
  validFrame: (rng) => [randomOximeterPacket(rng)],
  createSession() {
    const framer = new OximeterFramer();
    return {
      push(chunk, atMs, tally) {
        tally.fed += chunk.length;
        for (const out of framer.push(chunk, atMs)) {
          switch (out.kind) {
            case 'frame':
              tally.accounted += out.bytes.length;
              break;
            case 'packet':
              tally.good++;
              tally.keys?.push(packetKey(out.packet));
              break;
            case 'missedData':
            case 'error':
              tally.errors++;
              break;
          }
        }
      },
    };
  },
  missedError: (_garbage, tally) => droppedSilently(tally),
};
