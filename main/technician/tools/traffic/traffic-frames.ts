import type { TrafficFrame } from '../../../../contracts/technician/traffic';
import type { TrafficEntry } from '../../../diagnostics/device-traffic-ring';
import { scrubText } from '../../../diagnostics/redaction';

/**
 * Ring entries → the frames the traffic view shows. The ring made them safe when it recorded them
 * (scanner payloads redacted, a cuff's pressures dropped); the scrub here is the second net, so a
 * future driver that forgets cannot put a token on the screen. Each entry gets a number the first
 * time it is shown: the renderer's key, and "newer than" for the tests.
 */

const MAX_HEX = 400;
const MAX_SUMMARY = 300;

const cut = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

export class TrafficFrameNumbers {
  private readonly ids = new WeakMap<TrafficEntry, number>();
  private next = 0;

  /** `entries` oldest first (as the ring gives them), so numbers grow with time per device. */
  frames(entries: readonly TrafficEntry[]): TrafficFrame[] {
    return entries.map((entry) => this.frame(entry));
  }

  private frame(entry: TrafficEntry): TrafficFrame {
    let id = this.ids.get(entry);
    if (id === undefined) {
      id = this.next++;
      this.ids.set(entry, id);
    }
    return {
      id,
      at: entry.at,
      dir: entry.dir,
      hex: entry.hex === undefined ? null : cut(scrubText(entry.hex), MAX_HEX),
      summary: cut(scrubText(entry.summary), MAX_SUMMARY),
      error: entry.error === undefined ? null : cut(entry.error, 64),
    };
  }
}
