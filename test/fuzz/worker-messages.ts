import type { FuzzTargetResult } from './fuzz-engine';

/** What run.ts and its worker processes say to each other over the fork IPC channel. */

export type ToWorker =
  { type: 'run'; target: string; frames: number; seed: number } | { type: 'stop' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; target: string; done: number }
  | { type: 'result'; result: FuzzTargetResult }
  /** The harness itself failed for this target (e.g. its encoder and decoder disagree). */
  | { type: 'failed'; target: string; error: string };

/** IPC delivers structured clones typed as unknown; this checks the one field we switch on. */
export function isFromWorker(message: unknown): message is FromWorker {
  return (
    typeof message === 'object' &&
    message !== null &&
    'type' in message &&
    (message.type === 'ready' ||
      message.type === 'progress' ||
      message.type === 'result' ||
      message.type === 'failed')
  );
}

export function isToWorker(message: unknown): message is ToWorker {
  return (
    typeof message === 'object' &&
    message !== null &&
    'type' in message &&
    (message.type === 'run' || message.type === 'stop')
  );
}
