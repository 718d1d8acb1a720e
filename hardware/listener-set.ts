/** A listener. */
export type Listener<T> = (value: T) => void;

/**
 * The subscribe/emit pair every driver exposes (`onScan`, `onLive`, `onLost` …): `add` returns
 * its own unsubscribe, and `emit` iterates a copy so a listener may unsubscribe while called.
 */
export class ListenerSet<T> {
  private readonly listeners = new Set<Listener<T>>();

  add(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  get size(): number {
    return this.listeners.size;
  }
}
