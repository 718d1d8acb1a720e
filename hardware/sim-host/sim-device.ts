import { openPtyPair, type PtyPair } from '../transports/pty-pair';
import { createSerialTransport } from '../transports/serial-transport';
import type { Transport } from '../transports/transport';

/**
 * One simulated device on its own socat PTY pair with stable link names in the run folder, so
 * "unplug" (kill socat) and "replug" (a new pair on the same links) behave like a USB adapter
 * pulled and pushed back: the kiosk keeps the same path and its supervisor reopens it.
 */
export interface SimulatorEnd {
  /** Gives the simulator its (new) end of the line. */
  attach(transport: Transport): void;
}

export class SimDevice {
  private pair: PtyPair | null = null;
  private boardEnd: Transport | null = null;

  constructor(
    readonly id: string,
    readonly baudRate: number,
    private readonly links: { kiosk: string; device: string },
    private readonly simulator: SimulatorEnd,
  ) {}

  /** The path the kiosk opens. */
  get kioskPath(): string {
    return this.links.kiosk;
  }

  get plugged(): boolean {
    return this.pair?.alive ?? false;
  }

  async plug(): Promise<void> {
    if (this.plugged) return;
    this.pair = await openPtyPair({ links: { a: this.links.kiosk, b: this.links.device } });
    const end = createSerialTransport({
      path: this.links.device,
      baudRate: this.baudRate,
      description: `sim-${this.id}`,
      lock: false,
    });
    await end.open();
    this.boardEnd = end;
    this.simulator.attach(end);
  }

  /** Pulls the cable: both ends see the line vanish. */
  async unplug(): Promise<void> {
    await this.pair?.kill();
    this.pair = null;
    await this.boardEnd?.close().catch(() => undefined);
    this.boardEnd = null;
  }

  async close(): Promise<void> {
    await this.boardEnd?.close().catch(() => undefined);
    await this.pair?.close();
    this.pair = null;
  }
}
