import { UiSnapshot } from '../contracts/bridge';

/**
 * Parses whatever claims to be a snapshot and lets through only valid ones that are newer than
 * the last one delivered. `reset()` forgets the last version (a new connection may come from a
 * restarted kiosk whose versions start again at 0).
 */
export interface SnapshotGate {
  accept(candidate: unknown): UiSnapshot | null;
  reset(): void;
}

export function createSnapshotGate(onInvalid: (why: string) => void): SnapshotGate {
  let lastVersion = -1;
  return {
    accept(candidate) {
      const parsed = UiSnapshot.safeParse(candidate);
      if (!parsed.success) {
        onInvalid('snapshot failed the schema');
        return null;
      }
      if (parsed.data.version <= lastVersion) return null;
      lastVersion = parsed.data.version;
      return parsed.data;
    },
    reset() {
      lastVersion = -1;
    },
  };
}
