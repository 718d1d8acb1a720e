import type { KioskBridge } from '../contracts/bridge';

/** Whether the renderer currently has a live link to main. */
export type ConnectionState = 'connecting' | 'connected';

/**
 * The KioskBridge plus the state of its transport, so the UI can say "connecting…" instead of
 * showing a stale screen whose buttons would go nowhere.
 */
export interface RendererBridge extends KioskBridge {
  /** Calls back with the current state at once and again on every change. */
  watchConnection(onState: (state: ConnectionState) => void): () => void;
  /** Stops the transport (tests, hot reload). */
  close(): void;
}
