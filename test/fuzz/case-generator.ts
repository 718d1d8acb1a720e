import { concatBytes } from './bytes';
import type { FuzzTarget } from './fuzz-target';
import { mutateBytes, randomBytes, randomLength, splice } from './mutate';
import type { Prng } from './prng';

/**
 * Builds one garbage input for a target: a random byte string of random length, or valid frames
 * from the pool, damaged (bit flips, byte insert/delete, truncation, duplication, splicing two
 * frames) and cut into chunks with arrival times.
 */

export interface FuzzCase {
  /** Chunks in arrival order (byte runs, messages or reports, per the target's shape). */
  chunks: Uint8Array[];
  /** Milliseconds since the previous chunk (or since the previous case) for each chunk. */
  delays: number[];
  /** 'random' or 'mutated', for the report of a failure. */
  kind: 'random' | 'mutated';
}

/** One valid frame built with the device encoder, kept for the whole run. */
export interface PooledFrame {
  /** As the target returned it: one part, or one report per part. */
  parts: readonly Uint8Array[];
  /** The parts joined, built once (stream and message targets use it whole). */
  whole: Uint8Array;
}

/** Valid frames built once per run, reused as mutation seeds and as resync frames. */
export type FramePool = readonly PooledFrame[];

export function generateCase(target: FuzzTarget, pool: FramePool, rng: Prng): FuzzCase {
  switch (target.shape) {
    case 'stream':
      return streamCase(target, pool, rng);
    case 'message':
      return messageCase(target, pool, rng);
    case 'reports':
      return reportsCase(target, pool, rng);
  }
}

function poolFrame(pool: FramePool, rng: Prng): Uint8Array {
  return rng.pick(pool).whole;
}

/** One byte string: random, or 1–3 pool frames (maybe spliced) with 1–3 mutations. */
function garbageBytes(target: FuzzTarget, pool: FramePool, rng: Prng, maxFrames: number) {
  if (rng.chance(0.25)) {
    const bytes = randomBytes(rng, randomLength(rng, target.maxRandomLength), target.magicBytes);
    return { bytes, kind: 'random' as const };
  }
  const count = rng.chance(0.6) ? 1 : rng.int(1, maxFrames);
  const frames: Uint8Array[] = [];
  for (let i = 0; i < count; i++) frames.push(poolFrame(pool, rng));
  let bytes = frames.length === 1 && frames[0] ? frames[0] : concatBytes(frames);
  if (rng.chance(0.15)) bytes = splice(bytes, poolFrame(pool, rng), rng);
  // A few cases keep the frames whole: only the chunking damages them (split across chunks).
  if (rng.chance(0.9)) bytes = mutateBytes(bytes, rng, target.magicBytes);
  return { bytes, kind: 'mutated' as const };
}

/** An ordinary delay between chunks: under the gap rule, so the chunks belong together. */
function shortDelay(target: FuzzTarget, rng: Prng): number {
  const gap = target.resync.gapMs;
  return gap === null ? rng.int(0, 20) : rng.int(0, Math.max(1, Math.floor(gap / 2)));
}

/** Now and then a silence longer than the gap in the middle of the garbage. */
function delay(target: FuzzTarget, rng: Prng): number {
  const gap = target.resync.gapMs;
  if (gap !== null && rng.chance(0.05)) return gap + rng.int(1, 50);
  return shortDelay(target, rng);
}

function streamCase(target: FuzzTarget, pool: FramePool, rng: Prng): FuzzCase {
  const { bytes, kind } = garbageBytes(target, pool, rng, 3);
  const chunks = splitBytes(bytes, rng);
  const delays: number[] = [];
  for (let i = 0; i < chunks.length; i++) delays.push(delay(target, rng));
  return { chunks, delays, kind };
}

function messageCase(target: FuzzTarget, pool: FramePool, rng: Prng): FuzzCase {
  // Two frames in one message now and then: trailing bytes after a good frame.
  const { bytes, kind } = garbageBytes(target, pool, rng, 2);
  return { chunks: [bytes], delays: [shortDelay(target, rng)], kind };
}

/**
 * Cuts a byte string as a UART, a USB-serial adapter or a PTY might deliver it: whole, in a few
 * pieces, or nearly byte by byte.
 */
