import { UiEvent, UiSnapshot, type KioskBridge } from '../../contracts/bridge';
import { UI_EVENT_CHANNEL, UI_SNAPSHOT_CHANNEL } from './channels';

/** The two ipcRenderer calls the preload needs; the page never sees ipcRenderer itself. */
export interface PreloadIpc {
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  send(channel: string, ...args: unknown[]): void;
}

/**
 * The object the preload exposes as `window.kiosk`: exactly KioskBridge. Snapshots are parsed
 * before they reach the page and stale versions are dropped; events are parsed before they leave
 * (main parses them again: it trusts nothing from the renderer process).
 */
export function createPreloadBridge(
  ipc: PreloadIpc,
  warn: (message: string) => void = (message) => console.warn(`[kiosk preload] ${message}`),
): KioskBridge {
  const listeners = new Set<(snapshot: UiSnapshot) => void>();
  let latest: UiSnapshot | undefined;

  ipc.on(UI_SNAPSHOT_CHANNEL, (_event, payload) => {
    const parsed = UiSnapshot.safeParse(payload);
    if (!parsed.success) {
      warn('dropped a snapshot that failed the schema');
      return;
    }
    if (latest && parsed.data.version < latest.version) return;
    latest = parsed.data;
    for (const listener of listeners) listener(parsed.data);
  });

  return {
    subscribe(onSnapshot) {
      if (typeof onSnapshot !== 'function') throw new TypeError('subscribe expects a function');
      listeners.add(onSnapshot);
      if (latest) onSnapshot(latest);
      return () => {
        listeners.delete(onSnapshot);
      };
    },
    send(event) {
      const parsed = UiEvent.safeParse(event);
      if (!parsed.success) {
        warn('dropped an event that failed the schema');
        return;
      }
      ipc.send(UI_EVENT_CHANNEL, parsed.data);
    },
  };
}
