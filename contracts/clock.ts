/**
 * The one clock every kiosk timer reads (DESIGN §8 "Time in tests"). Its shape matches XState's
 * `Clock`, so the same object drives machine delays, driver timeouts and business rules.
 */
export interface Clock {
  /** Wall time in epoch milliseconds. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

interface PendingTimer {
  id: number;
  dueAt: number;
  callback: () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) =>
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** A clock that only moves when a test calls `advance` (unit tests: no real waiting). */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(epochMs: number): void;
  pendingTimers(): number;
}

export function createManualClock(startEpochMs = Date.UTC(2026, 0, 1)): ManualClock {
  let current = startEpochMs;
  let nextId = 1;
  let timers: PendingTimer[] = [];

  const fireDue = (): void => {
    for (;;) {
      const due = timers
        .filter((t) => t.dueAt <= current)
        .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id)[0];
      if (!due) return;
      timers = timers.filter((t) => t !== due);
      due.callback();
    }
  };

  return {
    now: () => current,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.push({ id, dueAt: current + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      timers = timers.filter((t) => t.id !== handle);
    },
    advance(ms) {
      // Step through each due timer so a timer scheduled by another fires at its own time.
      const target = current + ms;
      for (;;) {
        const next = timers
          .filter((t) => t.dueAt <= target)
          .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id)[0];
        if (!next) break;
        current = Math.max(current, next.dueAt);
        fireDue();
      }
      current = target;
      fireDue();
    },
    set(epochMs) {
      current = epochMs;
      fireDue();
    },
    pendingTimers: () => timers.length,
  };
}

/**
 * Real time plus an offset that tests can move forward (KIOSK_TEST_CLOCK=1). Timers run on real
 * time; a jump fires every timer that the jump made due, so a rule measured in hours is tested
 * without waiting hours.
 */
export interface AdjustableClock extends Clock {
  advance(ms: number): void;
  offsetMs(): number;
}

export function createAdjustableClock(base: Clock = systemClock): AdjustableClock {
  let offset = 0;
  let nextId = 1;
  const timers = new Map<number, { dueAt: number; callback: () => void; handle: unknown }>();

  const arm = (id: number): void => {
    const t = timers.get(id);
    if (!t) return;
    base.clearTimeout(t.handle);
    t.handle = base.setTimeout(
      () => {
        timers.delete(id);
        t.callback();
      },
      Math.max(0, t.dueAt - (base.now() + offset)),
    );
  };

  return {
    now: () => base.now() + offset,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { dueAt: base.now() + offset + Math.max(0, ms), callback, handle: undefined });
      arm(id);
      return id;
    },
    clearTimeout(handle) {
      const t = timers.get(handle as number);
      if (!t) return;
      base.clearTimeout(t.handle);
      timers.delete(handle as number);
    },
    advance(ms) {
      if (ms < 0) throw new Error('the test clock only moves forward');
      offset += ms;
      for (const id of [...timers.keys()]) arm(id);
    },
    offsetMs: () => offset,
  };
}
