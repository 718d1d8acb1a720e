/**
 * Long folds over the journal run in the kiosk process, beside the driver that must answer the
 * dispenser board's POLL within 100 ms (dispenser.md §3). Reading already-buffered events never
 * gives the event loop back by itself (each `await` resolves as a microtask), so a fold calls
 * this between events: after `budgetMs` of work it yields one macrotask turn.
 */

/** Well under the 100 ms POLL deadline, with room for the reply itself. */
export const FOLD_SLICE_MS = 10;

export function eventLoopYielder(
  budgetMs: number = FOLD_SLICE_MS,
): () => Promise<void> | undefined {
  let sliceStart = performance.now();
  return () => {
    if (performance.now() - sliceStart < budgetMs) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        sliceStart = performance.now();
        resolve();
      }),
    );
  };
}
