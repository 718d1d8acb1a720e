import type { Clock } from '../../contracts/clock';
import type { UiSnapshot } from '../../contracts/bridge';

/**
 * Fans snapshots out to subscribers at most 30 times a second (DESIGN §2): a burst of state
 * changes becomes one snapshot carrying the latest state, and the last one is never dropped.
 */
export const MIN_SNAPSHOT_INTERVAL_MS = Math.ceil(1000 / 30);

export class SnapshotPublisher {
  private latest: UiSnapshot | null = null;
  private lastSentAt = -Infinity;
  private timer: unknown = null;
  private readonly listeners = new Set<(s: UiSnapshot) => void>();

  constructor(private readonly clock: Clock) {}

  publish(snapshot: UiSnapshot): void {
    this.latest = snapshot;
    if (this.timer !== null) return;
    const wait = this.lastSentAt + MIN_SNAPSHOT_INTERVAL_MS - this.clock.now();
    if (wait <= 0) this.flush();
    else this.timer = this.clock.setTimeout(() => this.flush(), wait);
  }

  subscribe(listener: (s: UiSnapshot) => void): () => void {
    this.listeners.add(listener);
    if (this.latest) listener(this.latest);
    return () => this.listeners.delete(listener);
  }

  current(): UiSnapshot | null {
    return this.latest;
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  private flush(): void {
    this.timer = null;
    this.lastSentAt = this.clock.now();
    const snapshot = this.latest;
    if (!snapshot) return;
    for (const listener of this.listeners) listener(snapshot);
  }
}
