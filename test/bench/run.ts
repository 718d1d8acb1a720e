import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createMeasureCollector,
  formatMeasureTable,
  writeResultsFile,
  type BenchModule,
} from './results';

/**
 * `npm run bench [-- <filter>]`: runs every `*.bench.ts` beside this file in name order (only
 * those whose name or file name contains <filter>), prints a table and writes bench/results.json.
 */
const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_FILE = path.resolve(BENCH_DIR, '..', '..', 'bench', 'results.json');

const HELP = `Usage: npm run bench [-- <filter>]

Runs the benchmarks in test/bench (each *.bench.ts, in name order; with <filter>, only those
whose name or file name contains it), prints a table of every measure beside its goal and its
floor measured in the same run, and writes bench/results.json.

Benchmarks: BENCHES

Speed is measured here only, never as a timed assertion in a test. The machine may be busy:
compare a figure with its floor from the same run, not with another run's.`;

async function main(): Promise<void> {
  const filter = process.argv[2];
  const files = (await readdir(BENCH_DIR)).filter((f) => f.endsWith('.bench.ts')).sort();
  if (filter === '--help' || filter === '-h') {
    const names = files.map((f) => f.replace(/\.bench\.ts$/, '')).join(', ');
    console.log(HELP.replace('BENCHES', names));
    return;
  }
  const collector = createMeasureCollector();
  let ran = 0;

  for (const file of files) {
    const loaded: unknown = await import(pathToFileURL(path.join(BENCH_DIR, file)).href);
    const bench = asBenchModule(loaded, file);
    if (filter && !bench.name.includes(filter) && !file.includes(filter)) continue;
    ran += 1;
    const started = performance.now();
    console.log(`[${bench.name}] start`);
    await bench.run(collector.report, (text) => console.log(`[${bench.name}] ${text}`));
    console.log(`[${bench.name}] done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  if (ran === 0) throw new Error(`no bench module matches "${filter ?? ''}" in ${BENCH_DIR}`);
  const measures = collector.measures();
  console.log(`\n${formatMeasureTable(measures)}\n`);
  await writeResultsFile(RESULTS_FILE, measures);
  console.log(`wrote ${path.relative(process.cwd(), RESULTS_FILE)}`);
}

function asBenchModule(loaded: unknown, file: string): BenchModule {
  if (
    typeof loaded === 'object' &&
    loaded !== null &&
    'name' in loaded &&
    typeof loaded.name === 'string' &&
    'run' in loaded &&
    typeof loaded.run === 'function'
  ) {
    return loaded as BenchModule;
  }
  throw new Error(`${file} must export name: string and run(report, progress)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
