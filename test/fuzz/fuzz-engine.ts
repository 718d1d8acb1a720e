import { concatBytes, toHex } from './bytes';
import { generateCase, splitBytes, type FuzzCase, type PooledFrame } from './case-generator';
import type { FuzzSession, FuzzTarget, Tally } from './fuzz-target';
import { Prng, deriveSeed } from './prng';

/**
 * Runs one fuzz target: N garbage inputs, each followed by what the protocol gives to resync and a
 * valid frame, on one long-lived decoder session (state leaks between inputs are part of what is
 * tested). Counts escaped exceptions, garbage that got no typed error where one was owed, and
 * valid frames that did not decode as they do on a fresh decoder.
 */

export interface FuzzRunOptions {
  frames: number;
  seed: number;
  /** Called now and then with the cases done so far. */
  onProgress?: (done: number) => void;
  /** Failures kept per kind for the report. Default 3. */
  examples?: number;
}

/** One call into the decoder, as replayed in a reproducer. */
export interface FuzzStep {
  kind: 'push' | 'end';
  /** Hex of the chunk ('' for end). */
  hex: string;
  /** Milliseconds after the first step of the case. */
  atMs: number;
  /** Part of the resync (lead-in, end of stream, valid frame) rather than the garbage. */
  resync: boolean;
}

export type FuzzFailureKind = 'exception' | 'resync' | 'missed_error';

export interface FuzzFailure {
  kind: FuzzFailureKind;
  target: string;
  seed: number;
  caseIndex: number;
  caseKind: 'random' | 'mutated';
  detail: string;
  steps: FuzzStep[];
  /** The same steps on a brand-new decoder fail the same way (else earlier inputs matter). */
  reproducesOnFreshDecoder: boolean;
}

export interface FuzzTargetResult {
  target: string;
  module: string;
  seed: number;
  frames: number;
  escaped: number;
  missedErrors: number;
  resyncFailures: number;
  /** Resynced, but only on a later valid frame (targets with `resync.frames` > 1). */
  lateResyncs: number;
  seconds: number;
  failures: FuzzFailure[];
}

interface Step {
  kind: 'push' | 'end';
  bytes: Uint8Array;
  atMs: number;
  resync: boolean;
}

interface PoolEntry extends PooledFrame {
  /** What a fresh decoder makes of this frame alone. */
  keys: readonly string[];
}

/** Arrival times start at a realistic epoch so no decoder sees a zero or negative clock. */
const START_MS = 1_700_000_000_000;
const DEFAULT_POOL_SIZE = 512;
const PROGRESS_EVERY = 10_000;

