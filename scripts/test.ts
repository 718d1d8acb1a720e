/**
 * `npm test`: the whole suite (DESIGN §8) — typecheck, lint, the renderer build the e2e tests
 * load, then vitest's unit, integration and e2e projects. Ends with one plain summary line
 * "N passed, N failed, N skipped" so CI can read it whatever the runner prints.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const resultsDir = join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const passthrough = process.argv.slice(2);

function step(title: string, command: string, args: string[]): void {
  const started = Date.now();
  process.stdout.write(`\n== ${title}\n`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    process.stdout.write(`\n${title} FAILED after ${secs}s (exit ${r.status ?? r.signal})\n`);
    process.stdout.write('0 passed, 1 failed\n');
    process.exit(1);
  }
  process.stdout.write(`== ${title}: ok in ${secs}s\n`);
}

if (passthrough.length === 0) {
  step('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
  step('lint', 'npx', ['eslint', '.']);
  step('format', 'npx', ['prettier', '--check', '.']);
}
step('spoken prompts', 'node', ['--import', 'tsx', 'scripts/make-prompts.ts']);
step('build renderer', 'npx', [
  'vite',
  'build',
  '--config',
  'renderer/vite.config.ts',
  '--logLevel',
  'warn',
]);

const jsonFile = join(resultsDir, 'vitest.json');
const vitest = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${jsonFile}`,
    ...passthrough,
  ],
  { cwd: root, stdio: 'inherit', env: process.env },
);

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numTotalTests: number;
}
let summary: VitestJson | null = null;
try {
  summary = JSON.parse(readFileSync(jsonFile, 'utf8')) as VitestJson;
} catch {
  summary = null;
}
if (!summary) {
  process.stdout.write('\nvitest wrote no results\n0 passed, 1 failed\n');
  process.exit(1);
}
const skipped = summary.numPendingTests + summary.numTodoTests;
process.stdout.write(
  `\n${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${skipped} skipped\n`,
);
if (vitest.status !== 0 || summary.numFailedTests > 0 || summary.numPassedTests === 0)
  process.exit(1);
