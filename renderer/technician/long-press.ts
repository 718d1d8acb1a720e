/** How long the marked corner of the attract screen must be held to ask for the technician login. */
export const TECH_LONG_PRESS_MS = 2_000;

export interface LongPress {
  /** The finger (or key) went down: `onHeld` runs once it has stayed down `holdMs`. */
  start(onHeld: () => void): void;
  /** It came up, left or was cancelled first: nothing happens. */
  cancel(): void;
}

/**
 * The timing of a long press, apart from React and the DOM so a test can drive it with fake
 * timers. A second `start` while one is running is ignored (a held key repeats its keydown, and
 * a second finger must not restart the count).
 */
export function createLongPress(holdMs: number = TECH_LONG_PRESS_MS): LongPress {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    start(onHeld) {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        onHeld();
      }, holdMs);
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