export function runFuzzTarget(target: FuzzTarget, options: FuzzRunOptions): FuzzTargetResult {
  const started = performance.now();
  const examples = options.examples ?? 3;
  const rng = new Prng(deriveSeed(options.seed, target.name));
  const pool = buildPool(target, rng);

  const result: FuzzTargetResult = {
    target: target.name,
    module: target.module,
    seed: options.seed,
    frames: 0,
    escaped: 0,
    missedErrors: 0,
    resyncFailures: 0,
    lateResyncs: 0,
    seconds: 0,
    failures: [],
  };
  const kept: Record<FuzzFailureKind, number> = { exception: 0, resync: 0, missed_error: 0 };
  /** Keeps the first few failures of each kind; building one (hex, replay) is only paid for those. */
  const keep = (
    kind: FuzzFailureKind,
    build: () => Omit<FuzzFailure, 'kind' | 'reproducesOnFreshDecoder'>,
    replay: () => boolean,
  ): void => {
    if (kept[kind] >= examples) return;
    kept[kind]++;
    result.failures.push({ kind, ...build(), reproducesOnFreshDecoder: replay() });
  };

  let session = target.createSession();
  let now = START_MS;
  const tally = emptyTally();

  for (let index = 0; index < options.frames; index++) {
    const fuzzCase = generateCase(target, pool, rng);
    const plan = planCase(target, fuzzCase, pool, now, rng);
    now = plan.endMs;

    resetTally(tally);
    const run = runCase(session, plan, tally);
    if (!run.outcome.ok) {
      result.escaped++;
      const error = run.outcome.error;
      keep(
        'exception',
        () => ({
          ...caseInfo(target, options.seed, index, fuzzCase, plan, run.framesRun),
          detail: error,
        }),
        () => !runCase(target.createSession(), plan, emptyTally()).outcome.ok,
      );
      // The decoder's state is unknown after a throw; go on with a fresh one.
      session = target.createSession();
    } else {
      if (run.verdict === 'late') result.lateResyncs++;
      if (run.verdict === 'failed') {
        result.resyncFailures++;
        keep(
          'resync',
          () => ({
            ...caseInfo(target, options.seed, index, fuzzCase, plan, run.framesRun),
            detail: `expected ${preview(plan.frames.at(-1)?.entry.keys ?? [])}, got ${preview(tally.keys ?? [])}`,
          }),
          () => runCase(target.createSession(), plan, emptyTally()).verdict === 'failed',
        );
        // Once out of step the decoder would fail every later case for the same reason; count
        // each garbage input that breaks it once, on a decoder that was in step before it.
        session = target.createSession();
      }
      if (target.missedError(fuzzCase.chunks, tally)) {
        result.missedErrors++;
        keep(
          'missed_error',
          () => ({
            ...caseInfo(target, options.seed, index, fuzzCase, plan, run.framesRun),
            detail: `fed ${tally.fed}, accounted ${tally.accounted}, good ${tally.good}, errors ${tally.errors}, owed ${tally.owed}`,
          }),
          () => {
            const fresh = emptyTally();
            return (
              runCase(target.createSession(), plan, fresh).outcome.ok &&
              target.missedError(fuzzCase.chunks, fresh)
            );
          },
        );
      }
    }
    result.frames++;
    if (options.onProgress && (index + 1) % PROGRESS_EVERY === 0) options.onProgress(index + 1);
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** Builds the pool of valid frames and what a fresh decoder makes of each. */
function buildPool(target: FuzzTarget, rng: Prng): PoolEntry[] {
  const pool: PoolEntry[] = [];
  const size = target.poolSize ?? DEFAULT_POOL_SIZE;
  for (let i = 0; i < size; i++) {
    const parts = target.validFrame(rng);
    const whole = concatBytes(parts);
    const tally = emptyTally();
    tally.keys = [];
    const chunks = target.shape === 'stream' ? [whole] : parts;
    const steps: Step[] = chunks.map((bytes, at) => ({
      kind: 'push',
      bytes,
      atMs: START_MS + at,
      resync: true,
    }));
    const outcome = execute(target.createSession(), steps, tally);
    // A frame the device's own encoder built must decode on a fresh decoder; if it does not, the
    // encoder and decoder disagree and every resync check would be meaningless.
    if (!outcome.ok || tally.errors > 0 || (tally.keys?.length ?? 0) === 0) {
      throw new Error(
        `${target.name}: a valid frame from the encoder does not decode on a fresh decoder ` +
          `(${outcome.ok ? `${tally.errors} error(s), ${tally.keys?.length ?? 0} frame(s)` : outcome.error}): ` +
          parts.map(toHex).join(' | '),
      );
    }
    pool.push({ parts, whole, keys: tally.keys ?? [] });
  }
  return pool;
}

/** Everything one case feeds the decoder, planned before any of it runs. */
interface CasePlan {
  /** The garbage, then what the protocol gives to resync (end of stream, lead-in bytes). */
  before: Step[];
  /** The valid frames, fed one at a time until one decodes. */
  frames: { entry: PoolEntry; steps: Step[] }[];
  endMs: number;
}

function planCase(
  target: FuzzTarget,
  fuzzCase: FuzzCase,
  pool: readonly PoolEntry[],
  start: number,
  rng: Prng,
): CasePlan {
  let now = start;
  const before: Step[] = [];
  for (let i = 0; i < fuzzCase.chunks.length; i++) {
    now += fuzzCase.delays[i] ?? 0;
    before.push({
      kind: 'push',
      bytes: fuzzCase.chunks[i] ?? new Uint8Array(0),
      atMs: now,
      resync: false,
    });
  }
  const rule = target.resync;
  now += rule.gapMs === null ? rng.int(0, 5) : rule.gapMs + 1 + rng.int(0, 20);
  if (rule.endOfStream)
    before.push({ kind: 'end', bytes: new Uint8Array(0), atMs: now, resync: true });
  if (rule.leadIn) before.push({ kind: 'push', bytes: rule.leadIn, atMs: now, resync: true });
  // Inside a frame the bytes keep coming well under any gap rule.
  const withinMax = rule.gapMs === null ? 5 : Math.min(5, Math.floor(rule.gapMs / 4));
  const frames: CasePlan['frames'] = [];
  for (let f = 0; f < (rule.frames ?? 1); f++) {
    const entry = rng.pick(pool);
    const chunks = target.shape === 'stream' ? splitBytes(entry.whole, rng) : entry.parts;
    const steps: Step[] = [];
    for (const chunk of chunks) {
      now += target.shape === 'reports' ? rng.int(1, 8) : rng.int(0, withinMax);
      steps.push({ kind: 'push', bytes: chunk, atMs: now, resync: true });
    }
    frames.push({ entry, steps });
  }
  return { before, frames, endMs: now };
}

type Verdict = 'ok' | 'late' | 'failed';

/**
 * Feeds the garbage, then valid frames one at a time until one decodes exactly as on a fresh
 * decoder: 'ok' on the first, 'late' on a later one (targets with `resync.frames` > 1), else
 * 'failed'. `framesRun` says how many valid frames were fed, for the reproducer.
 */
function runCase(
  session: FuzzSession,
  plan: CasePlan,
  tally: Tally,
): { outcome: Outcome; verdict: Verdict; framesRun: number } {
  let outcome = execute(session, plan.before, tally);
  if (!outcome.ok) return { outcome, verdict: 'failed', framesRun: 0 };
  for (let f = 0; f < plan.frames.length; f++) {
    const frame = plan.frames[f];
    if (!frame) break;
    outcome = execute(session, frame.steps, tally);
    if (!outcome.ok) return { outcome, verdict: 'failed', framesRun: f + 1 };
    if (endsWith(tally.keys ?? [], frame.entry.keys)) {
      return { outcome, verdict: f === 0 ? 'ok' : 'late', framesRun: f + 1 };
    }
  }
  return { outcome, verdict: 'failed', framesRun: plan.frames.length };
}

/** Where a failure came from, and the steps that ran, for the report. */
function caseInfo(
  target: FuzzTarget,
  seed: number,
  caseIndex: number,
  fuzzCase: FuzzCase,
  plan: CasePlan,
  framesRun: number,
): Omit<FuzzFailure, 'kind' | 'detail' | 'reproducesOnFreshDecoder'> {
  const steps = [...plan.before, ...plan.frames.slice(0, framesRun).flatMap((f) => f.steps)];
  return { target: target.name, seed, caseIndex, caseKind: fuzzCase.kind, steps: describe(steps) };
}

function endsWith(keys: readonly string[], tail: readonly string[]): boolean {
  if (tail.length > keys.length) return false;
  const offset = keys.length - tail.length;
  for (let i = 0; i < tail.length; i++) if (keys[offset + i] !== tail[i]) return false;
  return true;
}

type Outcome = { ok: true } | { ok: false; error: string };

function execute(session: FuzzSession, steps: readonly Step[], tally: Tally): Outcome {
  try {
    for (const step of steps) {
      if (step.resync && tally.keys === null) tally.keys = [];
      if (step.kind === 'push') session.push(step.bytes, step.atMs, tally);
      else session.end?.(step.atMs, tally);
    }
    return { ok: true };
  } catch (error: unknown) {
    return { ok: false, error: describeError(error) };
  }
}

export function emptyTally(): Tally {
  return { good: 0, errors: 0, fed: 0, accounted: 0, owed: 0, keys: null };
}

function resetTally(tally: Tally): void {
  tally.good = 0;
  tally.errors = 0;
  tally.fed = 0;
  tally.accounted = 0;
  tally.owed = 0;
  tally.keys = null;
}

function describe(steps: readonly Step[]): FuzzStep[] {
  const base = steps[0]?.atMs ?? 0;
  return steps.map((s) => ({
    kind: s.kind,
    hex: toHex(s.bytes),
    atMs: s.atMs - base,
    resync: s.resync,
  }));
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const frame = error.stack
      ?.split('\n')
      .find((line) => line.includes('/hardware/'))
      ?.trim();
    return `${error.name}: ${error.message}${frame ? ` (${frame})` : ''}`;
  }
  return String(error);
}

function preview(keys: readonly string[]): string {
  const shown = keys.slice(-3).map((k) => (k.length > 60 ? `${k.slice(0, 60)}…` : k));
  return `[${keys.length > 3 ? '…, ' : ''}${shown.join(', ')}]`;
}
