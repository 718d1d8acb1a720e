import { runFuzzTarget } from './fuzz-engine';
import { FUZZ_TARGETS } from './targets';
import { isToWorker, type FromWorker } from './worker-messages';

/**
 * A worker process of `npm run fuzz`: runs the targets the parent hands it, one at a time, and
 * reports progress and results. Forked by parallel-run.ts, one per core.
 */

function send(message: FromWorker): void {
  process.send?.(message);
}

process.on('message', (message: unknown) => {
  if (!isToWorker(message)) return;
  if (message.type === 'stop') {
    process.disconnect();
    return;
  }
  const { target: name, frames, seed } = message;
  try {
    const target = FUZZ_TARGETS.find((t) => t.name === name);
    if (!target) throw new Error(`unknown target ${name}`);
    const result = runFuzzTarget(target, {
      frames,
      seed,
      onProgress: (done) => send({ type: 'progress', target: name, done }),
    });
    send({ type: 'result', result });
  } catch (error: unknown) {
    send({
      type: 'failed',
      target: name,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});

send({ type: 'ready' });
