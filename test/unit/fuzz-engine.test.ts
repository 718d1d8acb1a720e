import { describe, expect, it } from 'vitest';
import { parseFuzzArgs } from '../fuzz/cli-args';
import { dispenserFramerTarget } from '../fuzz/decoders/dispenser-framer';
import { runFuzzTarget } from '../fuzz/fuzz-engine';
import type { FuzzSession, FuzzTarget } from '../fuzz/fuzz-target';
import { Prng } from '../fuzz/prng';

/**
 * The fuzz harness must see the faults it counts, or its zeros mean nothing: each test breaks a
 * real decoder session on purpose (throws, swallows errors, gets stuck) and expects the engine to
 * report exactly that.
 */

const FRAMES = 3_000;
/**
 * The broken sessions misbehave on chunks longer than any valid dispenser frame the generator
 * builds (45 bytes at most), so valid frames always decode and only garbage sets them off.
 */
const isLongGarbage = (chunk: Uint8Array): boolean => chunk.length > 200;

function withSession(wrap: (inner: FuzzSession) => FuzzSession): FuzzTarget {
  return {
    ...dispenserFramerTarget,
    createSession: () => wrap(dispenserFramerTarget.createSession()),
  };
}

describe('fuzz engine', () => {
  it('finds no fault in the real dispenser framer and replays the same run from a seed', () => {
    const a = runFuzzTarget(dispenserFramerTarget, { frames: FRAMES, seed: 7 });
    const b = runFuzzTarget(dispenserFramerTarget, { frames: FRAMES, seed: 7 });
    expect([a.escaped, a.missedErrors, a.resyncFailures]).toEqual([0, 0, 0]);
    expect({ ...b, seconds: 0 }).toEqual({ ...a, seconds: 0 });
  });

  it('counts an exception that escapes, with a reproducer that fails on a fresh decoder', () => {
    const target = withSession((inner) => ({
      push(chunk, atMs, tally) {
        if (isLongGarbage(chunk)) throw new TypeError('boom');
        inner.push(chunk, atMs, tally);
      },
    }));
    const result = runFuzzTarget(target, { frames: FRAMES, seed: 7 });
    expect(result.escaped).toBeGreaterThan(0);
    const failure = result.failures.find((f) => f.kind === 'exception');
    expect(failure?.detail).toContain('TypeError: boom');
    expect(failure?.reproducesOnFreshDecoder).toBe(true);
    expect(failure?.steps.some((s) => s.hex.length > 400)).toBe(true);
  });

  it('counts garbage that got no typed error when the decoder swallows its errors', () => {
    const target = withSession((inner) => ({
      push(chunk, atMs, tally) {
        const errorsBefore = tally.errors;
        inner.push(chunk, atMs, tally);
        tally.errors = errorsBefore;
      },
    }));
    expect(runFuzzTarget(target, { frames: FRAMES, seed: 7 }).missedErrors).toBeGreaterThan(0);
  });

  it('counts a decoder that stops decoding after some garbage as a resync failure', () => {
    const target = withSession((inner) => {
      let stuck = false;
      return {
        push(chunk, atMs, tally) {
          if (isLongGarbage(chunk)) stuck = true;
          if (!stuck) inner.push(chunk, atMs, tally);
        },
      };
    });
    const result = runFuzzTarget(target, { frames: FRAMES, seed: 7 });
    expect(result.resyncFailures).toBeGreaterThan(0);
    expect(result.failures.find((f) => f.kind === 'resync')?.reproducesOnFreshDecoder).toBe(true);
  });
});

describe('fuzz PRNG and command line', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number): number[] => {
      const rng = new Prng(seed);
      return Array.from({ length: 8 }, () => rng.u32());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('parses frames, seed, jobs and target names', () => {
    expect(parseFuzzArgs(['--frames', '1e5', '--seed=42', 'dispenser', '--jobs', '1'])).toEqual({
      help: false,
      frames: 100_000,
      seed: 42,
      jobs: 1,
      targets: ['dispenser'],
    });
    expect(parseFuzzArgs(['--frames', '250k']).frames).toBe(250_000);
    expect(() => parseFuzzArgs(['--frames', '0'])).toThrow(/positive integer/);
    expect(() => parseFuzzArgs(['--bogus'])).toThrow(/unknown option/);
  });
});
