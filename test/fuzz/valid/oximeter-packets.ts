import { encodePacket, uniformValues, type StatusFlags } from '../../../hardware/oximeter/codec';
import { FRAMES_PER_PACKET, MISSING_HR, MISSING_SPO2 } from '../../../hardware/oximeter/protocol';
import type { Prng } from '../prng';

/**
 * Random valid Nonin packets (25 frames, SYNC on frame 1) through the codec's `encodePacket`, with
 * the conditions the simulator produces: good readings, finger out (missing values), motion
 * artefacts, low perfusion, a disconnected sensor.
 */

const PERFUSION = ['none', 'green', 'red', 'yellow'] as const;

export function randomOximeterPacket(rng: Prng): Uint8Array {
  const missing = rng.chance(0.1);
  const values = missing
    ? uniformValues(MISSING_HR, MISSING_SPO2)
    : uniformValues(rng.int(30, 250), rng.int(50, 100), {
        firmware: rng.byte(),
        timer: rng.below(0x4000),
        stat2: rng.byte(),
      });
  const condition = rng.below(5);
  const flags: Partial<StatusFlags>[] = [];
  for (let i = 0; i < FRAMES_PER_PACKET; i++) {
    flags.push({
      artifact: condition === 1 && rng.chance(0.5),
      outOfTrack: condition === 1 && rng.chance(0.3),
      sensorAlarm: missing,
      sensorDisconnected: condition === 2,
      perfusion: rng.pick(PERFUSION),
    });
  }
  const pleth = Array.from({ length: FRAMES_PER_PACKET }, () => rng.byte());
  return encodePacket(values, { flags, pleth });
}