export function splitBytes(bytes: Uint8Array, rng: Prng): Uint8Array[] {
  const r = rng.below(10);
  const pieces = r < 4 ? 1 : r < 8 ? rng.int(2, 4) : rng.int(5, 16);
  if (pieces === 1 || bytes.length < 2) return [bytes];
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 1; i < pieces && start < bytes.length - 1; i++) {
    // Each cut lands somewhere in what is left, so the pieces shrink roughly geometrically.
    const cut = rng.int(start + 1, bytes.length - 1);
    out.push(bytes.subarray(start, cut));
    start = cut;
  }
  out.push(bytes.subarray(start));
  return out;
}

/**
 * Report lists: random reports, or the reports of 1–2 barcodes with reports damaged, dropped
 * (the last one never arrives), duplicated, swapped, or a continuation bit stuck.
 */
function reportsCase(target: FuzzTarget, pool: FramePool, rng: Prng): FuzzCase {
  const reportLength = pool[0]?.parts[0]?.length ?? 64;
  const randomReport = (): Uint8Array => {
    const length = rng.chance(0.7) ? reportLength : rng.int(0, reportLength + 16);
    const report = randomBytes(rng, length, target.magicBytes);
    // Mostly the right report ID, so the random report reaches the decoder's later checks.
    if (report.length > 0 && rng.chance(0.7)) report[0] = pool[0]?.parts[0]?.[0] ?? 0;
    return report;
  };

  let reports: Uint8Array[];
  let kind: FuzzCase['kind'];
  if (rng.chance(0.25)) {
    kind = 'random';
    reports = [];
    const count = rng.int(1, Math.max(1, Math.min(6, target.maxRandomLength)));
    for (let i = 0; i < count; i++) reports.push(randomReport());
  } else {
    kind = 'mutated';
    reports = [...rng.pick(pool).parts];
    if (rng.chance(0.3)) reports.push(...rng.pick(pool).parts);
    const rounds = rng.int(1, 3);
    for (let i = 0; i < rounds; i++) reports = mutateReports(reports, rng, target, randomReport);
  }
  // Reports of one barcode come every 1–8 ms; sometimes the rest is late (around the 100 ms
  // reassembly gap) or very late (around the 1 s late-continuation window).
  const delays = reports.map(() => (rng.chance(0.05) ? rng.int(90, 1100) : rng.int(0, 8)));
  return { chunks: reports, delays, kind };
}

function mutateReports(
  reports: Uint8Array[],
  rng: Prng,
  target: FuzzTarget,
  randomReport: () => Uint8Array,
): Uint8Array[] {
  const out = [...reports];
  const at = rng.below(Math.max(1, out.length));
  const report = out[at];
  switch (rng.below(8)) {
    case 0:
    case 1:
      // Damage inside one report; mostly keeping its length so the deeper checks run.
      if (report) {
        const damaged = rng.chance(0.8)
          ? sameLength(report, rng, target)
          : mutateBytes(report, rng, target.magicBytes);
        out[at] = damaged;
      }
      return out;
    case 2:
      out.splice(at, 1);
      return out;
    case 3:
      if (report) out.splice(at, 0, report);
      return out;
    case 4: {
      const other = rng.below(Math.max(1, out.length));
      const a = out[at];
      const b = out[other];
      if (a && b) {
        out[at] = b;
        out[other] = a;
      }
      return out;
    }
    case 5:
      return out.slice(0, rng.below(out.length + 1));
    case 6:
      out.splice(at, 0, randomReport());
      return out;
    default: {
      // A stuck continuation bit or a corrupt length byte: the two faults scanner.md §6 names.
      if (!report) return out;
      const copy = report.slice();
      if (copy.length > 1) {
        if (rng.chance(0.5)) copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) | 0x01;
        else copy[1] = rng.byte();
      }
      out[at] = copy;
      return out;
    }
  }
}

function sameLength(report: Uint8Array, rng: Prng, target: FuzzTarget): Uint8Array {
  const mutated = mutateBytes(report, rng, target.magicBytes);
  const out = new Uint8Array(report.length);
  out.set(mutated.subarray(0, report.length));
  return out;
}
