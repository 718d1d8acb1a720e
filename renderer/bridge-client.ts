import { UiEvent, type KioskBridge, type UiSnapshot } from '../contracts/bridge';
import type { RendererBridge } from './renderer-bridge';
import { createSnapshotGate } from './snapshot-gate';
import {
  createWebSocketBridge,
  webBridgeUrl,
  type WebSocketBridgeOptions,
} from './web-socket-bridge';

declare global {
  interface Window {
    /** Exposed by the Electron preload (main/electron/preload.ts); absent under web-host. */
    kiosk?: KioskBridge;
  }
}

function isKioskBridge(value: unknown): value is KioskBridge {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof KioskBridge, unknown>>;
  return typeof candidate.subscribe === 'function' && typeof candidate.send === 'function';
}

/**
 * Wraps the preload's bridge. The preload already parses snapshots; parsing again here costs
 * little and keeps both hosts behaving the same (including dropping stale versions).
 */
export function wrapPreloadBridge(
  kiosk: KioskBridge,
  log: (message: string) => void = (message) => console.warn(`[bridge] ${message}`),
): RendererBridge {
  const gate = createSnapshotGate(log);
  const listeners = new Set<(snapshot: UiSnapshot) => void>();
  let latest: UiSnapshot | undefined;
  const unsubscribe = kiosk.subscribe((candidate) => {
    const snapshot = gate.accept(candidate);
    if (!snapshot) return;
    latest = snapshot;
    for (const listener of listeners) listener(snapshot);
  });
  return {
    subscribe(onSnapshot) {
      listeners.add(onSnapshot);
      if (latest) onSnapshot(latest);
      return () => {
        listeners.delete(onSnapshot);
      };
    },
    send(event) {
      const parsed = UiEvent.safeParse(event);
      if (parsed.success) kiosk.send(parsed.data);
      else log('dropped an event that failed the schema');
    },
    // IPC to the same process does not drop; "connecting" lasts only until the first snapshot.
    watchConnection(onState) {
      onState('connected');
      return () => {};
    },
    close() {
      unsubscribe();
      listeners.clear();
    },
  };
}

export interface BridgeEnvironment {
  kiosk?: unknown;
  location: Pick<Location, 'protocol' | 'host' | 'search'>;
}

/**
 * Electron exposes `window.kiosk` through its preload; anywhere else the page was served by
 * web-host and talks to it over the WebSocket named by the page's `?token=`.
 */
export function chooseBridge(
  env: BridgeEnvironment = window,
  socketOptions: Omit<WebSocketBridgeOptions, 'url'> = {},
): RendererBridge {
  if (isKioskBridge(env.kiosk)) return wrapPreloadBridge(env.kiosk, socketOptions.log);
  return createWebSocketBridge({ ...socketOptions, url: webBridgeUrl(env.location) });
}
