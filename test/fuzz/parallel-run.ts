import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runFuzzTarget, type FuzzTargetResult } from './fuzz-engine';
import type { FuzzTarget } from './fuzz-target';
import { isFromWorker, type ToWorker } from './worker-messages';

/**
 * Spreads the targets over worker processes (one per core by default). Targets differ tenfold in
 * cost per input, so a short calibration run orders them slowest first and each worker takes the
 * next target when it finishes one (longest-processing-time-first), which keeps both cores busy
 * to the end. Processes rather than worker threads: tsx's loader does not reach worker threads on
 * Node 20.
 */

export interface ParallelRunOptions {
  frames: number;
  seed: number;
  jobs: number;
  onProgress: (target: string, done: number) => void;
  onDone: (result: FuzzTargetResult) => void;
}

/** Inputs per target in the calibration run: enough to get past JIT warm-up, cheap overall. */
const CALIBRATION_FRAMES = 2_000;

const WORKER = fileURLToPath(new URL('./fuzz-worker.ts', import.meta.url));

export async function runTargetsInParallel(
  targets: readonly FuzzTarget[],
  options: ParallelRunOptions,
): Promise<FuzzTargetResult[]> {
  if (options.jobs <= 1 || targets.length <= 1) {
    return targets.map((target) => {
      const result = runFuzzTarget(target, {
        frames: options.frames,
        seed: options.seed,
        onProgress: (done) => options.onProgress(target.name, done),
      });
      options.onDone(result);
      return result;
    });
  }
  const queue = slowestFirst(targets, options.seed);
  const results = new Map<string, FuzzTargetResult>();
  const workers = Array.from({ length: Math.min(options.jobs, targets.length) }, () =>
    runWorker(queue, options, results),
  );
  await Promise.all(workers);
  return targets.map((t) => {
    const result = results.get(t.name);
    if (!result) throw new Error(`no result for ${t.name}`);
    return result;
  });
}

function slowestFirst(targets: readonly FuzzTarget[], seed: number): string[] {
  const cost = new Map<string, number>();
  for (const target of targets) {
    cost.set(target.name, runFuzzTarget(target, { frames: CALIBRATION_FRAMES, seed }).seconds);
  }
  return [...targets]
    .sort((a, b) => (cost.get(b.name) ?? 0) - (cost.get(a.name) ?? 0))
    .map((t) => t.name);
}

function runWorker(
  queue: string[],
  options: ParallelRunOptions,
  results: Map<string, FuzzTargetResult>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(WORKER, [], {
      execArgv: ['--import', 'tsx'],
      stdio: 'inherit',
    });
    let current: string | undefined;
    const next = (): void => {
      current = queue.shift();
      const message: ToWorker =
        current === undefined
          ? { type: 'stop' }
          : { type: 'run', target: current, frames: options.frames, seed: options.seed };
      child.send(message);
    };
    child.on('message', (message: unknown) => {
      if (!isFromWorker(message)) return;
      switch (message.type) {
        case 'ready':
          next();
          return;
        case 'progress':
          options.onProgress(message.target, message.done);
          return;
        case 'result':
          results.set(message.result.target, message.result);
          options.onDone(message.result);
          next();
          return;
        case 'failed':
          child.kill();
          reject(new Error(`fuzz target ${message.target} could not run:\n${message.error}`));
          return;
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (current !== undefined && !results.has(current)) {
        reject(new Error(`fuzz worker died running ${current} (exit ${code ?? signal})`));
      } else {
        resolve();
      }
    });
  });
}
