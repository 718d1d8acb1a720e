import type { Transport } from './transport';

/** An in-memory end of a connected pair, with a test control to pull the "cable". */
export interface MemoryTransport extends Transport {
  /**
   * Simulates an unplug on this end: it closes, `onLost` fires once with `error`, pending and
   * later writes reject. The peer is not told (a real unplug is seen by each side on its own read
   * or write); call it on both ends to model a cable pulled between them.
   */
  simulateLoss(error?: Error): void;
  /** Every chunk this end has written, oldest first (byte-exact driver tests). */
  readonly written: readonly Uint8Array[];
}

export interface MemoryTransportPairOptions {
  /** Used in `description`: "memory:<name>:a" / "memory:<name>:b". Default "pair". */
  name?: string;
}

/**
 * Two connected in-memory transports: bytes written to one arrive at the other. Delivery is
 * asynchronous (a microtask), as with a real port, so a reply is never re-entrant inside the
 * write that caused it. Both ends start closed; call `open()` on each.
 */
export function createMemoryTransportPair(
  options: MemoryTransportPairOptions = {},
): [MemoryTransport, MemoryTransport] {
  const name = options.name ?? 'pair';
  const a = new MemoryEnd(`memory:${name}:a`);
  const b = new MemoryEnd(`memory:${name}:b`);
  a.peer = b;
  b.peer = a;
  return [a, b];
}

class MemoryEnd implements MemoryTransport {
  peer: MemoryEnd | undefined;
  readonly written: Uint8Array[] = [];
  private state: 'closed' | 'open' | 'lost' = 'closed';
  private readonly dataListeners = new Set<(chunk: Uint8Array) => void>();
  private readonly lostListeners = new Set<(error: Error) => void>();

  constructor(readonly description: string) {}

  get isOpen(): boolean {
    return this.state === 'open';
  }

  async open(): Promise<void> {
    if (this.state === 'lost') {
      throw new Error(`${this.description} was unplugged; create a new pair to reconnect`);
    }
    this.state = 'open';
  }

  async write(data: Uint8Array): Promise<void> {
    if (this.state !== 'open') {
      throw new Error(`${this.description} is ${this.state === 'lost' ? 'lost' : 'not open'}`);
    }
    const copy = Uint8Array.from(data);
    this.written.push(copy);
    const peer = this.peer;
    queueMicrotask(() => peer?.deliver(copy));
  }

  async close(): Promise<void> {
    if (this.state === 'open') this.state = 'closed';
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onLost(listener: (error: Error) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  simulateLoss(error: Error = new Error(`${this.description}: simulated unplug (EIO)`)): void {
    if (this.state === 'lost') return;
    const wasOpen = this.state === 'open';
    this.state = 'lost';
    if (!wasOpen) return;
    for (const listener of [...this.lostListeners]) listener(error);
  }

  /** Bytes from the peer. A closed or lost end drops them, as a closed port would. */
  private deliver(chunk: Uint8Array): void {
    if (this.state !== 'open') return;
    for (const listener of [...this.dataListeners]) listener(Uint8Array.from(chunk));
  }
}
