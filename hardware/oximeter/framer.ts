import {
  checkFrame,
  decodePacket,
  type OximeterCodecError,
  type OximeterFrame,
  type OximeterPacket,
} from './codec';
import { FRAME_LENGTH, FRAMES_PER_PACKET, STATUS_SYNC } from './protocol';

/** One thing the framer found in the byte stream, in stream order. */
export type OximeterFramerOutput =
  /** A frame that passed the start byte, STATUS bit 7 and CHK checks. */
  | { kind: 'frame'; frame: OximeterFrame; bytes: Uint8Array; at: number }
  /** 25 frames from a SYNC frame on: a complete packet (emitted right after its 25th frame). */
  | { kind: 'packet'; packet: OximeterPacket; at: number }
  /**
   * Frames that never became a packet (vitals.md `missed_data`): `partial` when a SYNC arrived
   * before 25 frames had been collected, `unsynced` for frames that arrived between packets with
   * no SYNC to start one (frame 1 of a packet was lost). Reported when the next SYNC arrives.
   */
  | { kind: 'missedData'; reason: 'partial' | 'unsynced'; frames: number; at: number }
  /**
   * Bytes dropped while resynchronising. BAD_CHECKSUM: a frame whose start byte and STATUS were
   * plausible but whose CHK was wrong (5 bytes, counted once). BAD_START / BAD_STATUS: a run of
   * noise (misalignment, a dropped byte, a baud mismatch), reported once per run.
   */
  | { kind: 'error'; error: OximeterCodecError; bytes: Uint8Array; at: number };

/** Running totals since construction or `reset()`. */
export interface OximeterFramerStats {
  frames: number;
  packets: number;
  badChecksumFrames: number;
  noiseBytes: number;
  /** Packets discarded as `missed_data` (partial or unsynced runs). */
  missedData: number;
}

/**
 * Finds frames in the Nonin byte stream and assembles them into packets (vitals.md §A.2, §A.4):
 * a 5-byte window is a frame when byte 1 is 0x01, STATUS bit 7 is set and CHK matches; otherwise
 * slide one byte and retry. A packet starts at a frame with SYNC and ends after 25 frames; a SYNC
 * before that discards the partial packet. Pure: owns no timers, the caller passes arrival times.
 */
export class OximeterFramer {
  private buffer = new Uint8Array(0);
  /** Bytes at the start of `buffer` already reported inside an error (not to report twice). */
  private reportedHeld = 0;
  /** Frames of the packet being assembled; undefined while waiting for a SYNC. */
  private partial: OximeterFrame[] | undefined;
  /** Frames seen since the last packet with no SYNC to start a new one. */
  private unsynced = 0;
  /** True once a SYNC has been seen: frames before the very first SYNC are not `missed_data`. */
  private synced = false;
  private counters: OximeterFramerStats = emptyStats();

  get stats(): Readonly<OximeterFramerStats> {
    return { ...this.counters };
  }

  /** Bytes held while waiting for the rest of a frame. */
  get pendingBytes(): number {
    return this.buffer.length;
  }

  /** Adds a chunk received at `at` (epoch ms) and returns everything it completed, in order. */
  push(chunk: Uint8Array, at: number): OximeterFramerOutput[] {
    const out: OximeterFramerOutput[] = [];
    const buf = new Uint8Array(this.buffer.length + chunk.length);
    buf.set(this.buffer, 0);
    buf.set(chunk, this.buffer.length);

    let reportedUntil = this.reportedHeld;
    let noiseStart = -1;
    let noiseCode: OximeterCodecError['code'] = 'BAD_START';
    const flushNoise = (end: number): void => {
      if (noiseStart < 0) return;
      const bytes = buf.slice(noiseStart, end);
      noiseStart = -1;
      if (bytes.length === 0) return;
      this.counters.noiseBytes += bytes.length;
      out.push({
        kind: 'error',
        error: { code: noiseCode, detail: `${bytes.length} byte(s) of noise dropped to resync` },
        bytes,
        at,
      });
    };

    let i = 0;
    while (i + FRAME_LENGTH <= buf.length) {
      const candidate = buf.subarray(i, i + FRAME_LENGTH);
      const checked = checkFrame(candidate);
      if (checked.ok) {
        flushNoise(i);
        out.push({ kind: 'frame', frame: checked.value, bytes: candidate.slice(), at });
        this.counters.frames++;
        this.assemble(checked.value, at, out);
        i += FRAME_LENGTH;
        reportedUntil = Math.max(reportedUntil, i);
        continue;
      }
      if (checked.error.code === 'BAD_CHECKSUM') {
        flushNoise(i);
        if (i >= reportedUntil) {
          this.counters.badChecksumFrames++;
          out.push({ kind: 'error', error: checked.error, bytes: candidate.slice(), at });
          reportedUntil = i + FRAME_LENGTH;
        }
      } else if (i >= reportedUntil && noiseStart < 0) {
        noiseStart = i;
        noiseCode = checked.error.code;
      }
      i++;
    }
    // Noise before the held tail is reported now; the tail may still become a frame.
    flushNoise(i);
    this.buffer = buf.slice(i);
    this.reportedHeld = Math.max(0, reportedUntil - i);
    return out;
  }

  /** Forgets held bytes and any partial packet (the port was reopened). Keeps `stats`. */
  reset(): void {
    this.buffer = new Uint8Array(0);
    this.reportedHeld = 0;
    this.partial = undefined;
    this.unsynced = 0;
    this.synced = false;
  }

  private assemble(frame: OximeterFrame, at: number, out: OximeterFramerOutput[]): void {
    if ((frame.status & STATUS_SYNC) !== 0) {
      if (this.partial && this.partial.length > 0) {
        this.counters.missedData++;
        out.push({ kind: 'missedData', reason: 'partial', frames: this.partial.length, at });
      } else if (this.unsynced > 0 && this.synced) {
        this.counters.missedData++;
        out.push({ kind: 'missedData', reason: 'unsynced', frames: this.unsynced, at });
      }
      this.synced = true;
      this.unsynced = 0;
      this.partial = [frame];
    } else if (this.partial) {
      this.partial.push(frame);
    } else {
      this.unsynced++;
      return;
    }
    if (this.partial.length < FRAMES_PER_PACKET) return;
    const decoded = decodePacket(this.partial);
    this.partial = undefined;
    // 25 frames with SYNC only on the first always decode; the check stays for safety.
    if (decoded.ok) {
      this.counters.packets++;
      out.push({ kind: 'packet', packet: decoded.value, at });
    } else {
      this.counters.missedData++;
      out.push({ kind: 'missedData', reason: 'partial', frames: FRAMES_PER_PACKET, at });
    }
  }
}

function emptyStats(): OximeterFramerStats {
  return { frames: 0, packets: 0, badChecksumFrames: 0, noiseBytes: 0, missedData: 0 };
}
