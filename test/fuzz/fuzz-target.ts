import type { Prng } from './prng';

/**
 * What the fuzz engine needs to know about one decoder: how to build a valid frame with the
 * device's own encoder, how to feed bytes with arrival times, and how to tell a good frame from a
 * typed error. One target per decoder or framer in hardware/ (registry: targets.ts).
 */

/** How the decoder takes its input, which decides how inputs are cut and mutated. */
export type InputShape =
  /** A byte stream with arrival times: the fuzzer may cut it into chunks anywhere. */
  | 'stream'
  /** Whole messages to a stateless codec: each chunk is one decode call. */
  | 'message'
  /** Device reports (HID): each chunk is one report, and report lists are mutated as lists. */
  | 'reports';

/**
 * What the protocol provides, between a garbage input and the next frame, to get back in step.
 * The engine applies exactly this before it feeds the valid frame, and no more: a decoder that
 * needs more than its protocol gives has a resync failure.
 */
export interface ResyncRule {
  /**
   * The decoder's arrival-gap rule in ms: the valid frame arrives more than this after the last
   * garbage byte. Null when the decoder has no gap rule (the valid frame follows at once).
   */
  gapMs: number | null;
  /** Bytes the protocol itself puts between messages that end a broken one (wedge: Enter). */
  leadIn?: Uint8Array;
  /** The stream ends (the decoder's flush) before the valid frame. */
  endOfStream?: boolean;
  /**
   * Most valid frames fed after the garbage, one at a time until one decodes exactly as on a
   * fresh decoder. Default 1. More than 1 only for protocols whose frames carry no boundary a
   * decoder could find (the oximeter's 5-byte frames, the wedge's keystrokes): the first frame may
   * be lost to the garbage, which the run counts as "late", not as a failure.
   */
  frames?: number;
  /** Why this is the protocol's own rule (printed by --help). */
  why: string;
}

/**
 * Counts one decoder session produced while the engine fed it. Sessions add to it; the engine
 * owns and resets it.
 */
export interface Tally {
  /** Good frames decoded. */
  good: number;
  /** Typed errors reported. */
  errors: number;
  /** Bytes (or reports) the decoder was given. */
  fed: number;
  /**
   * Of `fed`, the bytes the decoder accounted for without an error: inside a good frame, or a
   * byte the protocol says carries nothing (a keep-alive CR). A decoder that drops bytes and
   * reports nothing shows up as `accounted < fed` with `errors === 0`.
   */
  accounted: number;
  /**
   * Errors the decoder owed by the target's own check of its output: a good frame that breaks
   * the spec (a GTIN with a wrong check digit accepted), or bytes held at end of stream.
   */
  owed: number;
  /** When not null, one key per good frame, in order (only while checking resync). */
  keys: string[] | null;
}

export interface FuzzSession {
  /** Feeds one chunk (a byte run, a message, or a report) that arrived at `atMs`. */
  push(chunk: Uint8Array, atMs: number, tally: Tally): void;
  /** Ends the stream (the decoder's flush), where the decoder has one. */
  end?(atMs: number, tally: Tally): void;
}

export interface FuzzTarget {
  /** Stable id used on the command line and in reports, e.g. `dispenser.framer`. */
  name: string;
  /** The module under test, for the report. */
  module: string;
  shape: InputShape;
  resync: ResyncRule;
  createSession(): FuzzSession;
  /**
   * One valid frame built with the device's encoder. 'stream' and 'message' targets return one
   * part; 'reports' targets return the reports of one barcode.
   */
  validFrame(rng: Prng): Uint8Array[];
  /** Bytes worth planting when mutating: sync and start bytes, terminators, length values. */
  magicBytes: readonly number[];
  /** Longest random input: bytes, or reports for 'reports' targets. */
  maxRandomLength: number;
  /** How many valid frames to pre-build (encoders that are slow get a smaller pool). */
  poolSize?: number;
  /**
   * True when this garbage input required a typed error and `tally` (everything the decoder
   * produced from the garbage up to and including the valid frame that followed) shows none.
   */
  missedError(garbage: readonly Uint8Array[], tally: Tally): boolean;
}

/** The usual check for framers: some bytes were neither in a good frame nor reported. */
export function droppedSilently(tally: Tally): boolean {
  return tally.errors === 0 && (tally.accounted < tally.fed || tally.owed > 0);
}

/** For targets with a reference check: the spec says reject (or the session found owed errors). */
export function rejectedSilently(mustReject: boolean, tally: Tally): boolean {
  return tally.errors === 0 && (mustReject || tally.owed > 0);
}
