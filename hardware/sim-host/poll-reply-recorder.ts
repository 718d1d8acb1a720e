import type { DispenserSimulator } from '../dispenser/simulator';
import { POLL_FRAME } from '../dispenser/protocol';

/**
 * Measures, at the board's end of the wire, how long the kiosk takes to answer each POLL (the
 * 100 ms deadline of dispenser.md §3): from the POLL's bytes leaving the simulator to the first
 * bytes of the reply arriving. Kept in a bounded buffer for the bench to collect.
 */
const MAX_SAMPLES = 100_000;

export class PollReplyRecorder {
  private pollSentAt: number | null = null;
  private samples: number[] = [];

  constructor(sim: DispenserSimulator) {
    sim.onTraffic(({ dir, bytes }) => {
      const now = performance.now();
      if (dir === 'tx' && isPoll(bytes)) this.pollSentAt = now;
      else if (dir === 'rx' && this.pollSentAt !== null) {
        if (this.samples.length < MAX_SAMPLES) this.samples.push(now - this.pollSentAt);
        this.pollSentAt = null;
      }
    });
  }

  /** The samples since the last call, in ms. */
  take(): number[] {
    const out = this.samples;
    this.samples = [];
    return out;
  }
}

function isPoll(bytes: Uint8Array): boolean {
  return bytes.length === POLL_FRAME.length && bytes.every((b, i) => b === POLL_FRAME[i]);
}
