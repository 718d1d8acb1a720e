import { availableParallelism } from 'node:os';
import { runTargetsInParallel } from '../fuzz/parallel-run';
import { formatResultsTable } from '../fuzz/results-table';
import { FUZZ_TARGETS } from '../fuzz/targets';
import type { ReportMeasure, ReportProgress } from './results';

/**
 * The decoder fuzz (test/fuzz, `npm run fuzz`) at a tenth of its default size, with a fixed seed so
 * two bench runs compare: every device decoder gets 100,000 random and mutated inputs, each
 * followed by a valid frame that must decode.
 */
export const name = 'fuzz';

const FRAMES_PER_TARGET = 100_000;
/** Fixed so the figures move only when a decoder changes; `npm run fuzz` picks a fresh seed. */
const SEED = 20_240_611;

export async function run(report: ReportMeasure, progress: ReportProgress): Promise<void> {
  const jobs = Math.min(availableParallelism(), FUZZ_TARGETS.length);
  progress(
    `${FUZZ_TARGETS.length} targets × ${FRAMES_PER_TARGET.toLocaleString('en')} frames, seed ${SEED}, ${jobs} worker(s)`,
  );
  const results = await runTargetsInParallel(FUZZ_TARGETS, {
    frames: FRAMES_PER_TARGET,
    seed: SEED,
    jobs,
    onProgress: () => undefined,
    onDone: (r) =>
      progress(
        `${r.target}: escaped ${r.escaped}, missed errors ${r.missedErrors}, resync failures ${r.resyncFailures} (${r.seconds.toFixed(1)} s)`,
      ),
  });
  for (const line of formatResultsTable(results).split('\n')) progress(line);
  const total = (pick: (r: (typeof results)[number]) => number): number =>
    results.reduce((s, r) => s + pick(r), 0);
  report({
    id: 'fuzz.escaped_exceptions',
    value: total((r) => r.escaped),
    unit: 'count',
    goal: 0,
    better: 'lower',
  });
  report({
    id: 'fuzz.resync_failures',
    value: total((r) => r.resyncFailures),
    unit: 'count',
    goal: 0,
    better: 'lower',
  });
  report({
    id: 'fuzz.missed_errors',
    value: total((r) => r.missedErrors),
    unit: 'count',
    goal: 0,
    better: 'lower',
  });
}
