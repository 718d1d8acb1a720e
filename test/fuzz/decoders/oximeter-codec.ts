import { decodeFrame, decodePacket, type OximeterFrame } from '../../../hardware/oximeter/codec';
import {
  FRAME_LENGTH,
  FRAMES_PER_PACKET,
  START_BYTE,
  STATUS_ALWAYS_SET,
  STATUS_SYNC,
} from '../../../hardware/oximeter/protocol';
import { rejectedSilently, type FuzzTarget } from '../fuzz-target';
import { randomOximeterPacket } from '../valid/oximeter-packets';
import { OXIMETER_MAGIC } from './oximeter-magic';
import { packetKey } from './oximeter-packet-key';

/**
 * decodeFrame on each 5-byte slice of a message, then decodePacket on the frames. Reference
 * (vitals.md §A.2, §A.4): a packet is exactly 25 frames, each starting 0x01 with STATUS bit 7 and
 * a matching checksum, SYNC on frame 1 only.
 */
export const oximeterCodecTarget: FuzzTarget = {
  name: 'oximeter.codec',
  module: 'hardware/oximeter/codec.ts',
  shape: 'message',
  resync: { gapMs: null, why: 'stateless: each call decodes one frame / one packet' },
  magicBytes: OXIMETER_MAGIC,
  maxRandomLength: FRAME_LENGTH * FRAMES_PER_PACKET * 2,
  validFrame: (rng) => [randomOximeterPacket(rng)],
  createSession() {
    return {
      push(message, _atMs, tally) {
        tally.fed += message.length;
        const frames: OximeterFrame[] = [];
        let broken = false;
        for (let at = 0; at < message.length; at += FRAME_LENGTH) {
          const decoded = decodeFrame(message.subarray(at, at + FRAME_LENGTH));
          if (decoded.ok) frames.push(decoded.value);
          else {
            tally.errors++;
            broken = true;
          }
        }
        if (broken) return;
        const packet = decodePacket(frames);
        if (packet.ok) {
          tally.good++;
          tally.accounted += message.length;
          tally.keys?.push(packetKey(packet.value));
        } else {
          tally.errors++;
        }
      },
    };
  },
  missedError: (garbage, tally) =>
    rejectedSilently(
      garbage.some((m) => !isValidPacket(m)),
      tally,
    ),
};

function isValidPacket(m: Uint8Array): boolean {
  if (m.length !== FRAME_LENGTH * FRAMES_PER_PACKET) return false;
  for (let f = 0; f < FRAMES_PER_PACKET; f++) {
    const at = f * FRAME_LENGTH;
    const status = m[at + 1] ?? 0;
    const sum = ((m[at] ?? 0) + status + (m[at + 2] ?? 0) + (m[at + 3] ?? 0)) & 0xff;
    if (m[at] !== START_BYTE || (status & STATUS_ALWAYS_SET) === 0 || sum !== m[at + 4])
      return false;
    if (((status & STATUS_SYNC) !== 0) !== (f === 0)) return false;
  }
  return true;
}
