import { STATUS_FIXED_MASK, STATUS_FIXED_VALUE } from '../../../hardware/printer/protocol';
import { conditionOf, decodeStatus, type StatusBytes } from '../../../hardware/printer/status';
import { rejectedSilently, type FuzzTarget } from '../fuzz-target';
import { randomStatusReplies } from '../valid/printer-jobs';

/**
 * decodeStatus on DLE EOT replies, one byte per query as the driver collects them: each message
 * is read as consecutive full reads (n = 1..4) and a last poll read (n = 1..3); fewer than three
 * bytes left over is a read that timed out (the driver's UNREACHABLE), not decoded. Reference
 * (printer.md §3): a reply whose fixed bits are wrong must be an error.
 */
export const printerStatusTarget: FuzzTarget = {
  name: 'printer.status',
  module: 'hardware/printer/status.ts',
  shape: 'message',
  resync: { gapMs: null, why: 'stateless: each call decodes one set of replies' },
  magicBytes: [0x12, 0x1a, 0x32, 0x7e, 0x1e, 0x16, 0x52, 0x93, 0x81, 0x00, 0xff],
  maxRandomLength: 24,
  validFrame: (rng) => [randomStatusReplies(rng)],
  createSession() {
    return {
      push(replies, _atMs, tally) {
        tally.fed += replies.length;
        for (const read of reads(replies)) {
          const decoded = decodeStatus(read);
          if (decoded.ok) {
            tally.good++;
            const s = decoded.value;
            tally.keys?.push(
              `${conditionOf(s).kind}|${s.paper}|${s.cover}|${s.online}|${s.error ?? '-'}`,
            );
          } else {
            tally.errors++;
          }
        }
        tally.accounted = tally.fed;
      },
    };
  },
  missedError(garbage, tally) {
    const bad = garbage.some((replies) =>
      reads(replies).some((read) =>
        [read[1], read[2], read[3], read[4]].some(
          (b) => b !== undefined && (b & STATUS_FIXED_MASK) !== STATUS_FIXED_VALUE,
        ),
      ),
    );
    return rejectedSilently(bad, tally);
  },
};

function reads(replies: Uint8Array): StatusBytes[] {
  const out: StatusBytes[] = [];
  let at = 0;
  while (replies.length - at >= 3) {
    const read: StatusBytes = {
      1: replies[at] ?? 0,
      2: replies[at + 1] ?? 0,
      3: replies[at + 2] ?? 0,
    };
    if (replies.length - at === 3) {
      at += 3;
    } else {
      read[4] = replies[at + 3] ?? 0;
      at += 4;
    }
    out.push(read);
  }
  return out;
}
