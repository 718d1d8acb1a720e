import { randomInt } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFuzzArgs, USAGE } from './cli-args';
import type { FuzzTargetResult } from './fuzz-engine';
import { runTargetsInParallel } from './parallel-run';
import { formatFailure, formatResultsTable } from './results-table';
import { FUZZ_TARGETS, selectTargets } from './targets';

/**
 * `npm run fuzz [-- --frames N] [-- --seed S] [-- target…]`: fuzzes every device decoder (see
 * --help), prints progress per target and a final table, writes the failing inputs to
 * test-results/fuzz-failures.json, and exits 1 on an escaped exception or a resync failure.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FAILURES_FILE = path.join(ROOT, 'test-results', 'fuzz-failures.json');
/** Progress is printed each time a target passes another tenth. */
const PROGRESS_STEPS = 10;

async function main(): Promise<void> {
  const args = parseFuzzArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    console.log('\nTargets (resync rule):');
    for (const t of FUZZ_TARGETS)
      console.log(`  ${t.name.padEnd(22)} ${t.module}\n  ${''.padEnd(22)} ${t.resync.why}`);
    return;
  }
  const targets = selectTargets(args.targets);
  const seed = args.seed ?? randomInt(0, 0xffff_ffff);
  const jobs = Math.min(args.jobs ?? availableParallelism(), targets.length);
  console.log(
    `fuzz: ${targets.length} target(s) × ${args.frames.toLocaleString('en')} frames, seed ${seed}, ${jobs} worker(s)` +
      `\n      replay: npm run fuzz -- --seed ${seed} --frames ${args.frames}${args.targets.length ? ` ${args.targets.join(' ')}` : ''}`,
  );

  const started = performance.now();
  const printed = new Map<string, number>();
  const results = await runTargetsInParallel(targets, {
    frames: args.frames,
    seed,
    jobs,
    onProgress(target, done) {
      const step = Math.floor((done / args.frames) * PROGRESS_STEPS);
      if (step <= (printed.get(target) ?? 0) || step >= PROGRESS_STEPS) return;
      printed.set(target, step);
      console.log(`  ${target.padEnd(22)} ${String(step * 10).padStart(3)}%`);
    },
    onDone(result) {
      console.log(
        `  ${result.target.padEnd(22)} 100%  ${result.seconds.toFixed(1)} s` +
          `  escaped ${result.escaped}, missed errors ${result.missedErrors}, resync failures ${result.resyncFailures}`,
      );
    },
  });
  const wall = (performance.now() - started) / 1000;

  console.log(`\n${formatResultsTable(results)}`);
  console.log(
    'missed err: garbage that needed a typed error and got none; late: the first valid frame ' +
      'after the garbage was lost and the next one decoded (only where the protocol has no ' +
      'boundary to resync on: oximeter, wedge), not a failure\n',
  );
  console.log(`wall time ${wall.toFixed(1)} s on ${jobs} worker(s); seed ${seed}`);
  await reportFailures(results);

  const escaped = results.reduce((n, r) => n + r.escaped, 0);
  const resync = results.reduce((n, r) => n + r.resyncFailures, 0);
  if (escaped > 0 || resync > 0) {
    console.log(`\nFAILED: ${escaped} escaped exception(s), ${resync} resync failure(s)`);
    process.exitCode = 1;
  }
}

async function reportFailures(results: readonly FuzzTargetResult[]): Promise<void> {
  const failures = results.flatMap((r) => r.failures);
  if (failures.length === 0) return;
  console.log(`\nFirst failing inputs (hex; times in ms from the start of the case):`);
  for (const failure of failures) console.log(`\n${formatFailure(failure)}`);
  await mkdir(path.dirname(FAILURES_FILE), { recursive: true });
  await writeFile(FAILURES_FILE, `${JSON.stringify(failures, null, 2)}\n`);
  console.log(`\nfull inputs: ${path.relative(process.cwd(), FAILURES_FILE)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
