import type { Clock } from '../../contracts/clock';
import { ScanDebouncer } from './scan-debounce';
import type { ScanEvent } from './scan-event';
import type { WedgeConfig } from './wedge-config';
import { WedgeDecoder, type WedgeDecoderError } from './wedge-decoder';

/**
 * The wedge's driver-level half: stamps each WEDGE_KEYS batch with the injected clock, decodes it
 * and applies the debounce every transport shares (§7), so main treats a wedge like the other
 * scanners. It has no device to lose: the keyboard is the window's.
 */

export interface WedgeScannerOptions {
  readonly config: WedgeConfig;
  readonly clock: Clock;
  /** Identical scans (aim + raw) closer than this to the last emitted one are dropped. Default 1000 ms. */
  readonly debounceMs?: number;
}

type Listener<T> = (value: T) => void;

export class WedgeScanner {
  private readonly clock: Clock;
  private readonly decoder: WedgeDecoder;
  private readonly debouncer: ScanDebouncer;
  private readonly scanListeners = new Set<Listener<ScanEvent>>();
  private readonly errorListeners = new Set<Listener<WedgeDecoderError>>();

  constructor(options: WedgeScannerOptions) {
    this.clock = options.clock;
    this.decoder = new WedgeDecoder({ config: options.config });
    this.debouncer = new ScanDebouncer(options.debounceMs);
  }

  onScan(listener: Listener<ScanEvent>): () => void {
    this.scanListeners.add(listener);
    return () => this.scanListeners.delete(listener);
  }

  onError(listener: Listener<WedgeDecoderError>): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** The `keys` of one validated WEDGE_KEYS UiEvent. */
  receive(keys: string): void {
    const atMs = this.clock.now();
    for (const output of this.decoder.push(keys, atMs)) {
      if (!output.ok) {
        for (const listener of [...this.errorListeners]) listener(output.error);
      } else if (this.debouncer.accept(output.value, atMs)) {
        for (const listener of [...this.scanListeners]) listener(output.value);
      }
    }
  }

  /** Drops a half-typed message (e.g. when the session returns to attract). */
  reset(): void {
    this.decoder.reset();
  }
}
